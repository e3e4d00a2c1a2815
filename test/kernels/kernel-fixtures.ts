// Test fixtures for the kernel tests: seeded random arrays and a float tolerance check.
import assert from 'node:assert/strict';

/** A seeded uniform generator in [-1, 1) (mulberry32), so every test run sees the same numbers. */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  };
}

export function randomFloat32(length: number, next: () => number, scale = 1): Float32Array {
  return Float32Array.from({ length }, () => next() * scale);
}

export function randomTargets(length: number, vocab: number, next: () => number): Int32Array {
  return Int32Array.from({ length }, () => Math.floor(((next() + 1) / 2) * vocab) % vocab);
}

/** Asserts |actual − expected| ≤ atol + rtol·|expected| elementwise, naming the worst element when it fails. */
export function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  { atol, rtol, what }: { atol: number; rtol: number; what: string },
): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const excess = Math.abs(actual[i] - expected[i]) - (atol + rtol * Math.abs(expected[i]));
    if (!(excess <= 0) && (worst < 0 || !(excess <= worstExcess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    assert.fail(`${what}: element ${worst} is ${actual[worst]}, expected ${expected[worst]} (atol ${atol}, rtol ${rtol})`);
  }
}
