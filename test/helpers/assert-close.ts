// Asserts that a number is within an absolute tolerance of an expected value, saying what was compared.
import assert from 'node:assert/strict';

export function assertClose(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: got ${actual}, expected ${expected} ± ${tolerance}`);
}
