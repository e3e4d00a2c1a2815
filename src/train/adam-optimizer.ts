// Adam as TensorFlow 1's AdamOptimizer computes it (the book's optimizer), with its slots created up front.
import { tf } from '../models/backend.js';
import type { Gradients } from '../models/recurrent-model.js';

export interface AdamSettings {
  learningRate: number;
  beta1: number; // 0.9
  beta2: number; // 0.999
  epsilon: number; // 1e-8 (tfjs's default differs)
}

/** Adam's state on the host: the step count and both moments of every parameter, by parameter name. */
export interface AdamState {
  iterations: number;
  slots: Record<string, { m: Float32Array; v: Float32Array }>;
}

export interface AdamOptimizer {
  /** One update of every parameter named in `grads` (call inside a tf.tidy). */
  apply(grads: Gradients): void;
  /** Updates applied so far. */
  readonly iterations: number;
  /** Host copies of the moments and step count (a checkpoint's optimizer part). */
  capture(): AdamState;
  /** Puts back a captured state; every parameter's slots must be present with matching sizes. */
  restore(state: AdamState): void;
  dispose(): void;
}

/**
 * TF1 form: lr_t = lr·√(1-β2^t)/(1-β1^t); m ← β1 m + (1-β1) g; v ← β2 v + (1-β2) g²; θ ← θ - lr_t·m/(√v + ε).
 * (ε is added to √v without bias correction, unlike the paper's ε̂ form.)
 */
export function createAdamOptimizer(params: Map<string, tf.Variable>, settings: AdamSettings): AdamOptimizer {
  const slots = new Map<string, { m: tf.Variable; v: tf.Variable }>();
  for (const [name, p] of params) {
    slots.set(name, tf.tidy(() => ({ m: tf.variable(tf.zerosLike(p), false), v: tf.variable(tf.zerosLike(p), false) })));
  }
  let iterations = 0;
  return {
    get iterations() {
      return iterations;
    },
    apply(grads) {
      iterations += 1;
      const { learningRate, beta1, beta2, epsilon } = settings;
      const lrT = (learningRate * Math.sqrt(1 - beta2 ** iterations)) / (1 - beta1 ** iterations);
      for (const [name, g] of grads) {
        const p = params.get(name)!;
        const { m, v } = slots.get(name)!;
        const mNew = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
        const vNew = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
        m.assign(mNew);
        v.assign(vNew);
        p.assign(tf.sub(p, tf.mul(tf.div(mNew, tf.add(tf.sqrt(vNew), epsilon)), lrT)));
      }
    },
    capture() {
      const captured: AdamState = { iterations, slots: {} };
      for (const [name, { m, v }] of slots) {
        captured.slots[name] = { m: new Float32Array(m.dataSync() as Float32Array), v: new Float32Array(v.dataSync() as Float32Array) };
      }
      return captured;
    },
    restore(state) {
      for (const [name, { m, v }] of slots) {
        const stored = state.slots[name];
        if (stored === undefined || stored.m.length !== m.size || stored.v.length !== v.size) {
          throw new Error(`optimizer state has no matching slots for "${name}"`);
        }
        tf.tidy(() => {
          m.assign(tf.tensor(stored.m, m.shape));
          v.assign(tf.tensor(stored.v, v.shape));
        });
      }
      iterations = state.iterations;
    },
    dispose() {
      for (const { m, v } of slots.values()) {
        m.dispose();
        v.dispose();
      }
    },
  };
}
