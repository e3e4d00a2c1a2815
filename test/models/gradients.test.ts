// Hand-written gradients of every model against float64 central finite differences and against tfjs autodiff (wasm),
// and the running recurrence against the float64 one.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { ModelConfig } from '../../src/config/run-config.js';
import { buildModel, disposeModel } from '../../src/models/build-model.js';
import type { RecurrentModel, State } from '../../src/models/recurrent-model.js';
import { createSeededRandom } from '../../src/models/seeded-random.js';
import { initBackend, tf } from '../../src/models/backend.js';
import { referenceLoss } from '../../src/train/reference-loss.js';
import { computeGradients } from '../../src/train/train-update.js';
import { bookRunConfig } from '../helpers/engine-fixtures.js';
import { checkGradientsAgainstFloat64 } from '../helpers/check-gradients-against-float64.js';
import { randomizeParameters } from '../helpers/randomize-parameters.js';
import { float64RunningStep, float64Weights } from '../helpers/float64-models.js';

const V = 7;
const T = 4;
const B = 3;

const cases: { name: string; model: Partial<ModelConfig> }[] = [
  { name: 'rnn', model: { type: 'rnn' } },
  { name: 'rnn with biases', model: { type: 'rnn', bias: true } },
  { name: 'rnncf book (tanh)', model: { type: 'rnncf', variant: 'book', activation: 'tanh' } },
  { name: 'rnncf book, learned alpha, biases', model: { type: 'rnncf', variant: 'book', learn_alpha: true, bias: true } },
  { name: 'rnncf paper (sigmoid)', model: { type: 'rnncf', variant: 'paper', activation: 'sigmoid' } },
  { name: 'rnncf paper, learned alpha, biases', model: { type: 'rnncf', variant: 'paper', activation: 'sigmoid', learn_alpha: true, bias: true } },
  { name: 'rnncf without context', model: { type: 'rnncf', variant: 'paper', context: 0 } },
  { name: 'rnncf book without context', model: { type: 'rnncf', variant: 'book', context: 0, bias: true } },
  { name: 'stacked', model: { type: 'stacked', layers: [4, 3, 2] } },
  { name: 'lstm', model: { type: 'lstm', bias: true } },
];

function setup(partial: Partial<ModelConfig>, seed: number) {
  // σ 0.5 instead of 0.02 so that every path carries a gradient well above float32 noise.
  const config = bookRunConfig({ model: { hidden: 4, context: 3, init_std: 0.5, alpha: 0.7, ...partial } }).model;
  const random = createSeededRandom(seed, 'test');
  const model = buildModel(config, V, random);
  randomizeParameters(model, random, 0.5);
  const inputs = Int32Array.from({ length: T * B }, () => random.int(V));
  const targets = Int32Array.from({ length: T * B }, () => random.int(V));
  // A non-zero initial state, so the book variant's stored-state terms (h* R, s* P) carry gradient.
  const stateValues = model.stateSizes.map((size) => Float64Array.from({ length: B * size }, () => random.truncatedNormal(0.5)));
  return { config, model, inputs, targets, stateValues };
}

/** Runs fn inside a tf.tidy and returns its plain (non-tensor) result. */
function tidyHost<R>(fn: () => R): R {
  let result!: R;
  tf.tidy(() => {
    result = fn();
  });
  return result;
}

function makeState(values: Float64Array[], sizes: number[]): State {
  return values.map((v, k) => tf.tensor2d(Float32Array.from(v), [B, sizes[k]]));
}

function hostGradients(model: RecurrentModel, inputs: Int32Array, targets: Int32Array, stateValues: Float64Array[]) {
  return tidyHost(() => {
    const state = makeState(stateValues, model.stateSizes);
    const result = computeGradients(model, { inputs, targets }, T, B, state);
    const grads = new Map<string, Float32Array>();
    for (const [name, g] of result.grads) grads.set(name, g.dataSync() as Float32Array);
    return { lossNats: result.lossNats, grads };
  });
}

before(async () => {
  await initBackend('wasm');
});

describe('hand-written gradients equal float64 central differences', () => {
  for (const { name, model: partial } of cases) test(name, () => checkGradientsAgainstFloat64(partial));
});

describe('hand-written gradients equal tfjs autodiff of the straightforward formulation', () => {
  for (const { name, model: partial } of cases) {
    test(name, () => {
      const { model, inputs, targets, stateValues } = setup(partial, 23);
      try {
        const fast = hostGradients(model, inputs, targets, stateValues);
        const reference = tidyHost(() => {
          const state = makeState(stateValues, model.stateSizes);
          const { value, grads } = tf.variableGrads(
            () => referenceLoss(model, inputs, targets, T, B, state),
            [...model.params.values()],
          );
          const byName = new Map<string, Float32Array>();
          for (const [pname, v] of model.params) byName.set(pname, grads[v.name].dataSync() as Float32Array);
          return { lossNats: value.dataSync()[0], grads: byName };
        });
        assert.ok(Math.abs(fast.lossNats - reference.lossNats) < 1e-5);
        for (const [pname, g] of reference.grads) {
          const mine = fast.grads.get(pname)!;
          for (let i = 0; i < g.length; i++) {
            assert.ok(Math.abs(mine[i] - g[i]) <= 2e-6 + 1e-4 * Math.abs(g[i]), `${pname}[${i}]: ${mine[i]} vs autodiff ${g[i]}`);
          }
        }
      } finally {
        disposeModel(model);
      }
    });
  }
});

