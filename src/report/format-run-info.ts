// RUN-INFO.md of a published experiment: when the sweep ran, how long it took, on what machine and code; YAML front
// matter for programs, the same facts in sentences for people.
import { stringify } from 'yaml';
import type { RunRow, RunSummaryRow } from '../store/results-store.js';
import type { MachineInfo } from './describe-machine.js';

export interface RunInfo {
  experiment: string;
  runs: number;
  statuses: Record<string, number>;
  /** Runs copied from other databases (`rnnlab run --reuse`), by source: "EXPERIMENT in FILE" → count. They ran for
   *  another experiment, maybe days before: the times below leave them out. */
  reused: Record<string, number>;
  /** Earliest start and latest finish over the runs' latest attempts (ISO-8601 UTC); null when none. */
  firstStartedAt: string | null;
  lastFinishedAt: string | null;
  /** lastFinishedAt − firstStartedAt. */
  sweepWallTimeS: number | null;
  /** Σ over runs of (finished − started) of the latest attempt. */
  summedRunWallTimeS: number;
  /** Σ over runs of their epochs' durations (training, validation and generation); reused runs left out too. */
  summedEpochTimeS: number;
  hosts: Record<string, number>;
  backends: Record<string, number>;
  blas: Record<string, number>;
  versions: Record<string, number>;
}

const NOT_RECORDED = 'not recorded';

function countBy(values: readonly (string | null)[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value ?? NOT_RECORDED] = (counts[value ?? NOT_RECORDED] ?? 0) + 1;
  return counts;
}

/** "run 1a2b3c4d5e6f of book-ch6 in docs/results/book-ch6/results.sqlite" → "book-ch6 in docs/results/…". */
function reuseSource(reusedFrom: string): string {
  return /^run \S+ of (.+)$/.exec(reusedFrom)?.[1] ?? reusedFrom;
}

export function summarizeRunInfo(experiment: string, allRuns: readonly RunRow[], allSummaries: readonly RunSummaryRow[]): RunInfo {
  const reusedRuns = allRuns.filter((run) => (run.reusedFrom ?? null) !== null);
  const runs = allRuns.filter((run) => (run.reusedFrom ?? null) === null);
  const trainedHere = new Set(runs.map((run) => run.id));
  const summaries = allSummaries.filter((summary) => trainedHere.has(summary.runId));
  const starts = runs.map((run) => run.startedAt).filter((at): at is string => at !== null).sort();
  const finishes = runs.map((run) => run.finishedAt).filter((at): at is string => at !== null).sort();
  const first = starts[0] ?? null;
  const last = finishes[finishes.length - 1] ?? null;
  const seconds = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;
  return {
    experiment,
    runs: allRuns.length,
    statuses: countBy(allRuns.map((run) => run.status)),
    reused: countBy(reusedRuns.map((run) => reuseSource(run.reusedFrom!))),
    firstStartedAt: first,
    lastFinishedAt: last,
    sweepWallTimeS: first === null || last === null ? null : seconds(first, last),
    summedRunWallTimeS: runs.reduce(
      (sum, run) => sum + (run.startedAt !== null && run.finishedAt !== null ? seconds(run.startedAt, run.finishedAt) : 0),
      0,
    ),
    summedEpochTimeS: summaries.reduce((sum, summary) => sum + (summary.trainTimeS ?? 0), 0),
    hosts: countBy(allRuns.map((run) => run.host)),
    backends: countBy(allRuns.map((run) => run.backend)),
    blas: countBy(allRuns.filter((run) => run.backend === 'native').map((run) => run.blas)),
    versions: countBy(allRuns.map((run) => run.packageVersion)),
  };
}

/** "2h 05m 09s (7509 s)"; "42 s" under a minute. */
export function formatSeconds(total: number): string {
  const whole = Math.round(total);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  if (whole < 60) return `${whole} s`;
  const text = h > 0 ? `${h}h ${String(m).padStart(2, '0')}m ${String(s).padStart(2, '0')}s` : `${m}m ${String(s).padStart(2, '0')}s`;
  return `${text} (${whole} s)`;
}

function counts(record: Record<string, number>): string {
  const entries = Object.entries(record);
  return entries.length === 0 ? 'none' : entries.map(([value, count]) => `${value} (${count} run${count === 1 ? '' : 's'})`).join('; ');
}

