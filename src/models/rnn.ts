// Plain RNN: h_t = tanh(x_t W_xh + h_{t-1} W_hh [+ b_h]), y_t = softmax(h_t W_out [+ b_out]); a one-layer tanh stack.
import type { ModelConfig } from '../config/run-config.js';
import type { RecurrentModel } from './recurrent-model.js';
import type { SeededRandom } from './seeded-random.js';
import { createTanhStack } from './stacked.js';

/** The book's RNN (no biases unless `model.bias`); parameters W_xh [V, H], W_hh [H, H], W_out [H, V]. */
export function createRnnModel(model: ModelConfig, vocabSize: number, random: SeededRandom): RecurrentModel {
  return createTanhStack('rnn', [model.hidden], model, vocabSize, random);
}
