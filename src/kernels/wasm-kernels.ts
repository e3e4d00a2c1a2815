// The kernel interface on TensorFlow.js ops (the wasm backend in practice): arrays in as tensors, dataSync out.
// The caller passes its tfjs namespace with the backend already chosen (src/models/backend.ts owns that choice), so
// this folder has no runtime import of tfjs.
import type * as tfjs from '@tensorflow/tfjs';
import { checkOutputLayerArgs, checkRecurrenceArgs, checkSgemmArgs } from './check-kernel-args.js';
import type { Kernels } from './kernels.js';

type Tf = typeof tfjs;

/**
 * Kernels through `tf` on its active backend. Transposes are explicit tf.transpose calls: on wasm, matMul with its
 * transposeA/B flags runs ~10× slower than a transpose followed by a plain matMul.
 */
export function createWasmKernels(tf: Tf): Kernels {
  const matrix = (data: Float32Array, rows: number, cols: number) => tf.tensor2d(data.subarray(0, rows * cols), [rows, cols]);
  const op = (data: Float32Array, transposed: boolean, rows: number, cols: number) =>
    transposed ? tf.transpose(matrix(data, cols, rows)) : matrix(data, rows, cols);
  const act = (activation: 'tanh' | 'sigmoid', z: tfjs.Tensor) => (activation === 'tanh' ? tf.tanh(z) : tf.sigmoid(z));

  return {
    name: 'wasm',
    description: `TensorFlow.js ${tf.version_core} on the ${tf.getBackend()} backend`,
    sgemm(args) {
      checkSgemmArgs(args);
      const { transA, transB, m, n, k, alpha, a, b, beta, c } = args;
      if (m === 0 || n === 0) return;
      const out = tf.tidy(() => {
        let product = tf.matMul(op(a, transA, m, k), op(b, transB, k, n)); // [m, n]
        if (alpha !== 1) product = tf.mul(product, tf.scalar(alpha));
        if (beta !== 0) product = tf.add(product, tf.mul(matrix(c, m, n), tf.scalar(beta)));
        return product;
      });
      c.set(out.dataSync() as Float32Array);
      out.dispose();
    },
    softmaxCrossEntropy(args) {
      checkOutputLayerArgs(args);
      const { h, w, b, targets, n, hidden, vocab, dH, dW, dB } = args;
      const outputs = tf.tidy(() => {
        const hT = matrix(h, n, hidden);
        const wT = matrix(w, hidden, vocab);
        const product = tf.matMul(hT, wT); // [n, vocab]
        const logits = b === undefined ? product : tf.add(product, tf.tensor1d(b.subarray(0, vocab)));
        const shifted = tf.sub(logits, tf.max(logits, 1, true));
        const e = tf.exp(shifted); // exp once
        const sum = tf.sum(e, 1, true); // [n, 1]
        const oneHot = tf.oneHot(tf.tensor1d(targets.subarray(0, n), 'int32'), vocab); // [n, vocab]
        const targetShifted = tf.sum(tf.mul(shifted, oneHot), 1, true);
        const loss = tf.mean(tf.sub(tf.log(sum), targetShifted));
        if (dH === undefined) return [loss];
        const g = tf.div(tf.sub(tf.div(e, sum), oneHot), tf.scalar(n)); // [n, vocab]
        const gradW = tf.matMul(tf.transpose(hT), g); // [hidden, vocab]
        const gradH = tf.matMul(g, tf.transpose(wT)); // [n, hidden]
        return dB === undefined ? [loss, gradH, gradW] : [loss, gradH, gradW, tf.sum(g, 0)];
      });
      try {
        if (dH !== undefined && dW !== undefined) {
          dH.set(outputs[1].dataSync() as Float32Array);
          dW.set(outputs[2].dataSync() as Float32Array);
          if (dB !== undefined) dB.set(outputs[3].dataSync() as Float32Array);
        }
        return outputs[0].dataSync()[0];
      } finally {
        tf.dispose(outputs);
      }
    },
    rnnForward(args) {
      checkRecurrenceArgs(args, { pre: args.pre, hs: args.hs });
      const { activation, steps, batch, hidden, pre, whh, h0, hs } = args;
      if (steps === 0) return;
      const out = tf.tidy(() => {
        const w = matrix(whh, hidden, hidden);
        const pres = tf.tensor3d(pre.subarray(0, steps * batch * hidden), [steps, batch, hidden]);
        let h: tfjs.Tensor2D = matrix(h0, batch, hidden);
        const states: tfjs.Tensor2D[] = [];
        for (const preT of tf.unstack(pres) as tfjs.Tensor2D[]) {
          h = act(activation, tf.add(preT, tf.matMul(h, w))) as tfjs.Tensor2D;
          states.push(h);
        }
        return tf.stack(states); // [steps, batch, hidden]
      });
      hs.set(out.dataSync() as Float32Array);
      out.dispose();
    },
    rnnBackward(args) {
      checkRecurrenceArgs(args, { hs: args.hs, dHs: args.dHs, dPre: args.dPre });
      const { activation, steps, batch, hidden, whh, h0, hs, dHs, dPre, dWhh, dH0 } = args;
      const outputs = tf.tidy(() => {
        const wTransposed = tf.transpose(matrix(whh, hidden, hidden));
        const size = batch * hidden;
        const hAt = (t: number) => (t < 0 ? matrix(h0, batch, hidden) : matrix(hs.subarray(t * size), batch, hidden));
        let dh = tf.zeros([batch, hidden]) as tfjs.Tensor2D;
        let dw = tf.zeros([hidden, hidden]) as tfjs.Tensor2D;
        const dzs: tfjs.Tensor2D[] = [];
        for (let t = steps - 1; t >= 0; t--) {
          dh = tf.add(dh, matrix(dHs.subarray(t * size), batch, hidden));
          const y = hAt(t);
          const slope = activation === 'tanh' ? tf.sub(1, tf.square(y)) : tf.mul(y, tf.sub(1, y));
          const dz = tf.mul(dh, slope) as tfjs.Tensor2D; // [batch, hidden]
          dzs.unshift(dz);
          dw = tf.add(dw, tf.matMul(tf.transpose(hAt(t - 1)), dz));
          dh = tf.matMul(dz, wTransposed);
        }
        const dPreAll = steps > 0 ? tf.stack(dzs) : tf.zeros([0]);
        return [dPreAll, dw, dh];
      });
      try {
        dPre.set(outputs[0].dataSync() as Float32Array);
        dWhh.set(outputs[1].dataSync() as Float32Array);
        dH0.set(outputs[2].dataSync() as Float32Array);
      } finally {
        tf.dispose(outputs);
      }
    },
  };
}
