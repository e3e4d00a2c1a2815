// The hand-written gradients also hold on the JS CPU backend (whose dataSync returns live arrays, not copies).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { ModelConfig } from '../../src/config/run-config.js';
import { initBackend } from '../../src/models/backend.js';
import { checkGradientsAgainstAutodiff } from '../helpers/check-gradients-against-autodiff.js';

before(async () => {
  assert.equal(await initBackend('cpu'), 'cpu');
});

for (const partial of [
  { type: 'rnn' },
  { type: 'rnncf', variant: 'book' },
  { type: 'rnncf', variant: 'paper', activation: 'sigmoid', learn_alpha: true },
  { type: 'stacked', layers: [4, 3] },
  { type: 'lstm' },
] as Partial<ModelConfig>[]) {
  test(`${partial.type} ${partial.variant ?? ''}: hand-written gradients equal autodiff on cpu`, () => {
    checkGradientsAgainstAutodiff(partial);
  });
}
