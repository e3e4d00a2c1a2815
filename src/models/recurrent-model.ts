// The interface every model implements (parameters, initial state, one recurrence step, the training graph),
// and helpers they share: weight creation, host copies of weights, per-timestep uploads.
import { tf } from './backend.js';
import type { SeededRandom } from './seeded-random.js';

/** Recurrent state: one [batch, size] tensor per state vector (rnn: [h]; rnncf: [h, s]; lstm: [h, c]; stacked: h per layer). */
export type State = tf.Tensor2D[];

/** Gradients by parameter name (same names and shapes as `RecurrentModel.params`). */
export type Gradients = Map<string, tf.Tensor>;

/** The forward pass of one unrolled batch in the training graph, ready for its backward pass. */
export interface TrainGraph {
  /** Output features of every prediction: [numUnroll * batch, featureSize], row t*batch + b. */
  features: tf.Tensor2D;
  /** States after the last timestep; the next unrolled batch starts from them (no gradient flows through). */
  finalState: State;
  /** Given d(loss)/d(features) (host copy, same layout as features), the gradients of every non-output parameter. */
  backward(dFeatures: Float32Array): Gradients;
}

export interface RecurrentModel {
  readonly vocabSize: number;
  /** Width of the features the output projection reads (rnn: hidden; rnncf: hidden + context; stacked: top layer). */
  readonly featureSize: number;
  /** Sizes of the state vectors, in State order. */
  readonly stateSizes: number[];
  /** Trainable parameters by name, in a fixed order; always includes `W_out` [featureSize, vocab], `b_out` [vocab] when biased. */
  readonly params: Map<string, tf.Variable>;
  /** The training graph over one unrolled batch; inputs [numUnroll * batch], index t*batch + b. */
  trainForward(inputs: Int32Array, numUnroll: number, batch: number, state: State): TrainGraph;
  /** One step of the running recurrence (validation, generation): inputs [batch] → new state and features [batch, F]. */
  step(inputs: Int32Array, state: State): { state: State; features: tf.Tensor2D };
  /**
   * The same training graph written the straightforward way with stock tfjs ops (one-hot matmuls, per-step slices),
   * differentiable by tfjs autodiff: the reference the fast path is tested against, and the benchmark baseline.
   * Returns the per-timestep features [batch, F] and the final state.
   */
  referenceForward(inputsOneHot: tf.Tensor2D[], state: State): { features: tf.Tensor2D[]; finalState: State };
}

/** A trainable variable initialised from a truncated normal (σ = std) drawn from `random`, or a constant. */
export function createWeight(name: string, shape: number[], init: { random: SeededRandom; std: number } | number): tf.Variable {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  if (typeof init === 'number') values.fill(init);
  else for (let i = 0; i < size; i++) values[i] = init.random.truncatedNormal(init.std);
  return tf.tidy(() => tf.variable(tf.tensor(values, shape), true, name));
}

let modelCounter = 0;
/** A unique prefix for the variable names of one model instance (tfjs keeps variables in a global registry). */
export function uniqueModelPrefix(type: string): string {
  modelCounter += 1;
  return `rnnlab_${type}_${modelCounter}_`;
}

/** Zero state of the given sizes for `batch` rows. */
export function zeroState(sizes: number[], batch: number): State {
  return sizes.map((size) => tf.zeros([batch, size]) as tf.Tensor2D);
}

/** Host copy of a variable's values (wasm/cpu: a memory copy). */
export function hostValues(variable: tf.Tensor): Float32Array {
  return variable.dataSync() as Float32Array;
}

/** Uploads a host array as a [rows, cols] tensor. */
export function upload(values: Float32Array, rows: number, cols: number): tf.Tensor2D {
  return tf.tensor2d(values, [rows, cols]);
}

/** d tanh(a)/da from the output h = tanh(a): 1 - h². */
export function tanhDerivative(h: tf.Tensor2D): tf.Tensor2D {
  return tf.sub(1, tf.square(h));
}

/** d sigmoid(a)/da from the output h = sigmoid(a): h·(1 - h). */
export function sigmoidDerivative(h: tf.Tensor2D): tf.Tensor2D {
  return tf.mul(h, tf.sub(1, h));
}

/** a^T b with an explicit transpose (wasm matMul with transpose flags is ~10× slower). a: [n, p], b: [n, q] → [p, q]. */
export function matMulTN(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(tf.transpose(a), b);
}

/** a b^T with an explicit transpose. a: [n, q], b: [p, q] → [n, p]. */
export function matMulNT(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(a, tf.transpose(b));
}
