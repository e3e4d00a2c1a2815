// The chapter's four claims, each decided from an experiment's numbers by a rule stated beside the verdict.

import type { RunResults } from './experiment-results.js';
import { formatValue, runValue } from './group-runs.js';
import type { MeasuredSample } from './measure-samples.js';
import { computeRunMetrics } from './run-metrics.js';
import { formatStats, summarize } from './summary-stats.js';
import { COMPARISON_RULE_REFERENCE, compareGroups, describePart, formatTest, type Comparison, type Verdict } from './compare-groups.js';
import { CHARACTER_NGRAM } from './distinct-character-ngram-fraction.js';
import { dataShortfalls, shortfallFinding, type ComparedGroup } from './data-shortfalls.js';
import { decide, notTested, pooledNote as notePooled, type ClaimResult } from './claim-result.js';

/** Grid keys that identify the compared groups (the rest are pooled and named in the findings); docs_per_step moves
 *  with the document count in the book's experiments. The unrolling claim also groups by num_unroll and schedule. */
const GROUP_KEYS = ['model.type', 'corpus.documents', 'train.docs_per_step'];
const UNROLLING_GROUP_KEYS = [...GROUP_KEYS, 'train.num_unroll', 'train.schedule'];

/** Validation must rise this much above its best for a run to count as overfitting. */
export const OVERFIT_RISE = 0.1;

export function evaluateChapterClaims(
  runs: readonly RunResults[],
  samples: readonly MeasuredSample[],
  gridKeys: readonly string[],
): ClaimResult[] {
  const pooledNote = notePooled(gridKeys, GROUP_KEYS);
  return [
    repetitionClaim(runs, samples, pooledNote),
    fluctuationClaim(runs, pooledNote),
    unrollingClaim(runs, gridKeys, notePooled(gridKeys, UNROLLING_GROUP_KEYS)),
    overfittingClaim(runs, pooledNote),
  ];
}

function typeOf(run: RunResults): string {
  return String(runValue(run.run, 'model.type'));
}

function documentsOf(run: RunResults): number {
  return Number(runValue(run.run, 'corpus.documents'));
}

function documentCounts(runs: readonly RunResults[]): number[] {
  return [...new Set(runs.map(documentsOf))].sort((a, b) => a - b);
}

function select(runs: readonly RunResults[], type: string, documents: number): RunResults[] {
  return runs.filter((run) => typeOf(run) === type && documentsOf(run) === documents);
}

// ---- 1. repetition ----

/** Per run: mean over the samples of its latest sampled epoch of [distinct word 4-gram fraction, distinct character
 *  8-gram fraction, longest repeat]. */
function finalSampleQuality(
  run: RunResults,
  samples: readonly MeasuredSample[],
): { distinct4: number | null; characters: number | null; repeat: number } | null {
  const own = samples.filter((sample) => sample.runId === run.run.id);
  if (own.length === 0) return null;
  const lastEpoch = Math.max(...own.map((sample) => sample.epoch));
  const last = own.filter((sample) => sample.epoch === lastEpoch);
  // Fewer than 4 words in a whole sample (whitespace or punctuation loops) counts as no variety at all: 0.
  const distinct = summarize(last.map((sample) => sample.quality.distinct[3] ?? 0));
  const characters = summarize(last.map((sample) => sample.quality.distinctCharacters));
  const repeat = summarize(last.map((sample) => sample.quality.longestRepeatLength));
  return { distinct4: distinct.mean, characters: characters.mean, repeat: repeat.mean ?? 0 };
}

