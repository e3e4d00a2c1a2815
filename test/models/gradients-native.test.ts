// The native backend's host-array training graphs (BLAS kernels) against tfjs autodiff of the straightforward
// formulation and against float64 central differences, for every model variant; skipped with the reason when the
// rnnlab-native addon is not built (failed under RNNLAB_REQUIRE_NATIVE=1).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { ModelConfig } from '../../src/config/run-config.js';
import { initBackend } from '../../src/models/backend.js';
import { checkGradientsAgainstAutodiff } from '../helpers/check-gradients-against-autodiff.js';
import { checkGradientsAgainstFloat64 } from '../helpers/check-gradients-against-float64.js';
import { skipWithoutNative } from '../helpers/native-or-skip.js';

let skipReason: string | undefined;

before(async () => {
  try {
    assert.equal(await initBackend('native'), 'native');
  } catch (error) {
    skipReason = (error as Error).message;
  }
});

for (const partial of [
  { type: 'rnn' },
  { type: 'rnn', bias: true },
  { type: 'rnncf', variant: 'book' },
  { type: 'rnncf', variant: 'book', activation: 'sigmoid', learn_alpha: true, bias: true },
  { type: 'rnncf', variant: 'paper', activation: 'sigmoid', learn_alpha: true, bias: true },
  { type: 'rnncf', variant: 'paper', activation: 'tanh' },
  { type: 'rnncf', variant: 'paper', context: 0 },
  { type: 'rnncf', variant: 'book', context: 0 },
  { type: 'stacked', layers: [4, 3, 2], bias: true },
  { type: 'lstm', bias: true },
] as Partial<ModelConfig>[]) {
  test(`native ${JSON.stringify(partial)}: gradients equal autodiff`, (t) => {
    if (skipWithoutNative(t, skipReason)) return;
    checkGradientsAgainstAutodiff(partial);
  });
  test(`native ${JSON.stringify(partial)}: gradients equal float64 central differences`, (t) => {
    if (skipWithoutNative(t, skipReason)) return;
    checkGradientsAgainstFloat64(partial);
  });
}
