// `rnnlab run FILE`: trains every run of an experiment's grid on worker processes, resuming what is not finished.
import { Command, Option } from 'commander';
import { loadExperiment } from '../config/load-experiment.js';
import { createCorpusIdentifier } from '../corpus/identify-corpus.js';
import { identifyRuns } from '../runner/identify-runs.js';
import type { BackendName } from '../config/run-config.js';
import { UserError } from '../config/user-error.js';
import { openStore, type EpochRow } from '../store/results-store.js';
import { listRunsInGridOrder, type RunResults } from '../report/experiment-results.js';
import { formatDryRun } from '../runner/format-dry-run.js';
import { formatShardSplit } from '../runner/format-shard-split.js';
import { parseShard } from '../runner/parse-shard.js';
import { readCpuLimits, schedulerCpus } from '../runner/scheduler-cpus.js';
import { shardDbPath } from '../runner/shard-db-path.js';
import { shardRuns } from '../runner/shard-runs.js';
import { SHARD_BALANCES, type ShardBalance } from '../runner/split-shards.js';
import { planDryRun } from '../runner/plan-dry-run.js';
import { withReusableRuns } from '../runner/with-reusable-runs.js';
import { runSweep, type SweepOptions, type SweepResult } from '../runner/run-sweep.js';
import { runSeedRounds } from '../runner/run-seed-rounds.js';
import { SweepDisplay } from '../runner/sweep-display.js';
import { buildComparison } from '../report/build-comparison.js';
import { BACKEND_NAMES } from './backend-names.js';
import { dbOption } from './db-option.js';
import { seedRoundsExperiment } from './seed-rounds-experiment.js';
import { findSeedRound } from '../runner/find-seed-round.js';
import { DEFAULT_DB_PATH } from '../store/default-db-path.js';
import { maxRunsFromEnv } from './max-runs.js';
import { formatComparison, formatComparisonCaption } from '../report/format-comparison.js';
import { packageVersion } from './package-version.js';
import { loadNative } from '../kernels/load-native.js';
import { autoFallbackBackend } from '../runner/sweep-backend.js';

/** A backend asked for by name that cannot load is refused here, before the sweep writes anything (the workers
 *  would refuse it too, but only after the runs are registered). */
function checkBackendAvailable(backend: BackendName): void {
  if (backend === 'native') {
    const native = loadNative();
    if (native.addon === null) throw new UserError(`native backend not available: ${native.reason}`);
  }
  if (backend === 'tensorflow' && !autoFallbackBackend().startsWith('tensorflow')) {
    throw new UserError('backend "tensorflow" not available: install @tensorflow/tfjs-node (npm install @tensorflow/tfjs-node)');
  }
}

/** Exit code of a Ctrl-C'd (or SIGTERM'd, or SIGUSR1'd) sweep, as shells report a SIGINT death. */
export const INTERRUPTED_EXIT_CODE = 130;

interface RunOptions {
  workers?: string;
  db: string;
  set: string[];
  dryRun?: boolean;
  force?: boolean;
  reuse: string[];
  restart?: boolean;
  failFast?: boolean;
  backend: BackendName;
  offline?: boolean;
  shard?: string;
  shards?: string;
  shardBalance: ShardBalance;
  planDb: string;
}

const MAX_WORKERS = 256;

function parseWorkers(text: string | undefined): number {
  // The CPUs the scheduler gave this task (Slurm, a cgroup quota), not the host's cores.
  if (text === undefined) return schedulerCpus(readCpuLimits());
  if (!/^[1-9]\d*$/.test(text)) throw new UserError(`--workers must be a positive integer; got "${text}"`);
  // Each worker is a Node process with its own backend (~100 MB): thousands would exhaust the machine, not speed it up.
  if (Number(text) > MAX_WORKERS) throw new UserError(`--workers must be at most ${MAX_WORKERS}; got ${text}`);
  return Number(text);
}

