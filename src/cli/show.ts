// `rnnlab show RUN`: one run's resolved config, per-epoch metrics and generated samples.
import { Command } from 'commander';
import { stringify } from 'yaml';
import { UserError } from '../config/user-error.js';
import type { EpochRow, ResultsStore, RunRow } from '../store/results-store.js';
import { openReadDatabases, readDbOption } from './open-read-databases.js';
import { formatDuration } from './format-duration.js';
import { formatGridPoint } from './format-grid-point.js';
import { formatMetric } from './format-metric.js';
import { formatRows } from '../report/format-rows.js';

type SamplesChoice = 'last' | 'all' | 'none' | number;

function parseSamplesChoice(text: string): SamplesChoice {
  if (text === 'last' || text === 'all' || text === 'none') return text;
  if (/^[1-9]\d*$/.test(text)) return Number(text);
  throw new UserError(`--samples must be last, all, none or an epoch number; got "${text}"`);
}

function indent(text: string, prefix = '  '): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => (line === '' ? line : prefix + line))
    .join('\n');
}

/** The epoch of the lowest finite validation perplexity (earliest on ties), as the run_summary view defines it. */
function bestEpoch(epochs: readonly EpochRow[]): number | null {
  let best: EpochRow | null = null;
  for (const row of epochs) {
    const value = row.validPerplexity;
    if (value !== null && Number.isFinite(value) && (best === null || value < (best.validPerplexity as number))) best = row;
  }
  return best?.epoch ?? null;
}

function formatHeader(run: RunRow): string {
  const fields: [string, string][] = [
    ['experiment', run.experiment],
    ['status', `${run.status} (attempt ${run.attempts})`],
    ['grid point', formatGridPoint(run.params)],
  ];
  if (run.startedAt !== null) {
    const wall =
      run.finishedAt === null ? '' : `  (${formatDuration(Date.parse(run.finishedAt) - Date.parse(run.startedAt))})`;
    fields.push(['started', run.startedAt]);
    fields.push(['finished', `${run.finishedAt ?? '—'}${wall}`]);
  }
  if (run.backend !== null || run.packageVersion !== null) {
    const blas = run.blas === null ? '' : ` (${run.blas})`;
    fields.push(['ran on', `${run.backend ?? '?'} backend${blas}, rnnlab ${run.packageVersion ?? '?'}, pid ${run.pid ?? '?'} on ${run.host ?? '?'}`]);
  }
  if (run.error !== null) fields.push(['error', run.error]);
  const width = Math.max(...fields.map(([label]) => label.length));
  return [`run ${run.id}`, ...fields.map(([label, value]) => `  ${label.padEnd(width)}  ${indent(value, ' '.repeat(width + 4)).trimStart()}`)].join('\n');
}

function formatEpochs(epochs: readonly EpochRow[]): string {
  if (epochs.length === 0) return 'epochs: none recorded yet';
  const best = bestEpoch(epochs);
  const rows = epochs.map((row) => [
    row.epoch === best ? `${row.epoch} *` : String(row.epoch),
    formatMetric(row.trainLossNats, 4),
    formatMetric(row.trainPerplexity, 2),
    formatMetric(row.validLossNats, 4),
    formatMetric(row.validPerplexity, 2),
    formatMetric(row.tokensPerSec, 0),
    formatDuration(row.durationMs),
  ]);
  const table = formatRows(
    ['epoch', 'train loss', 'train ppl', 'valid loss', 'valid ppl', 'tokens/s', 'time'],
    rows,
    'table',
    { rightAligned: [true, true, true, true, true, true, true] },
  );
  const legend = best === null ? '' : ' (* = best validation perplexity)';
  return `epochs${legend}; losses in nats:\n${indent(table)}`;
}

function formatDocuments(store: ResultsStore, run: RunRow): string {
  const documents = store.documentPerplexities(run.id);
  if (documents.length === 0) return 'per-document training perplexities: none (the epochs schedule does not log them)';
  const rows = documents.map((d) => [d.epoch, d.document, d.updates, formatMetric(d.lossNats, 4), formatMetric(d.perplexity, 2)]);
  const table = formatRows(['epoch', 'document', 'updates', 'loss', 'perplexity'], rows, 'table', {
    rightAligned: [true, false, true, true, true],
  });
  return `per-document training perplexities:\n${indent(table)}`;
}

function formatSamples(store: ResultsStore, run: RunRow, choice: SamplesChoice): string {
  if (choice === 'none') return '';
  const samples = store.samples(run.id);
  if (samples.length === 0) return 'samples: none recorded yet';
  const epochs = [...new Set(samples.map((s) => s.epoch))];
  const shown =
    choice === 'all' ? epochs : choice === 'last' ? [epochs[epochs.length - 1]] : epochs.filter((e) => e === choice);
  if (shown.length === 0) throw new UserError(`--samples: run ${run.id} has no samples at epoch ${choice} (epochs with samples: ${epochs.join(', ')})`);
  const parts = samples
    .filter((s) => shown.includes(s.epoch))
    .map((s) => `epoch ${s.epoch}, sample ${s.sampleIndex + 1}, ${s.decoding}, seed ${JSON.stringify(s.seedText)}:\n${indent(s.text)}`);
  const more = choice === 'last' && epochs.length > 1 ? ` (last epoch; --samples all shows all ${epochs.length})` : '';
  return `samples${more}:\n${indent(parts.join('\n\n'))}`;
}

export function showCommand(): Command {
  return new Command('show')
    .description("one run's resolved config, per-epoch metrics and generated samples")
    .argument('<run>', 'run id, or a unique prefix of one')
    .option('--samples <which>', 'samples to print: last, all, none, or an epoch number', 'last')
    .option('--documents', 'also print per-document training perplexities (book schedule)')
    .addOption(readDbOption())
    .action((id: string, options: { samples: string; documents?: boolean; db?: string[] }) => {
      const samplesChoice = parseSamplesChoice(options.samples);
      const store = openReadDatabases(options.db);
      try {
        const run = store.findRun(id);
        const sections = [
          formatHeader(run),
          `resolved config:\n${indent(stringify(run.config))}`,
          formatEpochs(store.epochs([run.id])),
          options.documents ? formatDocuments(store, run) : '',
          formatSamples(store, run, samplesChoice),
        ];
        process.stdout.write(`${sections.filter((s) => s !== '').join('\n\n')}\n`);
      } finally {
        store.close();
      }
    });
}
