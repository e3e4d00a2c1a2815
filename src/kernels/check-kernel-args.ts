// Argument checks shared by every kernel implementation, so a bad call fails the same way (RangeError) on each.
import type { OutputLayerArgs, RecurrenceArgs, SgemmArgs } from './kernels.js';

function checkLength(name: string, array: ArrayLike<number>, need: number): void {
  if (array.length < need) {
    throw new RangeError(`kernel argument ${name} has ${array.length} elements, needs at least ${need}`);
  }
}

function checkSize(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`kernel argument ${name} must be a non-negative integer, got ${value}`);
  }
}

export function checkSgemmArgs({ m, n, k, a, b, c }: SgemmArgs): void {
  checkSize('m', m);
  checkSize('n', n);
  checkSize('k', k);
  checkLength('a', a, m * k);
  checkLength('b', b, k * n);
  checkLength('c', c, m * n);
}

export function checkOutputLayerArgs({ h, w, b, targets, n, hidden, vocab, dH, dW, dB }: OutputLayerArgs): void {
  checkSize('n', n);
  checkSize('hidden', hidden);
  checkSize('vocab', vocab);
  if (n === 0 || vocab === 0) throw new RangeError('softmaxCrossEntropy needs n > 0 and vocab > 0');
  checkLength('h', h, n * hidden);
  checkLength('w', w, hidden * vocab);
  if (b !== undefined) checkLength('b', b, vocab);
  checkLength('targets', targets, n);
  if ((dH === undefined) !== (dW === undefined)) {
    throw new RangeError('softmaxCrossEntropy: dH and dW must be given together or not at all');
  }
  if (dB !== undefined && dH === undefined) throw new RangeError('softmaxCrossEntropy: dB needs dH and dW');
  if (dB !== undefined) checkLength('dB', dB, vocab);
  if (dH !== undefined) checkLength('dH', dH, n * hidden);
  if (dW !== undefined) checkLength('dW', dW, hidden * vocab);
  for (let i = 0; i < n; i++) {
    if (!(targets[i] >= 0 && targets[i] < vocab)) {
      throw new RangeError(`softmaxCrossEntropy: targets[${i}] = ${targets[i]} is outside [0, ${vocab})`);
    }
  }
}

/** Checks the shared recurrence sizes and each named [steps, batch, hidden] array. */
export function checkRecurrenceArgs(
  { steps, batch, hidden, whh, h0 }: RecurrenceArgs,
  sequences: Record<string, ArrayLike<number>>,
): void {
  checkSize('steps', steps);
  checkSize('batch', batch);
  checkSize('hidden', hidden);
  checkLength('whh', whh, hidden * hidden);
  checkLength('h0', h0, batch * hidden);
  for (const [name, array] of Object.entries(sequences)) checkLength(name, array, steps * batch * hidden);
}
