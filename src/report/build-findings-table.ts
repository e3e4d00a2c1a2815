// The findings table across published experiments: each experiment's declared claims decided again with Holm's
// correction over every primary claim of the table (raw, per-experiment and table-wide p shown), a "not run yet"
// row for an experiment with no published results, and exploratory comparisons across experiments.

import type { ClaimSpec } from '../config/claim-spec.js';
import { runsWithEpochs, type ExperimentResults, type RunResults } from './experiment-results.js';
import { gridKeys, groupRuns, runValue } from './group-runs.js';
import { checkRunsPoolable } from './check-runs-poolable.js';
import type { ComparedClaim } from './claims/claim-result.js';
import { compareClaimPart } from './claims/compare-claim-part.js';
import { compareClaim, decideClaims } from './claims/evaluate-claims.js';
import { formatClaimResult, formatP } from './claims/format-claim-result.js';
import { readStoredClaims, type DeclaredClaims } from './claims/read-declared-claims.js';
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
  /** The claims to decide (its experiment file's); default: those of the file stored with its runs. */
  claims?: DeclaredClaims;
}

export interface FindingsRow {
  experiment: string;
  claim: string;
  verdict: string;
  /** The deciding numbers with their spread, in sentences. */
  numbers: string;
  /** The claim's p: raw, Holm-adjusted over its experiment's primary claims, and over the table's. */
  p: { raw: string; experiment: string; table: string };
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

/** Comparisons across experiments (a model of one experiment against models of another), shown as exploratory rows:
 *  the notebook's RNN-CF against the paper's, the LSTM and the stacked RNN against book-ch6's models. Comparisons
 *  inside one experiment are claims in its file. */
export const CROSS_COMPARISONS: CrossComparison[] = [
  {
    // The notebook's RNN-CF against the paper's: what the notebook's training-graph quirk costs.
    experiment: 'book-ch6-scrn',
    type: 'rnncf',
    label: 'RNN-CF (paper)',
    against: { experiment: 'book-ch6', types: [{ type: 'rnncf', label: 'RNN-CF (book)' }] },
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

/** Runs per grid point of an experiment: "3", or "2–3" when they differ. */
function seedCounts(results: ExperimentResults): string {
  const counts = groupRuns(runsWithEpochs(results), gridKeys(results.runs), results.experiment.name).map((point) => point.runs.length);
  const low = Math.min(...counts);
  const high = Math.max(...counts);
  return low === high ? String(low) : `${low}–${high}`;
}

/** One experiment's declared claims compared, each with its p Holm-adjusted over the experiment's primary claims
 *  (null for an exploratory or undecidable claim). */
function compareExperimentClaims(published: PublishedExperiment): { compared: ComparedClaim[]; experimentP: (number | null)[] } {
  const { results } = published;
  const name = results.experiment.name;
  const runs = runsWithEpochs(results);
  const keys = gridKeys(results.runs);
  // As the report itself: runs whose configs differ beyond the grid keys are not averaged.
  checkRunsPoolable(runs, keys, name);
  const declared = published.claims ?? readStoredClaims(results.experiment.specText);
  const compared = declared.claims.map((spec) => compareClaim(spec, name, runs, keys, declared.zipKeyGroups));
  const decided = decideClaims(compared, name);
  return { compared, experimentP: decided.map((claim) => (claim.family === null ? null : claim.adjustedP)) };
}

function pText(p: number | null): string {
  return p === null || Number.isNaN(p) ? '—' : p < 0.001 ? '< 0.001' : p.toPrecision(3);
}

/** The cross-experiment comparison as an exploratory claim: best validation perplexity, a lower than b. */
function crossSpec(comparison: CrossComparison, type: string): ClaimSpec {
  return {
    id: `${comparison.experiment}-${comparison.type}-vs-${comparison.against.experiment}-${type}`,
    statement: '',
    a: { 'model.type': comparison.type },
    b: { 'model.type': type },
    where: {},
    metric: 'best_valid_perplexity',
    expect: 'lower',
    margin: null,
    primary: false,
    fromEpoch: 4,
    lastEpochs: 10,
    checkpoint: 'final',
    decoding: 'greedy',
    index: 0,
  };
}

function documentCounts(runs: readonly RunResults[], type: string): number[] {
  return [...new Set(runs.filter(({ run }) => runValue(run, 'model.type') === type).map(({ run }) => Number(runValue(run, 'corpus.documents'))))].sort(
    (a, b) => a - b,
  );
}

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
      p: { raw: '—', experiment: '—', table: '—' },
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
        p: { raw: '—', experiment: '—', table: '—' },
        seeds: '—',
        reportLinks: links,
      });
      continue;
    }
    for (const documents of shared) {
      const mineAt = myRuns.filter(({ run }) => runValue(run, 'model.type') === comparison.type && runValue(run, 'corpus.documents') === documents);
      const theirsAt = theirRuns.filter(({ run }) => runValue(run, 'model.type') === type && runValue(run, 'corpus.documents') === documents);
      const spec = crossSpec(comparison, type);
      const part = compareClaimPart('', mineAt, theirsAt, spec);
      const test = part.test;
      const direction = test === null ? 'no test' : `${test.difference < 0 ? 'lower' : 'higher'}, ${formatP(test.p, test.design === 'paired' ? 'paired p' : 'Welch p')}`;
      const sentence = formatClaimResult({
        spec,
        experiment: names,
        parts: [part],
        shortfalls: [],
        evidence: null,
        verdict: 'inconclusive',
        adjustedP: null,
        family: null,
      }).findings[0].replace(/^All runs: /, '');
      rows.push({
        experiment: names,
        claim: claim(label, documents),
        verdict: `${comparison.label} ${direction} (exploratory)`,
        numbers:
          `${comparison.label} vs ${label}: ${sentence} Each run's best validation perplexity; exploratory, not in the ` +
          'corrected family' + (same ? '.' : '; the two experiments train under their own files’ protocols.'),
        p: { raw: test === null ? '—' : pText(test.p), experiment: '—', table: '—' },
        seeds: part.a.values.length === part.b.values.length ? String(part.a.values.length) : `${part.a.values.length} and ${part.b.values.length}`,
        reportLinks: links,
      });
    }
  }
  return rows;
}

