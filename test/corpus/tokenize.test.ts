// The tokenizer: the book's range(0, len-n, n) rule on hand-worked strings, for n = 1, 2, 3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from '../../src/corpus/tokenize.js';

test('bigrams of an even-length text drop the last full pair', () => {
  // range(0, 6-2, 2) = 0, 2
  assert.deepEqual(tokenize('abcdef', 2), ['ab', 'cd']);
});

test('bigrams of an odd-length text drop the last character', () => {
  // range(0, 7-2, 2) = 0, 2, 4
  assert.deepEqual(tokenize('abcdefg', 2), ['ab', 'cd', 'ef']);
});

test('unigrams drop the last character', () => {
  assert.deepEqual(tokenize('abcd', 1), ['a', 'b', 'c']);
});

test('trigrams: a length divisible by 3 drops the last full triple, otherwise the partial rest', () => {
  // range(0, 9-3, 3) = 0, 3
  assert.deepEqual(tokenize('abcdefghi', 3), ['abc', 'def']);
  // range(0, 10-3, 3) = 0, 3, 6
  assert.deepEqual(tokenize('abcdefghij', 3), ['abc', 'def', 'ghi']);
  // range(0, 11-3, 3) = 0, 3, 6
  assert.deepEqual(tokenize('abcdefghijk', 3), ['abc', 'def', 'ghi']);
});

test('texts no longer than n give no tokens', () => {
  assert.deepEqual(tokenize('', 2), []);
  assert.deepEqual(tokenize('a', 2), []);
  assert.deepEqual(tokenize('ab', 2), []);
  assert.deepEqual(tokenize('abc', 3), []);
  assert.deepEqual(tokenize('a', 1), []);
  assert.deepEqual(tokenize('abc', 2), ['ab']);
});

test('lower-cases and keeps every character: spaces, newlines, tabs, punctuation', () => {
  // 12 characters: range(0, 10, 2) = 0, 2, 4, 6, 8; the last pair '".' is dropped
  assert.deepEqual(tokenize('A b\n\tC, "D".', 2), ['a ', 'b\n', '\tc', ', ', '"d']);
});

test('counts characters as code points, as Python does', () => {
  assert.deepEqual(tokenize('a\u{1F600}bc', 1), ['a', '\u{1F600}', 'b']);
  assert.deepEqual(tokenize('\u{1F600}\u{1F601}xyz', 2), ['\u{1F600}\u{1F601}', 'xy']);
});

test('token count follows ⌈(L − n) / n⌉ for every length up to 20', () => {
  for (const n of [1, 2, 3] as const) {
    for (let length = 0; length <= 20; length++) {
      const text = 'x'.repeat(length);
      const expected = length > n ? Math.ceil((length - n) / n) : 0;
      assert.equal(tokenize(text, n).length, expected, `n=${n} length=${length}`);
    }
  }
});
