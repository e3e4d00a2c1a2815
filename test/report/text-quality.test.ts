// Text-quality measures on hand-computed examples, and the suffix automaton against a brute-force search.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wordTokens } from '../../src/report/word-tokens.js';
import { distinctNgramFraction } from '../../src/report/distinct-ngram-fraction.js';
import { longestRepeatedSubstring } from '../../src/report/longest-repeated-substring.js';
import { measureTextQuality } from '../../src/report/measure-text-quality.js';
import { distinctCharacterNgramFraction } from '../../src/report/distinct-character-ngram-fraction.js';
import { summarizeQuality } from '../../src/report/build-report-model.js';
import { qualityCells, sampleQualityCells, sampleQualitySentence } from '../../src/report/report-text.js';

test('words are lower-cased letter/digit runs; punctuation and whitespace separate them; inner apostrophes stay', () => {
  assert.deepEqual(wordTokens("The king's Son,\nthe KING!  once-upon 2 times UNK"), [
    'the', "king's", 'son', 'the', 'king', 'once', 'upon', '2', 'times', 'unk',
  ]);
  assert.deepEqual(wordTokens(' ,.;!? \n\t'), []);
  assert.deepEqual(wordTokens("'tis a ma'am'"), ['tis', 'a', "ma'am"]);
  assert.deepEqual(wordTokens('Äpfel über Öfen'), ['äpfel', 'über', 'öfen']);
});

test('distinct n-gram fractions on small sentences (hand-counted)', () => {
  const text = 'the cat sat on the mat, the cat ran.';
  // words: the cat sat on the mat the cat ran  (9)
  assert.equal(distinctNgramFraction(text, 1), 6 / 9); // the×3, cat×2 → 6 distinct
  // bigrams (8): the-cat, cat-sat, sat-on, on-the, the-mat, mat-the, the-cat, cat-ran → 7 distinct
  assert.equal(distinctNgramFraction(text, 2), 7 / 8);
  assert.equal(distinctNgramFraction(text, 3), 7 / 7);
  assert.equal(distinctNgramFraction(text, 4), 6 / 6);
  // A loop: "a b a b a b" → bigrams ab ba ab ba ab: 2 distinct of 5.
  assert.equal(distinctNgramFraction('a b a b a b', 2), 2 / 5);
  assert.equal(distinctNgramFraction('a b a b a b', 4), 2 / 3);
  // Words must not glue across the n-gram boundary: "ab c" and "a bc" are different bigrams.
  assert.equal(distinctNgramFraction('ab c a bc', 2), 3 / 3);
});

test('distinct n-gram fraction is null when there are fewer than n words', () => {
  assert.equal(distinctNgramFraction('one two three', 4), null);
  assert.equal(distinctNgramFraction('', 1), null);
  assert.equal(distinctNgramFraction('one', 1), 1);
  assert.throws(() => distinctNgramFraction('a b', 0), /n must be a positive integer, got 0/);
});

test('longest repeated substring on hand-computed examples', () => {
  assert.deepEqual(longestRepeatedSubstring('abcabc'), { length: 3, text: 'abc', start: 0 });
  assert.deepEqual(longestRepeatedSubstring('aaaa'), { length: 3, text: 'aaa', start: 0 });
  assert.deepEqual(longestRepeatedSubstring('abcd'), { length: 0, text: '', start: -1 });
  assert.deepEqual(longestRepeatedSubstring(''), { length: 0, text: '', start: -1 });
  assert.deepEqual(longestRepeatedSubstring('banana'), { length: 3, text: 'ana', start: 1 });
  assert.deepEqual(longestRepeatedSubstring('mississippi'), { length: 4, text: 'issi', start: 1 });
  // Code points, not UTF-16 units: each emoji is one character.
  assert.deepEqual(longestRepeatedSubstring('😀x😀x'), { length: 2, text: '😀x', start: 0 });
});

function bruteForceLongestRepeat(text: string): number {
  let best = 0;
  for (let i = 0; i < text.length; i++) {
    for (let j = i + 1; j < text.length; j++) {
      let k = 0;
      while (j + k < text.length && text[i + k] === text[j + k]) k++;
      best = Math.max(best, k);
    }
  }
  return best;
}

test('longest repeated substring agrees with brute force on pseudo-random texts', () => {
  let state = 12345;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let trial = 0; trial < 200; trial++) {
    const alphabet = 'ab c'.slice(0, 1 + Math.floor(random() * 4));
    const length = Math.floor(random() * 40);
    let text = '';
    for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
    const found = longestRepeatedSubstring(text);
    assert.equal(found.length, bruteForceLongestRepeat(text), JSON.stringify(text));
    if (found.length > 0) {
      assert.equal(text.slice(found.start, found.start + found.length), found.text);
      assert.ok(text.indexOf(found.text, found.start + 1) > found.start, `"${found.text}" occurs twice in ${text}`);
    }
  }
});

