// Validation: batch 1, state carried along each held-out sequence and reset between sequences; no weight updates.
import { sumCrossEntropy } from '../models/host-math.js';
import { zeroState, type RecurrentModel, type State } from '../models/recurrent-model.js';
import type { TokenDocument } from '../corpus/prepared-corpus.js';
import { tf } from '../models/backend.js';
import { outputLogits } from './output-loss.js';

/**
 * Mean cross-entropy (nats) over every scored prediction: for sequence i, inputs tokens[c], targets tokens[c + 1],
 * c = 0 … predictions[i] - 1, from a zero state. Returns the mean and the number of predictions scored.
 */
export function validationLoss(
  model: RecurrentModel,
  sequences: TokenDocument[],
  predictions: number[],
): { lossNats: number; count: number } {
  let total = 0;
  let count = 0;
  sequences.forEach((sequence, i) => {
    const n = Math.min(predictions[i], sequence.tokens.length - 1);
    if (n <= 0) return;
    total += tf.tidy(() => {
      let state: State = zeroState(model.stateSizes, 1);
      const features: tf.Tensor2D[] = [];
      for (let c = 0; c < n; c++) {
        const out = model.step(sequence.tokens.subarray(c, c + 1), state);
        state = out.state;
        features.push(out.features);
      }
      // One output product and one host pass for the whole sequence: logits [n, V].
      const logits = outputLogits(model, tf.concat(features, 0) as tf.Tensor2D);
      return sumCrossEntropy(logits.dataSync() as Float32Array, model.vocabSize, sequence.tokens.subarray(1, n + 1));
    });
    count += n;
  });
  return { lossNats: count === 0 ? NaN : total / count, count };
}
