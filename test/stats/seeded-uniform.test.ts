// The seeded generator against an independent Python transcription of splitmix32 + sfc32, and its basic behaviour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededUniform } from '../../src/stats/seeded-uniform.js';
import { assertClose } from '../helpers/assert-close.js';

// Outputs 13–17 (after the 12 dropped), from a Python transcription on unbounded integers masked to 32 bits:
//   sm(z): z = imul(z ^ z>>16, 0x85ebca6b); z = imul(z ^ z>>13, 0xc2b2ae35); return z ^ z>>16
//   ctr = (seed & M) ^ sm(seed // 2**32); 4 × (ctr += 0x9e3779b9; word = sm(ctr)) → a, b, c, d
//   t = a + b + d; d += 1; a = b ^ b>>9; b = c + (c<<3); c = rotl(c, 21) + t; output t / 2**32
const EXPECTED: Array<[number, number[]]> = [
  [1, [0.4256499295588583, 0.79042171058245, 0.6910148127935827, 0.5241122804582119, 0.9659408878069371]],
  [0, [0.9791452463250607, 0.8250711336731911, 0.2846157543826848, 0.7095207434613258, 0.09012765903025866]],
  [2 ** 40 + 5, [0.41611834103241563, 0.022251527989283204, 0.4821790719870478, 0.010224535129964352, 0.4408889231272042]],
];

test('the first outputs match the Python transcription for small and large seeds', () => {
  for (const [seed, values] of EXPECTED) {
    const uniform = seededUniform(seed);
    assert.deepEqual(values.map(() => uniform()), values, `seed ${seed}`);
  }
});

test('same seed, same stream; nearby seeds unrelated; values in [0, 1) with mean ½ and variance 1/12', () => {
  const a = seededUniform(42);
  const b = seededUniform(42);
  const c = seededUniform(43);
  let sum = 0;
  let squares = 0;
  let agreeWithNeighbour = 0;
  const count = 100_000;
  for (let i = 0; i < count; i++) {
    const u = a();
    assert.equal(u, b());
    if (Math.abs(u - c()) < 1e-3) agreeWithNeighbour++;
    assert.ok(u >= 0 && u < 1);
    sum += u;
    squares += u * u;
  }
  const mean = sum / count;
  assertClose(mean, 0.5, 4 * Math.sqrt(1 / 12 / count), 'mean'); // 4 standard errors
  assertClose(squares / count - mean * mean, 1 / 12, 0.002, 'variance');
  assert.ok(agreeWithNeighbour < 300, `seeds 42 and 43 agree to 1e-3 in ${agreeWithNeighbour} of ${count} draws (≈200 by chance)`);
  assert.throws(() => seededUniform(1.5), /seededUniform: seed must be a safe integer; got 1.5/);
});
