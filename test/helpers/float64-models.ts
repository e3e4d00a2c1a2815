// An independent float64 plain-JS forward pass of every model's training graph, for finite-difference gradient checks.
import type { ModelConfig } from '../../src/config/run-config.js';

export type Float64Weights = Map<string, { shape: number[]; data: Float64Array }>;

/** x [n] times W [n, m] (row-major) → [m]. */
function vecMat(x: number[], w: { shape: number[]; data: Float64Array }): number[] {
  const [n, m] = w.shape;
  const out = new Array<number>(m).fill(0);
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    for (let j = 0; j < m; j++) out[j] += xi * w.data[i * m + j];
  }
  return out;
}

function row(w: { shape: number[]; data: Float64Array }, id: number): number[] {
  const m = w.shape[1];
  return Array.from(w.data.subarray(id * m, (id + 1) * m));
}

const add = (...vs: number[][]): number[] => vs[0].map((_, j) => vs.reduce((s, v) => s + v[j], 0));
const tanh = (v: number[]): number[] => v.map(Math.tanh);
const sigmoid = (v: number[]): number[] => v.map((x) => 1 / (1 + Math.exp(-x)));
const vector = (w: { data: Float64Array } | undefined, size: number): number[] =>
  w === undefined ? new Array<number>(size).fill(0) : Array.from(w.data);

/**
 * Mean cross-entropy of the training graph over inputs/targets [T·B] (index t·B + b), from initial states
 * `state` (one [B, size] row-major array per state vector, in the model's State order).
 */
export function float64TrainingLoss(
  config: ModelConfig,
  weights: Float64Weights,
  inputs: ArrayLike<number>,
  targets: ArrayLike<number>,
  numUnroll: number,
  batch: number,
  state: Float64Array[],
): number {
  const W = (name: string) => weights.get(name)!;
  const stateRow = (k: number, b: number): number[] => {
    const size = state[k].length / batch;
    return Array.from(state[k].subarray(b * size, (b + 1) * size));
  };
  let total = 0;
  for (let b = 0; b < batch; b++) {
    // Each batch row is an independent sequence.
    let vectors = state.map((_, k) => stateRow(k, b));
    const stored = vectors.map((v) => [...v]);
    for (let t = 0; t < numUnroll; t++) {
      const id = inputs[t * batch + b];
      let features: number[];
      if (config.type === 'rnn' || config.type === 'stacked') {
        const sizes = config.type === 'rnn' ? [config.hidden] : config.layers;
        const sfx = (l: number): string => (sizes.length === 1 ? '' : `_${l + 1}`);
        let below: number[] = [];
        vectors = vectors.map((h, l) => {
          const x = l === 0 ? row(W(`W_xh${sfx(l)}`), id) : vecMat(below, W(`W_xh${sfx(l)}`));
          below = tanh(add(x, vecMat(h, W(`W_hh${sfx(l)}`)), vector(weights.get(`b_h${sfx(l)}`), sizes[l])));
          return below;
        });
        features = below;
      } else if (config.type === 'rnncf') {
        const act = config.activation === 'sigmoid' ? sigmoid : tanh;
        const H = config.hidden;
        const C = config.context;
        const alphaLogit = weights.get('alpha_logit');
        const alpha = alphaLogit ? Array.from(alphaLogit.data, (z) => 1 / (1 + Math.exp(-z))) : new Array<number>(C).fill(config.alpha);
        const [h, s] = vectors;
        if (C === 0) {
          const hOnly = act(add(row(W('A'), id), vecMat(config.variant === 'book' ? stored[0] : h, W('R')), vector(weights.get('b_h'), H)));
          vectors = [hOnly];
          features = hOnly;
        } else {
        const xb = row(W('B'), id);
        const sNew = s.map((sj, j) => (1 - alpha[j]) * xb[j] + alpha[j] * sj);
        const bias = vector(weights.get('b_h'), H);
        let hNew: number[];
        if (config.variant === 'book') {
          // Training graph of the notebook: h reads the states stored before the unroll.
          hNew = act(add(row(W('A'), id), vecMat(stored[0], W('R')), vecMat(stored[1], W('P')), bias));
        } else {
          hNew = act(add(row(W('A'), id), vecMat(sNew, W('P')), vecMat(h, W('R')), bias));
        }
        vectors = [hNew, sNew];
        features = [...hNew, ...sNew];
        }
      } else {
        const H = config.hidden;
        const [h, c] = vectors;
        const z = add(row(W('W_x'), id), vecMat(h, W('W_h')), Array.from(W('b').data));
        const i = sigmoid(z.slice(0, H));
        const f = sigmoid(z.slice(H, 2 * H));
        const g = tanh(z.slice(2 * H, 3 * H));
        const o = sigmoid(z.slice(3 * H));
        const cNew = c.map((cj, j) => f[j] * cj + i[j] * g[j]);
        const hNew = cNew.map((cj, j) => o[j] * Math.tanh(cj));
        vectors = [hNew, cNew];
        features = hNew;
      }
      const logits = add(vecMat(features, W('W_out')), vector(weights.get('b_out'), W('W_out').shape[1]));
      const max = Math.max(...logits);
      const logSum = Math.log(logits.reduce((sum, z) => sum + Math.exp(z - max), 0)) + max;
      total += logSum - logits[targets[t * batch + b]];
    }
  }
  return total / (numUnroll * batch);
}