function repetitionClaim(runs: readonly RunResults[], samples: readonly MeasuredSample[], pooledNote: string[]): ClaimResult {
  const claim =
    'With more training documents the plain RNN’s generated text degenerates into repetition, while RNN-CF keeps variety.';
  const rule =
    'Measure: the fraction of distinct word 4-grams in the text generated at each run’s last epoch (1 = no 4-gram ' +
    'repeats; a loop drives it toward 0; a sample of fewer than 4 words counts as 0), averaged over a run’s ' +
    'samples, then mean ± std over seeds. ' +
    'Parts: (a) RNN at the most documents < RNN at the fewest; (b) RNN-CF at the most documents > RNN at the most. ' +
    COMPARISON_RULE_REFERENCE +
    ' The longest repeated substring (characters) and the distinct character 8-gram fraction are shown beside it ' +
    'but do not decide.';
  const counts = documentCounts(runs);
  const types = new Set(runs.map(typeOf));
  if (!types.has('rnn') || !types.has('rnncf')) {
    return notTested('repetition', claim, rule, 'it needs both model.type rnn and rnncf');
  }
  if (counts.length < 2) return notTested('repetition', claim, rule, 'it needs at least two values of corpus.documents');
  if (samples.length === 0) return notTested('repetition', claim, rule, 'its runs stored no generated samples');
  const few = counts[0];
  const many = counts[counts.length - 1];
  const groupStats = (type: string, documents: number) => {
    const qualities = select(runs, type, documents).map((run) => finalSampleQuality(run, samples));
    return {
      distinct4: summarize(qualities.map((quality) => quality?.distinct4 ?? null)),
      characters: summarize(qualities.map((quality) => quality?.characters ?? null)),
      repeat: summarize(qualities.map((quality) => quality?.repeat ?? null)),
    };
  };
  const groups = [
    { name: `RNN, ${few} documents`, ...groupStats('rnn', few) },
    { name: `RNN, ${many} documents`, ...groupStats('rnn', many) },
    { name: `RNN-CF, ${few} documents`, ...groupStats('rnncf', few) },
    { name: `RNN-CF, ${many} documents`, ...groupStats('rnncf', many) },
  ];
  const a = compareGroups(groups[1].distinct4, groups[0].distinct4, 'lower');
  const b = compareGroups(groups[3].distinct4, groups[1].distinct4, 'higher');
  const compared: ComparedGroup[] = [
    { name: groups[0].name, runs: select(runs, 'rnn', few) },
    { name: groups[1].name, runs: select(runs, 'rnn', many) },
    { name: groups[3].name, runs: select(runs, 'rnncf', many) },
  ];
  return {
    id: 'repetition',
    claim,
    rule,
    ...decide([a.part, b.part], compared, [
      `(a) RNN distinct 4-gram fraction at ${many} documents ${formatStats(groups[1].distinct4, 3)} vs at ${few} ` +
        `documents ${formatStats(groups[0].distinct4, 3)}: ${formatTest(a, 3)}: ${describePart(a.part)}.`,
      `(b) RNN-CF at ${many} documents ${formatStats(groups[3].distinct4, 3)} vs RNN at ${many} documents ` +
        `${formatStats(groups[1].distinct4, 3)}: ${formatTest(b, 3)}: ${describePart(b.part)}.`,
      ...pooledNote,
    ]),
    table: {
      header: [
        'group',
        'seeds',
        'distinct 4-gram fraction (last epoch)',
        `distinct char ${CHARACTER_NGRAM}-gram fraction`,
        'longest repeated substring (chars)',
      ],
      rows: groups.map((group) => [
        group.name,
        String(group.distinct4.n),
        formatStats(group.distinct4, 3),
        formatStats(group.characters, 3),
        formatStats(group.repeat, 0),
      ]),
    },
  };
}

// ---- 2. fluctuation ----

function fluctuationClaim(runs: readonly RunResults[], pooledNote: string[]): ClaimResult {
  const claim = 'RNN-CF’s validation perplexity fluctuates less than the plain RNN’s.';
  const rule =
    'Measure: per run, the sample standard deviation of the epoch-to-epoch changes of validation loss in nats ' +
    '(ln perplexity, so a 5% jump weighs the same at perplexity 30 as at 60; a steady trend does not count as ' +
    'fluctuation), then mean ± std over seeds. Part per document count: RNN-CF < RNN. ' +
    COMPARISON_RULE_REFERENCE;
  const types = new Set(runs.map(typeOf));
  if (!types.has('rnn') || !types.has('rnncf')) {
    return notTested('fluctuation', claim, rule, 'it needs both model.type rnn and rnncf');
  }
  const parts: Comparison[] = [];
  const compared: ComparedGroup[] = [];
  const findings: string[] = [];
  const rows: string[][] = [];
  for (const documents of documentCounts(runs)) {
    const stats = (type: string) => summarize(select(runs, type, documents).map((run) => computeRunMetrics(run).validFluctuation));
    const rnn = stats('rnn');
    const cf = stats('rnncf');
    if (rnn.n + rnn.nonFinite === 0 || cf.n + cf.nonFinite === 0) continue;
    const comparison = compareGroups(cf, rnn, 'lower');
    parts.push(comparison.part);
    compared.push({ name: `RNN, ${documents} documents`, runs: select(runs, 'rnn', documents) });
    compared.push({ name: `RNN-CF, ${documents} documents`, runs: select(runs, 'rnncf', documents) });
    findings.push(
      `${documents} documents: RNN-CF ${formatStats(cf, 4)} vs RNN ${formatStats(rnn, 4)}: ` +
        `${formatTest(comparison, 4)}: ${describePart(comparison.part)}.`,
    );
    rows.push([String(documents), formatStats(rnn, 4), formatStats(cf, 4)]);
  }
  if (parts.length === 0) {
    return notTested('fluctuation', claim, rule, 'no document count has both models with 3 or more validated epochs');
  }
  return {
    id: 'fluctuation',
    claim,
    rule,
    ...decide(parts, compared, [...findings, ...pooledNote]),
    table: { header: ['documents', 'RNN fluctuation (nats)', 'RNN-CF fluctuation (nats)'], rows },
  };
}

