// rnnlab against PyTorch in one run: `rnnlab bench` (native and wasm) and bench/pytorch_reference.py, alternated
// per model on the same machine within the same minutes, both on one thread and the same OpenBLAS kernels.
//
// Usage: node dist/bench/compare-pytorch.js [--models rnn,rnncf,lstm] [--rounds N] [--steps N] [--python PATH] [--json]
//   --models  any of rnn, rnncf (paper variant, the reference's recurrence), rnncf-book (rnnlab's notebook graph
//             against the same reference), lstm, stacked has no reference; default rnn,rnncf,lstm
//   --rounds  how many times each measurement is repeated, alternating which side goes first (default 2); the table
//             shows the median of the rounds
//   --steps   timed updates per measurement (default 20)
//   --python  the Python with torch (default /usr/bin/python3: Debian's python3-torch)
//   --json    one JSON object per model instead of the table
// The OpenBLAS core is decided once here, the way rnnlab decides it (src/kernels/select-blas-core.ts), and every
// child inherits it: when rnnlab sets OPENBLAS_CORETYPE because OpenBLAS mis-detects this CPU, PyTorch's OpenBLAS
// gets the same kernels. The core each side actually ran is read back from each and printed.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareBlasEnvironment } from '../src/kernels/load-native.js';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const REFERENCE = join(ROOT, 'bench', 'pytorch_reference.py');

export const COMPARED_MODELS = ['rnn', 'rnncf', 'rnncf-book', 'lstm'] as const;
export type ComparedModel = (typeof COMPARED_MODELS)[number];

/** One model's medians over the rounds (updates/s), with what each side ran on. */
export interface ComparisonRow {
  model: ComparedModel;
  native: number | null;
  wasm: number | null;
  pytorch: number | null;
  /** The PyTorch implementation behind `pytorch` (the fastest of the reference's, e.g. "nn.RNN"). */
  pytorch_impl: string | null;
  /** native / pytorch */
  ratio: number | null;
  wasm_ratio: number | null;
  rounds: { native: number[]; wasm: number[]; pytorch: number[] };
}

