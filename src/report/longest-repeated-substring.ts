// Longest substring that occurs at least twice in a text (occurrences may overlap), via a suffix automaton: O(n).

export interface RepeatedSubstring {
  /** Length in characters (Unicode code points). */
  length: number;
  /** The substring itself (its first occurrence); "" when nothing repeats. */
  text: string;
  /** Code-point index of its first occurrence; -1 when nothing repeats. */
  start: number;
}

/** "abcabc" → "abc" (3); "aaaa" → "aaa" (3, the two occurrences overlap); "abcd" → "" (0).
 *  Characters are code points, so an emoji or an astral letter counts once. Linear time and memory: a suffix
 *  automaton has at most 2n-1 states; a state's endpos set has ≥ 2 elements exactly when the substrings it stands
 *  for occur twice or more, and the longest of them has length len(state). */
export function longestRepeatedSubstring(text: string): RepeatedSubstring {
  const chars = Array.from(text);
  const n = chars.length;
  const capacity = Math.max(2, 2 * n);
  const len = new Int32Array(capacity);
  const link = new Int32Array(capacity).fill(-1);
  const firstEnd = new Int32Array(capacity); // end index (inclusive) of the state's first occurrence
  const occurrences = new Int32Array(capacity); // |endpos|, filled in after construction
  const next: Map<string, number>[] = [new Map()];
  let size = 1;
  let last = 0;
  for (let i = 0; i < n; i++) {
    const c = chars[i];
    const cur = size++;
    len[cur] = len[last] + 1;
    firstEnd[cur] = i;
    occurrences[cur] = 1; // only non-clone states own an end position
    next.push(new Map());
    let p = last;
    while (p !== -1 && !next[p].has(c)) {
      next[p].set(c, cur);
      p = link[p];
    }
    if (p === -1) {
      link[cur] = 0;
    } else {
      const q = next[p].get(c)!;
      if (len[p] + 1 === len[q]) {
        link[cur] = q;
      } else {
        const clone = size++;
        len[clone] = len[p] + 1;
        link[clone] = link[q];
        firstEnd[clone] = firstEnd[q];
        occurrences[clone] = 0;
        next.push(new Map(next[q]));
        while (p !== -1 && next[p].get(c) === q) {
          next[p].set(c, clone);
          p = link[p];
        }
        link[q] = clone;
        link[cur] = clone;
      }
    }
    last = cur;
  }
  // Propagate endpos sizes up the suffix links, longest states first (counting sort by len).
  const byLen = new Int32Array(n + 2);
  for (let s = 0; s < size; s++) byLen[len[s]]++;
  for (let l = 1; l <= n + 1; l++) byLen[l] += byLen[l - 1];
  const order = new Int32Array(size);
  for (let s = size - 1; s >= 0; s--) order[--byLen[len[s]]] = s;
  for (let k = size - 1; k > 0; k--) {
    const s = order[k];
    if (link[s] >= 0) occurrences[link[s]] += occurrences[s];
  }
  let best = 0;
  let bestState = -1;
  for (let s = 1; s < size; s++) {
    // Ties: the earliest first occurrence, so the answer is deterministic.
    if (occurrences[s] >= 2 && (len[s] > best || (len[s] === best && bestState >= 0 && firstEnd[s] < firstEnd[bestState]))) {
      best = len[s];
      bestState = s;
    }
  }
  if (bestState < 0) return { length: 0, text: '', start: -1 };
  const start = firstEnd[bestState] - best + 1;
  return { length: best, text: chars.slice(start, start + best).join(''), start };
}
