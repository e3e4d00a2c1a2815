// The SQL view: one read-only statement against a chosen database (the server runs it as `rnnlab query` does, with
// a row and a time limit), the schema beside it, results as a table and a CSV download.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { apiUrl, getJson, useApi } from './api.js';
import { updateParams } from './route.js';
import type { SchemaObject } from '../api-types.js';

interface QueryAnswer {
  columns: string[];
  rows: unknown[][];
  truncated: boolean;
}

const EXAMPLE = 'SELECT run_id, experiment, status, epochs, best_valid_perplexity FROM run_summary ORDER BY best_valid_perplexity';

export function SqlView({ params }: { params: URLSearchParams }) {
  const db = params.get('db') ?? '0';
  const databases = useApi<{ index: number; path: string }[]>('/api/databases', {});
  const schema = useApi<SchemaObject[]>('/api/schema', { db });
  const [sql, setSql] = useState(params.get('sql') ?? EXAMPLE);
  const [answer, setAnswer] = useState<{ sql: string; result: QueryAnswer } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setAnswer({ sql, result: await getJson<QueryAnswer>('/api/query', { db, sql }) });
    } catch (e) {
      setAnswer(null);
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return html`
    <h1>SQL</h1>
    <div class="sql">
      <div>
        <div class="controls">
          <label>database <select value=${db} onChange=${(e: Event) => updateParams({ db: (e.target as HTMLSelectElement).value })}>
            ${(databases.data ?? []).map((d) => html`<option value=${d.index}>${d.path}</option>`)}</select></label>
          <span class="muted">one read-only statement; Ctrl+Enter runs it</span>
        </div>
        <textarea id="sql-input" spellcheck="false" class="mono" value=${sql}
          onInput=${(e: Event) => setSql((e.target as HTMLTextAreaElement).value)}
          onKeyDown=${(e: KeyboardEvent) => e.key === 'Enter' && (e.ctrlKey || e.metaKey) && run()}></textarea>
        <div class="controls">
          <button id="sql-run" disabled=${busy} onClick=${run}>${busy ? 'running…' : 'Run'}</button>
          ${answer === null ? null : html`<a id="sql-csv" href=${apiUrl('/api/query.csv', { db, sql: answer.sql })} download="query.csv">CSV</a>`}
          ${answer === null ? null : html`<span class="muted" id="sql-count">${answer.result.rows.length} rows${answer.result.truncated ? ' (stopped at the row limit)' : ''}</span>`}
        </div>
        ${error === null ? null : html`<p class="error" id="sql-error">${error}</p>`}
        ${answer === null
          ? null
          : html`<table id="sql-result"><thead><tr>${answer.result.columns.map((c) => html`<th>${c}</th>`)}</tr></thead>
              <tbody>${answer.result.rows.map(
                (row) => html`<tr>${row.map((cell) => html`<td class=${typeof cell === 'number' ? 'num' : ''}>${cell === null ? 'NULL' : String(cell)}</td>`)}</tr>`,
              )}</tbody></table>`}
      </div>
      <aside class="schema">
        <strong>schema</strong>
        ${schema.error !== null ? html`<p class="error">${schema.error}</p>` : null}
        ${(schema.data ?? []).map(
          (object) => html`<div><span class="mono">${object.name}</span> <span class="muted">${object.type}</span>
            <ul>${object.columns.map((c) => html`<li class="mono">${c.name} <span class="muted">${c.type}</span></li>`)}</ul></div>`,
        )}
      </aside>
    </div>
  `;
}