export function formatRunInfo(info: RunInfo, machine: MachineInfo, publishedAt: Date): string {
  // A run that never started (queued) records no host: it ran nowhere.
  const hosts = Object.keys(info.hosts).filter((host) => host !== NOT_RECORDED);
  const ranHere = hosts.includes(machine.host);
  const onlyHere = ranHere && hosts.length === 1;
  const front = {
    experiment: info.experiment,
    published_at: publishedAt.toISOString(),
    runs: info.runs,
    statuses: info.statuses,
    ...(Object.keys(info.reused).length === 0 ? {} : { reused_runs: info.reused }),
    first_started_at: info.firstStartedAt,
    last_finished_at: info.lastFinishedAt,
    sweep_wall_time_s: info.sweepWallTimeS === null ? null : Math.round(info.sweepWallTimeS),
    summed_run_wall_time_s: Math.round(info.summedRunWallTimeS),
    summed_epoch_time_s: Math.round(info.summedEpochTimeS),
    hosts: info.hosts,
    backends: info.backends,
    blas: info.blas,
    rnnlab_versions: info.versions,
    publisher: {
      host: machine.host,
      cpu: machine.cpuModel,
      cores: machine.cores,
      node: machine.nodeVersion,
      rnnlab_commit: machine.gitCommit,
      ran_the_runs: onlyHere ? 'all' : ranHere ? 'some' : 'none',
    },
  };
  const machineSentence = onlyHere
    ? `Every run that recorded its host ran on \`${machine.host}\`, the machine that published them: ${machine.cpuModel}, ${machine.cores} cores.`
    : ranHere
      ? `Some runs ran on \`${machine.host}\` (${machine.cpuModel}, ${machine.cores} cores), the machine that published them; the others ran on hosts whose CPU the database does not record.`
      : `The runs ran on other hosts than the publishing one (\`${machine.host}\`); the database does not record their CPU.`;
  const lines = [
    '---',
    stringify(front).trimEnd(),
    '---',
    '',
    `# ${info.experiment}: how and where it ran`,
    '',
    `- **Runs:** ${info.runs} (${Object.entries(info.statuses).map(([status, count]) => `${count} ${status}`).join(', ')}).`,
    ...(Object.keys(info.reused).length === 0
      ? []
      : [
          `- **Reused runs:** ${Object.values(info.reused).reduce((sum, count) => sum + count, 0)} of them were not trained in ` +
            `this sweep but copied (\`rnnlab run --reuse\`) from runs that had finished the same training (config, seed, ` +
            `corpus; backend) before, by experiment and database: ${counts(info.reused)}. They keep their own host, backend ` +
            'and times (`runs.reused_from` names each source run); the times below leave them out.',
        ]),
    info.sweepWallTimeS === null
      ? '- **Sweep wall time:** unknown (no run has both a start and a finish).'
      : `- **Sweep wall time:** ${formatSeconds(info.sweepWallTimeS)}, from the first run's start (${info.firstStartedAt}) ` +
        `to the last run's finish (${info.lastFinishedAt}); a run that was resumed counts from its latest attempt, ` +
        'and any pause between working sessions is included.',
    `- **Summed run wall time:** ${formatSeconds(info.summedRunWallTimeS)} (each run's latest attempt, start to finish, ` +
      `added up; more than the sweep's wall time when runs ran in parallel). Summed epoch time: ${formatSeconds(info.summedEpochTimeS)}.`,
    `- **Machine:** ${machineSentence} Hosts: ${counts(info.hosts)}.`,
    `- **Backend:** ${counts(info.backends)}.`,
    `- **BLAS:** ${Object.keys(info.blas).length === 0 ? 'none (no run on the native backend)' : counts(info.blas)}.`,
    `- **rnnlab:** ${counts(info.versions)}; published from commit ${machine.gitCommit === null ? 'unknown (not a git checkout)' : `\`${machine.gitCommit}\``} ` +
      `with Node.js ${machine.nodeVersion} (the runs do not record their Node.js version).`,
    `- **Published:** ${publishedAt.toISOString()}.`,
    '',
  ];
  return lines.join('\n');
}
