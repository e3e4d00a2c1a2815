// Estimates the memory one run's training needs, so a size the schema allows but no machine holds is refused early.
import type { RunConfig } from '../config/run-config.js';
import { UserError } from '../config/user-error.js';

const FLOAT32_BYTES = 4;

/** Weights of the model (biases left out: they are vectors, noise next to the matrices). */
export function countParameters(model: RunConfig['model'], vocabSize: number): number {
  const V = vocabSize;
  switch (model.type) {
    case 'rnn':
      return V * model.hidden + model.hidden * model.hidden + model.hidden * V;
    case 'rnncf': {
      const H = model.hidden;
      const C = model.context;
      // A: [V, H], B: [V, C], P: [C, H], R: [H, H], U: [H, V], V: [C, V]
      return V * H + V * C + C * H + H * H + H * V + C * V;
    }
    case 'lstm':
      // four gates, each [V + H, H], and the output [H, V]
      return 4 * (V + model.hidden) * model.hidden + model.hidden * V;
    case 'stacked': {
      let inputs = V;
      let total = 0;
      for (const units of model.layers) {
        total += inputs * units + units * units;
        inputs = units;
      }
      return total + inputs * V;
    }
  }
}

/**
 * Bytes one run holds at least while training, in float32: weights, their gradients and Adam's two moments
 * (4 × parameters), and per unrolled step the activations kept for backpropagation: the hidden state(s), the logits
 * and the softmax over the vocabulary for every cursor ([num_unroll, batch, hidden + 2·V]). A lower bound: tfjs
 * temporaries come on top.
 */
export function estimateRunMemoryBytes(config: RunConfig, vocabSize: number): number {
  const { model, train } = config;
  const stateUnits =
    model.type === 'stacked'
      ? model.layers.reduce((sum, units) => sum + units, 0)
      : model.type === 'lstm'
        ? 6 * model.hidden // four gates, cell and hidden state
        : model.hidden + (model.type === 'rnncf' ? model.context : 0);
  const weights = 4 * countParameters(model, vocabSize);
  const activations = train.num_unroll * train.batch_size * (stateUnits + 2 * vocabSize);
  return FLOAT32_BYTES * (weights + activations);
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** Throws a UserError naming the sizes when one run needs more than `limitBytes` (normally the machine's memory). */
export function checkRunMemory(config: RunConfig, vocabSize: number, limitBytes: number): void {
  const needed = estimateRunMemoryBytes(config, vocabSize);
  if (needed <= limitBytes) return;
  const { model, train } = config;
  const sizes =
    model.type === 'stacked'
      ? `model.layers [${model.layers.join(', ')}]`
      : `model.hidden ${model.hidden}${model.type === 'rnncf' ? `, model.context ${model.context}` : ''}`;
  throw new UserError(
    `${sizes}, train.batch_size ${train.batch_size} and train.num_unroll ${train.num_unroll} with a vocabulary of ` +
      `${vocabSize}: one run needs at least ${formatBytes(needed)} (weights, gradients, Adam state and the unrolled ` +
      `activations), more than the ${formatBytes(limitBytes)} of memory this machine has; use smaller sizes`,
  );
}
