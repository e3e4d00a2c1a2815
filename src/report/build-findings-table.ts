// The findings table across published experiments: each experiment's declared claims (those against another
// experiment's runs included) decided again with Holm's correction over every primary claim of the table (raw,
// per-experiment and table-wide p shown), and a "not run yet" row for an experiment with no published results.

import { runsWithEpochs, type ExperimentResults } from './experiment-results.js';
import { gridKeys, groupRuns } from './group-runs.js';
import { checkRunsPoolable } from './check-runs-poolable.js';
import type { ComparedClaim } from './claims/claim-result.js';
import { compareClaim, decideClaims, type FindExperimentRuns } from './claims/evaluate-claims.js';
import { experimentRunsOf, readStoredClaims, type DeclaredClaims } from './claims/read-declared-claims.js';
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

/** Runs per grid point of an experiment: "3", or "2–3" when they differ. */
function seedCounts(results: ExperimentResults): string {
  const counts = groupRuns(runsWithEpochs(results), gridKeys(results.runs), results.experiment.name).map((point) => point.runs.length);
  const low = Math.min(...counts);
  const high = Math.max(...counts);
  return low === high ? String(low) : `${low}–${high}`;
}

/** One experiment's declared claims compared, each with its p Holm-adjusted over the experiment's primary claims
 *  (null for an exploratory or undecidable claim). */
function compareExperimentClaims(
  published: PublishedExperiment,
  findOther: FindExperimentRuns,
): { compared: ComparedClaim[]; experimentP: (number | null)[] } {
  const { results } = published;
  const name = results.experiment.name;
  const runs = runsWithEpochs(results);
  const keys = gridKeys(results.runs);
  // As the report itself: runs whose configs differ beyond the grid keys are not averaged.
  checkRunsPoolable(runs, keys, name);
  const declared = published.claims ?? readStoredClaims(results.experiment.specText);
  const compared = declared.claims.map((spec) => compareClaim(spec, name, runs, keys, declared.zipKeyGroups, findOther));
  const decided = decideClaims(compared, name);
  return { compared, experimentP: decided.map((claim) => (claim.family === null ? null : claim.adjustedP)) };
}

function pText(p: number | null): string {
  return p === null || Number.isNaN(p) ? '—' : p < 0.001 ? '< 0.001' : p.toPrecision(3);
}

/** Rows for every experiment in `expected` (experiment files) or published, book-ch6 first then by name. An
 *  experiment without published results gets a "not run yet" row. The primary claims of every published experiment
 *  form one family, Holm-corrected together: the verdicts shown are the table's. */
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
  const findOther: FindExperimentRuns = (name) => {
    const other = byName.get(name);
    return other === undefined ? null : experimentRunsOf(other.results);
  };
  const perExperiment = new Map(names.filter((name) => byName.has(name)).map((name) => [name, compareExperimentClaims(byName.get(name)!, findOther)]));
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
    /** A claim against another experiment links that experiment's report too. */
    const linksOf = (against: string | null) => {
      const report = against === null ? null : (byName.get(against)?.reportLink ?? null);
      return report === null ? links : [...links, { label: against!, link: report }];
    };
    const seeds = seedCounts(entry.results);
    if (claims.compared.length === 0) {
      rows.push({ experiment: name, claim: '—', verdict: 'no claim declared', numbers: 'see the report', p: { raw: '—', experiment: '—', table: '—' }, seeds, reportLinks: links });
      continue;
    }
    claims.compared.forEach((compared, i) => {
      const decided = tableWide[everyClaim.indexOf(compared)];
      rows.push({
        experiment: decided.spec.against === null ? name : `${name} vs ${decided.spec.against}`,
        claim: `${decided.claim}${decided.spec.primary ? '' : ' (exploratory)'}`,
        verdict: decided.verdict,
        numbers: decided.findings.join(' '),
        p: { raw: pText(decided.evidence?.p ?? null), experiment: pText(claims.experimentP[i]), table: pText(decided.family === null ? null : decided.adjustedP) },
        seeds,
        reportLinks: linksOf(decided.spec.against),
      });
    });
  }
  return rows;
}
