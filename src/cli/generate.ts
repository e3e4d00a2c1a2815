// `rnnlab generate RUN | --checkpoint FILE`: text from a trained run's saved weights.
import { Command, Option } from 'commander';
import type { BackendName } from '../config/run-config.js';
import { UserError } from '../config/user-error.js';
import { checkpointPath } from '../store/checkpoint-path.js';
import { openStore } from '../store/results-store.js';
import { dbOption } from './db-option.js';

interface GenerateCliOptions {
  checkpoint?: string;
  db: string;
  length: string;
  decoding: 'greedy' | 'sample' | 'top_k';
  temperature: string;
  topK: string;
  seedText?: string;
  seed: string;
  weights: 'best' | 'final';
  backend: BackendName;
  json?: boolean;
}

function parseNumber(flag: string, text: string, integer: boolean, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new UserError(`${flag} must be ${integer ? 'an integer' : 'a number'} ${range}; got "${text}"`);
  }
  return value;
}

/** As generation.length in the experiment schema: a million tokens is already a long book. */
const MAX_LENGTH = 1_000_000;

/** The checkpoint to read: --checkpoint as given, or the one `rnnlab run` wrote beside the database for RUN. */
function checkpointFile(run: string | undefined, options: GenerateCliOptions): string {
  if ((run === undefined) === (options.checkpoint === undefined)) {
    throw new UserError('rnnlab generate: give either a run id (rnnlab generate RUN) or --checkpoint FILE');
  }
  if (options.checkpoint !== undefined) return options.checkpoint;
  const store = openStore(options.db, { readonly: true });
  try {
    return checkpointPath(options.db, store.findRun(run!).id);
  } finally {
    store.close();
  }
}

export function generateCommand(): Command {
  return new Command('generate')
    .description('generate text from a trained run (by id or id prefix) or from a checkpoint file')
    .argument('[run]', 'run id or unique prefix in the results database (its checkpoint is read)')
    .option('--checkpoint <file>', 'checkpoint file written by a run (instead of RUN)')
    .addOption(dbOption())
    .option('--length <n>', 'tokens to generate', '1000')
    .addOption(new Option('--decoding <how>', 'greedy (argmax, the book), sample, or top_k').choices(['greedy', 'sample', 'top_k']).default('greedy'))
    .option('--temperature <t>', 'softmax temperature for sample and top_k', '1')
    .option('--top-k <k>', 'candidates kept by top_k', '5')
    .option('--seed-text <text>', "text fed before generating (default: the run's seed_text, else a random vocabulary token)")
    .option('--seed <n>', 'random seed (seed token, sampling)', '1')
    .addOption(new Option('--weights <which>', 'best-validation or final weights').choices(['best', 'final']).default('best'))
    .addOption(new Option('--backend <name>', 'compute backend').choices(['auto', 'tensorflow', 'wasm', 'cpu', 'native']).default('auto'))
    .option('--json', 'print {"seedText","decoding","text"} as JSON')
    .action(async (run: string | undefined, options: GenerateCliOptions) => {
      const length = parseNumber('--length', options.length, true, 1, MAX_LENGTH);
      const temperature = parseNumber('--temperature', options.temperature, false, 0);
      if (temperature === 0) {
        // As generation.temperature in the schema: temperature → 0 is the argmax, which is --decoding greedy.
        throw new UserError(`--temperature must be a number > 0 (for the argmax, use --decoding greedy); got "${options.temperature}"`);
      }
      const topK = parseNumber('--top-k', options.topK, true, 1);
      const seed = parseNumber('--seed', options.seed, true, 0);
      // tfjs loads only when a command trains or generates: the other commands start without it.
      const [{ initBackend }, { loadCheckpoint }, { generateFromCheckpoint }] = await Promise.all([
        import('../models/backend.js'),
        import('../train/checkpoint.js'),
        import('../train/generate-from-checkpoint.js'),
      ]);
      const path = checkpointFile(run, options);
      const checkpoint = loadCheckpoint(path);
      await initBackend(options.backend);
      const sample = generateFromCheckpoint(
        checkpoint,
        { weights: options.weights, length, decoding: options.decoding, temperature, topK, seedText: options.seedText ?? null, seed },
        path,
      );
      process.stdout.write(options.json ? `${JSON.stringify(sample)}\n` : `${sample.seedText}${sample.text}\n`);
    });
}
