// The Samples tab: two runs' generated text per epoch side by side, the longest repeated substring highlighted.
import { html } from 'htm/preact';
import { useApi } from './api.js';
import { formatValue, shortKey } from './format.js';
import { useLiveVersion } from './live-updates.js';
import { MarkedText } from './marked-text.js';
import { updateParams } from './route.js';
import type { RunTable, RunTableRow } from './runs-tab.js';
import type { MarkedSample, SamplePairs } from '../api-types.js';

function runLabel(run: RunTableRow): string {
  const grid = Object.entries(run.grid).map(([k, v]) => `${shortKey(k)}=${formatValue(v)}`);
  return [run.id.slice(0, 8), ...grid, `seed=${formatValue(run.seed)}`].join(' ');
}

export function SamplesTab({ db, name, params }: { db: string; name: string; params: URLSearchParams }) {
  const version = useLiveVersion();
  const table = useApi<RunTable>('/api/runs', { db, experiment: name }, version);
  const runs = table.data?.runs.filter((run) => run.epoch > 0) ?? [];
  const a = params.get('a') ?? runs[0]?.id ?? null;
  const b = params.get('b') ?? runs.find((run) => run.id !== a)?.id ?? a;
  const pairs = useApi<SamplePairs>(a === null || b === null ? null : '/api/samples', { db, a, b }, version);
  if (table.error !== null) return html`<p class="error">${table.error}</p>`;
  if (table.data !== null && runs.length === 0) return html`<p class="muted">No run has samples yet.</p>`;
  const choose = (side: 'a' | 'b', value: string | null) => html`<select data-side=${side} value=${value ?? ''}
      onChange=${(e: Event) => updateParams({ [side]: (e.target as HTMLSelectElement).value })}>
      ${runs.map((run) => html`<option value=${run.id}>${runLabel(run)}</option>`)}</select>`;
  return html`
    <div class="controls"><label>left ${choose('a', a)}</label><label>right ${choose('b', b)}</label>
      <span class="muted">highlighted: the longest substring that occurs twice</span></div>
    ${pairs.error !== null ? html`<p class="error">${pairs.error}</p>` : null}
    ${pairs.data === null
      ? null
      : html`<div class="pair" id="samples">
          <strong>epoch</strong><strong class="mono">${pairs.data.runs[0].slice(0, 8)}</strong><strong class="mono">${pairs.data.runs[1].slice(0, 8)}</strong>
          ${pairs.data.epochs.map(
            (row) => html`<div data-epoch=${row.epoch}>${row.epoch}</div>
              <div data-side="a">${row.a.map((s) => html`<${MarkedText} sample=${s} />`)}</div>
              <div data-side="b">${row.b.map((s) => html`<${MarkedText} sample=${s} />`)}</div>`,
          )}
        </div>`}
  `;
}
