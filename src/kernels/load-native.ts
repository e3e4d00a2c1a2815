// Loads the optional rnnlab-native BLAS addon once per process, sets its BLAS thread count, and explains its absence.
import { createRequire } from 'node:module';
import { UserError } from '../config/user-error.js';
import { selectBlasCore, type BlasCoreSelection } from './select-blas-core.js';

/** The addon's functions (mirrors native/index.d.ts; declared here because the package may not be installed). */
export interface NativeAddon {
  sgemm(
    transA: boolean, transB: boolean, m: number, n: number, k: number,
    alpha: number, a: Float32Array, b: Float32Array, beta: number, c: Float32Array,
  ): void;
  softmaxCrossEntropy(
    h: Float32Array, w: Float32Array, b: Float32Array | null, targets: Int32Array, n: number, hidden: number,
    vocab: number, dH: Float32Array | null, dW: Float32Array | null, dB: Float32Array | null,
  ): number;
  rnnForward(
    activation: 0 | 1, steps: number, batch: number, hidden: number,
    pre: Float32Array, whh: Float32Array, h0: Float32Array, hs: Float32Array,
  ): void;
  rnnBackward(
    activation: 0 | 1, steps: number, batch: number, hidden: number,
    whh: Float32Array, h0: Float32Array, hs: Float32Array, dHs: Float32Array,
    dPre: Float32Array, dWhh: Float32Array, dH0: Float32Array,
  ): void;
  setNumThreads(threads: number): void;
  blasInfo(): BlasInfo;
  // The whole training update (native/src/engine.c): an opaque handle per run, see NativeEngineSpec.
  engineCreate(spec: NativeEngineSpec): NativeEngineHandle;
  engineParams(engine: NativeEngineHandle): { name: string; shape: number[] }[];
  engineStateSizes(engine: NativeEngineHandle): number[];
  /** One update; returns its mean loss (nats); stats: [norm before clipping, squared norm of each parameter]. */
  engineUpdate(engine: NativeEngineHandle, inputs: Int32Array, targets: Int32Array, stats: Float64Array): number;
  /** block: 0 weights, 1 gradients (clipped, of the last update), 2 Adam m, 3 Adam v; index: engineParams order. */
  engineRead(engine: NativeEngineHandle, block: number, index: number, out: Float32Array): void;
  engineWrite(engine: NativeEngineHandle, block: number, index: number, values: Float32Array): void;
  engineReadState(engine: NativeEngineHandle, index: number, out: Float32Array): void;
  engineWriteState(engine: NativeEngineHandle, index: number, values: Float32Array): void;
  engineIterations(engine: NativeEngineHandle): number;
  engineSetIterations(engine: NativeEngineHandle, iterations: number): void;
  engineDispose(engine: NativeEngineHandle): void;
  /** Engines created and not yet disposed (or garbage-collected) in this process. */
  engineLiveCount(): number;
  /** Bytes those engines hold (all allocated when each was created). */
  engineLiveBytes(): number;
  /** Bumped with every signature change (RNNLAB_NATIVE_API_VERSION in native/src/rnnlab_native.c). */
  apiVersion: number;
}

/** An engine created by engineCreate (an N-API external; freed by engineDispose or by the garbage collector). */
export type NativeEngineHandle = { readonly __nativeEngine: unique symbol };

/** What a native engine trains: kind 0 = tanh stack (rnn, stacked), 1 = RNN-CF, 2 = LSTM; flags are 0 or 1. */
export interface NativeEngineSpec {
  kind: 0 | 1 | 2;
  vocab: number;
  batch: number;
  unroll: number;
  /** Layer sizes of a tanh stack (empty otherwise). */
  sizes: number[];
  hidden: number;
  context: number;
  /** 0 tanh, 1 sigmoid (RNN-CF). */
  activation: 0 | 1;
  book: 0 | 1;
  learnAlpha: 0 | 1;
  bias: 0 | 1;
  alpha: number;
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** ≤ 0: no clipping. */
  clipNorm: number;
}

export interface BlasInfo {
  /** "OpenBLAS" or "Accelerate" */
  name: string;
  /** The library's own build description, e.g. "OpenBLAS 0.3.21 … DYNAMIC_ARCH … (core Haswell)" */
  config: string;
  /** Threads the BLAS will use (after rnnlab set them); −1 when the library cannot say (Accelerate). */
  threads: number;
  /** How the OpenBLAS core was decided (set by loadNative, not by the addon); absent for Accelerate. */
  coreSelection?: BlasCoreSelection;
}

