// Reloads a vocabulary saved as JSON (JSON.stringify of the Vocabulary value), checking every field.
import { UserError } from '../config/user-error.js';
import { UNK_TOKEN, type Vocabulary } from './prepared-corpus.js';

/**
 * Checks that `data` (parsed JSON) is a vocabulary and returns it as a fresh Vocabulary; `source` names where it came
 * from (a file, a run) in error messages. Saving is `JSON.stringify(vocabulary)`: the value is plain data.
 */
export function parseVocabulary(data: unknown, source: string): Vocabulary {
  const fail = (what: string): never => {
    throw new UserError(`${source}: not a valid vocabulary: ${what}`);
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail('expected an object');
  const { ngram, tokens, counts } = data as Record<string, unknown>;
  if (ngram !== 1 && ngram !== 2 && ngram !== 3) return fail(`ngram must be 1, 2 or 3; got ${JSON.stringify(ngram)}`);
  if (!Array.isArray(tokens) || tokens.length === 0) return fail('tokens must be a non-empty array');
  if (tokens[0] !== UNK_TOKEN) return fail(`tokens[0] must be "${UNK_TOKEN}"; got ${JSON.stringify(tokens[0])}`);
  const unique = new Set<string>();
  tokens.forEach((token: unknown, id) => {
    if (typeof token !== 'string') return fail(`tokens[${id}] must be a string`);
    if (id > 0 && Array.from(token).length !== ngram) {
      fail(`tokens[${id}] ${JSON.stringify(token)} is not ${ngram} character${ngram === 1 ? '' : 's'} long`);
    }
    if (unique.has(token)) fail(`tokens[${id}] ${JSON.stringify(token)} appears twice`);
    unique.add(token);
  });
  if (!Array.isArray(counts) || counts.length !== tokens.length) {
    return fail(`counts must be an array as long as tokens (${tokens.length})`);
  }
  counts.forEach((count: unknown, id) => {
    if (!Number.isSafeInteger(count) || (count as number) < 0) fail(`counts[${id}] must be a non-negative integer`);
  });
  return { ngram, tokens: [...(tokens as string[])], counts: [...(counts as number[])] };
}