/** The comparison table of this expansion's runs (older runs of the same experiment name are left out). */
function formatSweepComparison(dbPath: string, experiment: string, runIds: Set<string>): string {
  const store = openStore(dbPath, { readonly: true });
  try {
    const runs = listRunsInGridOrder(store, experiment).filter((run) => runIds.has(run.id));
    const epochsByRun = new Map<string, EpochRow[]>(runs.map((run) => [run.id, []]));
    for (const row of store.epochs(runs.map((run) => run.id))) epochsByRun.get(row.runId)?.push(row);
    const results: RunResults[] = runs.map((run) => ({ run, epochs: epochsByRun.get(run.id) ?? [], samples: [] }));
    const comparison = buildComparison(experiment, results, {
      by: null,
      metric: 'valid_perplexity',
      at: 'best',
      sort: null,
    });
    return `${formatComparisonCaption(comparison)}\n${formatComparison(comparison, 'table')}`;
  } finally {
    store.close();
  }
}

/** "4 finished, 1 diverged, 1 failed" over this expansion's runs. */
function formatCounts(result: SweepResult): string {
  const counts: Record<string, number> = {};
  for (const status of result.statuses.values()) counts[status] = (counts[status] ?? 0) + 1;
  const order = ['finished', 'diverged', 'failed', 'interrupted', 'running', 'queued'];
  return order
    .filter((status) => counts[status])
    .map((status) => `${counts[status]} ${status}`)
    .join(', ');
}

