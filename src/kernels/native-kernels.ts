// The kernel interface on the rnnlab-native addon: cblas_sgemm (OpenBLAS or Accelerate) plus fused C loops.
import { checkOutputLayerArgs, checkRecurrenceArgs, checkSgemmArgs } from './check-kernel-args.js';
import type { Kernels } from './kernels.js';
import type { BlasInfo, NativeAddon } from './load-native.js';
import { formatBlasConfig, formatBlasThreads } from './format-blas-config.js';

/** Kernels running on `addon` (from loadNative()); `blas` describes it for run records. */
export function createNativeKernels(addon: NativeAddon, blas: BlasInfo): Kernels {
  const config = formatBlasConfig(blas);
  return {
    name: 'native',
    // Read when asked: the sweep changes the thread count between runs (setNumThreads).
    get description() {
      return `${config}, ${formatBlasThreads(addon.blasInfo().threads)}`;
    },
    sgemm(args) {
      checkSgemmArgs(args);
      const { transA, transB, m, n, k, alpha, a, b, beta, c } = args;
      addon.sgemm(transA, transB, m, n, k, alpha, a, b, beta, c);
    },
    softmaxCrossEntropy(args) {
      checkOutputLayerArgs(args);
      const { h, w, b, targets, n, hidden, vocab, dH, dW, dB } = args;
      return addon.softmaxCrossEntropy(h, w, b ?? null, targets, n, hidden, vocab, dH ?? null, dW ?? null, dB ?? null);
    },
    rnnForward(args) {
      checkRecurrenceArgs(args, { pre: args.pre, hs: args.hs });
      const { activation, steps, batch, hidden, pre, whh, h0, hs } = args;
      addon.rnnForward(activation === 'tanh' ? 0 : 1, steps, batch, hidden, pre, whh, h0, hs);
    },
    rnnBackward(args) {
      checkRecurrenceArgs(args, { hs: args.hs, dHs: args.dHs, dPre: args.dPre });
      const { activation, steps, batch, hidden, whh, h0, hs, dHs, dPre, dWhh, dH0 } = args;
      addon.rnnBackward(activation === 'tanh' ? 0 : 1, steps, batch, hidden, whh, h0, hs, dHs, dPre, dWhh, dH0);
    },
  };
}
