// One uPlot chart of per-epoch lines: each line's mean, its seeds' min–max as a shaded band, the book's figures as
// points; log or linear y axis; the legend shows every line's value at the hovered epoch.
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import type { CurveLine, CurveSeries } from '../api-types.js';

// Distinguishable on white (Okabe–Ito, then a few more).
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#8C564B', '#7F7F7F'];

function withAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

export function CurveChart({ series, log }: { series: CurveSeries; log: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (element === null || series.epochs.length === 0) return;
    const data: (number | null)[][] = [series.epochs];
    const options: uPlot.Series[] = [{ label: 'epoch' }];
    const bands: uPlot.Band[] = [];
    const hidden: number[] = []; // legend rows of band edges
    series.lines.forEach((line, i) => {
      const colour = COLOURS[i % COLOURS.length];
      data.push(line.mean);
      options.push({ label: line.label, stroke: colour, width: 2, spanGaps: true, points: { show: true, size: 5 } });
      const meanIndex = data.length - 1;
      if (line.runs > 1) {
        data.push(line.max, line.min);
        options.push({ label: `${line.label} max`, stroke: 'transparent', spanGaps: true, points: { show: false } });
        options.push({ label: `${line.label} min`, stroke: 'transparent', spanGaps: true, points: { show: false } });
        bands.push({ series: [meanIndex + 1, meanIndex + 2], fill: withAlpha(colour, 0.18) });
        hidden.push(meanIndex + 1, meanIndex + 2);
      }
    });
    for (const overlay of series.book) {
      data.push(overlay.values);
      options.push({
        label: overlay.label,
        stroke: '#444',
        paths: () => null,
        points: { show: true, size: 11, stroke: '#444', fill: '#fff', width: 2 },
      });
    }
    const chart = new uPlot(
      {
        width: Math.max(480, Math.min(element.clientWidth || 900, 1100)),
        height: 420,
        title: series.title,
        scales: { x: { time: false }, y: log ? { distr: 3 } : {} },
        // Epochs are whole numbers: ticks only at integers.
        axes: [{ label: 'epoch', incrs: [1, 2, 5, 10, 20, 50, 100] }, { label: series.title, size: 70 }],
        series: options,
        bands,
        legend: { live: true },
      },
      data as uPlot.AlignedData,
      element,
    );
    const rows = chart.root.querySelectorAll<HTMLElement>('.u-legend .u-series');
    for (const index of hidden) rows[index]?.classList.add('band-edge');
    return () => chart.destroy();
  }, [series, log]);
  if (series.epochs.length === 0) return html`<p class="muted">No epochs recorded yet.</p>`;
  return html`<div class="chart" data-lines=${series.lines.length} ref=${box}></div>`;
}
