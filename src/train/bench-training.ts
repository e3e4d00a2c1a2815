// Training-throughput benchmark at the book's sizes on synthetic tokens: the engine's update vs the straightforward
// tfjs formulation (one-hot matmuls, stock softmax cross-entropy, optimizer.minimize) on the JS CPU backend.
import { cpus } from 'node:os';
import type { ModelConfig, ModelType } from '../config/run-config.js';
import { buildModel, disposeModel } from '../models/build-model.js';
import { zeroState } from '../models/recurrent-model.js';
import { createSeededRandom } from '../models/seeded-random.js';
import { switchBackend, tf } from '../models/backend.js';
import { referenceLoss } from './reference-loss.js';
import type { UnrolledBatch } from './train-update.js';
import { createUpdateEngine } from './update-engine.js';
import type { GemmRate } from './measure-gemm-rate.js';
import { updateFlops } from './update-flops.js';

export type RnncfVariant = ModelConfig['variant'];

/** The book's sizes: vocabulary 544, batch 64, unroll 50, hidden 64, context 64, three layers 128/64/32. */
export const BENCH_SIZES = { vocabSize: 544, batchSize: 64, numUnroll: 50 } as const;

/**
 * A model at the book's sizes. RNN-CF: `paper` (the default of `rnnlab bench`: the hidden state recurs at every step,
 * with the sigmoid, as in the PyTorch reference) or `book` (the notebook's training graph, with tanh).
 */
export function benchModelConfig(type: ModelType, variant: RnncfVariant = 'paper'): ModelConfig {
  return {
    type,
    hidden: 64,
    context: 64,
    alpha: 0.9,
    learn_alpha: false,
    activation: variant === 'book' ? 'tanh' : 'sigmoid',
    variant,
    layers: [128, 64, 32],
    bias: false,
    init_std: 0.02,
    forget_bias: 1,
  };
}

export interface BenchResult {
  model: ModelType;
  backend: string;
  /** Updates per second. */
  steps_per_sec: number;
  tokens_per_sec: number;
  baseline_steps_per_sec: number | null;
  speedup: number | null;
  /** RNN-CF's variant (`paper` or `book`); null for the other models. */
  variant: RnncfVariant | null;
  /** FLOPs of one update, analytically (update-flops.ts), in GFLOP. */
  gflop_per_update: number;
  /** Achieved: gflop_per_update × updates per second. */
  gflops: number;
  /** This machine's SGEMM rate on [3200×128]·[128×544], measured in the same run (measure-gemm-rate.ts). */
  gemm_gflops: number;
  /** gflops / gemm_gflops: how much of the GEMM rate a whole update achieves. */
  gemm_fraction: number;
  /** The native BLAS (library, core and where it came from, threads); null on the other backends. */
  blas: string | null;
  /** The CPU's model name (os.cpus()). */
  cpu: string;
}

function syntheticBatches(count: number): UnrolledBatch[] {
  const random = createSeededRandom(0, 'bench');
  const n = BENCH_SIZES.numUnroll * BENCH_SIZES.batchSize;
  return Array.from({ length: count }, () => ({
    inputs: Int32Array.from({ length: n }, () => random.int(BENCH_SIZES.vocabSize)),
    targets: Int32Array.from({ length: n }, () => random.int(BENCH_SIZES.vocabSize)),
  }));
}

/**
 * Updates per second of the engine's update (forward, backward, clipping at 5, Adam) on the current backend.
 * It goes through createUpdateEngine, as training does, so what is measured is the engine a run would use (the C
 * engine under the native backend, the tfjs graph otherwise).
 */
export function measureEngine(config: ModelConfig, steps: number, warmup = 2): number {
  const { vocabSize, batchSize, numUnroll } = BENCH_SIZES;
  const model = buildModel(config, vocabSize, createSeededRandom(0, 'init'));
  const adam = { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
  const engine = createUpdateEngine(model, config, { numUnroll, batchSize, clipNorm: 5, adam });
  const batches = syntheticBatches(4);
  try {
    let started = 0;
    for (let i = 0; i < warmup + steps; i++) {
      if (i === warmup) started = performance.now();
      engine.update(batches[i % batches.length]);
    }
    return steps / ((performance.now() - started) / 1000);
  } finally {
    engine.dispose();
    disposeModel(model);
  }
}

/** Updates per second of the straightforward formulation with tf.train.adam's optimizer.minimize (current backend). */
export function measureBaseline(config: ModelConfig, steps: number, warmup = 1): number {
  const { vocabSize, batchSize, numUnroll } = BENCH_SIZES;
  const model = buildModel(config, vocabSize, createSeededRandom(0, 'init'));
  const optimizer = tf.train.adam(0.001, 0.9, 0.999, 1e-8);
  const batches = syntheticBatches(2);
  const state = zeroState(model.stateSizes, batchSize);
  try {
    let started = 0;
    for (let i = 0; i < warmup + steps; i++) {
      if (i === warmup) started = performance.now();
      const batch = batches[i % batches.length];
      tf.tidy(() => {
        optimizer.minimize(() => referenceLoss(model, batch.inputs, batch.targets, numUnroll, batchSize, state), false, [
          ...model.params.values(),
        ]);
      });
    }
    return steps / ((performance.now() - started) / 1000);
  } finally {
    state.forEach((t) => t.dispose());
    optimizer.dispose();
    disposeModel(model);
  }
}

/**
 * Benchmarks one model on `backend` (already initialised) and, unless baselineSteps is 0, the baseline on the
 * JS CPU backend in the same process; leaves `backend` active again.
 */
export async function benchTraining(
  type: ModelType,
  options: { backend: string; steps: number; baselineSteps: number; variant: RnncfVariant; gemm: GemmRate; blas: string | null },
): Promise<BenchResult> {
  const config = benchModelConfig(type, options.variant);
  const stepsPerSec = measureEngine(config, options.steps);
  let baseline: number | null = null;
  if (options.baselineSteps > 0) {
    await switchBackend('cpu');
    try {
      baseline = measureBaseline(config, options.baselineSteps);
    } finally {
      await switchBackend(options.backend);
    }
  }
  const gflopPerUpdate = updateFlops(config, BENCH_SIZES) / 1e9;
  return {
    model: type,
    backend: options.backend,
    steps_per_sec: stepsPerSec,
    tokens_per_sec: stepsPerSec * BENCH_SIZES.numUnroll * BENCH_SIZES.batchSize,
    baseline_steps_per_sec: baseline,
    speedup: baseline === null ? null : stepsPerSec / baseline,
    variant: type === 'rnncf' ? options.variant : null,
    gflop_per_update: gflopPerUpdate,
    gflops: gflopPerUpdate * stepsPerSec,
    gemm_gflops: options.gemm.gflops,
    gemm_fraction: (gflopPerUpdate * stepsPerSec) / options.gemm.gflops,
    blas: options.blas,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
  };
}
