// Native-path tests skip with the reason when the addon is not built, except under RNNLAB_REQUIRE_NATIVE=1 (CI's
// native pass), where a missing addon must fail every one of them instead of passing as skips.
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';

/**
 * When `reason` says the native path is unavailable: fails the test under RNNLAB_REQUIRE_NATIVE=1, else skips it
 * and returns true (the caller returns). Returns false when the native path is available.
 */
export function skipWithoutNative(t: TestContext, reason: string | undefined): boolean {
  if (reason === undefined) return false;
  if (process.env.RNNLAB_REQUIRE_NATIVE === '1') assert.fail(`RNNLAB_REQUIRE_NATIVE=1 but the native path is not available: ${reason}`);
  t.skip(reason);
  return true;
}
