// Text generation: feed a seed, then decode `length` tokens (greedy, sampled or top-k), each fed back as the next input.
import type { GenerationConfig } from '../config/run-config.js';
import type { Vocabulary } from '../corpus/prepared-corpus.js';
import type { RecurrentModel, State } from '../models/recurrent-model.js';
import type { SeededRandom } from '../models/seeded-random.js';
import { tf } from '../models/backend.js';
import { outputLogits } from './output-loss.js';

/** How the UNK token (id 0) appears in generated text: the book prints it literally as "UNK"; the corpus is
 *  lower-cased, so the upper-case marker cannot be confused with generated characters. */
export const UNK_MARKER = 'UNK';

/** Picks the next token from logits [V] (host copy): greedy takes the argmax (lowest id on a tie); sample and top_k
 *  take the token whose interval [F(k-1), F(k)) of softmax(logits / temperature)'s cumulative sum holds one uniform
 *  draw, top_k over the k largest logits only (lowest ids first on a tie). */
export function chooseToken(
  logits: Float32Array,
  decoding: GenerationConfig['decoding'],
  temperature: number,
  topK: number,
  random: SeededRandom,
): number {
  if (decoding === 'greedy') {
    let best = 0;
    for (let i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
    return best;
  }
  // The schema and `rnnlab generate` refuse temperature ≤ 0 (its limit is greedy, which has its own name); a caller
  // that passes one anyway gets an error rather than a quietly different distribution.
  if (!(temperature > 0)) throw new RangeError(`chooseToken: temperature must be > 0; got ${temperature}`);
  let candidates = Array.from(logits.keys());
  if (decoding === 'top_k') {
    candidates.sort((a, b) => logits[b] - logits[a] || a - b);
    candidates = candidates.slice(0, Math.max(1, Math.min(topK, candidates.length)));
  }
  // Shifted by the largest scaled logit so exp never overflows (logits of a few hundred at temperature 1 would).
  let max = -Infinity;
  for (const i of candidates) max = Math.max(max, logits[i] / temperature);
  const weights = candidates.map((i) => Math.exp(logits[i] / temperature - max));
  const total = weights.reduce((a, b) => a + b, 0);
  let u = random.next() * total;
  for (let k = 0; k < candidates.length; k++) {
    u -= weights[k];
    if (u < 0) return candidates[k];
  }
  return candidates[candidates.length - 1]; // u within rounding of the total: the last interval's right end
}

/** Token ids as text; UNK (id 0) as UNK_MARKER. */
export function formatTokens(ids: ArrayLike<number>, vocabulary: Vocabulary): string {
  let text = '';
  for (let i = 0; i < ids.length; i++) text += ids[i] === 0 ? UNK_MARKER : vocabulary.tokens[ids[i]];
  return text;
}

/** Feeds `seed` (ids, at least one) from `state` (batch 1; left to the caller, not disposed), then generates `length`
 *  tokens, each fed back as the next input except the last. Returns the generated ids. */
export function generateTokens(
  model: RecurrentModel,
  seed: Int32Array,
  state: State,
  options: { length: number; decoding: GenerationConfig['decoding']; temperature: number; topK: number; random: SeededRandom },
): Int32Array {
  const ids = new Int32Array(options.length);
  let current = state;
  let logits: Float32Array | null = null;
  const advance = (input: Int32Array): void => {
    const previous = current;
    let host: Float32Array | null = null;
    current = tf.tidy(() => {
      const out = model.step(input, previous);
      host = outputLogits(model, out.features).dataSync() as Float32Array;
      return out.state;
    });
    logits = host;
    if (previous !== state) previous.forEach((t) => t.dispose());
  };
  try {
    for (let i = 0; i < seed.length; i++) advance(seed.subarray(i, i + 1));
    for (let k = 0; k < options.length; k++) {
      const next = chooseToken(logits!, options.decoding, options.temperature, options.topK, options.random);
      ids[k] = next;
      if (k < options.length - 1) advance(Int32Array.of(next));
    }
  } finally {
    if (current !== state) current.forEach((t) => t.dispose());
  }
  return ids;
}

/** The seed text's full, non-overlapping n-grams (lower-cased), as ids; unknown ones are UNK (0). */
export function encodeSeedText(text: string, vocabulary: Vocabulary): Int32Array {
  const chars = Array.from(text.toLowerCase());
  const index = new Map(vocabulary.tokens.map((token, id) => [token, id]));
  const ids: number[] = [];
  for (let i = 0; i + vocabulary.ngram <= chars.length; i += vocabulary.ngram) {
    const id = index.get(chars.slice(i, i + vocabulary.ngram).join(''));
    ids.push(id === undefined || id === 0 ? 0 : id);
  }
  return Int32Array.from(ids);
}
