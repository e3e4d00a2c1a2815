// Gradient diagnostics of trainRun on the tfjs engine (wasm), held to finite differences of the float64 loss.
import { before, test } from 'node:test';
import { initBackend } from '../../src/models/backend.js';
import { checkAgainstFiniteDifferences } from '../helpers/gradient-diagnostics-check.js';

before(async () => {
  await initBackend('wasm');
});

test('book RNN-CF with a learned alpha and biases: hidden, context and output paths', async () => {
  await checkAgainstFiniteDifferences(
    { type: 'rnncf', variant: 'book', learn_alpha: true, bias: true },
    { hidden: ['A', 'R', 'b_h'], context: ['B', 'P', 'alpha_logit'], output: ['W_out', 'b_out'] },
    'wasm',
  );
});

test('plain RNN with biases: recurrent and output', async () => {
  await checkAgainstFiniteDifferences({ type: 'rnn', bias: true }, { recurrent: ['W_xh', 'W_hh', 'b_h'], output: ['W_out', 'b_out'] }, 'wasm');
});

test('stacked RNN: one group per layer, bottom first', async () => {
  await checkAgainstFiniteDifferences(
    { type: 'stacked', layers: [5, 4] },
    { layer1: ['W_xh_1', 'W_hh_1'], layer2: ['W_xh_2', 'W_hh_2'], output: ['W_out'] },
    'wasm',
  );
});

test('stacked RNN of one layer with biases: its unsuffixed parameters are layer 1', async () => {
  await checkAgainstFiniteDifferences(
    { type: 'stacked', layers: [5], bias: true },
    { layer1: ['W_xh', 'W_hh', 'b_h'], output: ['W_out', 'b_out'] },
    'wasm',
  );
});
