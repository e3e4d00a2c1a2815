// Wording shared by the HTML report and its Markdown twin: section titles, definitions, cell texts.

import { formatStatuses, type ComparisonRow } from './comparison-rows.js';
import { formatValue, shortKeyNames } from './group-runs.js';
import type { QualityStats, ReportModel } from './build-report-model.js';
import type { GradientRow } from './gradient-rows.js';
import { CHARACTER_NGRAM } from './distinct-character-ngram-fraction.js';
import { NGRAM_SIZES, type TextQuality } from './measure-text-quality.js';
import { formatStats } from './summary-stats.js';
import { CLAIM_ALPHA } from './claims/compare-claim-part.js';
import { DATA_RULE } from './data-shortfalls.js';

export const DEFINITIONS = {
  words:
    'Words: the text is lower-cased and split into maximal runs of Unicode letters, marks and digits, joined by ' +
    'single inner apostrophes (king’s, don’t); whitespace and all other punctuation separate words and are dropped. ' +
    'The generator’s literal UNK marker counts as the word “unk”.',
  distinct:
    'Distinct n-gram fraction (n = 1…4): distinct word n-grams ÷ all overlapping word n-grams of the text; 1 means ' +
    'no n-gram repeats, a text stuck in a loop tends to 0. It falls with text length, so real text is measured at ' +
    'the samples’ length.',
  characters:
    `Distinct character ${CHARACTER_NGRAM}-gram fraction: the same over overlapping runs of ${CHARACTER_NGRAM} ` +
    'characters (whitespace and punctuation included). It catches what the word measure cannot: a loop inside one ' +
    '“word” (ererer…) is a single word, whose distinct 1-gram fraction is 1.000.',
  empty:
    'An empty cell (—) says why: the text has fewer words than the n-gram needs (fewer than ' +
    `${CHARACTER_NGRAM} characters for the character measure), so the fraction is undefined, neither 0 nor 1; in a ` +
    'group’s row, no text of the group is long enough.',
  repeat:
    'Longest repeated substring: the longest run of characters that occurs at least twice in the text ' +
    '(occurrences may overlap; “aaaa” → 3), computed with a suffix automaton. Large values mean verbatim loops.',
  heldOut:
    'Real held-out text: the first L characters (L = the median sample length) of corpus documents numbered above ' +
    'every document any run trained on or built its vocabulary from, lower-cased as the models see text; one slice ' +
    'per document. The validation tails are not used: at 200 characters they are ten times shorter than a sample.',
  gradients:
    'Gradients: the global norm of the gradient of all parameters, before clipping, per update. Per run: its ' +
    'epoch mean at the first and the last epoch, the largest norm of any update, and the fraction of updates ' +
    'whose norm exceeded clip_norm (mean over epochs); then mean ± sample std over seeds. For RNN-CF, the norms ' +
    'of two parameter groups (mean over epochs of the epoch mean): the context path (B, P, alpha) and the hidden ' +
    'path (A, R, b_h), and their ratio per run. A vanishing context gradient shows as a small ratio.',
  band: 'Plots: the line is the mean over seeds at each epoch, the band spans the seeds’ minimum to maximum.',
  claims:
    'The claims are the hypotheses the experiment file declares (claims:). Each compares two arms of the grid on one ' +
    'number per run; runs of one data-order seed are paired. Verdicts: supported or contradicted (the claim’s p, ' +
    `after correction, below α = ${CLAIM_ALPHA}, as claimed or the other way), equivalent (two one-sided tests within the ` +
    'declared margin), inconclusive (with the smallest difference the seeds could have detected), or not enough ' +
    `data (with the reason). Primary claims are Holm-corrected together; exploratory ones are not. ${DATA_RULE} ` +
    'Every rule, with its reference: docs/statistics.md.',
  table:
    'Table: per grid point, mean ± sample standard deviation over seeds (n = seeds with a finite value). Best = ' +
    'lowest finite validation perplexity of a run; final = at its last epoch; wall time = start to end of the run’s ' +
    'latest attempt; tokens/s = mean over epochs of training predictions per second. Fluctuation = std of the ' +
    'epoch-to-epoch changes of validation loss (nats).',
};

export const COMPARISON_HEADER = [
  'runs',
  'best valid ppl',
  'best epoch',
  'final valid ppl',
  'final train ppl',
  'valid fluctuation (nats)',
  'wall time (s)',
  'tokens/s',
];

/** Column titles for the grid keys. */
export function gridKeyHeaders(model: ReportModel): string[] {
  const names = shortKeyNames(model.gridKeys);
  return model.gridKeys.map((key) => names.get(key) ?? key);
}

export function comparisonCells(model: ReportModel, row: ComparisonRow): string[] {
  return [
    ...model.gridKeys.map((key) => formatValue(row.point.values[key])),
    formatStatuses(row.statuses),
    formatStats(row.bestValid),
    formatStats(row.bestEpoch, 1),
    formatStats(row.finalValid),
    formatStats(row.finalTrain),
    formatStats(row.validFluctuation, 4),
    formatStats(row.wallTimeS, 0),
    formatStats(row.tokensPerSec, 0),
  ];
}

export const QUALITY_HEADER = [
  'distinct 1-grams',
  'distinct 2-grams',
  'distinct 3-grams',
  'distinct 4-grams',
  `distinct char ${CHARACTER_NGRAM}-grams`,
  'longest repeat (chars)',
  'characters',
];

