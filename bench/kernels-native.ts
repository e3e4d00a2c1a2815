// Benchmark of the kernel interface at the book's output-layer shapes: native BLAS vs wasm (tfjs) vs plain JS, in one run.
//
// Usage: node dist/bench/kernels-native.js [--json] [--min-ms N] [--no-js]
//   --json      one JSON object per (operation, implementation) instead of the table
//   --min-ms N  time each measurement for at least N ms (default 400) after one warm-up call
//   --no-js     skip the plain-JS reference (the slowest column, ~10 s)
// Shapes: batch 64 × unroll 50 = 3200 predictions, hidden 64, vocabulary 544 (the book's sizes).
// GFLOP/s counts 2·m·n·k per product; "output layer" counts its three products (the softmax is extra work).
// wasm kernels include copying arrays into tensors and back (what the kernel interface costs on wasm); the
// "tensors resident" row is tfjs matMul alone on tensors already on the backend, wasm's ceiling. The "rnn update"
// row is one training update's kernel work (row lookup, recurrence, output layer, both backwards, scatter-add) on host
// arrays: an upper bound on updates/s for the engine's native path, before tfjs transfers and Adam.
import { jsKernels } from '../src/kernels/js-kernels.js';
import type { Kernels } from '../src/kernels/kernels.js';
import { loadNative } from '../src/kernels/load-native.js';
import { createNativeKernels } from '../src/kernels/native-kernels.js';
import { createWasmKernels } from '../src/kernels/wasm-kernels.js';
import { wasmTf } from '../test/kernels/wasm-tf.js';

const N = 3200; // batch 64 × unroll 50
const HIDDEN = 64;
const VOCAB = 544;
const STEPS = 50;
const BATCH = 64;

interface Measurement {
  operation: string;
  shape: string;
  implementation: string;
  gflop: number;
  ms_per_call: number;
  gflops: number;
}

function parseArgs(argv: string[]): { json: boolean; minMs: number; js: boolean } {
  const minIndex = argv.indexOf('--min-ms');
  const minMs = minIndex >= 0 ? Number(argv[minIndex + 1]) : 400;
  if (!(minMs > 0)) throw new Error(`--min-ms must be a positive number, got ${argv[minIndex + 1]}`);
  return { json: argv.includes('--json'), minMs, js: !argv.includes('--no-js') };
}

/** Mean milliseconds per call of fn: one warm-up call, then calls until minMs have passed (at least 2). */
function timeCalls(fn: () => void, minMs: number): number {
  fn();
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (calls < 2 || elapsed < minMs) {
    fn();
    calls++;
    elapsed = performance.now() - start;
  }
  return elapsed / calls;
}

function uniform(length: number, scale: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 32 - 0.5) * 2 * scale;
  });
}

interface Operation {
  name: string;
  shape: string;
  gflop: number;
  run(kernels: Kernels): void;
}

