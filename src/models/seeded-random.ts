// A small seeded pseudo-random generator (sfc32) so every random draw of a run follows from its seed, on any backend.

/** Deterministic random source; one per purpose (init, schedule, generation) so streams do not interfere. */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Normal with standard deviation `std`, redrawn while beyond 2·std (TensorFlow's truncated_normal). */
  truncatedNormal(std: number): number;
  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): number[];
  /** The generator's whole state (a checkpoint's part): restoring it replays exactly the draws that followed. */
  capture(): RandomState;
  /** Puts back a captured state. */
  restore(state: RandomState): void;
}

/** sfc32's four 32-bit words and the cached second normal of a Box–Muller pair (null when none is pending). */
export interface RandomState {
  words: [number, number, number, number];
  spareNormal: number | null;
}

/** 32-bit FNV-1a hash of a string, used to derive independent streams from one seed. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** A generator for `seed` and a named stream (e.g. "init", "schedule", "generation"). */
export function createSeededRandom(seed: number, stream: string): SeededRandom {
  let a = (seed >>> 0) ^ 0x9e3779b9;
  let b = hashString(stream);
  let c = Math.floor(seed / 4294967296) >>> 0;
  let d = 1;
  const nextUint = (): number => {
    // sfc32 (Chris Doty-Humphrey's Small Fast Counting generator).
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 16; i++) nextUint(); // mix the seed in
  let spareNormal: number | null = null;
  const next = (): number => nextUint() / 4294967296;
  const normal = (): number => {
    if (spareNormal !== null) {
      const value = spareNormal;
      spareNormal = null;
      return value;
    }
    let u = next();
    while (u === 0) u = next();
    const v = next();
    const radius = Math.sqrt(-2 * Math.log(u));
    spareNormal = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal,
    truncatedNormal: (std) => {
      let z = normal();
      while (Math.abs(z) > 2) z = normal();
      return z * std;
    },
    capture: () => ({ words: [a >>> 0, b >>> 0, c >>> 0, d >>> 0], spareNormal }),
    restore: (state) => {
      const words = state.words;
      if (!Array.isArray(words) || words.length !== 4 || !words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff)) {
        throw new Error(`random state: expected four unsigned 32-bit words; got ${JSON.stringify(words)}`);
      }
      [a, b, c, d] = words;
      spareNormal = state.spareNormal;
    },
    permutation: (n) => {
      const order = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      return order;
    },
  };
}
