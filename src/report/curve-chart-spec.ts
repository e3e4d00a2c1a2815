// The vega-lite specification of a curves figure: one panel per metric, one line per grid point, a seed band.

import type { TopLevelSpec } from 'vega-lite';
import type { CurvePoint } from './epoch-curves.js';

export interface CurveChartOptions {
  title: string;
  /** Legend title: what distinguishes the lines (e.g. "type, documents"). */
  legendTitle: string;
  /** Line labels in legend order. */
  pointLabels: string[];
  /** Metric titles in panel order. */
  metricTitles: string[];
  yScale: 'linear' | 'log';
}

/** Lines are the mean over seeds at each epoch; the translucent band spans the seeds' minimum to maximum
 *  (with one seed the band has no height). Panels have independent y scales. */
export function curveChartSpec(rows: readonly CurvePoint[], options: CurveChartOptions): TopLevelSpec {
  const color = {
    field: 'point',
    type: 'nominal' as const,
    title: options.legendTitle,
    sort: options.pointLabels,
    scale: { scheme: 'tableau10' },
  };
  const x = {
    field: 'epoch',
    type: 'quantitative' as const,
    title: 'epoch (the book’s step)',
    axis: { tickMinStep: 1, format: 'd' },
  };
  const yTitle =
    options.metricTitles.length === 1
      ? options.metricTitles[0]
      : options.metricTitles.every((title) => title.endsWith('perplexity'))
        ? 'perplexity'
        : options.metricTitles.every((title) => title.startsWith('gradient norm'))
          ? 'gradient norm'
          : 'value';
  // A log scale never includes zero; saying zero: false there makes vega-lite warn on stderr.
  const yScale = options.yScale === 'log' ? { type: 'log' as const } : { zero: false, type: 'linear' as const };
  return {
    title: {
      text: options.title,
      subtitle: 'line: mean over seeds; band: min–max over seeds',
      anchor: 'start',
    },
    data: { values: rows.map((row) => ({ ...row })) },
    facet: { column: { field: 'metric', type: 'nominal', title: null, sort: options.metricTitles, header: { labelFontSize: 13 } } },
    spec: {
      width: 380,
      height: 260,
      layer: [
        {
          mark: { type: 'area', opacity: 0.2, interpolate: 'linear' },
          encoding: {
            x,
            y: { field: 'min', type: 'quantitative', scale: yScale, title: yTitle },
            y2: { field: 'max' },
            color,
          },
        },
        {
          mark: { type: 'line', strokeWidth: 2, point: { size: 16, filled: true } }, // points keep a 1-epoch run visible
          encoding: {
            x,
            y: { field: 'mean', type: 'quantitative', scale: yScale, title: yTitle },
            color,
          },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
    config: {
      font: 'DejaVu Sans, Verdana, sans-serif',
      background: 'white',
      legend: { orient: 'bottom', direction: 'vertical', labelLimit: 400, titleLimit: 600, symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1 },
    },
  };
}
