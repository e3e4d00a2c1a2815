// The ablations' own claims (memory α, context size, hidden size), each chosen by the grid key it needs and decided
// on best validation perplexity by Welch's t-test; single-model experiments are pointed to the findings table.

import { decide, notTested, pooledNote, type ClaimResult } from './claim-result.js';
import { COMPARISON_RULE_REFERENCE, compareGroups, describePart, formatTest, type Comparison } from './compare-groups.js';
import { type ComparedGroup } from './data-shortfalls.js';
import type { RunResults } from './experiment-results.js';
import { formatValue, runValue } from './group-runs.js';
import { computeRunMetrics } from './run-metrics.js';
import { formatStats, summarize, type SummaryStats } from './summary-stats.js';

const MEASURE =
  'Measure: best validation perplexity per run (its lowest finite validation perplexity), mean ± std over seeds.';

/** Runs with the same value of the swept key, and their best validation perplexities summarized. */
interface SeedGroup extends ComparedGroup {
  value: unknown;
  stats: SummaryStats;
}

function seedGroup(name: string, value: unknown, runs: readonly RunResults[]): SeedGroup {
  return { name, value, runs, stats: summarize(runs.map((run) => computeRunMetrics(run).bestValidPerplexity)) };
}

/** Groups by a numeric key's value, ascending. */
function groupByNumber(runs: readonly RunResults[], key: string, name: (value: number) => string): SeedGroup[] {
  const values = [...new Set(runs.map((run) => Number(runValue(run.run, key))))].sort((a, b) => a - b);
  return values.map((value) => seedGroup(name(value), value, runs.filter((run) => Number(runValue(run.run, key)) === value)));
}

const typeOf = (run: RunResults) => String(runValue(run.run, 'model.type'));

export function evaluateAblationClaims(runs: readonly RunResults[], gridKeys: readonly string[]): ClaimResult[] {
  const across = acrossExperimentsClaim(runs);
  return [memoryClaim(runs, gridKeys), contextClaim(runs, gridKeys), hiddenClaim(runs, gridKeys), ...(across === null ? [] : [across])];
}

// ---- α: the slow context's memory ----

