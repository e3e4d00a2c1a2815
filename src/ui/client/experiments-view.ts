// The Experiments view: each experiment of each database with its runs by status and its file as written.
import { html } from 'htm/preact';
import { useApi } from './api.js';
import { useLiveVersion } from './live-updates.js';
import { href } from './route.js';
import type { ExperimentSummary } from '../api-types.js';

export function ExperimentsView() {
  const version = useLiveVersion();
  const { data, error } = useApi<ExperimentSummary[]>('/api/experiments', {}, version);
  if (error !== null) return html`<p class="error">${error}</p>`;
  if (data === null) return html`<p class="muted">loading…</p>`;
  if (data.length === 0) return html`<p>No experiments yet: run one with <code>rnnlab run FILE</code>.</p>`;
  const severalDbs = new Set(data.map((e) => e.dbPath)).size > 1;
  const statuses = Object.keys(data[0].statuses);
  return html`
    <h1>Experiments</h1>
    <table id="experiments">
      <thead><tr>
        <th>experiment</th>${severalDbs ? html`<th>database</th>` : null}<th class="num">runs</th>
        ${statuses.map((status) => html`<th class="num">${status}</th>`)}<th>file</th><th>updated</th>
      </tr></thead>
      <tbody>
        ${data.map(
          (e) => html`<tr data-experiment=${e.name}>
            <td><a href=${href('experiment', { db: e.db, name: e.name })}>${e.name}</a></td>
            ${severalDbs ? html`<td class="mono">${e.dbPath}</td>` : null}
            <td class="num">${e.runs}</td>
            ${statuses.map(
              (status) => html`<td class=${`num${e.statuses[status] > 0 ? ` status-${status}` : ' muted'}`} data-status=${status}>${e.statuses[status]}</td>`,
            )}
            <td class="mono">${e.specPath}</td>
            <td class="muted">${e.updatedAt.replace('T', ' ').slice(0, 19)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    ${data.map(
      (e) => html`<details>
        <summary>${e.name}: the experiment file as written (${e.specPath})</summary>
        <pre>${e.specText}</pre>
      </details>`,
    )}
  `;
}
