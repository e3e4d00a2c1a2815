// The kernel-selection decision as a pure function: (core OpenBLAS detected, CPU features, user's OPENBLAS_CORETYPE).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestCoretypeFor, chooseBlasCore, type CpuFeatures } from '../../src/kernels/choose-blas-core.js';
import { parseCpuInfo } from '../../src/kernels/read-cpu-features.js';

const cpu = (vendor: string, flags: string): CpuFeatures => ({ vendor, flags: new Set(flags.split(' ')) });
const SSE_ONLY = 'fpu sse sse2 pni ssse3 sse4_1 sse4_2';
const AVX2 = `${SSE_ONLY} avx fma avx2 bmi2`;
// The AVX-512 subset of an Ice Lake / Sapphire Rapids Xeon (what OpenBLAS 0.3.21 reports as Prescott, issue 13).
const AVX512 = `${AVX2} avx512f avx512dq avx512cd avx512bw avx512vl avx512_vnni`;

test('an Intel AVX-512 CPU that OpenBLAS detects as Prescott gets SkylakeX', () => {
  assert.deepEqual(chooseBlasCore('Prescott', cpu('GenuineIntel', AVX512), undefined), {
    action: 'override',
    coretype: 'SkylakeX',
    why: 'OpenBLAS detected Prescott on this AVX-512 CPU',
  });
});

test('AVX2+FMA without AVX-512: Haswell on Intel, Zen on AMD and Hygon', () => {
  assert.deepEqual(chooseBlasCore('Nehalem', cpu('GenuineIntel', AVX2), undefined), {
    action: 'override',
    coretype: 'Haswell',
    why: 'OpenBLAS detected Nehalem on this AVX2+FMA CPU',
  });
  for (const vendor of ['AuthenticAMD', 'HygonGenuine']) {
    const decision = chooseBlasCore('Core2', cpu(vendor, AVX2), undefined);
    assert.equal(decision.action === 'override' && decision.coretype, 'Zen', vendor);
  }
});

test('every pre-AVX2 core and "Unknown" count as old; case does not matter', () => {
  for (const core of ['Katmai', 'Prescott', 'Core2', 'Penryn', 'Nehalem', 'Atom', 'Sandybridge', 'Bulldozer', 'Opteron_SSE3', 'Unknown', 'PRESCOTT']) {
    assert.equal(chooseBlasCore(core, cpu('GenuineIntel', AVX2), undefined).action, 'override', core);
  }
});

test('a core with AVX2 kernels is kept, even on a CPU with more (no second-guessing OpenBLAS)', () => {
  for (const core of ['Haswell', 'Zen', 'SkylakeX', 'Cooperlake', 'SapphireRapids', 'zen']) {
    assert.deepEqual(chooseBlasCore(core, cpu('GenuineIntel', AVX512), undefined), { action: 'keep', why: `OpenBLAS detected ${core}` });
  }
});

test('a CPU without AVX2+FMA keeps what OpenBLAS detected, however old', () => {
  assert.deepEqual(chooseBlasCore('Prescott', cpu('GenuineIntel', SSE_ONLY), undefined), {
    action: 'keep',
    why: 'OpenBLAS detected Prescott; the CPU has neither AVX2+FMA nor AVX-512',
  });
  // AVX2 without FMA (never shipped, but the kernels need both) and a partial AVX-512 set.
  assert.equal(bestCoretypeFor(cpu('GenuineIntel', `${SSE_ONLY} avx avx2`)), null);
  assert.deepEqual(bestCoretypeFor(cpu('GenuineIntel', `${AVX2} avx512f avx512cd`)), { coretype: 'Haswell', isa: 'AVX2+FMA' });
});

test("the user's OPENBLAS_CORETYPE is never overridden, even a slow one", () => {
  assert.deepEqual(chooseBlasCore('Prescott', cpu('GenuineIntel', AVX512), 'Prescott'), {
    action: 'keep',
    why: 'OPENBLAS_CORETYPE=Prescott is set by the user',
  });
  assert.equal(chooseBlasCore('Prescott', cpu('GenuineIntel', AVX512), '').action, 'override', 'an empty variable is unset');
});

test('/proc/cpuinfo: vendor and flags of the first processor', () => {
  const text = [
    'processor\t: 0',
    'vendor_id\t: AuthenticAMD',
    'model name\t: AMD EPYC',
    'flags\t\t: fpu sse2 FMA avx2',
    '',
    'processor\t: 1',
    'vendor_id\t: AuthenticAMD',
    'flags\t\t: fpu',
  ].join('\n');
  const parsed = parseCpuInfo(text);
  assert.equal(parsed.vendor, 'AuthenticAMD');
  assert.deepEqual([...parsed.flags], ['fpu', 'sse2', 'fma', 'avx2']);
  assert.deepEqual(parseCpuInfo('processor : 0\nCPU implementer : 0x41\nFeatures : fp asimd'), { vendor: '', flags: new Set() });
});
