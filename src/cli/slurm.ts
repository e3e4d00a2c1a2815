// `rnnlab slurm FILE --shards N`: writes the sbatch scripts of a sharded sweep (array job + merge job), optionally submits them.
import { Command, Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDirectory } from '../config/make-directory.js';
import { loadExperiment } from '../config/load-experiment.js';
import type { BackendName } from '../config/run-config.js';
import { UserError } from '../config/user-error.js';
import { locateCorpus } from '../corpus/locate-corpus.js';
import { formatSbatchScripts, type SlurmSweep } from '../cluster/format-sbatch-scripts.js';
import { parseSlurmTime } from '../cluster/parse-slurm-time.js';
import { checkReuseSources } from '../runner/find-reusable-runs.js';
import { shardFolder } from '../runner/shard-db-path.js';
import { findSbatch, submitSlurmJobs } from '../cluster/submit-slurm-jobs.js';
import { dbOption } from './db-option.js';
import { seedRoundsExperiment } from './seed-rounds-experiment.js';
import { findSeedRound } from '../runner/find-seed-round.js';
import { identifyRuns } from '../runner/identify-runs.js';
import { createCorpusIdentifier } from '../corpus/identify-corpus.js';
import { BACKEND_NAMES } from './backend-names.js';
import { packageVersion } from './package-version.js';
import { parsePositiveInteger } from './parse-positive-integer.js';

interface SlurmOptions {
  shards?: string;
  partition?: string;
  time?: string;
  cpusPerTask: string;
  mem?: string;
  account?: string;
  submit?: boolean;
  db: string;
  set: string[];
  reuse: string[];
  backend?: BackendName;
}

/** Environment variables rnnlab reads that the job gets as they are where the scripts are written. */
const PASSED_ENV = ['RNNLAB_NATIVE', 'RNNLAB_BLAS_THREADS'];


/** A Slurm name (partition list, account): written into #SBATCH lines, so nothing a line could be misread by. */
function parseSlurmName(flag: string, text: string | undefined): string | null {
  if (text === undefined) return null;
  if (!/^[A-Za-z0-9_.,-]+$/.test(text)) {
    throw new UserError(`${flag} "${text}": only letters, digits, ".", "_", "-" (and "," between partitions)`);
  }
  return text;
}

function parseMem(text: string | undefined): string | null {
  if (text === undefined) return null;
  if (!/^[1-9]\d*[KMGT]?$/.test(text)) throw new UserError(`--mem "${text}": use a size as sbatch takes it, e.g. 4G, 500M or 4096 (MB)`);
  return text;
}

/**
 * The corpus folders the runs read, found now and passed to the job as absolute paths: the job runs --offline
 * (compute nodes often have no network, and N tasks must not download into one folder at once).
 */
async function corpusEnvironment(corpusPaths: Set<string | null>): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const explicitPath of corpusPaths) {
    try {
      const dir = await locateCorpus({ explicitPath, offline: true, log: () => {} });
      if (explicitPath === null) env.RNNLAB_CORPUS_DIR = dir;
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      throw new UserError(
        `the jobs run --offline (compute nodes often have no network, and N tasks must not download at once), so the ` +
          `corpus must be in place before their scripts are written:\n${error.message}`,
      );
    }
  }
  return env;
}

