// Gradient clipping by global norm, as TensorFlow's clip_by_global_norm: g · clip / max(‖g‖, clip).
import type { Gradients } from '../models/recurrent-model.js';
import { tf } from '../models/backend.js';

/** Scaled gradients (same names); clipNorm ≤ 0 returns them unchanged. Stays on device (no sync). */
export function clipByGlobalNorm(grads: Gradients, clipNorm: number): Gradients {
  if (clipNorm <= 0) return grads;
  const squares = [...grads.values()].map((g) => tf.sum(tf.square(g)));
  const norm = tf.sqrt(tf.addN(squares));
  const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
  const clipped: Gradients = new Map();
  for (const [name, g] of grads) clipped.set(name, tf.mul(g, scale));
  return clipped;
}
