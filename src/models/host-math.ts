// Hot host-side (plain JS) array math of the custom ops: row lookup, its scatter-add gradient, softmax
// cross-entropy with its gradient. Kept together so a native addon can replace them without touching the models.

/**
 * Row lookup: out[r, :] = table[ids[start + r], :] for r < count.
 * table: [rows, cols] row-major; returns [count, cols].
 */
export function gatherRows(table: Float32Array, cols: number, ids: Int32Array, start: number, count: number): Float32Array {
  const out = new Float32Array(count * cols);
  for (let r = 0; r < count; r++) {
    const from = ids[start + r] * cols;
    out.set(table.subarray(from, from + cols), r * cols);
  }
  return out;
}

/**
 * The gradient of a row lookup: into[ids[r], :] += grad[r, :] (with `scale`), for every row r of grad.
 * into: [rows, cols]; grad: [ids.length, cols].
 */
export function scatterAddRows(into: Float32Array, cols: number, ids: Int32Array, grad: Float32Array, scale = 1): void {
  for (let r = 0; r < ids.length; r++) {
    const to = ids[r] * cols;
    const from = r * cols;
    for (let c = 0; c < cols; c++) into[to + c] += scale * grad[from + c];
  }
}

/**
 * Mean softmax cross-entropy of `logits` [n, classes] against `targets` [n], and its gradient in place:
 * on return, logits holds d(mean loss)/d(logits) = (softmax - onehot) / n. Returns the mean loss in nats.
 * One pass of exp per row, accumulated in float64.
 */
export function softmaxCrossEntropyInPlace(logits: Float32Array, classes: number, targets: Int32Array): number {
  const n = targets.length;
  let total = 0;
  const inv = 1 / n;
  for (let r = 0; r < n; r++) {
    const base = r * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) if (logits[base + c] > max) max = logits[base + c];
    const target = logits[base + targets[r]];
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp(logits[base + c] - max);
      logits[base + c] = e;
      sum += e;
    }
    total += Math.log(sum) + max - target;
    const scale = inv / sum;
    for (let c = 0; c < classes; c++) logits[base + c] *= scale;
    logits[base + targets[r]] -= inv;
  }
  return total / n;
}

/** Sum over rows r of softmax cross-entropy, without a gradient (validation). logits: [n, classes]. */
export function sumCrossEntropy(logits: Float32Array, classes: number, targets: Int32Array): number {
  let total = 0;
  for (let r = 0; r < targets.length; r++) {
    const base = r * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) if (logits[base + c] > max) max = logits[base + c];
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[base + c] - max);
    total += Math.log(sum) + max - logits[base + targets[r]];
  }
  return total;
}

/**
 * Columns [from, from+width) of rows [rowStart, rowStart+rows) of a row-major [*, cols] array,
 * as a new [rows, width] array (splits a host copy instead of slicing tensors, which copies on wasm).
 */
export function sliceBlock(data: Float32Array, cols: number, rowStart: number, rows: number, from: number, width: number): Float32Array {
  if (from === 0 && width === cols) return data.slice(rowStart * cols, (rowStart + rows) * cols);
  const out = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    const base = (rowStart + r) * cols + from;
    out.set(data.subarray(base, base + width), r * width);
  }
  return out;
}