export function runCommand(): Command {
  return new Command('run')
    .description(
      'Train every run of an experiment file, N at a time in worker processes. Resumes by default: finished and ' +
        'diverged runs are skipped; failed, interrupted and orphaned runs are trained again.',
    )
    .argument('<file>', 'experiment YAML file')
    .option(
      '--workers <n>',
      'worker processes (default: the CPUs this task was given — SLURM_CPUS_PER_TASK, the cgroup CPU quota, else the ' +
        'cores it may run on — at most one per run)',
    )
    .addOption(dbOption().default(DEFAULT_DB_PATH, `${DEFAULT_DB_PATH}; with --shard: runs/shards/EXPERIMENT/shard-I-of-N.sqlite`))
    .option(
      '--set <path=value>',
      'override a value, typed as YAML (e.g. --set train.num_unroll=10); repeatable',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--dry-run', 'print the runs the grid expands to and what would be trained; write nothing')
    .option('--force', 'train finished and diverged runs again too (from epoch 1)')
    .option(
      '--reuse <db>',
      'copy a run from this results database (another experiment\'s, a published one, or this one) instead of training it, ' +
        'when it finished there with the same training (config, seed and corpus; book and tokens schedules of equal ' +
        'updates alike) on the same backend; repeatable, the first database that has one wins',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--restart', 'runs that would resume from their last checkpoint start over from epoch 1 instead')
    .option('--fail-fast', 'stop at the first failed run (runs in progress are marked interrupted)')
    .addOption(new Option('--backend <name>', 'compute backend').choices(BACKEND_NAMES).default('auto'))
    .option('--offline', 'never download the corpus')
    .option('--shard <I/N|auto>', 'train only shard I (from 0) of N of the grid, into its own database; auto: from Slurm or a Kubernetes Indexed Job')
    .addOption(
      new Option('--plan-db <db>', 'with --shard and a seed rule: the merged database whose rounds plan this round').default(DEFAULT_DB_PATH),
    )
    .option('--shards <n>', 'with --shard auto in a Kubernetes Indexed Job: the number of shards (the Job\'s completions)')
    .addOption(
      new Option('--shard-balance <rule>', 'split shards by run count or by estimated training cost')
        .choices(SHARD_BALANCES)
        .default('count'),
    )
    .action(async (file: string, options: RunOptions, command: Command) => {
      const workers = parseWorkers(options.workers);
      if (options.shard === undefined) {
        if (options.shards !== undefined) throw new UserError('--shards goes with --shard auto (Kubernetes Indexed Jobs)');
        if (command.getOptionValueSource('shardBalance') === 'cli') throw new UserError('--shard-balance goes with --shard');
      }
      if (options.force && options.reuse.length > 0) {
        throw new UserError('--reuse copies finished runs instead of training them, --force trains them again: give one of them');
      }
      const shard = options.shard === undefined ? null : parseShard(options.shard, options.shards, process.env);
      // Everything the user gave is checked before the database is touched: bad input writes nothing.
      // Run ids depend on the corpus's contents: identified here (hashing the files, or from the Grimm manifest when
      // the default folder is still to be fetched), before anything is written; shards are split by those ids.
      const loaded = identifyRuns(loadExperiment(file, options.set, { maxRuns: maxRunsFromEnv() }), createCorpusIdentifier());
      if (loaded.seedRule !== null) {
        // Each round's look is computed from the stored runs; retraining them would change decisions already taken.
        if (options.force) {
          throw new UserError(
            `--force with a seed rule (${file}): the rounds' decisions are computed from the stored runs, so they are not ` +
              'trained again; give another --db to start the rounds over',
          );
        }
      } else if (command.getOptionValueSource('planDb') === 'cli') {
        throw new UserError('--plan-db goes with --shard on an experiment with a seed rule');
      }
      // A seed rule's shard trains its share of the current round: the round is planned (read only) from the merged
      // database of the rounds before, as every shard task plans it alike.
      let shardBase = loaded.runs;
      if (loaded.seedRule !== null && shard !== null) {
        const state = await findSeedRound({ ...seedRoundsExperiment(loaded), dbPath: options.planDb, record: false });
        if (state.stopped !== null) {
          process.stdout.write(`${loaded.name}: the seed rule's rounds have ended in ${options.planDb} (round ${state.round}); nothing to train\n`);
          return;
        }
        process.stderr.write(`${loaded.name}: round ${state.round} of the seed rule, planned from ${options.planDb}: ${state.pending.length} runs to train\n`);
        const pending = new Set(state.pending.map((run) => run.id));
        shardBase = loaded.ruleRuns.filter((run) => pending.has(run.id));
      }
      let dryRunRound: number | null = null;
      if (loaded.seedRule !== null && shard === null && options.dryRun) {
        // What a rerun would do: the rounds replayed (read only) on the stored runs, the current round's runs shown.
        const state = await findSeedRound({ ...seedRoundsExperiment(loaded), dbPath: options.db, record: false });
        const ids = new Set(state.runs.map((run) => run.id));
        shardBase = loaded.ruleRuns.filter((run) => ids.has(run.id));
        dryRunRound = state.round;
      }
      const selection = shard === null ? null : shardRuns(shardBase, shard, options.shardBalance);
      const experiment = { ...loaded, runs: selection === null ? shardBase : selection.runs };
      // --db with --shard names this shard's database (it must be its own file: SQLite is not shared between hosts).
      const dbPath =
        shard === null || command.getOptionValueSource('db') === 'cli' ? options.db : shardDbPath(loaded.name, shard);
      if (options.dryRun) {
        if (loaded.fromManifest) {
          process.stderr.write('rnnlab: the Grimm corpus is not fetched yet; run ids are those of the files its verified fetch will write\n');
        }
        if (selection !== null) process.stdout.write(formatShardSplit(loaded.name, selection, dbPath));
        const say = (line: string): void => void process.stderr.write(`rnnlab: ${line}\n`);
        await withReusableRuns(options.reuse, experiment.runs, options.backend, say, (matches) => {
          const planned = planDryRun(experiment, dbPath, options.force ?? false, options.restart ?? false, matches);
          process.stdout.write(formatDryRun(experiment.name, planned));
        });
        if (loaded.seedRule !== null) {
          const rule = loaded.seedRule;
          const which = dryRunRound === null ? 'this round\'s runs' : `round ${dryRunRound}'s runs (replayed from ${dbPath})`;
          process.stdout.write(
            `these are ${which}; later rounds add ${rule.add} seed${rule.add === 1 ? '' : 's'} ` +
              `to the grid points of each primary claim still undecided, up to ${rule.max} per point (${loaded.ruleRuns.length} runs at most)\n`,
          );
        }
        return;
      }

      checkBackendAvailable(options.backend);

      if (selection !== null) {
        // Said first, so a scheduler's log shows which part of the sweep this task took.
        process.stderr.write(
          `${loaded.name}: shard ${shard!.index} of ${shard!.count} (--shard ${shard!.source}): ${selection.runs.length} of ` +
            `${shardBase.length} runs, into ${dbPath}\n`,
        );
      }

      const controller = new AbortController();
      let signals = 0;
      const onSignal = (): void => {
        signals++;
        // A second Ctrl-C does not wait: workers see the parent vanish and record their runs as interrupted.
        if (signals > 1) process.exit(INTERRUPTED_EXIT_CODE);
        controller.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      // Slurm's warning before a time limit (the sbatch script of `rnnlab slurm` forwards it): stop the same way, keeping
      // the checkpoints, so the requeued task resumes. (Node would otherwise start its inspector on SIGUSR1.)
      process.on('SIGUSR1', onSignal);
      const newDisplay = () => new SweepDisplay(process.stderr, { live: process.stderr.isTTY === true });
      let display = newDisplay();
      let plannedOnce = false;
      let result: SweepResult;
      let finalRuns: { id: string }[] = experiment.runs;
      let stopped: Map<string, string> | null = null;
      try {
        const sweepOptions: SweepOptions = {
          experiment,
          dbPath,
          workers,
          force: options.force ?? false,
          reuse: options.reuse,
          restart: options.restart ?? false,
          failFast: options.failFast ?? false,
          backend: options.backend,
          offline: options.offline ?? false,
          signal: controller.signal,
          onEvent: (event) => {
            // Each round of a seed rule is its own sweep: its own progress display (counts, run numbers).
            if (event.type === 'plan') {
              if (plannedOnce) {
                display.close();
                display = newDisplay();
              }
              plannedOnce = true;
            }
            // Said once here rather than by every worker, and only when something will train: `auto` prefers the
            // native BLAS path when its addon is built.
            if (event.type === 'plan' && options.backend === 'auto' && event.planned.some((plan) => plan.train)) {
              const native = loadNative();
              if (native.addon === null) {
                process.stderr.write(`rnnlab: native BLAS path not available (${native.reason}); training on ${autoFallbackBackend()}\n`);
              }
            }
            display.handle(event);
          },
          packageVersion: packageVersion(),
        };
        if (loaded.seedRule === null || selection !== null) result = await runSweep(sweepOptions);
        else {
          const rounds = await runSeedRounds({ ...sweepOptions, ...seedRoundsExperiment(loaded) });
          result = rounds.sweep;
          finalRuns = rounds.runs;
          stopped = rounds.stopped;
          if (stopped !== null) {
            const lines = [...stopped].map(([claim, why]) => `  ${claim}: ${why}`);
            process.stderr.write(`${loaded.name}: seed rule ended after round ${rounds.round}:\n${lines.join('\n')}\n`);
          }
        }
      } finally {
        display.close();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        process.off('SIGUSR1', onSignal);
      }

      const ids = new Set(finalRuns.map((run) => run.id));
      if (selection !== null && selection.runs.length === 0) {
        // More shards than runs: this one trains nothing but still writes its database (with the experiment), so a
        // merge of every shard's file finds them all.
        process.stdout.write(`${loaded.name}: shard ${shard!.index} of ${shard!.count} has no runs (the grid has ${loaded.runs.length})  [${dbPath}]\n`);
        return;
      }
      process.stdout.write(`\n${formatSweepComparison(dbPath, experiment.name, ids)}`);
      const notStarted = result.pool.notStarted.length;
      process.stdout.write(
        `${experiment.name}: ${formatCounts(result)}` +
          (notStarted > 0 ? ` (${notStarted} not started: run the same command again to resume)` : '') +
          `  [${dbPath}]\n`,
      );
      const failed = [...result.statuses.values()].filter((status) => status === 'failed').length;
      if (failed > 0) {
        process.stdout.write(`${failed} run${failed === 1 ? '' : 's'} failed: see rnnlab status, or rnnlab show RUN for the error\n`);
      }
      if (result.pool.stopReason === 'interrupted') process.exitCode = INTERRUPTED_EXIT_CODE;
      else if (failed > 0 || result.pool.stopReason === 'fail-fast') process.exitCode = 1;
    });
}
