// `rnnlab status [EXPERIMENT]`: runs by status per experiment, what is running now, and what went wrong.
import { Command } from 'commander';
import { RUN_STATUSES, type EpochRow, type ResultsStore, type RunRow } from '../store/results-store.js';
import { STALE_HEARTBEAT_MS } from '../runner/check-run-owner-alive.js';
import { chooseExperiment } from './choose-experiment.js';
import { openReadDatabases, readDbOption } from './open-read-databases.js';
import { formatDuration } from './format-duration.js';
import { formatGridPoint } from './format-grid-point.js';
import { formatMetric } from './format-metric.js';
import { formatRows } from '../report/format-rows.js';

/** Failed, interrupted or diverged runs listed by name before the rest are summarized. */
const MAX_LISTED = 10;

/** Epochs a run is planned for: the book or tokens schedule's steps, or full passes. */
function plannedEpochs(run: RunRow): number {
  return run.config.train.schedule === 'epochs' ? run.config.train.epochs : run.config.train.num_steps;
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}

/** "12 runs: 8 finished, 1 running, …" in the lifecycle's order. */
export function formatStatusCounts(runs: readonly RunRow[]): string {
  const counts = RUN_STATUSES.map((status) => [status, runs.filter((run) => run.status === status).length] as const)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`);
  return `${runs.length} ${runs.length === 1 ? 'run' : 'runs'}${counts.length > 0 ? `: ${counts.join(', ')}` : ''}`;
}

function formatExperimentStatus(store: ResultsStore, experiment: string, nowMs: number): string {
  const runs = store.listRuns({ experiment });
  const lines = [`${experiment}  ${formatStatusCounts(runs)}`];
  const running = runs.filter((run) => run.status === 'running');
  const epochsByRun = new Map<string, EpochRow[]>();
  for (const row of store.epochs(running.map((run) => run.id))) {
    epochsByRun.set(row.runId, [...(epochsByRun.get(row.runId) ?? []), row]);
  }
  if (running.length > 0) {
    const rows = running.map((run) => {
      const epochs = epochsByRun.get(run.id) ?? [];
      const last = epochs.at(-1);
      const ageMs = run.heartbeatAt === null ? Infinity : nowMs - Date.parse(run.heartbeatAt);
      // Past the runner's staleness limit the owner is presumably dead; the next `rnnlab run` reclaims the run.
      const stale = ageMs >= STALE_HEARTBEAT_MS ? ' (stale)' : '';
      const heartbeat = run.heartbeatAt === null ? 'never' : `${formatDuration(ageMs)} ago${stale}`;
      return [
        run.id,
        formatGridPoint(run.params),
        `${run.pid ?? '?'}@${run.host ?? '?'}`,
        `${last?.epoch ?? 0}/${plannedEpochs(run)}`,
        formatMetric(last?.validPerplexity ?? null, 2),
        heartbeat,
      ];
    });
    lines.push('running now:');
    const table = formatRows(['run', 'grid point', 'pid@host', 'epoch', 'valid ppl', 'heartbeat'], rows, 'table', {
      rightAligned: [false, false, false, true, true, true],
      nullText: '—',
    });
    lines.push(table.trimEnd());
  }
  const troubled = runs.filter((run) => run.status === 'failed' || run.status === 'interrupted' || run.status === 'diverged');
  if (troubled.length > 0) {
    lines.push('needs attention (rnnlab run again retries failed and interrupted runs):');
    for (const run of troubled.slice(0, MAX_LISTED)) {
      const why = run.error === null ? '' : `: ${firstLine(run.error)}`;
      lines.push(`  ${run.id}  ${run.status}  ${formatGridPoint(run.params)}${why}`);
    }
    if (troubled.length > MAX_LISTED) {
      lines.push(`  … and ${troubled.length - MAX_LISTED} more (rnnlab query "SELECT id, status, error FROM runs WHERE status IN ('failed', 'interrupted', 'diverged')")`);
    }
  }
  return lines.join('\n');
}

export function statusCommand(): Command {
  return new Command('status')
    .description('runs by status, per experiment, with what is running now')
    .argument('[experiment]', 'only this experiment')
    .addOption(readDbOption())
    .action((name: string | undefined, options: { db?: string[] }) => {
      const store = openReadDatabases(options.db);
      try {
        const experiments =
          name === undefined ? store.listExperiments().map((e) => e.name) : [chooseExperiment(store, name, 'status')];
        if (experiments.length === 0) {
          process.stdout.write(`${store.path}: no experiments yet (rnnlab run FILE starts one)\n`);
          return;
        }
        const now = Date.now();
        process.stdout.write(`${experiments.map((e) => formatExperimentStatus(store, e, now)).join('\n\n')}\n`);
      } finally {
        store.close();
      }
    });
}
