// The dashboard API's answers as types, shared by the server that builds them (src/ui) and the browser client that
// reads them (src/ui/client). Types only and no imports, so the client's build compiles this file without Node.
// A number the server may send as NaN or ±Infinity arrives as the string "NaN", "Infinity" or "-Infinity"
// (to-json-text.ts): such fields take the number type as a parameter, `number` on the server, `number | string` in
// the client.

/** GET /api/experiments: one row per experiment of each open database. */
export interface ExperimentSummary<Status extends string = string> {
  /** Index of the database among those the dashboard serves. */
  db: number;
  dbPath: string;
  name: string;
  specPath: string;
  specText: string;
  updatedAt: string;
  runs: number;
  /** Every status, zeros included, in lifecycle order. */
  statuses: Record<Status, number>;
}

/** One row of GET /api/runs. */
export interface RunTableRow<Num = number> {
  id: string;
  /** Grid key → value (seed aside). */
  grid: Record<string, unknown>;
  seed: unknown;
  status: string;
  /** The latest recorded epoch (0 before the first) of totalEpochs: a running run's progress. */
  epoch: number;
  totalEpochs: number;
  /** Of the latest recorded epoch; null before the first. */
  tokensPerSec: number | null;
  bestValidPerplexity: Num | null;
  bestEpoch: number | null;
  finalValidPerplexity: Num | null;
  /** Start to end of the latest attempt; for a running run, start to now. null before a start. */
  wallTimeS: number | null;
  backend: string | null;
  heartbeatAt: string | null;
  error: string | null;
}

/** GET /api/runs: an experiment's runs. */
export interface RunTable<Num = number> {
  experiment: string;
  gridKeys: string[];
  runs: RunTableRow<Num>[];
}

/** One line of a curve chart: the mean over its runs per epoch with the runs' min–max band. */
export interface CurveLine {
  label: string;
  /** Runs behind the line. */
  runs: number;
  /** Aligned with CurveSeries.epochs; null where no run of the line has a finite value. */
  mean: (number | null)[];
  min: (number | null)[];
  max: (number | null)[];
}

/** The book's printed figures drawn over a curve chart. */
export interface BookOverlay {
  label: string;
  /** Aligned with CurveSeries.epochs: the book's value at its best step and at its last step, null elsewhere. */
  values: (number | null)[];
}

/** GET /api/curves: one metric per epoch, grouped or per run. */
export interface CurveSeries<Metric extends string = string> {
  metric: Metric;
  title: string;
  gridKeys: string[];
  epochs: number[];
  lines: CurveLine[];
  book: BookOverlay[];
}

/** GET /api/compare: the comparison table as `rnnlab compare` prints it. */
export interface CompareView {
  caption: string;
  columns: string[];
  rows: (string | number)[][];
  rightAligned: boolean[];
  /** What `rnnlab compare --format json` prints for the same options, parsed. */
  json: unknown;
}

/** A generated sample with its longest repeated substring located. */
export interface MarkedSample {
  sampleIndex: number;
  seedText: string;
  decoding: string;
  text: string;
  /** In code points (Array.from(text)), as longestRepeatedSubstring counts; length 0 = nothing repeats. */
  repeat: { start: number; length: number };
}

/** GET /api/samples: two runs' samples epoch by epoch. */
export interface SamplePairs {
  runs: [string, string];
  /** Every epoch either run has samples for, ascending; [] on a side without samples at that epoch. */
  epochs: { epoch: number; a: MarkedSample[]; b: MarkedSample[] }[];
}

/** A table or view of the results database, for the SQL view's schema list. */
export interface SchemaObject {
  name: string;
  type: 'table' | 'view';
  columns: { name: string; type: string }[];
}
