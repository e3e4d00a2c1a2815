// Floating-point operations of one training update, counted analytically from the model's matrix products.
import type { ModelConfig } from '../config/run-config.js';

/** One update's shape: batch × unroll predictions over a vocabulary. */
export interface UpdateShape {
  vocabSize: number;
  batchSize: number;
  numUnroll: number;
}

/**
 * FLOPs of one update (forward, backward), counting the matrix products only: a product [m,k]·[k,n] is 2·m·k·n
 * FLOPs forward, and backward computes both of its gradients (dX = dY·Wᵀ, dW = Xᵀ·dY), twice that again, so each
 * product counts 3 × 2·m·k·n. Input projections of token ids are row lookups (0 FLOPs), as every engine here does
 * them. Elementwise work (activations, softmax, Adam, clipping) is left out: it is O(m·n), not O(m·k·n).
 * With N = batch·unroll predictions, vocabulary V:
 *   rnn:            3·2·(N·H·V + N·H·H)
 *   rnncf (paper):  3·2·(N·(H+C)·V + N·H·H + N·C·H)                (h_{t-1}R and s_t P every step)
 *   rnncf (book):   3·2·(N·(H+C)·V + batch·H·H + batch·C·H)        (h*R and s*P once: the stored states)
 *   stacked:        3·2·(N·L_top·V + Σ_l N·L_l·L_l + Σ_{l>1} N·L_{l-1}·L_l)
 *   lstm:           3·2·(N·H·V + N·H·4H)
 * At the book's sizes (V 544, batch 64, unroll 50, H = C = 64, layers 128/64/32): rnn 0.747, rnncf paper 1.494,
 * rnncf book 1.340, stacked 0.944, lstm 0.983 GFLOP.
 */
export function updateFlops(model: ModelConfig, shape: UpdateShape): number {
  const { vocabSize: V, batchSize: B, numUnroll: T } = shape;
  const N = B * T;
  const product = (m: number, k: number, n: number): number => 3 * 2 * m * k * n;
  const H = model.hidden;
  switch (model.type) {
    case 'rnn':
      return product(N, H, V) + product(N, H, H);
    case 'rnncf': {
      const C = model.context;
      const output = product(N, H + C, V);
      if (model.variant === 'book') return output + product(B, H, H) + product(B, C, H);
      return output + product(N, H, H) + product(N, C, H);
    }
    case 'stacked': {
      const L = model.layers;
      let flops = product(N, L[L.length - 1], V);
      L.forEach((size, l) => {
        flops += product(N, size, size);
        if (l > 0) flops += product(N, L[l - 1], size);
      });
      return flops;
    }
    case 'lstm':
      return product(N, H, V) + product(N, H, 4 * H);
  }
}
