// The SQLite results store: owns one connection and every SQL statement the runner's writes and the CLI's reads need.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeDirectory } from '../config/make-directory.js';
import { UserError } from '../config/user-error.js';
import type { RunConfig } from '../config/run-config.js';
import { runSeedStreams } from '../config/run-seed-streams.js';
import type { Vocabulary } from '../corpus/prepared-corpus.js';
import type { EpochReport, MeasureSample } from '../train/training-events.js';
import { copyReusedRuns, type ReusedRunCopy } from './copy-reused-runs.js';
import { schemaMigrations } from './schema-migrations.js';
import { checkDatabaseFile } from './check-database-file.js';
import { checkSchemaVersion, migrateSchema } from './migrate-schema.js';
import { openForReading } from './open-for-reading.js';
import { readDatabaseCopy } from './read-database-copy.js';
import { fromStoredNumber, fromStoredRequiredNumber, toStoredNumber } from './stored-number.js';

export const RUN_STATUSES = ['queued', 'running', 'finished', 'failed', 'diverged', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** How long a writer waits for another process's transaction before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 10_000;

export interface ExperimentRow {
  name: string;
  specPath: string;
  /** The experiment file as written. */
  specText: string;
  createdAt: string; // ISO-8601 UTC
  updatedAt: string;
}

export interface RunRow {
  id: string;
  experiment: string;
  config: RunConfig;
  /** Grid keys (dotted paths) and seed → value, in the order the runner registered them. */
  params: Record<string, unknown>;
  status: RunStatus;
  error: string | null;
  pid: number | null;
  host: string | null;
  heartbeatAt: string | null; // ISO-8601 UTC, like every time below
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  backend: string | null;
  /** The BLAS behind the native backend (e.g. "OpenBLAS 0.3.21 … (core Haswell), 1 thread"); null on other backends. */
  blas: string | null;
  packageVersion: string | null;
  /** How many times the run was claimed (1 after a first clean run). */
  attempts: number;
  /** Digest of the corpus files the run reads (part of its id); null for a run registered without one. */
  corpusDigest?: string | null;
  /** For a run copied by `rnnlab run --reuse`: "run ID of EXPERIMENT in FILE", where it was trained; else null. */
  reusedFrom?: string | null;
  /** The seeds of the run's random streams (see runSeedStreams; schema 6): runs with equal dataOrderSeed saw their
   *  documents in the same order, so they pair. Null for a run whose stored config has no integer seed. */
  dataOrderSeed?: number | null;
  initSeed?: number | null;
  generationSeed?: number | null;
}

/** One epoch's metrics; NaN and ±Infinity come back as stored, null = not measured. */
export interface EpochRow {
  runId: string;
  epoch: number;
  trainLossNats: number;
  trainPerplexity: number;
  validLossNats: number | null;
  validPerplexity: number | null;
  tokensPerSec: number;
  durationMs: number;
  /** Gradient diagnostics over the epoch's updates, before clipping; null when not measured (older runs). */
  gradNormMean: number | null;
  gradNormMax: number | null;
  clippedFraction: number | null;
  /** RNN-CF with learn_alpha: each context unit's α at the end of the epoch (schema 5); null when α is fixed. */
  learnedAlpha?: number[] | null;
  /** Loss and perplexity on corpus.test's documents at this epoch (schema 6); null without a test set or validation. */
  testLossNats?: number | null;
  testPerplexity?: number | null;
  /** One-step predictions the test loss averages over; null with testLossNats. */
  testPredictions?: number | null;
}

/** One parameter group's gradient norm over one epoch (see schema migration 4). */
export interface GradientGroupRow {
  runId: string;
  epoch: number;
  group: string;
  parameters: string[];
  normMean: number;
  normMax: number;
}

export interface DocumentPerplexityRow {
  runId: string;
  epoch: number;
  document: string;
  updates: number;
  lossNats: number;
  perplexity: number;
}

export interface SampleRow {
  runId: string;
  epoch: number;
  sampleIndex: number;
  seedText: string;
  decoding: 'greedy' | 'sample' | 'top_k';
  text: string;
}

/** One sample of generation.measure (schema 6): generated once training ended, from the best or final weights. */
export interface MeasureSampleRow {
  runId: string;
  checkpoint: 'best' | 'final';
  /** The epoch of the weights that generated it. */
  epoch: number;
  decoding: 'greedy' | 'sample' | 'top_k';
  /** 0-based; the same index is the same seed text in every checkpoint and decoding of the run. */
  sampleIndex: number;
  seedText: string;
  text: string;
}

/** One row of the run_summary view. */
export interface RunSummaryRow {
  runId: string;
  experiment: string;
  status: RunStatus;
  epochs: number;
  /** Lowest finite validation perplexity (NaN/Infinity never count); null if none. */
  bestValidPerplexity: number | null;
  bestEpoch: number | null;
  /** Validation perplexity at the latest epoch that measured it (NaN for a run that diverged there). */
  finalValidPerplexity: number | null;
  finalTrainPerplexity: number | null;
  /** Test perplexity at bestEpoch (schema 6); null when that epoch measured none (no test set). */
  testPerplexityAtBest?: number | null;
  /** Seconds from the latest attempt's start to its end; null while running. */
  wallTimeS: number | null;
  /** Sum of the epochs' durations, in seconds. */
  trainTimeS: number | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/** One round of a seed rule (sequential_rounds). */
export interface SequentialRoundRow {
  experiment: string;
  round: number;
  /** Grid point (0-based, as the file expands) → the seeds this round added to it. */
  seedsAdded: Record<string, number[]>;
  startedAt: string;
  /** Set on the last round when the sweep ended: claim id → why it stopped; null while rounds go on. */
  stopReasons: Record<string, string> | null;
}

export type SequentialDecision = 'supported' | 'contradicted' | 'undecided' | 'equivalence' | 'not enough data';

/** One claim at one round's look (sequential_looks). */
export interface SequentialLookRow {
  experiment: string;
  round: number;
  claimId: string;
  /** Values of each arm, the fewest over the claim's parts. */
  nA: number;
  nB: number;
  /** The look's e-values for and against the claim; null for an equivalence claim (not decided sequentially). */
  eFor: number | null;
  eAgainst: number | null;
  /** min(1, 1 / running max of the claim's e-values); null for an equivalence claim. */
  anytimeP: number | null;
  /** Holm-adjusted over the primary claims' anytime p; null for an equivalence claim. */
  holmP: number | null;
  decision: SequentialDecision;
}

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
  /** Set when options.maxRows was given: true if the statement had more rows than that (only maxRows returned). */
  truncated?: boolean;
}

export interface QueryOptions {
  /** Stop reading after this many rows (the dashboard's SQL box; `rnnlab query` reads them all). */
  maxRows?: number;
  /** Refuse statements that return no rows (ATTACH, DETACH, BEGIN, PRAGMA x = y, …): they pass SQLite's read-only
   *  test, since they change the connection rather than the file, but a query box has no use for them. */
  rowsOnly?: boolean;
}

export interface OpenStoreOptions {
  readonly?: boolean;
  /** Clock in ms since the epoch (tests pin it). */
  now?: () => number;
}

export interface RunClaim {
  pid: number;
  host: string;
  backend: string;
  /** The BLAS library the native backend runs on, if any. */
  blas?: string | null;
  packageVersion: string;
  /** Also reclaim finished and diverged runs (rnnlab run --force). */
  force?: boolean;
  /** Keep the earlier attempt's epochs 1…N (a run resuming from a checkpoint taken after epoch N); default 0:
   *  the new attempt starts clean. */
  keepEpochsThrough?: number;
}

export interface RunOwner {
  pid: number;
  host: string;
  /** ms since the epoch of the last heartbeat (0 if none was ever written). */
  heartbeatAt: number;
}

export interface RunOutcome {
  status: 'finished' | 'failed' | 'diverged' | 'interrupted';
  error?: string | null;
  backend?: string;
  /** Replaces the BLAS description written at the claim (e.g. its thread count changed during the run). */
  blas?: string;
  /** generation.measure's samples, stored in the same transaction as the outcome. */
  measureSamples?: readonly MeasureSample[];
}

interface RawRun {
  id: string;
  experiment: string;
  config_json: string;
  status: RunStatus;
  error: string | null;
  pid: number | null;
  host: string | null;
  heartbeat_at: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  backend: string | null;
  blas: string | null;
  package_version: string | null;
  attempts: number;
  corpus_digest: string | null;
  reused_from?: string | null; // absent in a database read without migrating (schema < 5)
  data_order_seed?: number | null; // absent before schema 6, like those below
  init_seed?: number | null;
  generation_seed?: number | null;
}

interface RawExperiment {
  name: string;
  spec_path: string;
  spec_text: string;
  created_at: string;
  updated_at: string;
}

const RECLAIMABLE: readonly RunStatus[] = ['queued', 'failed', 'interrupted'];
const RECLAIMABLE_WITH_FORCE: readonly RunStatus[] = [...RECLAIMABLE, 'finished', 'diverged'];

/** Opens (and when writable, creates and migrates) the results database at `path`. */
export function openStore(path: string, options: OpenStoreOptions = {}): ResultsStore {
  const readonly = options.readonly ?? false;
  if (readonly && path.trim() !== '' && !existsSync(path)) {
    throw new UserError(`no results database at ${path}: run an experiment first (rnnlab run FILE) or give --db PATH`);
  }
  // Refused before anything is created or changed: an empty path, another application's file, a read-only file.
  checkDatabaseFile(path, { forWriting: !readonly });
  if (!readonly) {
    try {
      makeDirectory(dirname(path));
    } catch (error) {
      throw new UserError(`--db ${path}: cannot create its folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  let db: Database.Database;
  try {
    db = readonly ? openForReading(path) : new Database(path, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw new UserError(`cannot open results database ${path}: ${(error as Error).message}`);
  }
  try {
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      // WAL + NORMAL: a committed epoch survives a process crash; only an OS crash can lose the latest commits.
      db.pragma('synchronous = NORMAL');
    }
    if (readonly) db = withCurrentSchema(db, path);
    db.pragma('foreign_keys = ON');
    if (readonly) checkSchemaVersion(db, schemaMigrations, path);
    else migrateSchema(db, schemaMigrations, path);
  } catch (error) {
    db.close();
    if (error instanceof UserError) throw error;
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new UserError(`${path}: not an SQLite database (${(error as Error).message})`);
    }
    throw error;
  }
  return new ResultsStore(db, path, readonly, options.now ?? Date.now);
}

/**
 * A read-only connection to a database written by an older rnnlab is swapped for a migrated copy in memory (closing
 * `db`), so read commands see today's columns while the file, a published database in git say, stays as it is.
 * Any other database is returned as is (checkSchemaVersion then refuses what cannot be read).
 */
function withCurrentSchema(db: Database.Database, path: string): Database.Database {
  const version = Number(db.pragma('user_version', { simple: true }));
  if (version === 0 || version >= schemaMigrations.length) return db;
  db.close();
  const copy = readDatabaseCopy(path);
  copy.pragma('query_only = ON');
  return copy;
}

/** The results database. Writes are IMMEDIATE transactions, so several worker processes can share one file. */
export class ResultsStore {
  private readonly statements = new Map<string, Database.Statement>();

  /** Use openStore. */
  constructor(
    private readonly db: Database.Database,
    readonly path: string,
    readonly readonly: boolean,
    private readonly now: () => number,
  ) {}

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ---- writes (the runner) ----

  saveExperiment(experiment: { name: string; specPath: string; specText: string }): void {
    const at = this.timestamp();
    this.write(() => {
      this.statement(
        `INSERT INTO experiments (name, spec_path, spec_text, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET spec_path = excluded.spec_path, spec_text = excluded.spec_text,
                                          updated_at = excluded.updated_at`,
      ).run(experiment.name, experiment.specPath, experiment.specText, at, at);
    });
  }

  /** Inserts the runs not stored yet as queued, with their params; leaves stored ones untouched. One transaction. */
  registerRuns(
    experiment: string,
    runs: readonly { id: string; config: RunConfig; params: Record<string, unknown>; corpusDigest?: string | null }[],
  ): void {
    const at = this.timestamp();
    this.write(() => {
      if (this.statement('SELECT 1 FROM experiments WHERE name = ?').get(experiment) === undefined) {
        throw new Error(`results store: experiment "${experiment}" is not saved (call saveExperiment first)`);
      }
      const existing = this.statement('SELECT experiment FROM runs WHERE id = ?');
      const insertRun = this.statement(
        `INSERT INTO runs (id, experiment, config_json, corpus_digest, status, created_at, data_order_seed, init_seed, generation_seed)
         VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?)`,
      );
      const insertParam = this.statement('INSERT INTO run_params (run_id, key, value_json) VALUES (?, ?, ?)');
      for (const run of runs) {
        const stored = existing.get(run.id) as { experiment: string } | undefined;
        if (stored !== undefined) {
          if (stored.experiment !== experiment) {
            throw new UserError(
              `${this.path}: run ${run.id} of experiment "${experiment}" is already stored under experiment ` +
                `"${stored.experiment}" (same resolved config and seed); a database stores each run once: use another --db for this experiment`,
            );
          }
          continue;
        }
        const seeds = runSeedStreams(run.config);
        insertRun.run(run.id, experiment, JSON.stringify(run.config), run.corpusDigest ?? null, at, seeds.dataOrder, seeds.init, seeds.generation);
        for (const [key, value] of Object.entries(run.params)) insertParam.run(run.id, key, JSON.stringify(value));
      }
    });
  }

  /** Replaces registered, not yet trained runs by finished copies from other databases (`rnnlab run --reuse`), in one
   *  transaction; returns the ids copied (a run a concurrent sweep claimed meanwhile is left to it). */
  adoptReusedRuns(copies: readonly ReusedRunCopy[]): string[] {
    return this.write(() => copyReusedRuns(this.db, copies));
  }

  /** Marks `running` runs whose owner process is dead as `interrupted`; returns their ids. */
  reapDeadRuns(isAlive: (owner: RunOwner) => boolean): string[] {
    const at = this.timestamp();
    return this.write(() => {
      const running = this.statement(
        `SELECT id, pid, host, heartbeat_at FROM runs WHERE status = 'running' ORDER BY id`,
      ).all() as { id: string; pid: number | null; host: string | null; heartbeat_at: string | null }[];
      const reaped: string[] = [];
      const mark = this.statement(
        `UPDATE runs SET status = 'interrupted', error = ?, finished_at = ? WHERE id = ? AND status = 'running'`,
      );
      for (const run of running) {
        const owner: RunOwner = {
          pid: run.pid ?? -1,
          host: run.host ?? '',
          heartbeatAt: run.heartbeat_at === null ? 0 : Date.parse(run.heartbeat_at),
        };
        if (isAlive(owner)) continue;
        const error =
          `interrupted: process ${run.pid ?? '?'} on ${run.host ?? '?'} stopped without finishing the run ` +
          `(last heartbeat ${run.heartbeat_at ?? 'never'})`;
        mark.run(error, at, run.id);
        reaped.push(run.id);
      }
      return reaped;
    });
  }

  /** Claims a run for this process in one transaction: → running, attempts + 1, earlier attempt's rows deleted
   *  (all of them, or those after claim.keepEpochsThrough).
   *  False when the run is not claimable (running; finished or diverged without force). */
  claimRun(id: string, claim: RunClaim): boolean {
    const at = this.timestamp();
    return this.write(() => {
      const row = this.statement('SELECT status FROM runs WHERE id = ?').get(id) as { status: RunStatus } | undefined;
      if (row === undefined) throw new Error(`results store: cannot claim unknown run ${id}`);
      const claimable = claim.force ? RECLAIMABLE_WITH_FORCE : RECLAIMABLE;
      if (!claimable.includes(row.status)) return false;
      const keep = claim.keepEpochsThrough ?? 0;
      // Measure samples come from the final weights: a new attempt, resumed or not, generates them again.
      this.statement('DELETE FROM measure_samples WHERE run_id = ?').run(id);
      this.statement('DELETE FROM samples WHERE run_id = ? AND epoch > ?').run(id, keep);
      this.statement('DELETE FROM document_perplexities WHERE run_id = ? AND epoch > ?').run(id, keep);
      this.statement('DELETE FROM epoch_gradient_groups WHERE run_id = ? AND epoch > ?').run(id, keep);
      this.statement('DELETE FROM epochs WHERE run_id = ? AND epoch > ?').run(id, keep);
      this.statement(
        `UPDATE runs SET status = 'running', error = NULL, pid = ?, host = ?, backend = ?, blas = ?, package_version = ?,
                         attempts = attempts + 1, started_at = ?, heartbeat_at = ?, finished_at = NULL, reused_from = NULL
         WHERE id = ?`,
      ).run(claim.pid, claim.host, claim.backend, claim.blas ?? null, claim.packageVersion, at, at, id);
      return true;
    });
  }

  setRunVocabulary(id: string, vocabulary: Vocabulary): void {
    this.write(() => {
      const result = this.statement('UPDATE runs SET vocabulary_json = ? WHERE id = ?').run(JSON.stringify(vocabulary), id);
      if (result.changes === 0) throw new Error(`results store: no run ${id} to set the vocabulary of`);
    });
  }

  /** Refreshes the heartbeat of a run this pid owns (no effect if another process has claimed it since). */
  heartbeat(id: string, pid: number): void {
    const at = this.timestamp();
    this.write(() => {
      this.statement(`UPDATE runs SET heartbeat_at = ? WHERE id = ? AND pid = ? AND status = 'running'`).run(at, id, pid);
    });
  }

  /** Stores one finished epoch (metrics, per-document perplexities, samples) in one transaction; also a heartbeat. */
  recordEpoch(id: string, report: EpochReport): void {
    const at = this.timestamp();
    const gradients = report.gradients ?? null;
    this.write(() => {
      this.statement(
        `INSERT INTO epochs (run_id, epoch, train_loss_nats, train_perplexity, valid_loss_nats, valid_perplexity,
                             tokens_per_sec, duration_ms, grad_norm_mean, grad_norm_max, clipped_fraction, learned_alpha_json,
                             test_loss_nats, test_perplexity, test_predictions)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        report.epoch,
        toStoredNumber(report.trainLossNats),
        toStoredNumber(report.trainPerplexity),
        toStoredNumber(report.validLossNats),
        toStoredNumber(report.validPerplexity),
        toStoredNumber(report.tokensPerSec),
        toStoredNumber(report.durationMs),
        toStoredNumber(gradients?.normMean ?? null),
        toStoredNumber(gradients?.normMax ?? null),
        toStoredNumber(gradients?.clippedFraction ?? null),
        report.learnedAlpha == null ? null : JSON.stringify(report.learnedAlpha),
        toStoredNumber(report.testLossNats ?? null),
        toStoredNumber(report.testPerplexity ?? null),
        report.testPredictions ?? null,
      );
      const insertGroup = this.statement(
        `INSERT INTO epoch_gradient_groups (run_id, epoch, param_group, group_order, parameters, norm_mean, norm_max)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const [order, group] of (gradients?.groups ?? []).entries()) {
        insertGroup.run(id, report.epoch, group.group, order, group.parameters.join(','), toStoredNumber(group.normMean), toStoredNumber(group.normMax));
      }
      const insertDocument = this.statement(
        `INSERT INTO document_perplexities (run_id, epoch, document, updates, loss_nats, perplexity)
         VALUES (?, ?, ?, ?, ?, ?)`,
      );
      for (const document of report.documents) {
        insertDocument.run(
          id,
          report.epoch,
          document.document,
          document.updates,
          toStoredNumber(document.lossNats),
          toStoredNumber(document.perplexity),
        );
      }
      const insertSample = this.statement(
        `INSERT INTO samples (run_id, epoch, sample_index, seed_text, decoding, text) VALUES (?, ?, ?, ?, ?, ?)`,
      );
      report.samples.forEach((sample, index) => {
        insertSample.run(id, report.epoch, index, sample.seedText, sample.decoding, sample.text);
      });
      this.statement('UPDATE runs SET heartbeat_at = ? WHERE id = ?').run(at, id);
    });
  }

  finishRun(id: string, outcome: RunOutcome): void {
    const at = this.timestamp();
    this.write(() => {
      const result = this.statement(
        `UPDATE runs SET status = ?, error = ?, finished_at = ?, heartbeat_at = ?, backend = coalesce(?, backend),
         blas = coalesce(?, blas) WHERE id = ?`,
      ).run(outcome.status, outcome.error ?? null, at, at, outcome.backend ?? null, outcome.blas ?? null, id);
      if (result.changes === 0) throw new Error(`results store: no run ${id} to finish`);
      const insert = this.statement(
        `INSERT INTO measure_samples (run_id, checkpoint, epoch, decoding, sample_index, seed_text, text) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const sample of outcome.measureSamples ?? []) {
        insert.run(id, sample.checkpoint, sample.epoch, sample.decoding, sample.sampleIndex, sample.seedText, sample.text);
      }
    });
  }

  // ---- reads (status, compare, show, report) ----

  getExperiment(name: string): ExperimentRow | undefined {
    const row = this.statement('SELECT * FROM experiments WHERE name = ?').get(name) as RawExperiment | undefined;
    return row === undefined ? undefined : toExperimentRow(row);
  }

  listExperiments(): ExperimentRow[] {
    return (this.statement('SELECT * FROM experiments ORDER BY name').all() as RawExperiment[]).map(toExperimentRow);
  }

  /** Runs in registration order, optionally of one experiment and/or one status. */
  listRuns(filter: { experiment?: string; status?: string } = {}): RunRow[] {
    const where = `(@experiment IS NULL OR r.experiment = @experiment) AND (@status IS NULL OR r.status = @status)`;
    const bound = { experiment: filter.experiment ?? null, status: filter.status ?? null };
    const runs = this.statement(
      `SELECT r.* FROM runs AS r WHERE ${where} ORDER BY r.experiment, r.created_at, r.rowid`,
    ).all(bound) as RawRun[];
    const params = this.statement(
      `SELECT p.run_id, p.key, p.value_json FROM run_params AS p JOIN runs AS r ON r.id = p.run_id
       WHERE ${where} ORDER BY p.rowid`,
    ).all(bound) as { run_id: string; key: string; value_json: string }[];
    const paramsByRun = new Map<string, Record<string, unknown>>();
    for (const param of params) {
      let record = paramsByRun.get(param.run_id);
      if (record === undefined) paramsByRun.set(param.run_id, (record = {}));
      record[param.key] = JSON.parse(param.value_json);
    }
    return runs.map((run) => toRunRow(run, paramsByRun.get(run.id) ?? {}));
  }

  /** The run with this id, or the only run whose id starts with this prefix. */
  findRun(idOrPrefix: string): RunRow {
    if (idOrPrefix.length === 0) throw new UserError('run id must not be empty');
    const ids = (
      this.statement('SELECT id FROM runs WHERE id = @id OR substr(id, 1, length(@id)) = @id ORDER BY id LIMIT 6').all({
        id: idOrPrefix,
      }) as { id: string }[]
    ).map((row) => row.id);
    const id = ids.includes(idOrPrefix) ? idOrPrefix : ids.length === 1 ? ids[0] : undefined;
    if (ids.length === 0) throw new UserError(`no run "${idOrPrefix}" in ${this.path}`);
    if (id === undefined) {
      const shown = ids.slice(0, 5).join(', ') + (ids.length > 5 ? ', …' : '');
      throw new UserError(`run "${idOrPrefix}" is ambiguous in ${this.path}: matches ${shown}; give more characters`);
    }
    const run = this.statement('SELECT * FROM runs WHERE id = ?').get(id) as RawRun;
    const params = this.statement('SELECT key, value_json FROM run_params WHERE run_id = ? ORDER BY rowid').all(
      id,
    ) as { key: string; value_json: string }[];
    return toRunRow(run, Object.fromEntries(params.map((p) => [p.key, JSON.parse(p.value_json)])));
  }

  /** The vocabulary stored with a run (null before training prepared its corpus). */
  runVocabulary(id: string): Vocabulary | null {
    const row = this.statement('SELECT vocabulary_json FROM runs WHERE id = ?').get(id) as
      | { vocabulary_json: string | null }
      | undefined;
    if (row === undefined) throw new UserError(`no run "${id}" in ${this.path}`);
    return row.vocabulary_json === null ? null : (JSON.parse(row.vocabulary_json) as Vocabulary);
  }

  /** Epoch rows of these runs, by run id then epoch. */
  epochs(runIds: readonly string[]): EpochRow[] {
    const rows = this.statement(
      `SELECT * FROM epochs WHERE run_id IN (SELECT value FROM json_each(?)) ORDER BY run_id, epoch`,
    ).all(JSON.stringify(runIds)) as Record<string, unknown>[];
    return rows.map((row) => ({
      runId: row.run_id as string,
      epoch: row.epoch as number,
      trainLossNats: fromStoredRequiredNumber(row.train_loss_nats),
      trainPerplexity: fromStoredRequiredNumber(row.train_perplexity),
      validLossNats: fromStoredNumber(row.valid_loss_nats),
      validPerplexity: fromStoredNumber(row.valid_perplexity),
      tokensPerSec: fromStoredRequiredNumber(row.tokens_per_sec),
      durationMs: fromStoredRequiredNumber(row.duration_ms),
      gradNormMean: fromStoredNumber(row.grad_norm_mean),
      gradNormMax: fromStoredNumber(row.grad_norm_max),
      clippedFraction: fromStoredNumber(row.clipped_fraction),
      learnedAlpha: typeof row.learned_alpha_json === 'string' ? (JSON.parse(row.learned_alpha_json) as number[]) : null,
      testLossNats: fromStoredNumber(row.test_loss_nats ?? null),
      testPerplexity: fromStoredNumber(row.test_perplexity ?? null),
      testPredictions: (row.test_predictions ?? null) as number | null,
    }));
  }

  /** Per-group gradient norms of these runs, by run id, epoch, then the group's order in the model. */
  gradientGroups(runIds: readonly string[]): GradientGroupRow[] {
    const rows = this.statement(
      `SELECT * FROM epoch_gradient_groups WHERE run_id IN (SELECT value FROM json_each(?)) ORDER BY run_id, epoch, group_order`,
    ).all(JSON.stringify(runIds)) as Record<string, unknown>[];
    return rows.map((row) => ({
      runId: row.run_id as string,
      epoch: row.epoch as number,
      group: row.param_group as string,
      parameters: (row.parameters as string).split(','),
      normMean: fromStoredRequiredNumber(row.norm_mean),
      normMax: fromStoredRequiredNumber(row.norm_max),
    }));
  }

  documentPerplexities(runId: string): DocumentPerplexityRow[] {
    const rows = this.statement(
      'SELECT * FROM document_perplexities WHERE run_id = ? ORDER BY epoch, document',
    ).all(runId) as Record<string, unknown>[];
    return rows.map((row) => ({
      runId: row.run_id as string,
      epoch: row.epoch as number,
      document: row.document as string,
      updates: row.updates as number,
      lossNats: fromStoredRequiredNumber(row.loss_nats),
      perplexity: fromStoredRequiredNumber(row.perplexity),
    }));
  }

  samples(runId: string): SampleRow[] {
    const rows = this.statement('SELECT * FROM samples WHERE run_id = ? ORDER BY epoch, sample_index').all(
      runId,
    ) as Record<string, unknown>[];
    return rows.map((row) => ({
      runId: row.run_id as string,
      epoch: row.epoch as number,
      sampleIndex: row.sample_index as number,
      seedText: row.seed_text as string,
      decoding: row.decoding as SampleRow['decoding'],
      text: row.text as string,
    }));
  }

  /** generation.measure samples of these runs, by run id, checkpoint (best, final), decoding, then sample index. */
  measureSamples(runIds: readonly string[]): MeasureSampleRow[] {
    const rows = this.statement(
      `SELECT * FROM measure_samples WHERE run_id IN (SELECT value FROM json_each(?))
       ORDER BY run_id, checkpoint, decoding, sample_index`,
    ).all(JSON.stringify(runIds)) as Record<string, unknown>[];
    return rows.map((row) => ({
      runId: row.run_id as string,
      checkpoint: row.checkpoint as MeasureSampleRow['checkpoint'],
      epoch: row.epoch as number,
      decoding: row.decoding as MeasureSampleRow['decoding'],
      sampleIndex: row.sample_index as number,
      seedText: row.seed_text as string,
      text: row.text as string,
    }));
  }

  /** Rows of the run_summary view, in registration order. */
  runSummaries(experiment?: string): RunSummaryRow[] {
    const rows = this.statement(
      `SELECT s.* FROM run_summary AS s JOIN runs AS r ON r.id = s.run_id
       WHERE @experiment IS NULL OR s.experiment = @experiment ORDER BY r.experiment, r.created_at, r.rowid`,
    ).all({ experiment: experiment ?? null }) as Record<string, unknown>[];
    return rows.map((row) => ({
      runId: row.run_id as string,
      experiment: row.experiment as string,
      status: row.status as RunStatus,
      epochs: row.epochs as number,
      bestValidPerplexity: fromStoredNumber(row.best_valid_perplexity),
      bestEpoch: row.best_epoch as number | null,
      finalValidPerplexity: fromStoredNumber(row.final_valid_perplexity),
      finalTrainPerplexity: fromStoredNumber(row.final_train_perplexity),
      testPerplexityAtBest: fromStoredNumber(row.test_perplexity_at_best ?? null),
      wallTimeS: fromStoredNumber(row.wall_time_s),
      trainTimeS: fromStoredNumber(row.train_time_s),
      startedAt: row.started_at as string | null,
      finishedAt: row.finished_at as string | null,
    }));
  }

  // ---- seeds until decided (the runner writes, the report reads) ----

  /** Records a round when it is first planned; a round planned again (a resumed sweep) keeps its first record. */
  saveSequentialRound(experiment: string, round: number, seedsAdded: Record<string, number[]>): void {
    const at = this.timestamp();
    this.write(() => {
      this.statement(
        `INSERT INTO sequential_rounds (experiment, round, seeds_json, started_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (experiment, round) DO UPDATE SET seeds_json = excluded.seeds_json`,
      ).run(experiment, round, JSON.stringify(seedsAdded), at);
    });
  }

  /** Replaces a round's look (a look recomputed from the same runs gives the same rows). */
  saveSequentialLooks(experiment: string, round: number, looks: readonly Omit<SequentialLookRow, 'experiment' | 'round'>[]): void {
    this.write(() => {
      this.statement('DELETE FROM sequential_looks WHERE experiment = ? AND round = ?').run(experiment, round);
      const insert = this.statement(
        `INSERT INTO sequential_looks (experiment, round, claim_id, n_a, n_b, e_for, e_against, anytime_p, holm_p, decision)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const look of looks) {
        insert.run(experiment, round, look.claimId, look.nA, look.nB, look.eFor, look.eAgainst, look.anytimeP, look.holmP, look.decision);
      }
    });
  }

  /** Marks `round` as the last one, with each claim's stopping reason; rounds recorded after it (an older plan) go. */
  endSequentialRounds(experiment: string, round: number, stopReasons: Record<string, string>): void {
    this.write(() => {
      this.statement('DELETE FROM sequential_rounds WHERE experiment = ? AND round > ?').run(experiment, round);
      this.statement('UPDATE sequential_rounds SET stop_reasons_json = NULL WHERE experiment = ?').run(experiment);
      this.statement('UPDATE sequential_rounds SET stop_reasons_json = ? WHERE experiment = ? AND round = ?').run(
        JSON.stringify(stopReasons),
        experiment,
        round,
      );
    });
  }

  sequentialRounds(experiment: string): SequentialRoundRow[] {
    const rows = this.statement('SELECT * FROM sequential_rounds WHERE experiment = ? ORDER BY round').all(experiment) as Record<string, unknown>[];
    return rows.map((row) => ({
      experiment: row.experiment as string,
      round: row.round as number,
      seedsAdded: JSON.parse(row.seeds_json as string) as Record<string, number[]>,
      startedAt: row.started_at as string,
      stopReasons: row.stop_reasons_json === null ? null : (JSON.parse(row.stop_reasons_json as string) as Record<string, string>),
    }));
  }

  sequentialLooks(experiment: string): SequentialLookRow[] {
    const rows = this.statement('SELECT * FROM sequential_looks WHERE experiment = ? ORDER BY round, rowid').all(experiment) as Record<
      string,
      unknown
    >[];
    return rows.map((row) => ({
      experiment: row.experiment as string,
      round: row.round as number,
      claimId: row.claim_id as string,
      nA: row.n_a as number,
      nB: row.n_b as number,
      eFor: row.e_for as number | null,
      eAgainst: row.e_against as number | null,
      anytimeP: row.anytime_p as number | null,
      holmP: row.holm_p as number | null,
      decision: row.decision as SequentialDecision,
    }));
  }

  /** Runs one SQL statement on a read-only connection (for `rnnlab query` and the dashboard's SQL box); a write is
   *  refused, the db unchanged. */
  query(sql: string, options: QueryOptions = {}): QueryResult {
    const db = this.readonly ? this.db : openForReading(this.path);
    try {
      let statement: Database.Statement;
      try {
        statement = db.prepare(sql);
      } catch (error) {
        throw new UserError(`query: ${(error as Error).message}`);
      }
      if (!statement.readonly) {
        throw new UserError(`query is read-only: the statement would change the database: ${firstLine(sql)}`);
      }
      if (options.rowsOnly && !statement.reader) {
        throw new UserError(`query must return rows (SELECT, WITH, VALUES, EXPLAIN or a reading PRAGMA): ${firstLine(sql)}`);
      }
      try {
        if (!statement.reader) {
          statement.run();
          return { columns: [], rows: [] };
        }
        const columns = statement.columns().map((column) => column.name);
        if (options.maxRows === undefined) return { columns, rows: statement.raw(true).all() as unknown[][] };
        const rows: unknown[][] = [];
        // iterate() steps one row at a time, so a huge result is never built; return() ends the statement early.
        for (const row of statement.raw(true).iterate() as IterableIterator<unknown[]>) {
          if (rows.length === options.maxRows) return { columns, rows, truncated: true };
          rows.push(row);
        }
        return { columns, rows, truncated: false };
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        const prefix = code.startsWith('SQLITE_READONLY') ? 'query is read-only' : 'query';
        throw new UserError(`${prefix}: ${(error as Error).message}`);
      }
    } finally {
      if (db !== this.db) db.close();
    }
  }

  // ---- internals ----

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `fn` in a BEGIN IMMEDIATE transaction: the write lock is taken up front, so a concurrent writer waits
   *  (busy timeout) instead of failing on a read→write upgrade. */
  private write<T>(fn: () => T): T {
    if (this.readonly) throw new Error(`results store: ${this.path} is open read-only`);
    return this.db.transaction(fn).immediate();
  }

  private timestamp(): string {
    return new Date(this.now()).toISOString();
  }
}

function firstLine(sql: string): string {
  const line = sql.trim().split('\n')[0];
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

function toExperimentRow(row: RawExperiment): ExperimentRow {
  return {
    name: row.name,
    specPath: row.spec_path,
    specText: row.spec_text,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRunRow(row: RawRun, params: Record<string, unknown>): RunRow {
  return {
    id: row.id,
    experiment: row.experiment,
    config: JSON.parse(row.config_json) as RunConfig,
    params,
    status: row.status,
    error: row.error,
    pid: row.pid,
    host: row.host,
    heartbeatAt: row.heartbeat_at,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    backend: row.backend,
    blas: row.blas,
    packageVersion: row.package_version,
    attempts: row.attempts,
    corpusDigest: row.corpus_digest,
    reusedFrom: row.reused_from ?? null,
    dataOrderSeed: row.data_order_seed ?? null,
    initSeed: row.init_seed ?? null,
    generationSeed: row.generation_seed ?? null,
  };
}
