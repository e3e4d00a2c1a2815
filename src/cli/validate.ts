// `rnnlab validate FILE… [--set path=value]… [--format lines|grouped|json]`: checks experiment files without running them.
import { Command, Option } from 'commander';
import { claimDataNotes } from '../config/claim-data-notes.js';
import { formatProblems, sortProblems } from '../config/format-problems.js';
import { formatTokenBudgets } from '../config/format-token-budgets.js';
import { loadExperiment, type Experiment } from '../config/load-experiment.js';
import { SpecError } from '../config/spec-error.js';
import type { SpecProblem } from '../config/spec-problem.js';
import { UserError } from '../config/user-error.js';
import { checkSweepRuns } from '../runner/check-sweep-runs.js';
import { locateSweepCorpora } from '../runner/locate-sweep-corpora.js';
import { identifyRuns } from '../runner/identify-runs.js';
import { createCorpusIdentifier } from '../corpus/identify-corpus.js';
import { maxRunsFromEnv } from './max-runs.js';

const FORMATS = ['lines', 'grouped', 'json'] as const;
type ValidateFormat = (typeof FORMATS)[number];

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `FILE: ok, 12 runs (4 grid points × 3 seeds), 2 claims (1 primary)` (with a seed rule: `… in round 1 (…; up to 48
 *  with the seed rule …)`), then the updates each tokens-schedule budget buys and what a claim's metric needs that
 *  the runs will not record, indented. */
export function formatValidSummary(experiment: Experiment): string {
  const shape = `${plural(experiment.gridPointCount, 'grid point')} × ${plural(experiment.seeds.length, 'seed')}`;
  const primary = experiment.claims.filter((claim) => claim.primary).length;
  const claims = experiment.claims.length === 0 ? '' : `, ${plural(experiment.claims.length, 'claim')} (${primary} primary)`;
  // With a seed rule the grid is round 1; later rounds add seeds only where a primary claim is still undecided.
  const summary =
    experiment.seedRule === null
      ? `${experiment.path}: ok, ${plural(experiment.runs.length, 'run')} (${shape})${claims}`
      : `${experiment.path}: ok, ${plural(experiment.runs.length, 'run')} in round 1 (${shape}; up to ` +
        `${experiment.ruleRuns.length} with the seed rule: ${experiment.seedRule.add} more per round where a primary claim is undecided, at most ${experiment.seedRule.max} per grid point)${claims}`;
  return [
    summary,
    ...formatTokenBudgets(experiment.runs).map((line) => `  ${line}`),
    ...claimDataNotes(experiment.claims, experiment.runs).map((line) => `  ${line}`),
  ].join('\n');
}

/** One file's verdict as --format json prints it. */
interface FileVerdict {
  file: string;
  ok: boolean;
  runs: number | null;
  gridPoints: number | null;
  seeds: number | null;
  problems: { line: number | null; col: number | null; option: string | null; pointer: string | null; message: string }[];
}

function jsonProblem(problem: SpecProblem): FileVerdict['problems'][number] {
  const inFile = 'line' in problem.location;
  return {
    line: inFile ? (problem.location as { line: number }).line : null,
    col: inFile ? (problem.location as { col: number }).col : null,
    option: 'option' in problem.location ? problem.location.option : null,
    pointer: problem.pointer ?? null,
    message: problem.message,
  };
}

function verdictOf(file: string, outcome: Experiment | UserError): FileVerdict {
  if (!(outcome instanceof UserError)) {
    return { file, ok: true, runs: outcome.runs.length, gridPoints: outcome.gridPointCount, seeds: outcome.seeds.length, problems: [] };
  }
  const problems =
    outcome instanceof SpecError
      ? sortProblems(outcome.problems).map(jsonProblem)
      : [{ line: null, col: null, option: null, pointer: null, message: outcome.message.replace(`${file}: `, '') }];
  return { file, ok: false, runs: null, gridPoints: null, seeds: null, problems };
}

/** A bad file's problems in the chosen text form. */
function formatFailure(error: UserError, format: ValidateFormat): string {
  if (format === 'grouped' && error instanceof SpecError) return formatProblems(error.file, error.problems);
  return error.message;
}

