// The Runs tab: one row per run, live (a running run's epoch and tokens/s update as epochs land), sortable by any
// column and filterable by any grid key and status.
import { html } from 'htm/preact';
import { useApi } from './api.js';
import { formatNumber, formatSeconds, formatValue, shortKey } from './format.js';
import { useLiveVersion } from './live-updates.js';
import { href, updateParams } from './route.js';
import type { RunTable as ApiRunTable, RunTableRow as ApiRunTableRow } from '../api-types.js';

/** Perplexities may arrive as "NaN" (a diverged run). */
export type RunTableRow = ApiRunTableRow<number | string>;
export type RunTable = ApiRunTable<number | string>;

type Column = { id: string; title: string; value: (run: RunTableRow) => unknown; numeric?: boolean };

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return formatValue(a).localeCompare(formatValue(b), undefined, { numeric: true });
}

export function RunsTab({ db, name, params }: { db: string; name: string; params: URLSearchParams }) {
  const version = useLiveVersion();
  const { data, error } = useApi<RunTable>('/api/runs', { db, experiment: name }, version);
  if (error !== null) return html`<p class="error">${error}</p>`;
  if (data === null) return html`<p class="muted">loading…</p>`;
  const columns: Column[] = [
    ...data.gridKeys.map((key) => ({ id: key, title: shortKey(key), value: (run: RunTableRow) => run.grid[key] })),
    { id: 'seed', title: 'seed', value: (run) => run.seed, numeric: true },
    { id: 'status', title: 'status', value: (run) => run.status },
    { id: 'epoch', title: 'epoch', value: (run) => run.epoch, numeric: true },
    { id: 'tokens', title: 'tokens/s', value: (run) => run.tokensPerSec, numeric: true },
    { id: 'best', title: 'best valid ppl', value: (run) => run.bestValidPerplexity, numeric: true },
    { id: 'final', title: 'final valid ppl', value: (run) => run.finalValidPerplexity, numeric: true },
    { id: 'wall', title: 'wall time', value: (run) => run.wallTimeS, numeric: true },
    { id: 'backend', title: 'backend', value: (run) => run.backend },
  ];
  // Filters: f.KEY=value for a grid key, status=…; sort=COLUMN or -COLUMN.
  const filterKeys = [...data.gridKeys, 'status'];
  const valuesOf = (key: string) =>
    [...new Set(data.runs.map((run) => formatValue(key === 'status' ? run.status : run.grid[key])))].sort();
  let runs = data.runs.filter((run) =>
    filterKeys.every((key) => {
      const wanted = params.get(`f.${key}`);
      return wanted === null || formatValue(key === 'status' ? run.status : run.grid[key]) === wanted;
    }),
  );
  const sort = params.get('sort');
  const sortColumn = columns.find((column) => column.id === sort?.replace(/^-/, ''));
  if (sortColumn !== undefined) {
    const sign = sort?.startsWith('-') ? -1 : 1;
    runs = [...runs].sort((a, b) => sign * compare(sortColumn.value(a), sortColumn.value(b)));
  }
  const cell = (column: Column, run: RunTableRow) => {
    switch (column.id) {
      case 'status':
        return html`<span class=${`status-${run.status}`} title=${run.error ?? ''}>${run.status}</span>`;
      case 'epoch':
        return `${run.epoch}/${run.totalEpochs}`;
      case 'tokens':
        return formatNumber(run.tokensPerSec, 0);
      case 'best':
        return run.bestEpoch === null ? '—' : `${formatNumber(run.bestValidPerplexity)} (epoch ${run.bestEpoch})`;
      case 'final':
        return formatNumber(run.finalValidPerplexity);
      case 'wall':
        return formatSeconds(run.wallTimeS);
      default:
        return formatValue(column.value(run) ?? undefined);
    }
  };
  return html`
    <div class="controls">
      ${filterKeys.map(
        (key) => html`<label>${shortKey(key)}
          <select data-filter=${key} value=${params.get(`f.${key}`) ?? ''}
                  onChange=${(e: Event) => updateParams({ [`f.${key}`]: (e.target as HTMLSelectElement).value })}>
            <option value="">any</option>
            ${valuesOf(key).map((value) => html`<option value=${value}>${value}</option>`)}
          </select></label>`,
      )}
      <span class="muted">${runs.length} of ${data.runs.length} runs · click a column to sort</span>
    </div>
    <table id="runs">
      <thead><tr>
        <th>run</th>
        ${columns.map(
          (column) => html`<th class=${`sortable${column.numeric ? ' num' : ''}`} data-sort=${column.id}
              onClick=${() => updateParams({ sort: sort === column.id ? `-${column.id}` : column.id })}>
            ${column.title}${sort === column.id ? ' ▲' : sort === `-${column.id}` ? ' ▼' : ''}</th>`,
        )}
      </tr></thead>
      <tbody>
        ${runs.map(
          (run) => html`<tr data-run=${run.id} data-status=${run.status}>
            <td class="mono"><a href=${href('run', { db, id: run.id })}>${run.id.slice(0, 8)}</a></td>
            ${columns.map((column) => html`<td class=${column.numeric ? 'num' : ''} data-col=${column.id}>${cell(column, run)}</td>`)}
          </tr>`,
        )}
      </tbody>
    </table>
  `;
}