/** Rows for every experiment in `expected` (experiment files) or published, book-ch6 first then by name; then the
 *  cross-experiment rows. An experiment without published results gets a "not run yet" row. The primary claims of
 *  every published experiment form one family, Holm-corrected together: the verdicts shown are the table's. */
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
  const perExperiment = new Map(names.filter((name) => byName.has(name)).map((name) => [name, compareExperimentClaims(byName.get(name)!)]));
  const everyClaim = [...perExperiment.values()].flatMap((entry) => entry.compared);
  const tableWide = decideClaims(everyClaim, 'the findings table');
  const rows: FindingsRow[] = [];
  for (const name of names) {
    const entry = byName.get(name);
    const claims = perExperiment.get(name);
    if (entry === undefined || claims === undefined) {
      rows.push({
        experiment: name,
        claim: '—',
        verdict: 'not run yet',
        numbers: `no published results database (${folder}/${name}/results.sqlite)`,
        p: { raw: '—', experiment: '—', table: '—' },
        seeds: '—',
        reportLinks: [],
      });
      continue;
    }
    const links = entry.reportLink === null ? [] : [{ label: 'report', link: entry.reportLink }];
    const seeds = seedCounts(entry.results);
    if (claims.compared.length === 0) {
      rows.push({ experiment: name, claim: '—', verdict: 'no claim declared', numbers: 'see the cross-experiment rows and the report', p: { raw: '—', experiment: '—', table: '—' }, seeds, reportLinks: links });
      continue;
    }
    claims.compared.forEach((compared, i) => {
      const decided = tableWide[everyClaim.indexOf(compared)];
      rows.push({
        experiment: name,
        claim: `${decided.claim}${decided.spec.primary ? '' : ' (exploratory)'}`,
        verdict: decided.verdict,
        numbers: decided.findings.join(' '),
        p: { raw: pText(decided.evidence?.p ?? null), experiment: pText(claims.experimentP[i]), table: pText(decided.family === null ? null : decided.adjustedP) },
        seeds,
        reportLinks: links,
      });
    });
  }
  for (const comparison of CROSS_COMPARISONS) rows.push(...crossRows(comparison, byName));
  return rows;
}
