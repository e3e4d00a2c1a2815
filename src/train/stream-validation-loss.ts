// Validation over the held-out tails joined into one stream (the three-layer notebook): batch 1, state carried across.
import { createBatchCursors, nextUnrolledBatch } from '../corpus/batch-cursors.js';
import type { TokenDocument } from '../corpus/prepared-corpus.js';
import { sumCrossEntropy } from '../models/host-math.js';
import { zeroState, type RecurrentModel, type State } from '../models/recurrent-model.js';
import { tf } from '../models/backend.js';
import { outputLogits } from './output-loss.js';

/** Steps whose logits are computed at once: bounds memory to [CHUNK, V] for long streams (fraction rule). */
const CHUNK = 1000;

/** The tails in the given order (file order) joined into one stream of N tokens. */
function joinTails(sequences: readonly TokenDocument[]): Int32Array {
  const stream = new Int32Array(sequences.reduce((sum, s) => sum + s.tokens.length, 0));
  let at = 0;
  for (const { tokens } of sequences) {
    stream.set(tokens, at);
    at += tokens.length;
  }
  return stream;
}

/**
 * Mean cross-entropy (nats) of N predictions over the stream of N tokens, read as the notebook reads it: its batch
 * generator with batch size 1 (`DataGeneratorOHE(valid_data, 1, 1)`, i.e. the book-layout cursor), so predictions
 * c = 0 … N − 2 are token c → token c + 1 and the N-th wraps to the start (token 0 → token 1). One zero state at the
 * start, carried through every prediction, across documents and across the wrap. Returns the mean and N.
 */
export function streamValidationLoss(model: RecurrentModel, sequences: readonly TokenDocument[]): { lossNats: number; count: number } {
  const stream = joinTails(sequences);
  if (stream.length < 2) return { lossNats: NaN, count: 0 };
  const { inputs, targets } = nextUnrolledBatch(createBatchCursors(stream, 1, 'book'), stream.length);
  let total = 0;
  let state: State = zeroState(model.stateSizes, 1);
  try {
    for (let start = 0; start < inputs.length; start += CHUNK) {
      const end = Math.min(inputs.length, start + CHUNK);
      const previous = state;
      // tidy keeps what it returns: the carried state [1, size] per vector, handed to the next chunk.
      const out = tf.tidy(() => {
        let carried = previous;
        const features: tf.Tensor2D[] = [];
        for (let c = start; c < end; c++) {
          const step = model.step(inputs.subarray(c, c + 1), carried);
          carried = step.state;
          features.push(step.features);
        }
        // logits: [end - start, V], one output product and one host pass per chunk.
        const logits = outputLogits(model, tf.concat(features, 0) as tf.Tensor2D);
        const sum = sumCrossEntropy(logits.dataSync() as Float32Array, model.vocabSize, targets.subarray(start, end));
        return { state: carried, sum };
      });
      for (const t of previous) if (!out.state.includes(t)) t.dispose();
      state = out.state;
      total += out.sum;
    }
  } finally {
    for (const t of state) t.dispose();
  }
  return { lossNats: total / inputs.length, count: inputs.length };
}
