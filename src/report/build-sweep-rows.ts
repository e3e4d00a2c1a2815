// The README's second generated table: how long each published sweep took and on what machine and BLAS it ran.
import type { PublishedExperiment } from './build-findings-table.js';
import { formatSeconds } from './format-run-info.js';

export interface SweepRow {
  experiment: string;
  runs: string;
  sweepWallTime: string;
  summedRunTime: string;
  machine: string;
  compute: string;
}

/** "OpenBLAS 0.3.21 … Zen MAX_THREADS=64 (core Zen: detected by OpenBLAS), 1 thread" → library "OpenBLAS 0.3.21,
 *  core Zen (detected by OpenBLAS)" and threads "1 thread": the build flags say nothing a reader compares. */
export function splitBlas(blas: string): { library: string; threads: string } {
  const match = /^(\S+ [\d.]+)\b.*?\(core ([^:)]*):? ?([^)]*)\), (.*)$/.exec(blas);
  if (match === null) return { library: blas, threads: '' };
  const [, library, core, source, threads] = match;
  return { library: `${library}, core ${core}${source === '' ? '' : ` (${source})`}`, threads };
}

function listCounts(counts: ReadonlyMap<string, number>, total: number): string {
  const entries = [...counts];
  if (entries.length === 1 && entries[0][1] === total) return entries[0][0];
  return entries.map(([value, count]) => `${value} (${count} run${count === 1 ? '' : 's'})`).join('; ');
}

/** The BLAS cell: each library and core once, with how many runs used which threads. */
function formatBlas(blas: Record<string, number>): string {
  const byLibrary = new Map<string, Map<string, number>>();
  for (const [text, count] of Object.entries(blas)) {
    const { library, threads } = splitBlas(text);
    const threadCounts = byLibrary.get(library) ?? new Map<string, number>();
    threadCounts.set(threads, (threadCounts.get(threads) ?? 0) + count);
    byLibrary.set(library, threadCounts);
  }
  return [...byLibrary]
    .map(([library, threads]) => {
      const runs = [...threads.values()].reduce((sum, count) => sum + count, 0);
      return `${library}: ${listCounts(threads, runs)}`;
    })
    .join('; ');
}

/** "; 6 reused" when some runs were copied from other experiments (their times are not the sweep's). */
function reusedCount(reused: Record<string, number> | undefined): string {
  const count = Object.values(reused ?? {}).reduce((sum, n) => sum + n, 0);
  return count === 0 ? '' : `; ${count} reused`;
}

/** One row per published experiment that has its run facts, in the order given. */
export function buildSweepRows(published: readonly PublishedExperiment[]): SweepRow[] {
  return published.map(({ results, runInfo, machine }) => {
    const experiment = results.experiment.name;
    const statuses = Object.entries(runInfo.statuses).map(([status, count]) => `${count} ${status}`).join(', ');
    const hosts = Object.keys(runInfo.hosts);
    // The CPU is known only for runs on the publishing machine; elsewhere the database has host names alone.
    const machineText =
      machine !== null && machine.ranTheRuns === 'all'
        ? `${machine.cpu}, ${machine.cores} cores (host ${machine.host})`
        : `host${hosts.length === 1 ? '' : 's'} ${hosts.join(', ')} (CPU not recorded)`;
    const backends = listCounts(new Map(Object.entries(runInfo.backends)), runInfo.runs);
    const compute = Object.keys(runInfo.blas).length === 0 ? backends : `${backends}; ${formatBlas(runInfo.blas)}`;
    return {
      experiment,
      runs: `${runInfo.runs} (${statuses}${reusedCount(runInfo.reused)})`,
      sweepWallTime: runInfo.sweepWallTimeS === null ? 'unknown' : formatSeconds(runInfo.sweepWallTimeS),
      summedRunTime: formatSeconds(runInfo.summedRunWallTimeS),
      machine: machineText,
      compute,
    };
  });
}