export interface ComparisonHeader {
  date: string;
  cpu: string;
  rnnlabBlas: string | null;
  pytorchBlas: string | null;
  torch: string | null;
  /** Why PyTorch was not measured, when it was not. */
  pytorchMissing: string | null;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function buildRow(model: ComparedModel, rounds: ComparisonRow['rounds'], pytorchImpl: string | null): ComparisonRow {
  const native = median(rounds.native);
  const wasm = median(rounds.wasm);
  const pytorch = median(rounds.pytorch);
  const ratio = (a: number | null): number | null => (a === null || pytorch === null ? null : a / pytorch);
  return { model, native, wasm, pytorch, pytorch_impl: pytorchImpl, ratio: ratio(native), wasm_ratio: ratio(wasm), rounds };
}

const fixed = (value: number | null, digits: number): string => (value === null ? '-' : value.toFixed(digits));

/** The comparison as a Markdown table with the machine, the BLAS core of each side and the date above it. */
export function formatComparison(rows: ComparisonRow[], header: ComparisonHeader): string {
  const rounds = rows[0]?.rounds.native.length ?? 0;
  const lines = [
    `rnnlab vs PyTorch, ${header.date}; updates/s, median of ${rounds} round${rounds === 1 ? '' : 's'}, one thread each`,
    `cpu: ${header.cpu}`,
    `rnnlab native BLAS: ${header.rnnlabBlas ?? '-'}`,
    header.pytorchMissing === null
      ? `PyTorch ${header.torch ?? '?'} BLAS: ${header.pytorchBlas ?? '-'}`
      : `PyTorch: not measured (${header.pytorchMissing})`,
    '',
    '| model | rnnlab native | rnnlab wasm | PyTorch | native ÷ PyTorch | wasm ÷ PyTorch |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    const name = row.model === 'rnncf' ? 'rnncf (paper)' : row.model === 'rnncf-book' ? 'rnncf (book)' : row.model;
    // The reference has one RNN-CF, the paper's: the book row holds rnnlab's notebook graph against it.
    const impl = `${row.pytorch_impl ?? '?'}${row.model === 'rnncf-book' ? ', paper SCRN' : ''}`;
    const pytorch = row.pytorch === null ? '-' : `${row.pytorch.toFixed(2)} (${impl})`;
    const ratio = (value: number | null): string => (value === null ? '-' : `${value.toFixed(2)}×`);
    lines.push(`| ${name} | ${fixed(row.native, 2)} | ${fixed(row.wasm, 2)} | ${pytorch} | ${ratio(row.ratio)} | ${ratio(row.wasm_ratio)} |`);
  }
  return `${lines.join('\n')}\n`;
}

interface Args {
  models: ComparedModel[];
  rounds: number;
  steps: number;
  python: string;
  json: boolean;
}

function parseArgs(argv: string[]): Args {
  const value = (flag: string, fallback: string): string => {
    const i = argv.indexOf(flag);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
  };
  const count = (flag: string, fallback: string): number => {
    const text = value(flag, fallback);
    if (!/^\d+$/.test(text) || Number(text) < 1) throw new Error(`${flag} must be an integer ≥ 1; got "${text}"`);
    return Number(text);
  };
  const models = value('--models', 'rnn,rnncf,lstm').split(',');
  for (const model of models) {
    if (!(COMPARED_MODELS as readonly string[]).includes(model)) {
      throw new Error(`--models: unknown model "${model}" (expected ${COMPARED_MODELS.join(', ')})`);
    }
  }
  return {
    models: models as ComparedModel[],
    rounds: count('--rounds', '2'),
    steps: count('--steps', '20'),
    python: value('--python', '/usr/bin/python3'),
    json: argv.includes('--json'),
  };
}

interface BenchRow {
  steps_per_sec: number;
  blas: string | null;
}

function rnnlabBench(model: ComparedModel, backend: 'native' | 'wasm', steps: number): BenchRow {
  const variant = model === 'rnncf-book' ? ['--model', 'rnncf', '--variant', 'book'] : ['--model', model];
  const args = [CLI, 'bench', ...variant, '--backend', backend, '--steps', String(steps), '--baseline-steps', '0', '--json'];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 600_000 });
  if (child.status !== 0) throw new Error(`rnnlab bench ${args.slice(2).join(' ')} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n')[0]) as BenchRow;
}

interface ReferenceRow {
  impl: string;
  steps_per_sec: number;
  torch: string;
  blas: string | null;
}

/** All of the reference's implementations of `model`, or the reason it could not run. */
function pytorchBench(python: string, model: ComparedModel, steps: number): ReferenceRow[] | { error: string } {
  const name = model === 'rnncf-book' ? 'rnncf' : model;
  const child = spawnSync(python, [REFERENCE, '--model', name, '--steps', String(steps), '--json'], { encoding: 'utf8', timeout: 600_000 });
  if (child.error) return { error: `${python}: ${child.error.message}` };
  if (child.status !== 0) return { error: child.stderr.trim().split('\n').slice(-1)[0] || `exit ${String(child.status)}` };
  return child.stdout.trim().split('\n').map((line) => JSON.parse(line) as ReferenceRow);
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const selection = prepareBlasEnvironment();
  if (selection?.source === 'rnnlab') {
    process.stderr.write(`compare-pytorch: ${selection.why}; both sides run OPENBLAS_CORETYPE=${selection.requested ?? '?'}\n`);
  }
  const header: ComparisonHeader = {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    rnnlabBlas: null,
    pytorchBlas: null,
    torch: null,
    pytorchMissing: null,
  };
  const rows: ComparisonRow[] = [];
  for (const model of args.models) {
    const rounds: ComparisonRow['rounds'] = { native: [], wasm: [], pytorch: [] };
    const bestImpl = new Map<string, number>();
    for (let round = 0; round < args.rounds; round++) {
      const measureRnnlab = (): void => {
        const native = rnnlabBench(model, 'native', args.steps);
        rounds.native.push(native.steps_per_sec);
        header.rnnlabBlas ??= native.blas;
        rounds.wasm.push(rnnlabBench(model, 'wasm', args.steps).steps_per_sec);
      };
      const measurePytorch = (): void => {
        if (header.pytorchMissing !== null) return;
        const result = pytorchBench(args.python, model, args.steps);
        if ('error' in result) {
          header.pytorchMissing = result.error;
          return;
        }
        // The faster of the reference's implementations: PyTorch at its best.
        const best = result.reduce((a, b) => (b.steps_per_sec > a.steps_per_sec ? b : a));
        rounds.pytorch.push(best.steps_per_sec);
        bestImpl.set(best.impl, (bestImpl.get(best.impl) ?? 0) + 1);
        header.pytorchBlas ??= best.blas;
        header.torch ??= best.torch;
      };
      // Alternate which side goes first, so a machine that gets busier or quieter favours neither.
      if (round % 2 === 0) {
        measureRnnlab();
        measurePytorch();
      } else {
        measurePytorch();
        measureRnnlab();
      }
    }
    const impl = [...bestImpl].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
    const row = buildRow(model, rounds, impl);
    rows.push(row);
    if (args.json) process.stdout.write(`${JSON.stringify({ ...row, ...header })}\n`);
  }
  if (!args.json) process.stdout.write(formatComparison(rows, header));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
}
