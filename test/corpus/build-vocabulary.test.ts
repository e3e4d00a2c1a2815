// The vocabulary: UNK first, count > min_count, count descending, ties in first-seen order; encoding and reloading.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildVocabulary } from '../../src/corpus/build-vocabulary.js';
import { encodeTokens } from '../../src/corpus/encode-tokens.js';
import { parseVocabulary } from '../../src/corpus/parse-vocabulary.js';
import { UserError } from '../../src/config/user-error.js';

const documents = [
  ['cd', 'ab', 'ab', 'zz'],
  ['cd', 'ef', 'gh', 'ef', 'ij', 'ij', 'ij'],
];
// counts: cd 2, ab 2, zz 1, ef 2, gh 1, ij 3; first seen: cd, ab, zz, ef, gh, ij

test('keeps tokens seen more than min_count times, by count descending, ties in first-seen order', () => {
  const vocabulary = buildVocabulary(documents, 2, 1);
  assert.deepEqual(vocabulary.tokens, ['UNK', 'ij', 'cd', 'ab', 'ef']);
  // counts[0]: the occurrences that map to UNK (zz once, gh once)
  assert.deepEqual(vocabulary.counts, [2, 3, 2, 2, 2]);
  assert.equal(vocabulary.ngram, 2);
});

test('min_count is strict: a token seen exactly min_count times is left out', () => {
  assert.deepEqual(buildVocabulary(documents, 2, 2).tokens, ['UNK', 'ij']);
  assert.deepEqual(buildVocabulary(documents, 2, 0).tokens, ['UNK', 'ij', 'cd', 'ab', 'ef', 'zz', 'gh']);
  assert.deepEqual(buildVocabulary(documents, 2, 3).tokens, ['UNK']);
});

test('encodes tokens to ids, unknown ones to 0', () => {
  const vocabulary = buildVocabulary(documents, 2, 1);
  const ids = encodeTokens(['ab', 'zz', 'ij', 'qq', 'ef', 'UNK'], vocabulary);
  assert.ok(ids instanceof Int32Array);
  assert.deepEqual([...ids], [3, 0, 1, 0, 4, 0]);
});

test('a vocabulary survives JSON.stringify and parseVocabulary exactly', () => {
  const vocabulary = buildVocabulary([['a\n', '\t"', 'a\n', '\\x', '\t"', '\u{1F600}a']], 2, 0);
  const reloaded = parseVocabulary(JSON.parse(JSON.stringify(vocabulary)), 'vocab.json');
  assert.deepEqual(reloaded, vocabulary);
  assert.deepEqual([...encodeTokens(['\\x', 'a\n'], reloaded)], [...encodeTokens(['\\x', 'a\n'], vocabulary)]);
});

test('parseVocabulary names the source and the problem', () => {
  const check = (data: unknown, message: string) =>
    assert.throws(() => parseVocabulary(data, 'run 7'), (error: unknown) => {
      assert.ok(error instanceof UserError);
      assert.equal(error.message, message);
      return true;
    });
  check([], 'run 7: not a valid vocabulary: expected an object');
  check({ ngram: 4, tokens: ['UNK'], counts: [0] }, 'run 7: not a valid vocabulary: ngram must be 1, 2 or 3; got 4');
  check({ ngram: 2, tokens: ['ab'], counts: [0] }, 'run 7: not a valid vocabulary: tokens[0] must be "UNK"; got "ab"');
  check({ ngram: 2, tokens: ['UNK', 'abc'], counts: [0, 1] }, 'run 7: not a valid vocabulary: tokens[1] "abc" is not 2 characters long');
  check({ ngram: 2, tokens: ['UNK', 'ab', 'ab'], counts: [0, 1, 1] }, 'run 7: not a valid vocabulary: tokens[2] "ab" appears twice');
  check({ ngram: 2, tokens: ['UNK', 'ab'], counts: [0] }, 'run 7: not a valid vocabulary: counts must be an array as long as tokens (2)');
  check({ ngram: 2, tokens: ['UNK', 'ab'], counts: [0, -1] }, 'run 7: not a valid vocabulary: counts[1] must be a non-negative integer');
});