export function slurmCommand(): Command {
  return new Command('slurm')
    .description(
      'Write sbatch scripts that train an experiment as a Slurm array job of N shards (each into its own database) ' +
        'and merge the shards afterwards; --submit submits both.',
    )
    .argument('<file>', 'experiment YAML file')
    .option('--shards <n>', 'array tasks, one shard of the grid each (required)')
    .option('--partition <name>', 'Slurm partition (default: the cluster\'s default)')
    .option('--time <limit>', 'time limit per task, as sbatch takes it (e.g. 4:00:00, 1-12); USR1 comes 2 min before it')
    .option('--cpus-per-task <n>', 'cores per task: rnnlab trains that many runs of its shard at once', '1')
    .option('--mem <size>', 'memory per task, as sbatch takes it (e.g. 4G)')
    .option('--account <name>', 'Slurm account to charge')
    .addOption(dbOption().default('runs/rnnlab.sqlite', 'runs/rnnlab.sqlite: the database the merge job writes'))
    .option(
      '--set <path=value>',
      'override a value in every task, as rnnlab run --set; repeatable',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--reuse <db>',
      'every task copies the runs this database finished with the same training, as rnnlab run --reuse; repeatable. ' +
        'It must be readable at the same path on the compute nodes',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .addOption(new Option('--backend <name>', 'compute backend in the tasks (default: rnnlab run\'s)').choices(BACKEND_NAMES))
    .option('--submit', 'submit both scripts with sbatch and print the job ids')
    .action(async (file: string, options: SlurmOptions) => {
      const shards = parsePositiveInteger('--shards', options.shards);
      const cpusPerTask = parsePositiveInteger('--cpus-per-task', options.cpusPerTask);
      const time = options.time === undefined ? null : { text: options.time, seconds: parseSlurmTime(options.time) };
      const partition = parseSlurmName('--partition', options.partition);
      const account = parseSlurmName('--account', options.account);
      const mem = parseMem(options.mem);
      const sbatchPath = options.submit ? findSbatch() : null;
      const experiment = loadExperiment(file, options.set);
      // A seed rule: the scripts train the current round, planned from the merged database (--db) of the rounds
      // before; its look is stored there. After the merge job, running this command again plans the next round.
      let round: { round: number; pending: number } | null = null;
      if (experiment.seedRule !== null) {
        const state = await findSeedRound({
          ...seedRoundsExperiment(identifyRuns(experiment, createCorpusIdentifier())),
          dbPath: options.db,
          record: true,
        });
        if (state.stopped !== null) {
          const lines = [...state.stopped].map(([claim, why]) => `  ${claim}: ${why}`);
          process.stdout.write(`${experiment.name}: seed rule ended after round ${state.round} (in ${options.db}); nothing more to train:\n${lines.join('\n')}\n`);
          return;
        }
        round = { round: state.round, pending: state.pending.length };
      }
      const runCount = round?.pending ?? experiment.runs.length;
      if (shards > runCount) {
        throw new UserError(
          `--shards ${shards}: ${experiment.path} has ${runCount} run${runCount === 1 ? '' : 's'}` +
            `${round === null ? '' : ` to train in round ${round.round} of its seed rule`}, ` +
            `so some shards would have none; use at most --shards ${runCount}`,
        );
      }
      // Checked here, where a bad path is one message, rather than in every task; passed as absolute paths.
      checkReuseSources(options.reuse);
      const reuse = [...new Set(options.reuse.map((path) => resolve(path)))];
      const env = await corpusEnvironment(new Set(experiment.runs.map((run) => run.config.corpus.path)));
      for (const key of PASSED_ENV) {
        const value = process.env[key];
        if (value !== undefined && value !== '') env[key] = value;
      }

      const workDir = process.cwd();
      // #SBATCH lines are read by Slurm's own parser, not a shell: quoting there is not portable between versions.
      if (!/^[A-Za-z0-9_@%+=:,./-]+$/.test(workDir)) {
        throw new UserError(
          `the working directory ${workDir} has a space, quote or other character that #SBATCH --chdir cannot carry ` +
            'safely; run rnnlab slurm from a directory whose path has none',
        );
      }
      const logDir = `runs/slurm/${experiment.name}`;
      const arrayScript = `${logDir}/array.sbatch`;
      const mergeScript = `${logDir}/merge.sbatch`;
      const sweep: SlurmSweep = {
        experimentName: experiment.name,
        experimentFile: file,
        shards,
        partition,
        time,
        cpusPerTask,
        mem,
        account,
        workDir,
        nodePath: process.execPath,
        cliPath: fileURLToPath(new URL('./main.js', import.meta.url)),
        env,
        runArgs: [
          ...options.set.flatMap((value) => ['--set', value]),
          ...reuse.flatMap((path) => ['--reuse', path]),
          ...(options.backend ? ['--backend', options.backend] : []),
          ...(round === null ? [] : ['--plan-db', options.db]),
        ],
        mergeInto: options.db,
        logDir,
        mergeScript,
        packageVersion: packageVersion(),
      };
      const scripts = formatSbatchScripts(sweep);
      makeDirectory(resolve(workDir, logDir));
      writeFileSync(resolve(workDir, arrayScript), scripts.array, { mode: 0o755 });
      writeFileSync(resolve(workDir, mergeScript), scripts.merge, { mode: 0o755 });

      const out = (line: string): boolean => process.stdout.write(`${line}\n`);
      const runs = runCount;
      if (round !== null) out(`${experiment.name}: round ${round.round} of the seed rule (planned from ${options.db}): ${runs} runs to train`);
      out(`wrote ${arrayScript}: array job of ${shards} task${shards === 1 ? '' : 's'}, the ${runs} runs split into ${shards} shard${shards === 1 ? '' : 's'}, each into ${shardFolder(experiment.name)}/shard-I-of-${shards}.sqlite`);
      out(`wrote ${mergeScript}: merges the ${shards} shard database${shards === 1 ? '' : 's'} into ${options.db} once the array has ended`);
      if (sbatchPath === null) {
        out('submit both (the merge job waits for every array task):');
        out(`  jobid=$(sbatch --parsable ${arrayScript}) && sbatch --dependency=afterany:\${jobid%%;*} ${mergeScript} \${jobid%%;*}`);
        out(`or run the same command with --submit`);
        return;
      }
      const jobs = submitSlurmJobs({ arrayScript, mergeScript, workDir, sbatchPath });
      const { arrayJobId: a, mergeJobId: m } = jobs;
      out(`submitted array job ${a} (tasks ${a}_0…${a}_${shards - 1}) and merge job ${m} (after the array ends)`);
      out(`watch:   squeue -j ${a},${m}`);
      out(`history: sacct -j ${a},${m} --format=JobID,JobName%28,State,Elapsed,ExitCode`);
      out(`logs:    ${logDir}/rnnlab-${experiment.name}-${a}_*.out, ${logDir}/rnnlab-${experiment.name}-merge-${m}.out`);
      out(`results: ${options.db} once job ${m} has run; meanwhile rnnlab status --db ${shardFolder(experiment.name)}/`);
    });
}
