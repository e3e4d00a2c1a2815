// Reads the CPU's vendor and feature flags from /proc/cpuinfo (Linux); other systems report none.
import { readFileSync } from 'node:fs';
import type { CpuFeatures } from './choose-blas-core.js';

/** Vendor and flags of the first processor listed in a /proc/cpuinfo text (x86 Linux format). */
export function parseCpuInfo(text: string): CpuFeatures {
  const field = (name: string): string => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(text)?.[1].trim() ?? '';
  return { vendor: field('vendor_id'), flags: new Set(field('flags').toLowerCase().split(/\s+/).filter(Boolean)) };
}

/** This machine's CPU features; empty where /proc/cpuinfo does not exist (macOS uses Accelerate, not OpenBLAS). */
export function readCpuFeatures(path = '/proc/cpuinfo'): CpuFeatures {
  try {
    return parseCpuInfo(readFileSync(path, 'utf8'));
  } catch {
    return { vendor: '', flags: new Set() };
  }
}
