// Formats the native BLAS for run records and the bench: its config with where its core came from, and its threads.
import type { BlasInfo } from './load-native.js';
import { coreFromConfig } from './probe-blas-core.js';
import type { BlasCoreSelection } from './select-blas-core.js';

/** "1 thread", "2 threads"; Accelerate cannot say. */
export function formatBlasThreads(threads: number): string {
  return threads < 0 ? 'threads set by the system' : `${threads} thread${threads === 1 ? '' : 's'}`;
}

/**
 * The BLAS config with where its core came from, e.g.
 * "OpenBLAS 0.3.21 … (core Zen: chosen by rnnlab, OpenBLAS detected Prescott)".
 */
export function formatBlasConfig(blas: BlasInfo): string {
  const core = coreFromConfig(blas.config);
  if (core === null || blas.coreSelection === undefined) return blas.config;
  return blas.config.replace(/\(core [^)]+\)$/, `(${formatBlasCore(core, blas.coreSelection)})`);
}

/** How the run records say where the core came from, e.g. "core Zen: chosen by rnnlab, OpenBLAS detected Prescott". */
export function formatBlasCore(actualCore: string, selection: BlasCoreSelection): string {
  switch (selection.source) {
    case 'user':
      return `core ${actualCore}: set by OPENBLAS_CORETYPE=${selection.requested ?? ''}`;
    case 'rnnlab': {
      const detected = selection.detected === null ? '' : `, OpenBLAS detected ${selection.detected}`;
      if (actualCore.toLowerCase() === (selection.requested ?? '').toLowerCase()) return `core ${actualCore}: chosen by rnnlab${detected}`;
      return `core ${actualCore}: rnnlab asked for ${selection.requested ?? '?'}${detected}`;
    }
    case 'openblas':
      return `core ${actualCore}: detected by OpenBLAS`;
  }
}