function memoryClaim(runs: readonly RunResults[], gridKeys: readonly string[]): ClaimResult {
  const claim = 'RNN-CF’s slow context needs memory: α = 0 (no memory) is worse than the best α > 0.';
  const rule =
    `${MEASURE} Only RNN-CF runs with a fixed α (learn_alpha false) decide. Part: the α > 0 with the lowest mean ` +
    '< α = 0. The best α is picked from the same runs, which favours it slightly: a p just under α deserves doubt. ' +
    'A learned α (learn_alpha true, starting from its α) is shown against the best fixed α and does not decide. ' +
    COMPARISON_RULE_REFERENCE;
  if (!gridKeys.includes('model.alpha')) {
    return notTested('memory', claim, rule, 'model.alpha is not a grid key (see experiments/ablation-alpha.yaml)');
  }
  const cf = runs.filter((run) => typeOf(run) === 'rnncf');
  const learnedRuns = cf.filter((run) => runValue(run.run, 'model.learn_alpha') === true);
  const fixed = groupByNumber(
    cf.filter((run) => runValue(run.run, 'model.learn_alpha') !== true),
    'model.alpha',
    (alpha) => `α = ${alpha}`,
  );
  const learned = groupByNumber(learnedRuns, 'model.alpha', (alpha) => `learned α (from ${alpha})`);
  const zero = fixed.find((group) => group.value === 0);
  const positive = fixed.filter((group) => (group.value as number) > 0 && group.stats.mean !== null);
  if (zero === undefined) return notTested('memory', claim, rule, 'model.alpha has no value 0 (no memory) on RNN-CF runs');
  if (positive.length === 0) return notTested('memory', claim, rule, 'model.alpha has no value above 0 on RNN-CF runs');
  const best = positive.reduce((a, b) => ((b.stats.mean as number) < (a.stats.mean as number) ? b : a));
  const part = compareGroups(best.stats, zero.stats, 'lower');
  const findings = [
    `Best fixed α: ${String(best.value)} (best validation perplexity ${formatStats(best.stats)}) vs α = 0 ` +
      `(${formatStats(zero.stats)}): ${formatTest(part)}: ${describePart(part.part)}.`,
    ...learned.map((group) => {
      const against = compareGroups(group.stats, best.stats, 'lower');
      return (
        `${group.name[0].toUpperCase()}${group.name.slice(1)}: ${formatStats(group.stats)} vs the best fixed α ` +
        `(${String(best.value)}) ${formatStats(best.stats)}: ${formatTest(against)} (shown, does not decide).` +
        describeLearnedValues(learnedRuns.filter((run) => runValue(run.run, 'model.alpha') === group.value))
      );
    }),
    ...pooledNote(gridKeys, ['model.alpha', 'model.learn_alpha']),
  ];
  const row = (group: SeedGroup, label: string) => [
    label,
    String(group.stats.n),
    formatStats(group.stats),
    group === zero ? '—' : formatTest(compareGroups(group.stats, zero.stats, 'lower')),
  ];
  return {
    id: 'memory',
    claim,
    rule,
    ...decide([part.part], [zero, best], findings),
    table: {
      header: ['α', 'seeds', 'best valid ppl', 'against α = 0'],
      rows: [
        ...fixed.map((group) => row(group, `${String(group.value)}${group === best ? ' (best)' : ''}`)),
        ...learned.map((group) => row(group, group.name)),
      ],
    },
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** " Its values after the last epoch: median 0.62, 0.61 and 0.63 over the 64 context units of seeds 1, 2 and 3; every
 *  unit between 0.44 and 0.89." from the stored learned α (schema 5); "" for runs that did not store it. */
function describeLearnedValues(runs: readonly RunResults[]): string {
  const last = runs
    .map((run) => ({ seed: run.run.config.seed, alpha: run.epochs.at(-1)?.learnedAlpha ?? null }))
    .filter((entry): entry is { seed: number; alpha: number[] } => entry.alpha !== null && entry.alpha.length > 0)
    .sort((a, b) => a.seed - b.seed);
  if (last.length === 0) return '';
  const list = (items: string[]) => (items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);
  const units = [...new Set(last.map((entry) => entry.alpha.length))];
  const all = last.flatMap((entry) => entry.alpha);
  return (
    ` Its values after the last epoch: median ${list(last.map((entry) => median(entry.alpha).toFixed(2)))} over the ` +
    `${units.join('/')} context units of seed${last.length === 1 ? '' : 's'} ${list(last.map((entry) => String(entry.seed)))}; ` +
    `every unit between ${Math.min(...all).toFixed(2)} and ${Math.max(...all).toFixed(2)}.`
  );
}

// ---- context size ----

function contextClaim(runs: readonly RunResults[], gridKeys: readonly string[]): ClaimResult {
  const claim = 'The context path helps: RNN-CF with a context (context > 0) beats it without (context 0).';
  const rule =
    `${MEASURE} Only RNN-CF runs decide. Part per context size above 0: best validation perplexity at that size < ` +
    `at context 0. ${COMPARISON_RULE_REFERENCE}`;
  if (!gridKeys.includes('model.context')) {
    return notTested('context', claim, rule, 'model.context is not a grid key (see experiments/ablation-context.yaml)');
  }
  const groups = groupByNumber(
    runs.filter((run) => typeOf(run) === 'rnncf'),
    'model.context',
    (context) => `context ${context}`,
  );
  const none = groups.find((group) => group.value === 0);
  const sized = groups.filter((group) => (group.value as number) > 0);
  if (none === undefined) return notTested('context', claim, rule, 'model.context has no value 0 on RNN-CF runs');
  if (sized.length === 0) return notTested('context', claim, rule, 'model.context has no value above 0 on RNN-CF runs');
  const parts: Comparison[] = [];
  const findings: string[] = [];
  const against = new Map<SeedGroup, string>();
  for (const group of sized) {
    const comparison = compareGroups(group.stats, none.stats, 'lower');
    parts.push(comparison.part);
    against.set(group, formatTest(comparison));
    findings.push(
      `Context ${String(group.value)}: ${formatStats(group.stats)} vs context 0 ${formatStats(none.stats)}: ` +
        `${formatTest(comparison)}: ${describePart(comparison.part)}.`,
    );
  }
  return {
    id: 'context',
    claim,
    rule,
    ...decide(parts, groups, [...findings, ...pooledNote(gridKeys, ['model.context'])]),
    table: {
      header: ['context', 'seeds', 'best valid ppl', 'against context 0'],
      rows: groups.map((group) => [String(group.value), String(group.stats.n), formatStats(group.stats), against.get(group) ?? '—']),
    },
  };
}

// ---- hidden size × model type ----

function hiddenClaim(runs: readonly RunResults[], gridKeys: readonly string[]): ClaimResult {
  const claim = 'RNN-CF beats the plain RNN at every hidden size.';
  const rule = `${MEASURE} Part per hidden size: RNN-CF < RNN. ${COMPARISON_RULE_REFERENCE}`;
  if (!gridKeys.includes('model.hidden')) {
    return notTested('hidden', claim, rule, 'model.hidden is not a grid key (see experiments/ablation-hidden.yaml)');
  }
  const types = new Set(runs.map(typeOf));
  if (!types.has('rnn') || !types.has('rnncf')) return notTested('hidden', claim, rule, 'it needs both model.type rnn and rnncf');
  const rnn = groupByNumber(runs.filter((run) => typeOf(run) === 'rnn'), 'model.hidden', (hidden) => `RNN, hidden ${hidden}`);
  const cf = groupByNumber(runs.filter((run) => typeOf(run) === 'rnncf'), 'model.hidden', (hidden) => `RNN-CF, hidden ${hidden}`);
  const parts: Comparison[] = [];
  const compared: ComparedGroup[] = [];
  const findings: string[] = [];
  const rows: string[][] = [];
  for (const plain of rnn) {
    const withContext = cf.find((group) => group.value === plain.value);
    if (withContext === undefined) continue;
    const comparison = compareGroups(withContext.stats, plain.stats, 'lower');
    parts.push(comparison.part);
    compared.push(plain, withContext);
    findings.push(
      `Hidden ${String(plain.value)}: RNN-CF ${formatStats(withContext.stats)} vs RNN ${formatStats(plain.stats)}: ` +
        `${formatTest(comparison)}: ${describePart(comparison.part)}.`,
    );
    rows.push([String(plain.value), formatStats(plain.stats), formatStats(withContext.stats), formatTest(comparison)]);
  }
  if (parts.length === 0) return notTested('hidden', claim, rule, 'no hidden size has both model types');
  return {
    id: 'hidden',
    claim,
    rule,
    ...decide(parts, compared, [...findings, ...pooledNote(gridKeys, ['model.hidden', 'model.type'])]),
    table: { header: ['hidden', 'RNN best valid ppl', 'RNN-CF best valid ppl', 'RNN-CF − RNN'], rows },
  };
}

// ---- single-model experiments: compared across experiments ----

/** What a single-model experiment is compared with, in book-ch6's runs. */
const ACROSS: Record<string, { claim: string; against: string }> = {
  lstm: {
    claim: 'The LSTM against the chapter’s models: best validation perplexity beside book-ch6’s RNN-CF and RNN.',
    against: 'book-ch6’s RNN-CF and RNN',
  },
  stacked: {
    claim: 'The book’s three-layer RNN against the single-layer RNN: best validation perplexity beside book-ch6’s RNN.',
    against: 'book-ch6’s RNN',
  },
};

/** For an experiment of a single model type that is compared with another experiment's runs: the claim, not decided
 *  here, and this experiment's numbers; null for any other experiment. */
function acrossExperimentsClaim(runs: readonly RunResults[]): ClaimResult | null {
  const types = [...new Set(runs.map(typeOf))];
  if (types.length !== 1 || ACROSS[types[0]] === undefined) return null;
  const { claim, against } = ACROSS[types[0]];
  const rule =
    `${MEASURE} Compared with ${against} at the same document counts by Welch’s t-test (two-sided, α = 0.05), ` +
    'across experiments: made in the findings table (README, Findings), not in this report.';
  const groups = groupByNumber(runs, 'corpus.documents', (documents) => `${types[0]}, ${documents} documents`);
  return {
    id: 'across-experiments',
    claim,
    rule,
    verdict: 'not tested',
    findings: [
      `Compared in the findings table: this experiment has a single model type (${types[0]}), so its claim is ` +
        `decided against ${against} there; its own numbers are below.`,
    ],
    table: {
      header: ['documents', 'seeds', 'best valid ppl'],
      rows: groups.map((group) => [formatValue(group.value), String(group.stats.n), formatStats(group.stats)]),
    },
  };
}