test('longest repeated substring is fast on 20k-character texts, repetitive or not', () => {
  const looping = 'the king said to the queen and '.repeat(700).slice(0, 20000);
  let state = 7;
  let varied = '';
  while (varied.length < 20000) {
    state = (state * 48271) % 2147483647;
    varied += 'abcdefghijklmnopqrstuvwxyz '[state % 27];
  }
  const started = performance.now();
  const loop = longestRepeatedSubstring(looping);
  longestRepeatedSubstring(varied);
  const elapsedMs = performance.now() - started;
  // A period-31 text repeats everything but its last period: 20000 - 31.
  assert.equal(loop.length, 20000 - 31);
  assert.ok(elapsedMs < 2000, `took ${elapsedMs.toFixed(0)} ms`);
});

test('measureTextQuality bundles the measures', () => {
  const quality = measureTextQuality('Abc abc. abc abc');
  assert.equal(quality.characters, 16);
  assert.equal(quality.words, 4);
  assert.deepEqual(quality.distinct, [1 / 4, 1 / 3, 1 / 2, 1]);
  // 8-grams of "Abc abc. abc abc" (9): "Abc abc.", "bc abc. ", "c abc. a", "abc. ab" … all different → 9/9.
  assert.equal(quality.distinctCharacters, 1);
  // Case matters for the substring (texts are compared as written): "Abc abc" ≠ "abc abc", so "bc abc" (1 and 10).
  assert.equal(quality.longestRepeatLength, 6);
  assert.equal(quality.longestRepeatText, 'bc abc');
});

test('distinct character n-gram fractions (hand-counted), and a loop inside one word', () => {
  assert.equal(distinctCharacterNgramFraction('abcdefghij', 8), 3 / 3); // abcdefgh bcdefghi cdefghij
  // "ererererer": erererer, rerererе… positions 0, 1, 2 give erererer, rererere, erererer → 2 of 3.
  assert.equal(distinctCharacterNgramFraction('ererererer', 8), 2 / 3);
  assert.equal(distinctCharacterNgramFraction('abcabc', 3), 3 / 4); // abc bca cab abc
  // Whitespace and punctuation count as characters: "a b" and "a.b" differ.
  assert.equal(distinctCharacterNgramFraction('a b a.b', 3), 5 / 5);
  // Code points: 9 emoji make 2 identical 8-grams.
  assert.equal(distinctCharacterNgramFraction('😀'.repeat(9), 8), 1 / 2);
  assert.equal(distinctCharacterNgramFraction('abcdefg', 8), null);
  assert.throws(() => distinctCharacterNgramFraction('abc', 0), /n must be a positive integer, got 0/);
});

test('a character-level loop scores 1.000 on distinct words but near 0 on characters; empty cells say why', () => {
  const loop = measureTextQuality('er'.repeat(50));
  assert.equal(loop.words, 1);
  assert.deepEqual(loop.distinct, [1, null, null, null]);
  // 100 characters → 93 8-grams, of which 2 distinct ("erererer", "rerererе").
  assert.equal(loop.distinctCharacters, 2 / 93);
  assert.deepEqual(sampleQualityCells(loop), ['1.000', '— (1 word)', '— (1 word)', '— (1 word)', '0.022', '98', '100']);
  assert.equal(
    sampleQualitySentence(loop),
    'distinct 1–4-grams 1.000 / — (1 word) / — (1 word) / — (1 word); char 8-grams 0.022; longest repeat 98 chars',
  );
  const short = measureTextQuality('two words');
  // "two words": 9 characters, 8-grams "two word" and "wo words" → 2/2.
  assert.deepEqual(sampleQualityCells(short).slice(0, 5), ['1.000', '1.000', '— (2 words)', '— (2 words)', '1.000']);
  // A group: means over the texts that have a value; a column with none says why.
  const cells = qualityCells(summarizeQuality([loop, short]));
  assert.deepEqual(cells.slice(0, 5), [
    '1.000 ± 0.000',
    '1.000',
    '— (every text under 3 words)',
    '— (every text under 4 words)',
    `${((2 / 93 + 1) / 2).toFixed(3)} ± ${((1 - 2 / 93) / Math.SQRT2).toFixed(3)}`,
  ]);
  assert.deepEqual(qualityCells(summarizeQuality([measureTextQuality('tiny')]))[4], '— (every text under 8 characters)');
});