// ---- 3. unrolling ----

/** What each training schedule makes the unrolling comparison ask. */
const SCHEDULE_QUESTION: Record<string, string> = {
  book:
    'fixed updates (the book’s protocol: every run makes the same number of updates, so a larger num_unroll also ' +
    'sees proportionally more tokens): does unrolling help at the same number of updates?',
  tokens:
    'equal tokens (every run sees the same number of training tokens, so a larger num_unroll makes fewer, longer ' +
    'updates): does unrolling help per token of data seen?',
  epochs: 'full passes over the documents (every run sees the same tokens): does unrolling help per pass?',
};

function unrollingClaim(runs: readonly RunResults[], gridKeys: readonly string[], pooledNote: string[]): ClaimResult {
  const claim = 'Unrolling matters: training without unrolling (num_unroll 1) gives worse models than with unrolling.';
  const bySchedule = gridKeys.includes('train.schedule');
  const rule =
    'Measure: best validation perplexity per run, mean ± std over seeds. Part per model type and document count' +
    (bySchedule ? ' and training schedule (one part per protocol)' : '') +
    ': best validation perplexity at the largest num_unroll < at the smallest. ' +
    (bySchedule
      ? 'The schedules answer different questions: book = fixed updates (a larger num_unroll also sees more ' +
        'tokens), tokens = equal training tokens (a larger num_unroll makes fewer updates). '
      : '') +
    COMPARISON_RULE_REFERENCE;
  if (!gridKeys.includes('train.num_unroll')) {
    return notTested('unrolling', claim, rule, 'train.num_unroll is not a grid key (see experiments/ablation-unroll.yaml)');
  }
  const unrollOf = (run: RunResults) => Number(runValue(run.run, 'train.num_unroll'));
  const scheduleOf = (run: RunResults) => String(runValue(run.run, 'train.schedule') ?? 'book');
  const unrolls = [...new Set(runs.map(unrollOf))].sort((a, b) => a - b);
  if (unrolls.length < 2) return notTested('unrolling', claim, rule, 'train.num_unroll takes a single value');
  const low = unrolls[0];
  const high = unrolls[unrolls.length - 1];
  const schedules = bySchedule ? [...new Set(runs.map(scheduleOf))] : [null];
  const parts: Comparison[] = [];
  const compared: ComparedGroup[] = [];
  const findings: string[] = [];
  const rows: string[][] = [];
  for (const schedule of schedules) {
    const inSchedule = schedule === null ? runs : runs.filter((run) => scheduleOf(run) === schedule);
    const prefix = schedule === null ? '' : `schedule ${schedule}, `;
    if (schedule !== null) {
      findings.push(`Schedule ${schedule}: ${SCHEDULE_QUESTION[schedule] ?? 'a schedule this report does not describe.'}`);
    }
    for (const type of [...new Set(inSchedule.map(typeOf))]) {
      for (const documents of documentCounts(inSchedule)) {
        const groupRuns = (unroll: number) => select(inSchedule, type, documents).filter((run) => unrollOf(run) === unroll);
        const stats = (unroll: number) => summarize(groupRuns(unroll).map((run) => computeRunMetrics(run).bestValidPerplexity));
        const lowStats = stats(low);
        const highStats = stats(high);
        if (lowStats.n === 0 && highStats.n === 0) continue;
        const comparison = compareGroups(highStats, lowStats, 'lower');
        parts.push(comparison.part);
        for (const unroll of [low, high]) {
          compared.push({ name: `${prefix}${type}, ${documents} documents, num_unroll ${unroll}`, runs: groupRuns(unroll) });
        }
        findings.push(
          `${prefix}${type}, ${documents} documents: best validation perplexity ${formatStats(highStats)} at num_unroll ` +
            `${high} vs ${formatStats(lowStats)} at num_unroll ${low}: ${formatTest(comparison)}: ` +
            `${describePart(comparison.part)}.`,
        );
        rows.push([
          ...(schedule === null ? [] : [schedule]),
          type,
          String(documents),
          ...unrolls.map((unroll) => formatStats(stats(unroll))),
        ]);
      }
    }
  }
  return {
    id: 'unrolling',
    claim,
    rule,
    ...decide(parts, compared, [...findings, ...pooledNote]),
    table: {
      header: [
        ...(bySchedule ? ['schedule'] : []),
        'model',
        'documents',
        ...unrolls.map((unroll) => `best valid ppl, num_unroll ${unroll}`),
      ],
      rows,
    },
  };
}

