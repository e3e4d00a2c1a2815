// Decides whether rnnlab should set OPENBLAS_CORETYPE: the core OpenBLAS detected, against what the CPU can run.

/** What the CPU offers, from /proc/cpuinfo (see readCpuFeatures). */
export interface CpuFeatures {
  /** e.g. "GenuineIntel", "AuthenticAMD"; "" when unknown. */
  vendor: string;
  /** Lower-case feature flags, e.g. "avx2", "fma", "avx512f". */
  flags: ReadonlySet<string>;
}

export type BlasCoreDecision =
  /** Set OPENBLAS_CORETYPE to `coretype` before the library loads. */
  | { action: 'override'; coretype: string; why: string }
  /** Leave the library's own choice (or the user's) alone. */
  | { action: 'keep'; why: string };

/**
 * OpenBLAS cores (DYNAMIC_ARCH names, compared case-insensitively) whose SGEMM kernels use AVX2+FMA or AVX-512.
 * Any other core (Prescott, Core2, Nehalem, Sandybridge, Bulldozer, …, "Unknown") is generic or old: on a CPU with
 * AVX2+FMA it leaves most of the vector units idle (4–7× slower on rnnlab's GEMMs, issue 13).
 */
const MODERN_CORES = new Set(['haswell', 'zen', 'skylakex', 'cooperlake', 'sapphirerapids']);

/** Everything OpenBLAS's SkylakeX kernels use; forcing SkylakeX on a CPU without one of them crashes (SIGILL). */
const AVX512_FLAGS = ['avx512f', 'avx512cd', 'avx512bw', 'avx512dq', 'avx512vl'];

export function isModernCore(core: string): boolean {
  return MODERN_CORES.has(core.toLowerCase());
}

/** The best OpenBLAS coretype for these CPU features, or null when the CPU has neither AVX-512 nor AVX2+FMA. */
export function bestCoretypeFor(cpu: CpuFeatures): { coretype: string; isa: string } | null {
  if (AVX512_FLAGS.every((flag) => cpu.flags.has(flag))) return { coretype: 'SkylakeX', isa: 'AVX-512' };
  if (cpu.flags.has('avx2') && cpu.flags.has('fma')) {
    // Zen's kernels are Haswell's with AMD's cache sizes; an AMD (or Hygon) CPU gets them.
    const amd = cpu.vendor === 'AuthenticAMD' || cpu.vendor === 'HygonGenuine';
    return { coretype: amd ? 'Zen' : 'Haswell', isa: 'AVX2+FMA' };
  }
  return null;
}

/**
 * Pure decision: `detectedCore` is what OpenBLAS chose by itself (openblas_get_corename() in a process started
 * without OPENBLAS_CORETYPE), `userCoretype` the user's own OPENBLAS_CORETYPE (undefined when unset). rnnlab
 * overrides only a generic or old core on a CPU that can run better kernels, and never a user's setting.
 */
export function chooseBlasCore(detectedCore: string, cpu: CpuFeatures, userCoretype: string | undefined): BlasCoreDecision {
  if (userCoretype !== undefined && userCoretype !== '') {
    return { action: 'keep', why: `OPENBLAS_CORETYPE=${userCoretype} is set by the user` };
  }
  if (isModernCore(detectedCore)) return { action: 'keep', why: `OpenBLAS detected ${detectedCore}` };
  const best = bestCoretypeFor(cpu);
  if (best === null) return { action: 'keep', why: `OpenBLAS detected ${detectedCore}; the CPU has neither AVX2+FMA nor AVX-512` };
  return { action: 'override', coretype: best.coretype, why: `OpenBLAS detected ${detectedCore} on this ${best.isa} CPU` };
}
