// The report as one self-contained HTML page: inline CSS, inline SVG plots, no scripts, no external URLs.

import type { ReportModel, SamplePanel } from './build-report-model.js';
import { escapeHtml as e } from './escape-html.js';
import { formatValue } from './group-runs.js';
import type { MeasuredSample } from './measure-samples.js';
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
  verdictClass,
} from './report-text.js';

export interface ReportChart {
  title: string;
  /** A standalone SVG document from vega; inlined as is (vega escapes its own text). */
  svg: string;
}

const STYLE = `
body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 2em auto; max-width: 1400px; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 2em; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #f7f7f7; border: 1px solid #ddd; padding: 0.6em; overflow: auto; white-space: pre-wrap; word-break: break-word; }
pre.sample { max-height: 22em; font-size: 0.85em; margin: 0.3em 0; }
.samples { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 0.8em; }
.meta { color: #555; font-size: 0.9em; }
.verdict { display: inline-block; padding: 0.1em 0.6em; border-radius: 0.8em; font-weight: bold; font-size: 0.9em; }
.verdict.supported { background: #d7f2d7; } .verdict.equivalent { background: #d7e8f6; }
.verdict.inconclusive { background: #f8e8c0; } .verdict.contradicted { background: #f6cccc; } .verdict.not-enough-data { background: #e4e4e4; }
.verdict.not-enough-data { background: #dde6f2; }
.rule { color: #444; font-size: 0.9em; } figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
details { margin: 0.5em 0; }
code { overflow-wrap: anywhere; word-break: break-all; } .samples > div { min-width: 0; }
`;

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = header.map((cell) => `<th>${e(cell)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((cell) => `<td${/^[-\d.±() ]+$/.test(cell) && cell !== '' ? ' class="num"' : ''}>${e(cell)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function sampleBox(sample: MeasuredSample): string {
  const q = sample.quality;
  return (
    `<div class="meta">seed ${e(formatValue(sample.seed))}, epoch ${sample.epoch}, ${e(sample.decoding)}, ` +
    `seed text <code>${e(JSON.stringify(sample.seedText))}</code></div>\n` +
    `<pre class="sample">${e(sample.text)}</pre>\n` +
    `<div class="meta">${e(sampleQualitySentence(q))}` +
    (q.longestRepeatLength > 0 ? `: <code>${e(JSON.stringify(truncate(q.longestRepeatText, 80)))}</code>` : '') +
    `</div>`
  );
}

function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}

function samplePanel(panel: SamplePanel): string {
  if (panel.epochs.length === 0) return `<h3>${e(panel.point.label)}</h3><p>No samples stored.</p>`;
  const columns = panel.epochs
    .map(({ epoch, samples }) => {
      const [first, ...others] = samples;
      const more =
        others.length === 0
          ? ''
          : `<details><summary>${others.length} more (other seeds / segments)</summary>${others.map(sampleBox).join('\n')}</details>`;
      return `<div><h4>epoch ${epoch}</h4>${sampleBox(first)}${more}</div>`;
    })
    .join('\n');
  return `<h3>${e(panel.point.label)}</h3>\n<div class="samples">\n${columns}\n</div>`;
}

export function formatReportHtml(model: ReportModel, charts: readonly ReportChart[], gradientCharts: readonly ReportChart[] = []): string {
  const name = model.experiment.name;
  const parts: string[] = [];
  parts.push(`<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">`);
  parts.push(`<meta name="viewport" content="width=device-width, initial-scale=1">`);
  parts.push(`<title>rnnlab report: ${e(name)}</title>\n<style>${STYLE}</style>\n</head>\n<body>`);
  parts.push(`<h1>rnnlab report: ${e(name)}</h1>\n<p class="meta">${e(summaryLine(model))}</p>`);

  parts.push(`<h2 id="verdicts">The claims at a glance</h2>\n<ul>`);
  for (const claim of model.claims) {
    parts.push(
      `<li><span class="verdict ${verdictClass(claim.verdict)}">${e(claim.verdict)}</span> ` +
        `<a href="#claim-${e(claim.id)}">${e(claim.claim)}</a></li>`,
    );
  }
  parts.push(`</ul>`);

  parts.push(`<h2 id="experiment">The experiment file as run</h2>`);
  parts.push(`<p class="meta">${e(model.experiment.specPath)} (stored ${e(model.experiment.updatedAt)})</p>`);
  parts.push(`<pre>${e(model.experiment.specText)}</pre>`);

  parts.push(`<h2 id="comparison">Comparison</h2>\n<p class="rule">${e(DEFINITIONS.table)}</p>`);
  parts.push(table([...gridKeyHeaders(model), ...COMPARISON_HEADER], model.comparison.map((row) => comparisonCells(model, row))));

  parts.push(`<h2 id="book">The book’s printed figures</h2>`);
  parts.push(
    `<p class="rule">From the book’s saved chapter-6 notebook at step 26; one unseeded run each. Ours: mean ± std over seeds.</p>`,
  );
  parts.push(table(BOOK_HEADER, bookRows(model)));

  parts.push(`<h2 id="plots">Perplexity per epoch</h2>\n<p class="rule">${e(DEFINITIONS.band)}</p>`);
  for (const chart of charts) {
    parts.push(`<figure>\n${stripXmlDeclaration(chart.svg)}\n<figcaption>${e(chart.title)}</figcaption>\n</figure>`);
  }

  parts.push(`<h2 id="gradients">Gradients</h2>\n<p class="rule">${e(DEFINITIONS.gradients)}</p>`);
  if (model.gradients.missing !== null) parts.push(`<p><strong>${e(model.gradients.missing)}</strong></p>`);
  else {
    parts.push(table([...gridKeyHeaders(model), ...GRADIENT_HEADER], model.gradients.rows.map((row) => gradientCells(model, row))));
    const note = gradientNote(model);
    if (note !== null) parts.push(`<p class="meta">${e(note)}</p>`);
    for (const chart of gradientCharts) {
      parts.push(`<figure>\n${stripXmlDeclaration(chart.svg)}\n<figcaption>${e(chart.title)}</figcaption>\n</figure>`);
    }
  }

  parts.push(`<h2 id="claims">The claims, decided</h2>`, `<p class="rule">${e(DEFINITIONS.claims)}</p>`);
  parts.push(`<p class="rule">${e(claimsSourceSentence(model))}</p>`);
  for (const claim of model.claims) {
    parts.push(`<h3 id="claim-${e(claim.id)}">${e(claim.claim)}${claim.spec.primary ? '' : ' (exploratory)'}</h3>`);
    parts.push(`<p><span class="verdict ${verdictClass(claim.verdict)}">${e(claim.verdict)}</span></p>`);
    parts.push(`<p class="rule"><strong>Rule:</strong> ${e(claim.rule)}</p>`);
    parts.push(`<ul>${claim.findings.map((finding) => `<li>${e(finding)}</li>`).join('')}</ul>`);
    if (claim.table !== null) parts.push(table(claim.table.header, claim.table.rows));
  }

  parts.push(`<h2 id="samples">Generated samples</h2>`);
  parts.push(
    `<p class="rule">Per grid point, the first, middle and last epoch that generated text; the first seed shown, the others folded.</p>`,
  );
  for (const panel of model.samplePanels) parts.push(samplePanel(panel));

  parts.push(`<h2 id="quality">Text quality against real held-out text</h2>`);
  parts.push(`<p class="rule">${e(DEFINITIONS.words)}</p><p class="rule">${e(DEFINITIONS.distinct)}</p>`);
  parts.push(`<p class="rule">${e(DEFINITIONS.characters)}</p><p class="rule">${e(DEFINITIONS.repeat)}</p>`);
  parts.push(`<p class="rule">${e(DEFINITIONS.empty)}</p><p class="rule">${e(DEFINITIONS.heldOut)}</p>`);
  const qualityRows: string[][] = [];
  if (model.heldOut !== null) {
    qualityRows.push([
      `real held-out text (${model.heldOut.text.slices.length} slices of ${model.heldOut.text.characters} chars)`,
      '—',
      String(model.heldOut.text.slices.length),
      ...qualityCells(model.heldOut.quality),
    ]);
  }
  for (const panel of model.samplePanels) {
    for (const { epoch, samples, quality } of panel.epochs) {
      qualityRows.push([panel.point.label, String(epoch), String(samples.length), ...qualityCells(quality)]);
    }
  }
  parts.push(table(['text', 'epoch', 'samples', ...QUALITY_HEADER], qualityRows));
  if (model.heldOut === null) parts.push(`<p><strong>No real held-out text:</strong> ${e(model.heldOutMissing ?? 'unavailable')}</p>`);
  else {
    parts.push(
      `<p class="meta">Held-out documents: ${e(model.heldOut.perSlice.map((slice) => slice.document).join(', '))} ` +
        `from ${e(model.heldOut.text.corpusDir)}.</p>`,
    );
  }
  parts.push(`<details><summary>Every sample’s measures (${model.samples.length})</summary>`);
  parts.push(
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
  );
  parts.push(`</details>`);
  parts.push(`</body>\n</html>\n`);
  return parts.join('\n');
}

function stripXmlDeclaration(svg: string): string {
  return svg.replace(/^<\?xml[^>]*>\s*/, '');
}
