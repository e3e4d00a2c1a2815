// The book's seed for generated text: a random document among the seed documents, a random token among its first 100.
import type { TokenDocument } from '../corpus/prepared-corpus.js';
import type { SeededRandom } from '../models/seeded-random.js';

/** One seed token ([1] id) drawn with two draws of `random`: the document (empty ones never), then the position.
 *  checkRunnable has made sure some document is not empty. */
export function drawSeedToken(seedDocuments: readonly TokenDocument[], random: SeededRandom): Int32Array {
  const candidates = seedDocuments.filter((doc) => doc.tokens.length > 0);
  const doc = candidates[random.int(candidates.length)];
  const position = random.int(Math.min(100, doc.tokens.length));
  return doc.tokens.slice(position, position + 1);
}
