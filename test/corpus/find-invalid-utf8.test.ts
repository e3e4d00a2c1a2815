// The UTF-8 checker agrees with the platform's strict decoder on valid and broken byte strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findInvalidUtf8 } from '../../src/corpus/find-invalid-utf8.js';

const strictlyValid = (bytes: Uint8Array) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

test('hand-picked cases: overlongs, surrogates, truncations, out-of-range code points', () => {
  const valid = (hex: number[]) => findInvalidUtf8(new Uint8Array(hex));
  assert.equal(valid([0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]), -1); // a é € 😀
  assert.equal(valid([0x61, 0xc0, 0xaf]), 1); // overlong '/'
  assert.equal(valid([0x61, 0x62, 0xed, 0xa0, 0x80]), 2); // encoded surrogate
  assert.equal(valid([0xe2, 0x82]), 0); // truncated
  assert.equal(valid([0xf4, 0x90, 0x80, 0x80]), 0); // above U+10FFFF
  assert.equal(valid([0x80]), 0); // lone continuation byte
});

test('agrees with TextDecoder fatal on random byte strings', () => {
  let state = 12345;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const alphabet = [0x41, 0x7f, 0x80, 0xbf, 0xc2, 0xc3, 0xdf, 0xe0, 0xa0, 0xed, 0x9f, 0xef, 0xf0, 0x90, 0xf4, 0x8f, 0xf5];
  for (let trial = 0; trial < 3000; trial++) {
    const bytes = Uint8Array.from({ length: 1 + Math.floor(random() * 6) }, () => alphabet[Math.floor(random() * alphabet.length)]);
    assert.equal(findInvalidUtf8(bytes) === -1, strictlyValid(bytes), `bytes ${[...bytes].map((b) => b.toString(16))}`);
  }
});
