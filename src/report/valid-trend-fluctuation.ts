// Validation fluctuation as a reviewer reads it: the spread of validation loss around a smooth (quadratic) trend,
// from a stated epoch on, so neither the first big drop nor a steady rise or fall counts as fluctuation.

/** Points the quadratic fit needs beyond its 3 coefficients for a spread with at least 2 degrees of freedom. */
export const MIN_TREND_POINTS = 5;

/**
 * √(RSS / (n − 3)) of the least-squares fit loss ≈ c0 + c1·e + c2·e² over the validated epochs e ≥ fromEpoch with a
 * finite loss (nats); null with fewer than MIN_TREND_POINTS such epochs. Epochs are centred and scaled before the
 * fit so the 3×3 normal equations stay well conditioned.
 */
export function validTrendFluctuation(points: readonly { epoch: number; lossNats: number | null }[], fromEpoch: number): number | null {
  const used = points.filter((p): p is { epoch: number; lossNats: number } => p.epoch >= fromEpoch && p.lossNats !== null && Number.isFinite(p.lossNats));
  const n = used.length;
  if (n < MIN_TREND_POINTS) return null;
  const meanEpoch = used.reduce((sum, p) => sum + p.epoch, 0) / n;
  const scale = Math.max(...used.map((p) => Math.abs(p.epoch - meanEpoch))) || 1;
  const xs = used.map((p) => (p.epoch - meanEpoch) / scale);
  const ys = used.map((p) => p.lossNats);
  // Normal equations (XᵀX) c = Xᵀy for the columns 1, x, x².
  const power = (k: number) => xs.reduce((sum, x) => sum + x ** k, 0);
  const moment = (k: number) => xs.reduce((sum, x, i) => sum + x ** k * ys[i], 0);
  const matrix = [
    [n, power(1), power(2)],
    [power(1), power(2), power(3)],
    [power(2), power(3), power(4)],
  ];
  const coefficients = solve3(matrix, [moment(0), moment(1), moment(2)]);
  const rss = xs.reduce((sum, x, i) => sum + (ys[i] - (coefficients[0] + coefficients[1] * x + coefficients[2] * x * x)) ** 2, 0);
  return Math.sqrt(rss / (n - 3));
}

/** Solves a 3×3 system by Gaussian elimination with partial pivoting. */
function solve3(matrix: number[][], rhs: number[]): number[] {
  const a = matrix.map((row, i) => [...row, rhs[i]]);
  for (let col = 0; col < 3; col++) {
    let pivot = col;
    for (let row = col + 1; row < 3; row++) if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) pivot = row;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    for (let row = col + 1; row < 3; row++) {
      const factor = a[row][col] / a[col][col];
      for (let k = col; k < 4; k++) a[row][k] -= factor * a[col][k];
    }
  }
  const x = [0, 0, 0];
  for (let row = 2; row >= 0; row--) {
    let sum = a[row][3];
    for (let k = row + 1; k < 3; k++) sum -= a[row][k] * x[k];
    x[row] = sum / a[row][row];
  }
  return x;
}
