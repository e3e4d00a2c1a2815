// `rnnlab bench`: training throughput of each model at the book's sizes against the straightforward tfjs baseline.
import { Command, Option } from 'commander';
import Table from 'cli-table3';
import type { BackendName, ModelType } from '../config/run-config.js';
import { UserError } from '../config/user-error.js';
import type { BenchResult } from '../train/bench-training.js';
import { GEMM_SHAPE, type GemmRate } from '../train/measure-gemm-rate.js';

const MODELS: ModelType[] = ['rnn', 'rnncf', 'stacked', 'lstm'];

interface BenchOptions {
  model: ModelType | 'all';
  variant: 'paper' | 'book';
  steps: string;
  baselineSteps: string;
  backend: BackendName;
  json?: boolean;
}

function parseCount(flag: string, text: string, min: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min) throw new UserError(`${flag} must be an integer ≥ ${min}; got "${text}"`);
  return Number(text);
}

export function formatBench(results: BenchResult[], gemm: GemmRate): string {
  // No colours: the table is often piped into a file or a README.
  const table = new Table({
    head: ['model', 'backend', 'updates/s', 'tokens/s', 'GFLOP/update', 'GFLOP/s', 'of GEMM rate', 'baseline (cpu) updates/s', 'speedup'],
    style: { head: [], border: [] },
  });
  for (const r of results) {
    table.push([
      r.variant === null ? r.model : `${r.model} (${r.variant})`,
      r.backend,
      r.steps_per_sec.toFixed(2),
      Math.round(r.tokens_per_sec).toString(),
      r.gflop_per_update.toFixed(3),
      r.gflops.toFixed(1),
      `${(100 * r.gemm_fraction).toFixed(0)}%`,
      r.baseline_steps_per_sec === null ? '-' : r.baseline_steps_per_sec.toFixed(3),
      r.speedup === null ? '-' : `${r.speedup.toFixed(1)}×`,
    ]);
  }
  const first = results[0];
  return [
    `cpu: ${first?.cpu ?? '?'}`,
    ...(first?.blas ? [`blas: ${first.blas}`] : []),
    `GEMM rate: ${gemm.gflops.toFixed(1)} GFLOP/s on [${GEMM_SHAPE.m}×${GEMM_SHAPE.k}]·[${GEMM_SHAPE.k}×${GEMM_SHAPE.n}] (${gemm.by === first?.blas ? 'that BLAS' : gemm.by})`,
    table.toString(),
    'one update = forward + backward over 50 × 64 predictions, clipping, Adam; vocabulary 544, hidden 64, context 64;',
    'GFLOP/update counts matrix products only (docs/training.md#rnnlab-bench)',
    '',
  ].join('\n');
}

export function benchCommand(): Command {
  return new Command('bench')
    .description('measure training throughput at the book\'s sizes (synthetic tokens) against the straightforward tfjs baseline')
    .addOption(new Option('--model <type>', 'model to measure').choices([...MODELS, 'all']).default('all'))
    .addOption(
      new Option('--variant <variant>', "RNN-CF's graph: paper (hidden state recurs every step) or book (the notebook's)")
        .choices(['paper', 'book'])
        .default('paper'),
    )
    .option('--steps <n>', 'timed updates per model (after 2 warm-up updates)', '20')
    .option('--baseline-steps <n>', 'timed updates of the baseline on the JS CPU backend (0 = skip it)', '2')
    .addOption(new Option('--backend <name>', 'compute backend').choices(['auto', 'tensorflow', 'wasm', 'cpu', 'native']).default('auto'))
    .option('--json', 'print one JSON object per model instead of a table')
    .action(async (options: BenchOptions) => {
      const steps = parseCount('--steps', options.steps, 1);
      const baselineSteps = parseCount('--baseline-steps', options.baselineSteps, 0);
      // tfjs loads only when a command trains: the other commands start without it.
      const [{ initBackend, nativeFallbackReason, nativeBlasDescription }, { benchTraining }, { measureGemmRate }] = await Promise.all([
        import('../models/backend.js'),
        import('../train/bench-training.js'),
        import('../train/measure-gemm-rate.js'),
      ]);
      const backend = await initBackend(options.backend);
      const fallback = nativeFallbackReason();
      if (fallback !== null) process.stderr.write(`rnnlab: native BLAS path not available (${fallback}); measuring ${backend}\n`);
      const gemm = measureGemmRate();
      const blas = nativeBlasDescription();
      const results: BenchResult[] = [];
      for (const model of options.model === 'all' ? MODELS : [options.model]) {
        const result = await benchTraining(model, { backend, steps, baselineSteps, variant: options.variant, gemm, blas });
        results.push(result);
        if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      }
      if (!options.json) process.stdout.write(formatBench(results, gemm));
    });
}
