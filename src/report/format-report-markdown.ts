// The report's Markdown twin: the same sections as the HTML, plots as image files beside it.

import type { ReportModel } from './build-report-model.js';
import { formatValue } from './group-runs.js';
import {
  BOOK_HEADER,
  bookRows,
  COMPARISON_HEADER,
  comparisonCells,
  DEFINITIONS,
  GRADIENT_HEADER,
  gradientCells,
  gradientNote,
  gridKeyHeaders,
  QUALITY_HEADER,
  qualityCells,
  SAMPLE_QUALITY_HEADER,
  sampleQualityCells,
  sampleQualitySentence,
  summaryLine,
  claimsSourceSentence,
} from './report-text.js';

export interface MarkdownChart {
  title: string;
  /** Image path relative to the Markdown file. */
  file: string;
}

/** A table cell: pipes escaped, newlines as spaces, < > & as entities (Markdown renders inline HTML). */
export function cell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');
}

/** Prose: the same entities, plus Markdown's emphasis/link characters escaped. */
function prose(text: string): string {
  return cell(text).replace(/([\\`*_[\]#])/g, '\\$1');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [
    `| ${header.map(cell).join(' | ')} |`,
    `|${header.map(() => ' --- ').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
  return lines.join('\n');
}

/** A fenced block that no backtick run inside `text` can close. */
function fenced(text: string, info = ''): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${text}\n${fence}`;
}

export function formatReportMarkdown(
  model: ReportModel,
  charts: readonly MarkdownChart[],
  gradientCharts: readonly MarkdownChart[] = [],
): string {
  const out: string[] = [];
  out.push(`# rnnlab report: ${prose(model.experiment.name)}`, '', prose(summaryLine(model)), '');

  out.push(`## The claims at a glance`, '');
  if (model.claims.length === 0) out.push(prose(claimsSourceSentence(model)));
  for (const claim of model.claims) out.push(`- **${claim.verdict}**: ${prose(claim.claim)}`);
  out.push('');

  out.push(`## The experiment file as run`, '', `${prose(model.experiment.specPath)}`, '', fenced(model.experiment.specText, 'yaml'), '');

  out.push(`## Comparison`, '', prose(DEFINITIONS.table), '');
  out.push(table([...gridKeyHeaders(model), ...COMPARISON_HEADER], model.comparison.map((row) => comparisonCells(model, row))), '');

  out.push(`## The book’s printed figures`, '', 'From the book’s saved chapter-6 notebook at step 26; one unseeded run each. Ours: mean ± std over seeds.', '');
  out.push(table(BOOK_HEADER, bookRows(model)), '');

  out.push(`## Perplexity per epoch`, '', prose(DEFINITIONS.band), '');
  for (const chart of charts) out.push(`![${cell(chart.title)}](${encodeURI(chart.file)})`, '');

  out.push(`## Gradients`, '', prose(DEFINITIONS.gradients), '');
  if (model.gradients.missing !== null) out.push(`**${prose(model.gradients.missing)}**`, '');
  else {
    out.push(table([...gridKeyHeaders(model), ...GRADIENT_HEADER], model.gradients.rows.map((row) => gradientCells(model, row))), '');
    const note = gradientNote(model);
    if (note !== null) out.push(prose(note), '');
    for (const chart of gradientCharts) out.push(`![${cell(chart.title)}](${encodeURI(chart.file)})`, '');
  }

  out.push(`## The claims, decided`, '', prose(DEFINITIONS.claims), '', prose(claimsSourceSentence(model)), '');
  for (const claim of model.claims) {
    const label = claim.spec.primary ? '' : ' (exploratory)';
    out.push(`### ${prose(claim.claim)}${label}`, '', `**Verdict: ${claim.verdict}.**`, '', `Rule: ${prose(claim.rule)}`, '');
    for (const finding of claim.findings) out.push(`- ${prose(finding)}`);
    out.push('');
    if (claim.table !== null) out.push(table(claim.table.header, claim.table.rows), '');
  }

  out.push(`## Generated samples`, '', 'Per grid point, the first, middle and last epoch that generated text; every seed.', '');
  for (const panel of model.samplePanels) {
    out.push(`### ${prose(panel.point.label)}`, '');
    for (const { epoch, samples } of panel.epochs) {
      for (const sample of samples) {
        out.push(
          `Epoch ${epoch}, seed ${prose(formatValue(sample.seed))}, segment ${sample.sampleIndex}, ${sample.decoding}; ` +
            `${sampleQualitySentence(sample.quality)}.`,
          '',
          fenced(sample.text, 'text'),
          '',
        );
      }
    }
  }

  out.push(`## Text quality against real held-out text`, '');
  for (const definition of [DEFINITIONS.words, DEFINITIONS.distinct, DEFINITIONS.characters, DEFINITIONS.repeat, DEFINITIONS.empty, DEFINITIONS.heldOut]) {
    out.push(prose(definition), '');
  }
  const rows: string[][] = [];
  if (model.heldOut !== null) {
    rows.push([
      `real held-out text (${model.heldOut.text.slices.length} slices of ${model.heldOut.text.characters} chars)`,
      '—',
      String(model.heldOut.text.slices.length),
      ...qualityCells(model.heldOut.quality),
    ]);
  }
  for (const panel of model.samplePanels) {
    for (const { epoch, samples, quality } of panel.epochs) {
      rows.push([panel.point.label, String(epoch), String(samples.length), ...qualityCells(quality)]);
    }
  }
  out.push(table(['text', 'epoch', 'samples', ...QUALITY_HEADER], rows), '');
  if (model.heldOut === null) out.push(`**No real held-out text:** ${prose(model.heldOutMissing ?? 'unavailable')}`, '');
  else out.push(`Held-out documents: ${prose(model.heldOut.perSlice.map((slice) => slice.document).join(', '))}.`, '');

  out.push(`### Every sample’s measures`, '');
  out.push(
    table(
      ['grid point', 'seed', 'epoch', 'segment', ...SAMPLE_QUALITY_HEADER],
      model.samples.map((sample) => [
        sample.point,
        formatValue(sample.seed),
        String(sample.epoch),
        String(sample.sampleIndex),
        ...sampleQualityCells(sample.quality),
      ]),
    ),
    '',
  );
  return out.join('\n');
}
