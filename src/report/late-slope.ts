// The least-squares slope of a loss over a run's last validated epochs: the overfitting measure (validation loss
// rising while train loss falls), per run, with its standard error.

export interface LateSlope {
  /** Loss change per epoch (nats/epoch) of the least-squares line. */
  slope: number;
  /** Its standard error √(RSS/(n − 2) / Σ(e − ē)²); NaN with 2 points. */
  se: number;
  /** The epochs fitted (the first and last). */
  fromEpoch: number;
  toEpoch: number;
  n: number;
}

/** The slope of lossNats over the last `count` points with a finite loss; null when fewer than `count` have one. */
export function lateSlope(points: readonly { epoch: number; lossNats: number | null }[], count: number): LateSlope | null {
  const finite = points.filter((p): p is { epoch: number; lossNats: number } => p.lossNats !== null && Number.isFinite(p.lossNats));
  if (finite.length < count || count < 2) return null;
  const used = finite.slice(-count);
  const n = used.length;
  const meanEpoch = used.reduce((sum, p) => sum + p.epoch, 0) / n;
  const meanLoss = used.reduce((sum, p) => sum + p.lossNats, 0) / n;
  const sxx = used.reduce((sum, p) => sum + (p.epoch - meanEpoch) ** 2, 0);
  const sxy = used.reduce((sum, p) => sum + (p.epoch - meanEpoch) * (p.lossNats - meanLoss), 0);
  const slope = sxy / sxx;
  const rss = used.reduce((sum, p) => sum + (p.lossNats - meanLoss - slope * (p.epoch - meanEpoch)) ** 2, 0);
  return { slope, se: n > 2 ? Math.sqrt(rss / (n - 2) / sxx) : Number.NaN, fromEpoch: used[0].epoch, toEpoch: used[n - 1].epoch, n };
}
