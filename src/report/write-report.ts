// Writes an experiment's report: NAME.html (self-contained) and NAME.md with its plot images beside it.

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ResultsStore } from '../store/results-store.js';
import { buildCurveChart } from './build-curve-chart.js';
import { experimentRunsOf, readClaimsFile } from './claims/read-declared-claims.js';
import { readSequentialRecord } from './claims/apply-sequential-verdicts.js';
import { buildReportModel, lastDocumentUsed, typicalSampleLength } from './build-report-model.js';
import { checkRunsPoolable } from './check-runs-poolable.js';
import { loadExperimentResults, runsWithEpochs } from './experiment-results.js';
import { gridKeys } from './group-runs.js';
import { formatReportHtml } from './format-report-html.js';
import { formatReportMarkdown } from './format-report-markdown.js';
import { readHeldOutText, type HeldOutText } from './held-out-text.js';
import { renderChartSvg, renderSvgToPng } from './render-chart.js';
import { formatWhere, selectRunsWhere, type WhereCondition } from './select-runs-where.js';
import { writeOutputFile } from './write-output-file.js';

/** How many held-out documents the real-text reference is measured on. */
export const HELD_OUT_SLICES = 20;

export interface ReportFiles {
  html: string;
  markdown: string;
  images: string[];
}

export interface WriteReportOptions {
  outDir: string;
  /** Corpus directories to try for held-out text, in order; the first that exists is used. */
  corpusDirs: string[];
  /** Report only the runs matching every condition (--where); none = all runs. */
  where?: readonly WhereCondition[];
  now?: Date;
  /** File name (without extension) of the HTML and Markdown files; default: the experiment's name. */
  reportName?: string;
  /** An experiment file whose claims are decided instead of those stored with the runs (--claims FILE). */
  claimsFile?: string;
}

/** A file-name-safe form of an experiment name. */
export function reportFileStem(experiment: string): string {
  return experiment.replace(/[^\w.-]+/g, '_');
}

export async function writeReport(store: ResultsStore, experiment: string, options: WriteReportOptions): Promise<ReportFiles> {
  const stored = loadExperimentResults(store, experiment);
  // Read (and validated) before anything is written: a bad claims file leaves no half-written report.
  const claims = options.claimsFile === undefined ? undefined : readClaimsFile(options.claimsFile, experiment);
  const where = options.where ?? [];
  const results = { ...stored, runs: selectRunsWhere(stored.runs, where, experiment) };
  // Before anything is written: runs that differ beyond the grid keys must not be averaged as seeds.
  checkRunsPoolable(runsWithEpochs(results), gridKeys(results.runs), experiment);
  const selection =
    where.length === 0 ? null : `${where.map(formatWhere).join(' ')}: ${results.runs.length} of ${stored.runs.length} runs`;
  const sampleLength = typicalSampleLength(runsWithEpochs(results));
  const corpusDir = options.corpusDirs.find((dir) => existsSync(dir) && statSync(dir).isDirectory()) ?? null;
  const afterDocument = lastDocumentUsed(results);
  let heldOut: HeldOutText | null = null;
  let heldOutMissing: string | null = null;
  if (sampleLength === null) heldOutMissing = 'the runs stored no generated samples';
  else if (corpusDir === null) heldOutMissing = `no corpus directory found (tried: ${options.corpusDirs.join(', ') || 'none'}); give --corpus DIR`;
  else {
    heldOut = readHeldOutText(corpusDir, { afterDocument, characters: sampleLength, count: HELD_OUT_SLICES });
    if (heldOut === null) {
      heldOutMissing = `${corpusDir} has no document numbered above ${afterDocument} with at least ${sampleLength} characters`;
    }
  }
  const model = buildReportModel(results, {
    dbPath: store.path,
    now: options.now ?? new Date(),
    heldOut,
    heldOutMissing,
    selection,
    claims,
    // Another experiment a claim compares with is read from the same database when it is there.
    findOther: (name) => (store.getExperiment(name) === undefined ? null : experimentRunsOf(loadExperimentResults(store, name))),
    sequential: readSequentialRecord(store, experiment),
  });

  const stem = reportFileStem(experiment);
  const images: string[] = [];
  /** Renders a chart to SVG and PNG files beside the report; returns the SVG text and the PNG's name. */
  const writeChart = async (spec: Parameters<typeof renderChartSvg>[0], suffix: string) => {
    const svg = await renderChartSvg(spec);
    const svgFile = `${stem}-${suffix}.svg`;
    const pngFile = `${stem}-${suffix}.png`;
    writeOutputFile(join(options.outDir, svgFile), svg);
    writeOutputFile(join(options.outDir, pngFile), await renderSvgToPng(svg));
    images.push(join(options.outDir, svgFile), join(options.outDir, pngFile));
    return { svg, pngFile };
  };
  const chart = buildCurveChart(results, { metrics: ['train_perplexity', 'valid_perplexity'], by: null, yScale: 'linear' });
  const perplexity = await writeChart(chart.spec, 'perplexity');
  // The gradient plot only when some run measured gradient norms (the section says why otherwise).
  const gradientChart =
    model.gradients.missing === null ? buildCurveChart(results, { metrics: ['grad_norm'], by: null, yScale: 'log' }) : null;
  const gradient = gradientChart === null ? null : await writeChart(gradientChart.spec, 'grad-norm');
  const name = options.reportName ?? stem;
  const html = join(options.outDir, `${name}.html`);
  const markdown = join(options.outDir, `${name}.md`);
  writeOutputFile(
    html,
    formatReportHtml(
      model,
      [{ title: chart.title, svg: perplexity.svg }],
      gradient === null ? [] : [{ title: gradientChart!.title, svg: gradient.svg }],
    ),
  );
  writeOutputFile(
    markdown,
    formatReportMarkdown(
      model,
      [{ title: chart.title, file: perplexity.pngFile }],
      gradient === null ? [] : [{ title: gradientChart!.title, file: gradient.pngFile }],
    ),
  );
  return { html, markdown, images };
}
