// Gradient diagnostics of trainRun on the C update engine, held to finite differences of the float64 loss.
import { before, test } from 'node:test';
import { initBackend } from '../../src/models/backend.js';
import { checkAgainstFiniteDifferences } from '../helpers/gradient-diagnostics-check.js';
import { skipWithoutNative } from '../helpers/native-or-skip.js';

let skipReason: string | undefined;

before(async () => {
  try {
    await initBackend('native');
  } catch (error) {
    skipReason = (error as Error).message;
  }
});

test('paper RNN-CF on the C engine: hidden, context and output paths', async (t) => {
  if (skipWithoutNative(t, skipReason)) return;
  await checkAgainstFiniteDifferences(
    { type: 'rnncf', variant: 'paper', activation: 'sigmoid' },
    { hidden: ['A', 'R'], context: ['B', 'P'], output: ['W_out'] },
    'native',
  );
});

test('LSTM on the C engine: recurrent and output', async (t) => {
  if (skipWithoutNative(t, skipReason)) return;
  await checkAgainstFiniteDifferences({ type: 'lstm', bias: true }, { recurrent: ['W_x', 'W_h', 'b'], output: ['W_out', 'b_out'] }, 'native');
});
