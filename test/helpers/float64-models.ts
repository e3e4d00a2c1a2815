// An independent float64 plain-JS forward pass of every model's training graph and running recurrence, for
// finite-difference gradient checks and for holding validation and generation to the model's equations.
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

/** One model's state vectors for one sequence (rnn: [h]; rnncf: [h, s] or [h]; stacked: h per layer; lstm: [h, c]). */
export type Float64State = number[][];

/**
 * One step of the running recurrence (validation, generation) for one sequence: token `id` and the previous state
 * → the new state and the output features. For the book RNN-CF, h_t reads s_{t-1} (the notebook's validation and
 * generation graphs); for the paper form it reads s_t.
 */
export function float64RunningStep(config: ModelConfig, weights: Float64Weights, vectors: Float64State, id: number): { vectors: Float64State; features: number[] } {
  const W = (name: string) => weights.get(name)!;
  if (config.type === 'rnn' || config.type === 'stacked') {
    const sizes = config.type === 'rnn' ? [config.hidden] : config.layers;
    const sfx = (l: number): string => (sizes.length === 1 ? '' : `_${l + 1}`);
    let below: number[] = [];
    const next = vectors.map((h, l) => {
      const x = l === 0 ? row(W(`W_xh${sfx(l)}`), id) : vecMat(below, W(`W_xh${sfx(l)}`));
      below = tanh(add(x, vecMat(h, W(`W_hh${sfx(l)}`)), vector(weights.get(`b_h${sfx(l)}`), sizes[l])));
      return below;
    });
    return { vectors: next, features: below };
  }
  if (config.type === 'rnncf') {
    const act = config.activation === 'sigmoid' ? sigmoid : tanh;
    const H = config.hidden;
    const C = config.context;
    const bias = vector(weights.get('b_h'), H);
    const [h, s] = vectors;
    if (C === 0) {
      const hOnly = act(add(row(W('A'), id), vecMat(h, W('R')), bias));
      return { vectors: [hOnly], features: hOnly };
    }
    const alphaLogit = weights.get('alpha_logit');
    const alpha = alphaLogit ? Array.from(alphaLogit.data, (z) => 1 / (1 + Math.exp(-z))) : new Array<number>(C).fill(config.alpha);
    const xb = row(W('B'), id);
    const sNew = s.map((sj, j) => (1 - alpha[j]) * xb[j] + alpha[j] * sj);
    // book: h_t = act(x_t A + s_{t-1} P + h_{t-1} R); paper: h_t = act(x_t A + s_t P + h_{t-1} R)
    const sRead = config.variant === 'book' ? s : sNew;
    const hNew = act(add(row(W('A'), id), vecMat(sRead, W('P')), vecMat(h, W('R')), bias));
    return { vectors: [hNew, sNew], features: [...hNew, ...sNew] };
  }
  const H = config.hidden;
  const [h, c] = vectors;
  const z = add(row(W('W_x'), id), vecMat(h, W('W_h')), Array.from(W('b').data));
  const i = sigmoid(z.slice(0, H));
  const f = sigmoid(z.slice(H, 2 * H));
  const g = tanh(z.slice(2 * H, 3 * H));
  const o = sigmoid(z.slice(3 * H));
  const cNew = c.map((cj, j) => f[j] * cj + i[j] * g[j]);
  const hNew = cNew.map((cj, j) => o[j] * Math.tanh(cj));
  return { vectors: [hNew, cNew], features: hNew };
}

/** Logits of one prediction: features W_out (+ b_out). */
export function float64Logits(weights: Float64Weights, features: number[]): number[] {
  const wOut = weights.get('W_out')!;
  return add(vecMat(features, wOut), vector(weights.get('b_out'), wOut.shape[1]));
}

/** Softmax cross-entropy of one prediction, in nats. */
function crossEntropy(logits: number[], target: number): number {
  const max = Math.max(...logits);
  return Math.log(logits.reduce((sum, z) => sum + Math.exp(z - max), 0)) + max - logits[target];
}

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
  const bookRnncf = config.type === 'rnncf' && config.variant === 'book';
  let total = 0;
  for (let b = 0; b < batch; b++) {
    // Each batch row is an independent sequence.
    let vectors = state.map((_, k) => stateRow(k, b));
    const stored = vectors.map((v) => [...v]);
    for (let t = 0; t < numUnroll; t++) {
      const id = inputs[t * batch + b];
      let features: number[];
      if (bookRnncf) {
        // Training graph of the notebook: h reads the states stored before the unroll; only s recurs.
        const act = config.activation === 'sigmoid' ? sigmoid : tanh;
        const H = config.hidden;
        const C = config.context;
        const bias = vector(weights.get('b_h'), H);
        if (C === 0) {
          const hOnly = act(add(row(W('A'), id), vecMat(stored[0], W('R')), bias));
          vectors = [hOnly];
          features = hOnly;
        } else {
          const alphaLogit = weights.get('alpha_logit');
          const alpha = alphaLogit ? Array.from(alphaLogit.data, (z) => 1 / (1 + Math.exp(-z))) : new Array<number>(C).fill(config.alpha);
          const xb = row(W('B'), id);
          const sNew = vectors[1].map((sj, j) => (1 - alpha[j]) * xb[j] + alpha[j] * sj);
          const hNew = act(add(row(W('A'), id), vecMat(stored[0], W('R')), vecMat(stored[1], W('P')), bias));
          vectors = [hNew, sNew];
          features = [...hNew, ...sNew];
        }
      } else {
        // Every other model trains on its running recurrence.
        ({ vectors, features } = float64RunningStep(config, weights, vectors, id));
      }
      total += crossEntropy(float64Logits(weights, features), targets[t * batch + b]);
    }
  }
  return total / (numUnroll * batch);
}

/**
 * Validation loss by the running recurrence: for sequence i, inputs tokens[c], targets tokens[c + 1],
 * c = 0 … predictions[i] - 1, batch 1, from a zero state; the mean over every scored prediction.
 */
export function float64ValidationLoss(
  config: ModelConfig,
  weights: Float64Weights,
  stateSizes: number[],
  sequences: ArrayLike<number>[],
  predictions: number[],
): { lossNats: number; count: number } {
  let total = 0;
  let count = 0;
  sequences.forEach((tokens, i) => {
    const n = Math.min(predictions[i], tokens.length - 1);
    let vectors: Float64State = stateSizes.map((size) => new Array<number>(size).fill(0));
    for (let c = 0; c < n; c++) {
      const out = float64RunningStep(config, weights, vectors, tokens[c]);
      vectors = out.vectors;
      total += crossEntropy(float64Logits(weights, out.features), tokens[c + 1]);
      count++;
    }
  });
  return { lossNats: total / count, count };
}

/** Float64 copies of a model's parameters, by name. */
export function float64Weights(params: Map<string, { shape: number[]; dataSync(): ArrayLike<number> }>): Float64Weights {
  const weights: Float64Weights = new Map();
  for (const [name, v] of params) weights.set(name, { shape: [...v.shape], data: Float64Array.from(v.dataSync()) });
  return weights;
}
