// The Curves tab: per-epoch curves of a metric, one line per group of runs (mean over seeds, seed band) or per
// chosen run; log or linear axis.
import { html } from 'htm/preact';
import { useApi } from './api.js';
import type { CurveSeries } from '../api-types.js';
import { CurveChart } from './curve-chart.js';
import { formatValue, shortKey } from './format.js';
import { useLiveVersion } from './live-updates.js';
import { updateParams } from './route.js';
import type { RunTable } from './runs-tab.js';

const METRICS = [
  'valid_perplexity',
  'train_perplexity',
  'valid_loss_nats',
  'train_loss_nats',
  'tokens_per_sec',
  'duration_ms',
  'grad_norm',
  'grad_norm_max',
  'clipped_fraction',
];

export function CurvesTab({ db, name, params }: { db: string; name: string; params: URLSearchParams }) {
  const version = useLiveVersion();
  const table = useApi<RunTable>('/api/runs', { db, experiment: name }, version);
  const metric = params.get('metric') ?? 'valid_perplexity';
  const log = params.get('scale') !== 'linear';
  const perRun = params.get('mode') === 'runs';
  const keys = table.data?.gridKeys ?? [];
  const by = params.has('by') ? (params.get('by') as string).split(',').filter(Boolean) : keys;
  const chosenRuns = (params.get('runs') ?? '').split(',').filter(Boolean);
  const request = perRun ? { db, experiment: name, metric, runs: chosenRuns.join(',') } : { db, experiment: name, metric, by: by.join(',') };
  const curves = useApi<CurveSeries>(table.data === null ? null : '/api/curves', request, version);
  const toggle = (list: string[], item: string) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);
  return html`
    <div class="controls">
      <label>metric <select value=${metric} data-control="metric" onChange=${(e: Event) => updateParams({ metric: (e.target as HTMLSelectElement).value })}>
        ${METRICS.map((m) => html`<option value=${m}>${m}</option>`)}
      </select></label>
      <label>y axis <select value=${log ? 'log' : 'linear'} data-control="scale" onChange=${(e: Event) => updateParams({ scale: (e.target as HTMLSelectElement).value })}>
        <option value="log">log</option><option value="linear">linear</option>
      </select></label>
      <label>lines <select value=${perRun ? 'runs' : 'groups'} data-control="mode" onChange=${(e: Event) => updateParams({ mode: (e.target as HTMLSelectElement).value })}>
        <option value="groups">grouped by keys (mean, seed band)</option><option value="runs">chosen runs</option>
      </select></label>
      ${perRun
        ? null
        : html`<span>group by ${keys.map(
            (key) => html`<label><input type="checkbox" data-by=${key} checked=${by.includes(key)}
                onChange=${() => updateParams({ by: toggle(by, key).join(',') || ',' })} /> ${shortKey(key)}</label> `,
          )}</span>`}
    </div>
    ${perRun && table.data !== null
      ? html`<div class="controls">${table.data.runs.map(
          (run) => html`<label class="mono"><input type="checkbox" data-run=${run.id} checked=${chosenRuns.includes(run.id)}
              onChange=${() => updateParams({ runs: toggle(chosenRuns, run.id).join(',') })} />
            ${run.id.slice(0, 8)} ${Object.entries(run.grid).map(([k, v]) => `${shortKey(k)}=${formatValue(v)}`).join(' ')} seed=${formatValue(run.seed)}</label>`,
        )}</div>`
      : null}
    ${table.error ?? curves.error ? html`<p class="error">${table.error ?? curves.error}</p>` : null}
    ${perRun && chosenRuns.length === 0
      ? html`<p class="muted">Tick one or more runs above.</p>`
      : curves.data === null
        ? html`<p class="muted">loading…</p>`
        : html`<${CurveChart} series=${curves.data} log=${log} />`}
    <p class="muted">Hover the chart for each line's value at an epoch. Bands: the seeds' min–max. Gradient norms are
      before clipping; runs trained before rnnlab recorded them have no such curve.</p>
  `;
}
