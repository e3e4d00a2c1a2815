// The Compare tab: `rnnlab compare`'s table (same options, same code on the server), one row per grid point.
import { html } from 'htm/preact';
import { useApi } from './api.js';
import { useLiveVersion } from './live-updates.js';
import { updateParams } from './route.js';
import type { CompareView } from '../api-types.js';

const METRICS = ['valid_perplexity', 'train_perplexity', 'valid_loss_nats', 'train_loss_nats', 'tokens_per_sec'];

export function CompareTab({ db, name, params }: { db: string; name: string; params: URLSearchParams }) {
  const version = useLiveVersion();
  const options = { by: params.get('by'), metric: params.get('metric'), at: params.get('at'), sort: params.get('sort') };
  const { data, error } = useApi<CompareView>('/api/compare', { db, experiment: name, ...options }, version);
  const text = (key: string, placeholder: string) => html`<label>--${key}
    <input size="14" data-option=${key} placeholder=${placeholder} value=${params.get(key) ?? ''}
           onChange=${(e: Event) => updateParams({ [key]: (e.target as HTMLInputElement).value.trim() })} /></label>`;
  return html`
    <div class="controls">
      ${text('by', 'grid keys')}
      <label>--metric <select data-option="metric" value=${options.metric ?? 'valid_perplexity'}
          onChange=${(e: Event) => updateParams({ metric: (e.target as HTMLSelectElement).value })}>
        ${METRICS.map((m) => html`<option value=${m}>${m}</option>`)}</select></label>
      ${text('at', 'best')}
      ${text('sort', 'grid order')}
    </div>
    ${error !== null ? html`<p class="error">${error}</p>` : null}
    ${data === null
      ? null
      : html`<p class="muted" id="compare-caption">${data.caption}</p>
        <table id="compare">
          <thead><tr>${data.columns.map((c, i) => html`<th class=${data.rightAligned[i] ? 'num' : ''}>${c}</th>`)}</tr></thead>
          <tbody>${data.rows.map(
            (row) => html`<tr>${row.map((cell, i) => html`<td class=${data.rightAligned[i] ? 'num' : ''}>${cell}</td>`)}</tr>`,
          )}</tbody>
        </table>`}
  `;
}
