// Which epochs' samples a report shows: the first, the middle and the last epoch that generated text.

/** From the sorted distinct epochs given: first, middle (the lower middle for an even count), last; duplicates
 *  removed, so 1 or 2 epochs give 1 or 2 entries. [1..26] → [1, 13, 26]. */
export function selectSampleEpochs(epochs: readonly number[]): number[] {
  const sorted = [...new Set(epochs)].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const picked = [sorted[0], sorted[Math.floor((sorted.length - 1) / 2)], sorted[sorted.length - 1]];
  return [...new Set(picked)];
}
