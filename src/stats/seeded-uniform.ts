// A small seeded pseudo-random generator of uniforms in [0, 1) (sfc32 seeded by splitmix32), so resampling is reproducible.

/** splitmix32's output function (Steele, Lea & Flood 2014, 32-bit variant): spreads a counter into well-mixed words. */
function splitmix32(state: number): number {
  let z = state | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A generator of uniforms in [0, 1) with 32-bit resolution (k/2³², k = 0 … 2³² − 1), the same sequence for the
 * same seed on every platform. The core is Chris Doty-Humphrey's sfc32 ("Small Fast Counting", PractRand; passes
 * PractRand and BigCrush; period ≥ 2³²), on 32-bit integer arithmetic that JavaScript does exactly. Its four words
 * come from splitmix32 of seed + k·φ (φ = 0x9e3779b9, the golden-ratio increment), and the first 12 outputs are
 * dropped, so nearby seeds (1, 2, 3 …) give unrelated streams. Not for cryptography.
 * Throws RangeError unless seed is a safe integer (a fractional seed would otherwise be silently truncated).
 */
export function seededUniform(seed: number): () => number {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seededUniform: seed must be a safe integer; got ${seed}`);
  const low = seed >>> 0;
  const high = Math.floor(seed / 2 ** 32) >>> 0;
  let counter = low ^ splitmix32(high);
  const next = (): number => splitmix32((counter = (counter + 0x9e3779b9) | 0));
  let a = next();
  let b = next();
  let c = next();
  let d = next();
  const uniform = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) uniform();
  return uniform;
}