function operations(): Operation[] {
  const h = uniform(N * HIDDEN, 1, 1); // [N, hidden]
  const w = uniform(HIDDEN * VOCAB, 0.1, 2); // [hidden, vocab]
  const g = uniform(N * VOCAB, 0.001, 3); // [N, vocab], a stand-in for the logits' gradient
  const targets = Int32Array.from({ length: N }, (_, i) => (i * 7919) % VOCAB);
  const logits = new Float32Array(N * VOCAB);
  const dH = new Float32Array(N * HIDDEN);
  const dW = new Float32Array(HIDDEN * VOCAB);
  const productGflop = (2 * N * HIDDEN * VOCAB) / 1e9;
  const size = STEPS * BATCH * HIDDEN;
  const pre = uniform(size, 1, 4);
  const hs = new Float32Array(size);
  const whh = uniform(HIDDEN * HIDDEN, 0.1, 5);
  const h0 = new Float32Array(BATCH * HIDDEN);
  const dHs = uniform(size, 0.01, 6);
  const dPre = new Float32Array(size);
  const dWhh = new Float32Array(HIDDEN * HIDDEN);
  const dH0 = new Float32Array(BATCH * HIDDEN);
  const recurrence = { activation: 'tanh' as const, steps: STEPS, batch: BATCH, hidden: HIDDEN, whh, h0 };
  // A whole rnn update's kernel work on host arrays (no tfjs, no Adam): input rows, recurrence, output layer, backward.
  const ids = Int32Array.from({ length: STEPS * BATCH }, (_, i) => (i * 104729) % VOCAB); // [T, B] input tokens
  const wxh = uniform(VOCAB * HIDDEN, 0.1, 7); // [vocab, hidden]: x_t W_xh is a row lookup
  const dWxh = new Float32Array(VOCAB * HIDDEN);
  const updateGflop = (3 * 2 * STEPS * BATCH * HIDDEN * HIDDEN + 3 * 2 * N * HIDDEN * VOCAB) / 1e9;
  return [
    {
      name: 'sgemm logits = h·W',
      shape: `[${N},${HIDDEN}]·[${HIDDEN},${VOCAB}]`,
      gflop: productGflop,
      run: (k) => k.sgemm({ transA: false, transB: false, m: N, n: VOCAB, k: HIDDEN, alpha: 1, a: h, b: w, beta: 0, c: logits }),
    },
    {
      name: 'sgemm dW = hᵀ·G',
      shape: `[${N},${HIDDEN}]ᵀ·[${N},${VOCAB}]`,
      gflop: productGflop,
      run: (k) => k.sgemm({ transA: true, transB: false, m: HIDDEN, n: VOCAB, k: N, alpha: 1, a: h, b: g, beta: 0, c: dW }),
    },
    {
      name: 'sgemm dH = G·Wᵀ',
      shape: `[${N},${VOCAB}]·[${HIDDEN},${VOCAB}]ᵀ`,
      gflop: productGflop,
      run: (k) => k.sgemm({ transA: false, transB: true, m: N, n: HIDDEN, k: VOCAB, alpha: 1, a: g, b: w, beta: 0, c: dH }),
    },
    {
      name: 'output layer loss + dH, dW',
      shape: `n ${N}, hidden ${HIDDEN}, vocab ${VOCAB}`,
      gflop: 3 * productGflop,
      run: (k) => void k.softmaxCrossEntropy({ h, w, targets, n: N, hidden: HIDDEN, vocab: VOCAB, dH, dW }),
    },
    {
      name: 'output layer loss only',
      shape: `n ${N}, hidden ${HIDDEN}, vocab ${VOCAB}`,
      gflop: productGflop,
      run: (k) => void k.softmaxCrossEntropy({ h, w, targets, n: N, hidden: HIDDEN, vocab: VOCAB }),
    },
    {
      name: 'tanh recurrence fwd + bwd',
      shape: `T ${STEPS}, B ${BATCH}, H ${HIDDEN}`,
      gflop: (3 * 2 * STEPS * BATCH * HIDDEN * HIDDEN) / 1e9,
      run: (k) => {
        k.rnnForward({ ...recurrence, pre, hs });
        k.rnnBackward({ ...recurrence, hs, dHs, dPre, dWhh, dH0 });
      },
    },
    {
      name: 'rnn update, kernels only',
      shape: `B ${BATCH}, T ${STEPS}, H ${HIDDEN}, V ${VOCAB}`,
      gflop: updateGflop,
      run: (k) => {
        for (let r = 0; r < ids.length; r++) pre.set(wxh.subarray(ids[r] * HIDDEN, (ids[r] + 1) * HIDDEN), r * HIDDEN);
        k.rnnForward({ ...recurrence, pre, hs });
        k.softmaxCrossEntropy({ h: hs, w, targets, n: N, hidden: HIDDEN, vocab: VOCAB, dH, dW });
        k.rnnBackward({ ...recurrence, hs, dHs: dH, dPre, dWhh, dH0 });
        dWxh.fill(0);
        for (let r = 0; r < ids.length; r++) {
          for (let c = 0; c < HIDDEN; c++) dWxh[ids[r] * HIDDEN + c] += dPre[r * HIDDEN + c];
        }
      },
    },
  ];
}

function formatTable(rows: Measurement[], implementations: string[]): string {
  const ops = [...new Set(rows.map((r) => r.operation))];
  const header = ['operation', 'shape', ...implementations.map((i) => `${i} ms`), ...implementations.map((i) => `${i} GFLOP/s`)];
  const lines = ops.map((op) => {
    const of = (impl: string) => rows.find((r) => r.operation === op && r.implementation === impl);
    const first = rows.find((r) => r.operation === op)!;
    return [
      op,
      first.shape,
      ...implementations.map((i) => (of(i) ? of(i)!.ms_per_call.toFixed(2) : '–')),
      ...implementations.map((i) => (of(i) ? of(i)!.gflops.toFixed(1) : '–')),
    ];
  });
  const widths = header.map((_, c) => Math.max(...[header, ...lines].map((line) => line[c].length)));
  const format = (line: string[]) => line.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(format)].join('\n');
}

async function main(): Promise<void> {
  const { json, minMs, js } = parseArgs(process.argv.slice(2));
  const tf = await wasmTf();
  const implementations: Kernels[] = [];
  const load = loadNative();
  if (load.addon) implementations.push(createNativeKernels(load.addon, load.blas));
  implementations.push(createWasmKernels(tf));
  if (js) implementations.push(jsKernels);

  const rows: Measurement[] = [];
  const record = (op: Operation, implementation: string, ms: number) =>
    rows.push({ operation: op.name, shape: op.shape, implementation, gflop: op.gflop, ms_per_call: ms, gflops: op.gflop / (ms / 1000) });
  const ops = operations();
  for (const op of ops) {
    for (const kernels of implementations) {
      // The plain-JS loops take seconds per call at these sizes: time them once after the warm-up.
      record(op, kernels.name, timeCalls(() => op.run(kernels), kernels.name === 'js' ? 1 : minMs));
    }
  }
  // wasm's ceiling: matMul on resident tensors, no copies in or out.
  const a = tf.randomUniform([N, HIDDEN]);
  const b = tf.randomUniform([HIDDEN, VOCAB]);
  const residentOp = ops[0];
  record({ ...residentOp, name: `${residentOp.name} (tensors resident)` }, 'wasm', timeCalls(() => tf.matMul(a, b).dispose(), minMs));
  tf.dispose([a, b]);

  const names = implementations.map((k) => k.name);
  if (json) {
    for (const row of rows) console.log(JSON.stringify(row));
    return;
  }
  console.log(`rnnlab kernel benchmark (${new Date().toISOString()}, node ${process.version})`);
  for (const kernels of implementations) console.log(`  ${kernels.name}: ${kernels.description}`);
  if (!load.addon) console.log(`  native: not available (${load.reason})`);
  console.log('');
  console.log(formatTable(rows, names));
}

await main();