/**
 * What only the corpus can tell (more documents than it has, a validation rule that finds no document, a batch
 * longer than a document, a model too large for this machine), checked as `rnnlab run` will check it, when the
 * corpus can be found without downloading it. Throws a UserError naming the run; returns a note when the corpus
 * could not be found (then these were not checked), else null.
 */
async function checkAgainstCorpus(loaded: Experiment, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  // Runs are named by their ids in what follows, as `rnnlab run` names them (ids depend on the corpus's contents).
  let experiment;
  try {
    experiment = identifyRuns(loaded, createCorpusIdentifier({ env }));
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    throw new UserError(`${loaded.path}: ${error.message}`);
  }
  // A folder the user named (corpus.path, RNNLAB_CORPUS_DIR) must be there: run would fail on it. Only the default
  // data folder may be missing, since run fetches it; those runs are then left unchecked, and the note says so.
  const fromDefaultFolder = (run: (typeof experiment.runs)[number]) => run.config.corpus.path === null && !env.RNNLAB_CORPUS_DIR;
  const named = experiment.runs.filter((run) => !fromDefaultFolder(run));
  let runs = experiment.runs;
  let note: string | null = null;
  const corpusDirs = new Map<string | null, string>();
  try {
    for (const [path, dir] of await locateSweepCorpora(named, { offline: true, log: () => {}, env })) corpusDirs.set(path, dir);
    if (named.length < runs.length) {
      try {
        for (const [path, dir] of await locateSweepCorpora(runs.filter(fromDefaultFolder), { offline: true, log: () => {}, env })) {
          corpusDirs.set(path, dir);
        }
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        runs = named;
        note =
          'the corpus is not in the default data folder yet (rnnlab run fetches it; rnnlab corpus fetch does it now), so ' +
          'what only the corpus decides (enough documents, validation documents, document lengths) is checked by rnnlab run';
      }
    }
    checkSweepRuns(runs, corpusDirs);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    throw new UserError(`${experiment.path}: ${error.message}`);
  }
  return note;
}

export function validateCommand(): Command {
  return new Command('validate')
    .description('Check experiment files (schema, grid, every expanded run) without running them; exit 2 if any is bad.')
    .argument('<files...>', 'experiment YAML files')
    .option(
      '--set <path=value>',
      'override a value before validation, typed as YAML (e.g. --set train.num_unroll=10); repeatable',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .addOption(
      new Option(
        '--format <format>',
        'problems as FILE:LINE:COL: /pointer message lines (lines), grouped by file with aligned columns (grouped), ' +
          'or every file\'s verdict as JSON on stdout (json)',
      )
        .choices(FORMATS)
        .default('lines'),
    )
    .option('--no-corpus', 'check the files alone, not what the corpus decides (document counts, validation documents, sizes)')
    .action(async (files: string[], options: { set: string[]; format: ValidateFormat; corpus: boolean }) => {
      const maxRuns = maxRunsFromEnv();
      const notes: string[] = [];
      const outcomes: [string, Experiment | UserError][] = [];
      for (const file of files) {
        try {
          const experiment = loadExperiment(file, options.set, { maxRuns });
          const note = options.corpus ? await checkAgainstCorpus(experiment) : null;
          if (note !== null) notes.push(`${file}: ${note}`);
          outcomes.push([file, experiment]);
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
          outcomes.push([file, error]);
        }
      }
      // Said on stderr, so stdout stays the verdicts: what validate could not check.
      for (const note of notes) process.stderr.write(`${note}\n`);
      const failures = outcomes.filter((o): o is [string, UserError] => o[1] instanceof UserError);
      if (options.format === 'json') {
        process.stdout.write(`${JSON.stringify(outcomes.map(([file, outcome]) => verdictOf(file, outcome)), null, 2)}\n`);
        if (failures.length > 0) throw new UserError(`rnnlab validate: ${failures.length} of ${plural(files.length, 'file')} with problems`);
        return;
      }
      for (const [, outcome] of outcomes) {
        if (!(outcome instanceof UserError)) process.stdout.write(`${formatValidSummary(outcome)}\n`);
      }
      // Every bad file's problems together, after the good files' summaries.
      if (failures.length > 0) {
        const separator = options.format === 'grouped' ? '\n\n' : '\n';
        throw new UserError(failures.map(([, error]) => formatFailure(error, options.format)).join(separator));
      }
    });
}
