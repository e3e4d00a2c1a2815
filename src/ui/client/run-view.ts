// The Run page: where and how a run ran, its resolved config (and its differences from another run), its epochs,
// per-document perplexities and samples.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { useApi } from './api.js';
import { formatNumber, formatSeconds, formatValue } from './format.js';
import { useLiveVersion } from './live-updates.js';
import { href, updateParams } from './route.js';

interface RunPage {
  run: {
    id: string; experiment: string; config: unknown; params: Record<string, unknown>; status: string; error: string | null;
    pid: number | null; host: string | null; heartbeatAt: string | null; createdAt: string; startedAt: string | null;
    finishedAt: string | null; backend: string | null; blas: string | null; packageVersion: string | null; attempts: number;
  };
  totalEpochs: number;
  summary: { bestEpoch: number | null; wallTimeS: number | null; trainTimeS: number | null } | null;
  epochs: { epoch: number; trainLossNats: number; trainPerplexity: number; validLossNats: number | null; validPerplexity: number | null; tokensPerSec: number; durationMs: number }[];
  documents: { epoch: number; document: string; updates: number; lossNats: number; perplexity: number }[];
  samples: { epoch: number; sampleIndex: number; seedText: string; decoding: string; text: string }[];
  siblings: { id: string; params: Record<string, unknown> }[];
  diff: { against: string; differences: { path: string; a: string | null; b: string | null }[] } | null;
}

const params = (p: Record<string, unknown>) => Object.entries(p).map(([k, v]) => `${k}=${formatValue(v)}`).join(' ');

export function RunView({ params: route }: { params: URLSearchParams }) {
  const version = useLiveVersion();
  const db = route.get('db') ?? '0';
  const { data, error } = useApi<RunPage>('/api/run', { db, id: route.get('id'), diff: route.get('diff') }, version);
  const [documentEpoch, setDocumentEpoch] = useState<number | null>(null);
  if (error !== null) return html`<p class="error">${error}</p>`;
  if (data === null) return html`<p class="muted">loading…</p>`;
  const { run } = data;
  const lastEpoch = data.epochs.at(-1)?.epoch ?? null;
  const shownEpoch = documentEpoch ?? data.documents.at(-1)?.epoch ?? null;
  const facts: [string, unknown][] = [
    ['experiment', html`<a href=${href('experiment', { db, name: run.experiment })}>${run.experiment}</a>`],
    ['grid point', params(run.params)],
    ['status', html`<span class=${`status-${run.status}`}>${run.status}</span> (attempt ${run.attempts})${run.error ? ` — ${run.error}` : ''}`],
    ['progress', `epoch ${lastEpoch ?? 0} of ${data.totalEpochs}`],
    ['started', run.startedAt ?? '—'],
    ['finished', run.finishedAt ?? '—'],
    ['wall time', formatSeconds(data.summary?.wallTimeS)],
    ['ran on', `${run.backend ?? '?'} backend${run.blas ? ` (${run.blas})` : ''}, rnnlab ${run.packageVersion ?? '?'}, pid ${run.pid ?? '?'} on ${run.host ?? '?'}`],
    ['last heartbeat', run.heartbeatAt ?? '—'],
  ];
  return html`
    <h1 class="mono">run ${run.id}</h1>
    <table class="kv" id="run-facts">${facts.map(([k, v]) => html`<tr><th>${k}</th><td>${v}</td></tr>`)}</table>

    <h2>Epochs (* = best validation perplexity)</h2>
    <table id="epochs">
      <thead><tr><th class="num">epoch</th><th class="num">train loss</th><th class="num">train ppl</th><th class="num">valid loss</th>
        <th class="num">valid ppl</th><th class="num">tokens/s</th><th class="num">time</th></tr></thead>
      <tbody>${data.epochs.map(
        (e) => html`<tr><td class="num">${e.epoch}${e.epoch === data.summary?.bestEpoch ? ' *' : ''}</td>
          <td class="num">${formatNumber(e.trainLossNats, 4)}</td><td class="num">${formatNumber(e.trainPerplexity)}</td>
          <td class="num">${formatNumber(e.validLossNats, 4)}</td><td class="num">${formatNumber(e.validPerplexity)}</td>
          <td class="num">${formatNumber(e.tokensPerSec, 0)}</td><td class="num">${formatSeconds(e.durationMs / 1000)}</td></tr>`,
      )}</tbody>
    </table>

    <h2>Per-document perplexity</h2>
    ${data.documents.length === 0
      ? html`<p class="muted">none recorded (rnnlab records them per epoch under the book and tokens schedules, not under train.schedule: epochs)</p>`
      : html`<div class="controls"><label>epoch <select value=${String(shownEpoch)}
            onChange=${(e: Event) => setDocumentEpoch(Number((e.target as HTMLSelectElement).value))}>
            ${[...new Set(data.documents.map((d) => d.epoch))].map((epoch) => html`<option value=${epoch}>${epoch}</option>`)}</select></label></div>
          <table id="documents"><thead><tr><th>document</th><th class="num">updates</th><th class="num">loss</th><th class="num">perplexity</th></tr></thead>
          <tbody>${data.documents.filter((d) => d.epoch === shownEpoch).map(
            (d) => html`<tr><td class="mono">${d.document}</td><td class="num">${d.updates}</td>
              <td class="num">${formatNumber(d.lossNats, 4)}</td><td class="num">${formatNumber(d.perplexity)}</td></tr>`,
          )}</tbody></table>`}

    <h2>Samples</h2>
    ${data.samples.length === 0
      ? html`<p class="muted">none yet</p>`
      : html`<table id="run-samples"><thead><tr><th class="num">epoch</th><th>decoding</th><th>seed</th><th>text</th></tr></thead>
          <tbody>${data.samples.map(
            (s) => html`<tr><td class="num">${s.epoch}</td><td>${s.decoding}</td><td class="mono">${JSON.stringify(s.seedText)}</td>
              <td><div class="sample">${s.text}</div></td></tr>`,
          )}</tbody></table>`}

    <h2>Resolved config</h2>
    <div class="controls"><label>differences from <select data-control="diff" value=${route.get('diff') ?? ''}
        onChange=${(e: Event) => updateParams({ diff: (e.target as HTMLSelectElement).value })}>
      <option value="">(no other run)</option>
      ${data.siblings.map((s) => html`<option value=${s.id}>${s.id.slice(0, 8)} ${params(s.params)}</option>`)}
    </select></label></div>
    ${data.diff === null
      ? null
      : data.diff.differences.length === 0
        ? html`<p>Same resolved config as ${data.diff.against.slice(0, 8)}.</p>`
        : html`<table id="config-diff"><thead><tr><th>path</th><th>this run</th><th class="mono">${data.diff.against.slice(0, 8)}</th></tr></thead>
            <tbody>${data.diff.differences.map(
              (d) => html`<tr><td class="mono">${d.path}</td><td class="mono diff-a">${d.a ?? '—'}</td><td class="mono diff-b">${d.b ?? '—'}</td></tr>`,
            )}</tbody></table>`}
    <pre id="config">${JSON.stringify(run.config, null, 2)}</pre>
  `;
}