describe('the running recurrence (validation, generation)', () => {
  for (const { name, model: partial } of cases) {
    test(`${name}: step equals the float64 running recurrence from a non-zero state`, () => {
      const { config, model, inputs, stateValues } = setup(partial, 5);
      try {
        const weights = float64Weights(model.params);
        // Batch row b as the float64 implementation's state vectors.
        const rowOf = (values: Float64Array[], b: number): number[][] =>
          values.map((v, k) => Array.from(v.subarray(b * model.stateSizes[k], (b + 1) * model.stateSizes[k])));
        let expected = Array.from({ length: B }, (_, b) => rowOf(stateValues, b));
        const maxDiff = tidyHost(() => {
          let state = makeState(stateValues, model.stateSizes);
          let diff = 0;
          for (let t = 0; t < T; t++) {
            const out = model.step(inputs.subarray(t * B, (t + 1) * B), state);
            state = out.state;
            const features = out.features.arraySync();
            expected = expected.map((vectors, b) => {
              const step = float64RunningStep(config, weights, vectors, inputs[t * B + b]);
              step.features.forEach((x, j) => (diff = Math.max(diff, Math.abs(x - features[b][j]))));
              return step.vectors;
            });
          }
          return diff;
        });
        // float32 over 4 steps of a few products of magnitude ≤ ~2: a few 1e-7.
        assert.ok(maxDiff < 1e-5, `${name}: step differs from the float64 recurrence by ${maxDiff}`);
      } finally {
        disposeModel(model);
      }
    });
  }

  test('the book RNN-CF runs a different recurrence in validation than in training; every other model the same', () => {
    for (const { name, model: partial } of cases) {
      const { model, inputs, stateValues } = setup(partial, 5);
      try {
        const maxDiff = tidyHost(() => {
          const graph = model.trainForward(inputs, T, B, makeState(stateValues, model.stateSizes));
          const trained = graph.features.arraySync();
          let state = makeState(stateValues, model.stateSizes);
          let diff = 0;
          for (let t = 0; t < T; t++) {
            const out = model.step(inputs.subarray(t * B, (t + 1) * B), state);
            state = out.state;
            out.features.arraySync().forEach((r, b) => r.forEach((x, j) => (diff = Math.max(diff, Math.abs(x - trained[t * B + b][j])))));
          }
          return diff;
        });
        if (partial.type === 'rnncf' && partial.variant === 'book') assert.ok(maxDiff > 1e-3, `${name}: expected the graphs to differ`);
        else assert.ok(maxDiff < 1e-5, `${name}: step differs from the training graph by ${maxDiff}`);
      } finally {
        disposeModel(model);
      }
    }
  });
});

describe('parameters', () => {
  test('rnncf: names and shapes follow context, bias and learn_alpha; a learned α starts at the configured α', () => {
    const params = (partial: Partial<ModelConfig>) => {
      const config = bookRunConfig({ model: { type: 'rnncf', hidden: 4, context: 3, alpha: 0.9, ...partial } }).model;
      const model = buildModel(config, V, createSeededRandom(1, 'init'));
      try {
        const shapes = Object.fromEntries([...model.params].map(([name, v]) => [name, v.shape]));
        const alpha = model.params.get('alpha_logit')?.dataSync();
        return { shapes, alpha: alpha === undefined ? undefined : [...alpha].map((z) => 1 / (1 + Math.exp(-z))) };
      } finally {
        disposeModel(model);
      }
    };
    assert.deepEqual(params({}).shapes, { A: [V, 4], B: [V, 3], R: [4, 4], P: [3, 4], W_out: [7, V] });
    const full = params({ bias: true, learn_alpha: true });
    assert.deepEqual(full.shapes, { A: [V, 4], B: [V, 3], R: [4, 4], P: [3, 4], W_out: [7, V], alpha_logit: [3], b_h: [4], b_out: [V] });
    full.alpha!.forEach((a) => assert.ok(Math.abs(a - 0.9) < 1e-6, `initial α ${a}`));
    assert.deepEqual(params({ context: 0, learn_alpha: true }).shapes, { A: [V, 4], R: [4, 4], W_out: [4, V] });
  });

  test('lstm: b starts at forget_bias in the forget gate block (i, f, g, o) and at 0 elsewhere', () => {
    const H = 3;
    for (const forgetBias of [1, -0.5]) {
      const config = bookRunConfig({ model: { type: 'lstm', hidden: H, forget_bias: forgetBias } }).model;
      const model = buildModel(config, V, createSeededRandom(1, 'init'));
      try {
        assert.deepEqual(model.params.get('W_x')?.shape, [V, 4 * H]);
        assert.deepEqual(model.params.get('W_h')?.shape, [H, 4 * H]);
        const expected = [0, 0, 0, forgetBias, forgetBias, forgetBias, 0, 0, 0, 0, 0, 0];
        assert.deepEqual([...model.params.get('b')!.dataSync()], expected, `forget_bias ${forgetBias}`);
      } finally {
        disposeModel(model);
      }
    }
  });
});
