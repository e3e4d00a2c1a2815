// The findings table across published experiments: each experiment's decided claims (the report's own code), a
// "not run yet" row for an experiment with no published results, and comparisons across experiments.

import { buildReportModel } from './build-report-model.js';
import { compareSeedValues, formatTest } from './compare-groups.js';
import { runsWithEpochs, type ExperimentResults, type RunResults } from './experiment-results.js';
import { gridKeys, runValue } from './group-runs.js';
import { checkRunsPoolable } from './check-runs-poolable.js';
import { computeRunMetrics } from './run-metrics.js';
import { formatStats, summarize } from './summary-stats.js';
import type { RunInfo } from './format-run-info.js';
import type { PublisherMachine } from './read-publisher-machine.js';

export interface PublishedExperiment {
  results: ExperimentResults;
  /** Where its report is, as the table should link it; null when there is none. */
  reportLink: string | null;
  /** When, how long and with what its runs ran (from its database, as RUN-INFO.md says it). */
  runInfo: RunInfo;
  /** The publishing machine from RUN-INFO.md; null when the folder has none. */
  machine: PublisherMachine | null;
}

export interface FindingsRow {
  experiment: string;
  claim: string;
  verdict: string;
  /** The deciding numbers with their spread, in sentences. */
  numbers: string;
  /** Seeds per grid point, e.g. "3" or "2–3". */
  seeds: string;
  reportLinks: { label: string; link: string }[];
}

/** Two experiments compared across: a model of one against models of the other at the same document counts. */
interface CrossComparison {
  experiment: string;
  type: string;
  label: string;
  against: { experiment: string; types: { type: string; label: string }[] };
}

/** Issue 10's comparisons across experiments: the LSTM and the stacked RNN against book-ch6's models. */
export const CROSS_COMPARISONS: CrossComparison[] = [
  {
    // Not one of the chapter's four claims, but the number a reader looks for first.
    experiment: 'book-ch6',
    type: 'rnncf',
    label: 'RNN-CF (book)',
    against: { experiment: 'book-ch6', types: [{ type: 'rnn', label: 'RNN' }] },
  },
  {
    // The notebook's RNN-CF against the paper's: what the notebook's training-graph quirk costs.
    experiment: 'book-ch6-scrn',
    type: 'rnncf',
    label: 'RNN-CF (paper)',
    against: { experiment: 'book-ch6', types: [{ type: 'rnncf', label: 'RNN-CF (book)' }] },
  },
  {
    experiment: 'book-ch6-scrn',
    type: 'rnncf',
    label: 'RNN-CF (paper)',
    against: { experiment: 'book-ch6-scrn', types: [{ type: 'rnn', label: 'RNN' }] },
  },
  {
    experiment: 'ablation-lstm',
    type: 'lstm',
    label: 'LSTM',
    against: { experiment: 'book-ch6', types: [{ type: 'rnncf', label: 'RNN-CF' }, { type: 'rnn', label: 'RNN' }] },
  },
  {
    experiment: 'ablation-stacked',
    type: 'stacked',
    label: 'stacked RNN',
    against: { experiment: 'book-ch6', types: [{ type: 'rnn', label: 'RNN' }] },
  },
];

/** Runs per grid point over the report's comparison rows: "3", or "2–3" when they differ. */
function seedCounts(model: ReturnType<typeof buildReportModel>): string {
  const counts = model.comparison.map((row) => row.point.runs.length);
  const low = Math.min(...counts);
  const high = Math.max(...counts);
  return low === high ? String(low) : `${low}–${high}`;
}

function claimRows(published: PublishedExperiment): FindingsRow[] {
  const { results, reportLink } = published;
  const name = results.experiment.name;
  const links = reportLink === null ? [] : [{ label: 'report', link: reportLink }];
  // As the report itself: runs whose configs differ beyond the grid keys are not averaged.
  checkRunsPoolable(runsWithEpochs(results), gridKeys(results.runs), name);
  // The report's own model: the same claims, decided by the same code, as the published report shows.
  const model = buildReportModel(results, { dbPath: '', now: new Date(0), heldOut: null, heldOutMissing: 'not needed' });
  const seeds = seedCounts(model);
  const decided = model.claims.filter((claim) => claim.verdict !== 'not tested');
  if (decided.length === 0) {
    return [{ experiment: name, claim: '—', verdict: 'no claim tested here', numbers: 'see the cross-experiment rows and the report', seeds, reportLinks: links }];
  }
  return decided.map((claim) => ({
    experiment: name,
    claim: claim.claim,
    verdict: claim.verdict,
    numbers: claim.findings.join(' '),
    seeds,
    reportLinks: links,
  }));
}

function bestValid(runs: readonly RunResults[], type: string, documents: number): (number | null)[] {
  return runs
    .filter(({ run }) => runValue(run, 'model.type') === type && runValue(run, 'corpus.documents') === documents)
    .map((run) => computeRunMetrics(run).bestValidPerplexity);
}