// ---- 4. overfitting ----

function overfittingClaim(runs: readonly RunResults[], pooledNote: string[]): ClaimResult {
  const claim = 'With few documents the plain RNN overfits: train perplexity keeps falling while validation perplexity rises.';
  const rule =
    `A run overfits when its final validation perplexity is more than ${OVERFIT_RISE * 100}% above its best AND its ` +
    'final train perplexity is below its train perplexity at the epoch of the best validation. Verdict on the RNN ' +
    'runs with the fewest documents: all seeds overfit → supported; more than half → weakly supported; none → ' +
    'contradicted; otherwise mixed. Runs with fewer than 3 validated epochs cannot show a rise and are left out. ' +
    'The runs with the most documents are shown for contrast.';
  const rnnRuns = runs.filter((run) => typeOf(run) === 'rnn');
  if (rnnRuns.length === 0) return notTested('overfitting', claim, rule, 'it has no model.type rnn runs');
  const counts = documentCounts(rnnRuns);
  const rows: string[][] = [];
  const verdictRuns: boolean[] = [];
  for (const documents of counts) {
    for (const run of rnnRuns.filter((candidate) => documentsOf(candidate) === documents)) {
      const metrics = computeRunMetrics(run);
      const best = metrics.bestValidPerplexity;
      const final = metrics.finalValidPerplexity;
      const validated = run.epochs.filter((row) => row.validPerplexity !== null && Number.isFinite(row.validPerplexity)).length;
      if (
        validated < 3 ||
        best === null ||
        final === null ||
        metrics.trainPerplexityAtBest === null ||
        metrics.finalTrainPerplexity === null
      ) {
        continue;
      }
      const rise = final / best - 1;
      const overfits = rise > OVERFIT_RISE && metrics.finalTrainPerplexity < metrics.trainPerplexityAtBest;
      if (documents === counts[0]) verdictRuns.push(overfits);
      rows.push([
        String(documents),
        formatValue(run.run.params.seed ?? run.run.config.seed),
        `${best.toFixed(2)} (epoch ${metrics.bestEpoch})`,
        final.toFixed(2),
        `${(rise * 100).toFixed(1)}%`,
        `${metrics.trainPerplexityAtBest.toFixed(2)} → ${metrics.finalTrainPerplexity.toFixed(2)}`,
        overfits ? 'yes' : 'no',
      ]);
    }
  }
  if (verdictRuns.length === 0) return notTested('overfitting', claim, rule, 'its RNN runs have fewer than 3 validated epochs each');
  const overfitting = verdictRuns.filter(Boolean).length;
  const verdict: Verdict =
    overfitting === verdictRuns.length
      ? 'supported'
      : overfitting * 2 > verdictRuns.length
        ? 'weakly supported'
        : overfitting === 0
          ? 'contradicted'
          : 'mixed';
  const rises = (documents: number) =>
    summarize(
      rnnRuns
        .filter((run) => documentsOf(run) === documents)
        .map((run) => {
          const metrics = computeRunMetrics(run);
          return metrics.bestValidPerplexity === null || metrics.finalValidPerplexity === null
            ? null
            : (metrics.finalValidPerplexity / metrics.bestValidPerplexity - 1) * 100;
        }),
    );
  const findings = [
    `${overfitting} of ${verdictRuns.length} RNN runs on ${counts[0]} documents overfit; their validation perplexity ` +
      `ends ${formatStats(rises(counts[0]), 1)}% above its best.`,
  ];
  if (counts.length > 1) {
    const many = counts[counts.length - 1];
    findings.push(`For contrast, on ${many} documents it ends ${formatStats(rises(many), 1)}% above its best.`);
  }
  const compared: ComparedGroup[] = [{ name: `RNN, ${counts[0]} documents`, runs: rnnRuns.filter((run) => documentsOf(run) === counts[0]) }];
  const reasons = dataShortfalls(compared);
  return {
    id: 'overfitting',
    claim,
    rule,
    verdict: reasons.length === 0 ? verdict : 'not enough data',
    findings: reasons.length === 0 ? [...findings, ...pooledNote] : [shortfallFinding(reasons), ...findings, ...pooledNote],
    table: {
      header: ['documents', 'seed', 'best valid ppl (epoch)', 'final valid ppl', 'rise over best', 'train ppl at best → final', 'overfits'],
      rows,
    },
  };
}