/** A group's mean ± std, or why it has none. */
function fractionStats(stats: QualityStats['distinctCharacters'], tooShort: string): string {
  return stats.n === 0 && stats.nonFinite === 0 ? `— (${tooShort})` : formatStats(stats, 3);
}

export function qualityCells(quality: QualityStats): string[] {
  return [
    ...quality.distinct.map((stats, index) => fractionStats(stats, `every text under ${NGRAM_SIZES[index]} words`)),
    fractionStats(quality.distinctCharacters, `every text under ${CHARACTER_NGRAM} characters`),
    formatStats(quality.longestRepeat, 0),
    formatStats(quality.characters, 0),
  ];
}

export const SAMPLE_QUALITY_HEADER = ['d1', 'd2', 'd3', 'd4', `c${CHARACTER_NGRAM}`, 'longest repeat', 'characters'];

/** One text's fraction, or why it is undefined. */
function fractionCell(value: number | null, why: string): string {
  return value === null ? `— (${why})` : value.toFixed(3);
}

/** One text's measures, in SAMPLE_QUALITY_HEADER order. */
export function sampleQualityCells(quality: TextQuality): string[] {
  const words = `${quality.words} word${quality.words === 1 ? '' : 's'}`;
  return [
    ...quality.distinct.map((value) => fractionCell(value, words)),
    fractionCell(quality.distinctCharacters, `${quality.characters} chars`),
    String(quality.longestRepeatLength),
    String(quality.characters),
  ];
}

/** One text's measures in a sentence: "distinct 1–4-grams 1.000 / — (1 word) / …; char 8-grams 0.004; longest …". */
export function sampleQualitySentence(quality: TextQuality): string {
  const cells = sampleQualityCells(quality);
  return (
    `distinct 1–4-grams ${cells.slice(0, 4).join(' / ')}; char ${CHARACTER_NGRAM}-grams ${cells[4]}; ` +
    `longest repeat ${quality.longestRepeatLength} chars`
  );
}

export const BOOK_HEADER = ['model, documents', 'source', 'final train ppl', 'final valid ppl', 'best valid ppl', 'best step'];

export function bookRows(model: ReportModel): string[][] {
  const rows: string[][] = [];
  for (const { book, ours, differences } of model.book) {
    const name = `${book.modelType === 'rnn' ? 'RNN' : 'RNN-CF'}, ${book.documents}`;
    rows.push([name, 'book (one run, no seed)', book.finalTrainPerplexity.toFixed(2), book.finalValidPerplexity.toFixed(2), book.bestValidPerplexity.toFixed(2), String(book.bestStep)]);
    rows.push(
      ours === null
        ? [name, 'this experiment', differences.length === 0 ? 'not in this experiment' : `not at the book’s settings: ${differences.join('; ')}`, '', '', '']
        : [name, `this experiment (${ours.bestValid.n} seed${ours.bestValid.n === 1 ? '' : 's'})`, formatStats(ours.finalTrain), formatStats(ours.finalValid), formatStats(ours.bestValid), formatStats(ours.bestEpoch, 1)],
    );
  }
  return rows;
}

export function summaryLine(model: ReportModel): string {
  const backends = model.backends.length === 0 ? 'unknown' : model.backends.join(', ');
  return (
    `${countOf(model.runCount, 'run')} (${formatStatuses(model.statuses)}), ${countOf(model.comparison.length, 'grid point')}; ` +
    `backend ${backends}; database ${model.dbPath}; ` +
    (model.selection === null ? '' : `runs chosen with ${model.selection}; `) +
    `report made ${model.generatedAt}.`
  );
}

/** Where the report's claims come from, or that the experiment declares none. */
export function claimsSourceSentence(model: ReportModel): string {
  if (model.claims.length === 0) {
    return `The experiment declares no claims (claims: in its file; read from ${model.claimsSource}): nothing is decided here.`;
  }
  const primary = model.claims.filter((claim) => claim.spec.primary).length;
  return (
    `${model.claims.length} claim${model.claims.length === 1 ? '' : 's'} (${primary} primary), read from ${model.claimsSource}.`
  );
}

/** "1 run", "3 runs". */
function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function verdictClass(verdict: string): string {
  return verdict.replace(/\s+/g, '-');
}

export const GRADIENT_HEADER = [
  'runs measured',
  'grad norm, first epoch',
  'grad norm, last epoch',
  'max grad norm',
  'clipped fraction',
  'context path norm',
  'hidden path norm',
  'context ÷ hidden',
];

export function gradientCells(model: ReportModel, row: GradientRow): string[] {
  const optional = (stats: GradientRow['contextNorm'], digits: number) => (stats === null ? '—' : formatStats(stats, digits));
  return [
    ...model.gridKeys.map((key) => formatValue(row.point.values[key])),
    String(row.measuredRuns),
    formatStats(row.firstNorm, 3),
    formatStats(row.lastNorm, 3),
    formatStats(row.maxNorm, 3),
    formatStats(row.clippedFraction, 3),
    optional(row.contextNorm, 3),
    optional(row.hiddenNorm, 3),
    optional(row.contextToHidden, 3),
  ];
}

/** The sentence under the gradient table when some runs of the experiment did not record gradient norms. */
export function gradientNote(model: ReportModel): string | null {
  const count = model.gradients.unmeasuredRuns;
  if (model.gradients.missing !== null || count === 0) return null;
  return `${count} run${count === 1 ? '' : 's'} with epochs recorded no gradient norms (trained before rnnlab recorded them) and ${count === 1 ? 'is' : 'are'} left out.`;
}
