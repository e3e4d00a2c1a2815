// This machine's SGEMM rate on the output layer's product, the ceiling a training update's GFLOP/s is held against.
import { loadNative } from '../kernels/load-native.js';
import { createNativeKernels } from '../kernels/native-kernels.js';
import { tf } from '../models/backend.js';

/**
 * The representative product: logits of RNN-CF's output layer at the book's sizes, [3200×128]·[128×544]
 * (batch 64 × unroll 50 predictions, hidden + context 128, vocabulary 544). Most of an update's FLOPs are this
 * product and its two gradients.
 */
export const GEMM_SHAPE = { m: 3200, k: 128, n: 544 } as const;

export interface GemmRate {
  gflops: number;
  /** What ran it: the native BLAS description (with its core and threads) or the tfjs backend. */
  by: string;
}

/**
 * GFLOP/s (2·m·k·n per product) of GEMM_SHAPE, the best of repeated timings over about `minMs`: on the native
 * addon's BLAS when it loads (at the thread count rnnlab set, one unless RNNLAB_BLAS_THREADS), else tfjs matMul on
 * the active backend.
 */
export function measureGemmRate(minMs = 300): GemmRate {
  const { m, k, n } = GEMM_SHAPE;
  const flops = 2 * m * k * n;
  const a = Float32Array.from({ length: m * k }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
  const b = Float32Array.from({ length: k * n }, (_, i) => ((i * 104729) % 1000) / 1000 - 0.5);
  const load = loadNative();
  let run: () => void;
  let by: string;
  let cleanup = (): void => {};
  if (load.addon !== null) {
    const kernels = createNativeKernels(load.addon, load.blas);
    const c = new Float32Array(m * n);
    run = () => kernels.sgemm({ transA: false, transB: false, m, n, k, alpha: 1, a, b, beta: 0, c });
    by = kernels.description;
  } else {
    const ta = tf.tensor2d(a, [m, k]);
    const tb = tf.tensor2d(b, [k, n]);
    run = () => tf.tidy(() => void tf.matMul(ta, tb).dataSync());
    by = `TensorFlow.js matMul on ${tf.getBackend()}`;
    cleanup = () => tf.dispose([ta, tb]);
  }
  try {
    run(); // warm-up: first-call allocation, thread start-up
    let best = Infinity;
    const until = performance.now() + minMs;
    for (let i = 0; i < 3 || performance.now() < until; i++) {
      const started = performance.now();
      run();
      best = Math.min(best, performance.now() - started);
    }
    return { gflops: flops / (best / 1000) / 1e9, by };
  } finally {
    cleanup();
  }
}
