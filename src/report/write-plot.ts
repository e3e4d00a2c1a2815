// Writes an experiment's per-epoch curves to an SVG or PNG file (the format follows the file's extension).

import { extname } from 'node:path';
import { UserError } from '../config/user-error.js';
import { writeOutputFile } from './write-output-file.js';
import type { ResultsStore } from '../store/results-store.js';
import { buildCurveChart, type CurveChartRequest } from './build-curve-chart.js';
import { loadExperimentResults } from './experiment-results.js';
import { renderChartSvg, renderSvgToPng } from './render-chart.js';

export interface PlotResult {
  path: string;
  lines: number;
  title: string;
}

/** Checks that `path` ends in .svg or .png (any case); returns which. */
export function plotFormat(path: string): 'svg' | 'png' {
  const extension = extname(path).toLowerCase();
  if (extension === '.svg' || extension === '.png') return extension.slice(1) as 'svg' | 'png';
  throw new UserError(`--out ${path}: the file must end in .svg or .png`);
}

export async function writePlot(
  store: ResultsStore,
  experiment: string,
  path: string,
  request: CurveChartRequest,
): Promise<PlotResult> {
  const format = plotFormat(path);
  const chart = buildCurveChart(loadExperimentResults(store, experiment), request);
  const svg = await renderChartSvg(chart.spec);
  writeOutputFile(path, format === 'svg' ? svg : await renderSvgToPng(svg));
  return { path, lines: chart.points.length, title: chart.title };
}