function documentCounts(runs: readonly RunResults[], type: string): number[] {
  return [...new Set(runs.filter(({ run }) => runValue(run, 'model.type') === type).map(({ run }) => Number(runValue(run, 'corpus.documents'))))].sort(
    (a, b) => a - b,
  );
}

const DIRECTION = {
  clear: 'lower, significant (Welch p < 0.05)',
  weak: 'lower, not significant',
  opposite: 'higher, not significant',
  'opposite-clear': 'higher, significant (Welch p < 0.05)',
  unknown: 'cannot be decided',
} as const;

function crossRows(comparison: CrossComparison, byName: Map<string, PublishedExperiment>): FindingsRow[] {
  const mine = byName.get(comparison.experiment);
  const theirs = byName.get(comparison.against.experiment);
  const names =
    comparison.experiment === comparison.against.experiment
      ? `${comparison.experiment}, models compared`
      : `${comparison.experiment} vs ${comparison.against.experiment}`;
  const claim = (other: string, documents: number | null) =>
    `${comparison.label} vs ${other}${documents === null ? '' : `, ${documents} documents`}: best validation perplexity`;
  const same = comparison.experiment === comparison.against.experiment;
  const links = (same ? [mine] : [mine, theirs])
    .filter((published): published is PublishedExperiment => published !== undefined && published.reportLink !== null)
    .map((published) => ({ label: published.results.experiment.name, link: published.reportLink! }));
  if (mine === undefined || theirs === undefined) {
    const missing = [comparison.experiment, comparison.against.experiment].filter((name) => !byName.has(name));
    return comparison.against.types.map(({ label }) => ({
      experiment: names,
      claim: claim(label, null),
      verdict: 'not run yet',
      numbers: `no published results of ${missing.join(' and ')}`,
      seeds: '—',
      reportLinks: links,
    }));
  }
  const myRuns = mine.results.runs.filter((run) => run.epochs.length > 0);
  const theirRuns = theirs.results.runs.filter((run) => run.epochs.length > 0);
  const rows: FindingsRow[] = [];
  for (const { type, label } of comparison.against.types) {
    const shared = documentCounts(myRuns, comparison.type).filter((documents) => documentCounts(theirRuns, type).includes(documents));
    if (shared.length === 0) {
      rows.push({
        experiment: names,
        claim: claim(label, null),
        verdict: 'not comparable',
        numbers: `no document count has both ${comparison.label} runs in ${comparison.experiment} and ${label} runs in ${comparison.against.experiment}`,
        seeds: '—',
        reportLinks: links,
      });
      continue;
    }
    for (const documents of shared) {
      const a = bestValid(myRuns, comparison.type, documents);
      const b = bestValid(theirRuns, type, documents);
      const result = compareSeedValues(a, b, 'lower');
      const [sa, sb] = [summarize(a), summarize(b)];
      rows.push({
        experiment: names,
        claim: claim(label, documents),
        verdict: `${comparison.label} ${DIRECTION[result.part]}`,
        numbers:
          `${comparison.label} ${formatStats(sa)} (n = ${sa.n}) vs ${label} ${formatStats(sb)} (n = ${sb.n}); ` +
          `${formatTest(result)}. Mean ± sample std over seeds of each run's best validation perplexity` +
          (same ? '.' : '; the two experiments train under their own files’ protocols.'),
        seeds: sa.n === sb.n ? String(sa.n) : `${sa.n} and ${sb.n}`,
        reportLinks: links,
      });
    }
  }
  return rows;
}

/** Rows for every experiment in `expected` (experiment files) or published, book-ch6 first then by name; then the
 *  cross-experiment rows. An experiment without published results gets a "not run yet" row. */
export function buildFindingsTable(
  expected: readonly string[],
  published: readonly PublishedExperiment[],
  /** Where published databases are looked for (named in "not run yet" rows). */
  folder: string,
): FindingsRow[] {
  const byName = new Map(published.map((entry) => [entry.results.experiment.name, entry]));
  for (const entry of published) runsWithEpochs(entry.results); // a published experiment without epochs is an error
  const names = [...new Set([...expected, ...byName.keys()])].sort((a, b) => {
    const rank = (name: string) => (name.startsWith('book-ch6') ? 0 : 1);
    return rank(a) - rank(b) || a.localeCompare(b);
  });
  const rows: FindingsRow[] = [];
  for (const name of names) {
    const entry = byName.get(name);
    if (entry === undefined) {
      rows.push({
        experiment: name,
        claim: '—',
        verdict: 'not run yet',
        numbers: `no published results database (${folder}/${name}/results.sqlite)`,
        seeds: '—',
        reportLinks: [],
      });
    } else {
      rows.push(...claimRows(entry));
    }
  }
  for (const comparison of CROSS_COMPARISONS) rows.push(...crossRows(comparison, byName));
  return rows;
}