export type NativeLoad =
  | { addon: NativeAddon; blas: BlasInfo; reason?: undefined }
  | { addon: null; blas?: undefined; reason: string };

/** The addon API this code was written against; a build from older sources reports a smaller number. */
export const NATIVE_API_VERSION = 3;

let cached: NativeLoad | undefined;

/**
 * The BLAS thread count: $RNNLAB_BLAS_THREADS when set, else 1 — rnnlab gets its parallelism from running several
 * runs at once, and a multi-threaded BLAS per worker would oversubscribe the cores.
 */
export function blasThreadsFromEnv(env: NodeJS.ProcessEnv): number {
  const text = env.RNNLAB_BLAS_THREADS;
  if (text === undefined || text === '') return 1;
  const threads = Number(text);
  if (!Number.isInteger(threads) || threads < 1) {
    throw new UserError(`environment variable RNNLAB_BLAS_THREADS: must be a positive integer, got "${text}"`);
  }
  return threads;
}

/**
 * Decides this process's OpenBLAS core before anything loads the library (see select-blas-core.ts); a parent calls it
 * before starting workers, which then inherit the decision through their environment instead of probing again.
 */
export function prepareBlasEnvironment(env: NodeJS.ProcessEnv = process.env): BlasCoreSelection | undefined {
  if (env.RNNLAB_NATIVE === '0' || process.platform === 'darwin') return undefined;
  return selectBlasCore(env);
}

/**
 * Gives the addon's BLAS `budget` threads (the sweep's share of idle cores for this run) unless the user fixed the
 * count with RNNLAB_BLAS_THREADS; returns the count now in force (−1 when the library cannot say).
 */
export function applyBlasThreadBudget(addon: NativeAddon, budget: number, env: NodeJS.ProcessEnv = process.env): number {
  const threads = env.RNNLAB_BLAS_THREADS === undefined || env.RNNLAB_BLAS_THREADS === '' ? budget : blasThreadsFromEnv(env);
  addon.setNumThreads(threads);
  // What the library says, not what was asked: Accelerate ignores the call and reports −1 ("set by the system").
  return addon.blasInfo().threads;
}

function attemptLoad(env: NodeJS.ProcessEnv): NativeLoad {
  if (env.RNNLAB_NATIVE === '0') return { addon: null, reason: 'disabled by RNNLAB_NATIVE=0' };
  const threads = blasThreadsFromEnv(env);
  // Accelerate reads its thread limit once, when it is loaded.
  if (process.platform === 'darwin' && env.VECLIB_MAXIMUM_THREADS === undefined) {
    process.env.VECLIB_MAXIMUM_THREADS = String(threads);
  }
  // OpenBLAS reads OPENBLAS_CORETYPE once, when the addon's require loads it: decide the core first.
  const coreSelection = prepareBlasEnvironment(env);
  let addon: NativeAddon;
  try {
    addon = createRequire(import.meta.url)('rnnlab-native') as NativeAddon;
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err.code === 'MODULE_NOT_FOUND' && /'rnnlab-native'/.test(err.message)) {
      return {
        addon: null,
        reason: 'rnnlab-native is not installed (its build was skipped or failed during npm install)',
      };
    }
    if (err.code === 'MODULE_NOT_FOUND' && /rnnlab_native\.node/.test(err.message)) {
      return {
        addon: null,
        reason: 'rnnlab-native is installed but not built (its install script did not run: see "allowScripts" in package.json, then npm rebuild rnnlab-native)',
      };
    }
    return { addon: null, reason: `rnnlab-native failed to load: ${err.message.split('\n')[0]}` };
  }
  // native/build survives a git pull, so a build from older sources is possible: refuse it rather than misread it.
  if (addon.apiVersion !== NATIVE_API_VERSION) {
    return {
      addon: null,
      reason: `rnnlab-native is out of date (API version ${String(addon.apiVersion)}, rnnlab needs ${NATIVE_API_VERSION}); run npm rebuild rnnlab-native`,
    };
  }
  addon.setNumThreads(threads);
  return { addon, blas: { ...addon.blasInfo(), coreSelection } };
}

/**
 * The addon and its BLAS, or null with the reason it is unavailable. Tried once per process; later calls return
 * the same answer (callers report the reason once). RNNLAB_NATIVE=0 disables it at run time.
 */
export function loadNative(env: NodeJS.ProcessEnv = process.env): NativeLoad {
  cached ??= attemptLoad(env);
  return cached;
}
