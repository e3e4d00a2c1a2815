// The results store's schema as a list of forward migrations; migration N brings a database to PRAGMA user_version N.
// Never edit a released step: append a new one (ALTER TABLE, new view) so older databases migrate forward.
import type Database from 'better-sqlite3';
import { rewriteRunIds } from './rewrite-run-ids.js';

export interface SchemaMigration {
  /** The user_version a database has after this step. */
  version: number;
  description: string;
  /** SQL run inside the migration's transaction. */
  sql: string;
  /**
   * Code run inside the same transaction, after `sql`, for what SQL alone cannot do. It may return a function run once
   * the transaction has committed (e.g. to delete files the new rows no longer name).
   */
  migrate?(db: Database.Database, context: { dbPath: string }): (() => void) | void;
}

/** A metric column: REAL, with NaN stored as the text 'NaN' (SQLite turns a bound NaN into NULL) and ±Infinity as
 *  REAL infinities; NULL means "not measured". The CHECK keeps any other text out. */
function metric(column: string, nullable: boolean): string {
  const notNull = nullable ? '' : ' NOT NULL';
  return `${column} REAL${notNull} CHECK (typeof(${column}) IN ('real', 'integer', 'null') OR ${column} = 'NaN')`;
}

const version1 = `
CREATE TABLE experiments (
  name       TEXT PRIMARY KEY,
  spec_path  TEXT NOT NULL,
  spec_text  TEXT NOT NULL,           -- the YAML file as written
  created_at TEXT NOT NULL,           -- ISO-8601 UTC
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE runs (
  id              TEXT PRIMARY KEY,   -- stable id derived from the canonical resolved config (seed included)
  experiment      TEXT NOT NULL REFERENCES experiments(name) ON UPDATE CASCADE ON DELETE CASCADE,
  config_json     TEXT NOT NULL CHECK (json_valid(config_json)),
  vocabulary_json TEXT CHECK (vocabulary_json IS NULL OR json_valid(vocabulary_json)),
  status          TEXT NOT NULL DEFAULT 'queued'
                  CHECK (status IN ('queued', 'running', 'finished', 'failed', 'diverged', 'interrupted')),
  error           TEXT,
  pid             INTEGER,
  host            TEXT,
  heartbeat_at    TEXT,
  created_at      TEXT NOT NULL,
  started_at      TEXT,
  finished_at     TEXT,
  backend         TEXT,
  package_version TEXT,
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0)
) STRICT;
CREATE INDEX runs_by_experiment_status ON runs (experiment, status);

CREATE TABLE run_params (
  run_id     TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key        TEXT NOT NULL,           -- a grid key as a dotted path, e.g. model.type; or seed
  value_json TEXT NOT NULL CHECK (json_valid(value_json)),
  PRIMARY KEY (run_id, key)
) STRICT;                             -- rowid kept: it remembers the grid's key order

CREATE TABLE epochs (
  run_id      TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  epoch       INTEGER NOT NULL CHECK (epoch >= 1),
  ${metric('train_loss_nats', false)},
  ${metric('train_perplexity', false)},
  ${metric('valid_loss_nats', true)},
  ${metric('valid_perplexity', true)},
  ${metric('tokens_per_sec', false)},
  ${metric('duration_ms', false)},
  PRIMARY KEY (run_id, epoch)
) WITHOUT ROWID;

CREATE TABLE document_perplexities (
  run_id     TEXT NOT NULL,
  epoch      INTEGER NOT NULL,
  document   TEXT NOT NULL,           -- file name, e.g. 007.txt
  updates    INTEGER NOT NULL CHECK (updates >= 0),
  ${metric('loss_nats', false)},
  ${metric('perplexity', false)},
  PRIMARY KEY (run_id, epoch, document),
  FOREIGN KEY (run_id, epoch) REFERENCES epochs(run_id, epoch) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE samples (
  run_id       TEXT NOT NULL,
  epoch        INTEGER NOT NULL,
  sample_index INTEGER NOT NULL CHECK (sample_index >= 0),
  seed_text    TEXT NOT NULL,
  decoding     TEXT NOT NULL CHECK (decoding IN ('greedy', 'sample', 'top_k')),
  text         TEXT NOT NULL,
  PRIMARY KEY (run_id, epoch, sample_index),
  FOREIGN KEY (run_id, epoch) REFERENCES epochs(run_id, epoch) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- One row per run. "best" is the lowest FINITE validation perplexity (NaN and infinities never win; ties go to the
-- earlier epoch); "final" is the value at the latest epoch that measured it (NaN stays NaN there: a diverged run's
-- final perplexity is 'NaN'). wall_time_s runs from the start of the latest attempt to its end (NULL while running).
CREATE VIEW run_summary AS
WITH best AS (
  SELECT run_id, epoch, valid_perplexity,
         row_number() OVER (PARTITION BY run_id ORDER BY valid_perplexity, epoch) AS rank
  FROM epochs
  WHERE typeof(valid_perplexity) IN ('real', 'integer') AND abs(valid_perplexity) < 9e999
), final_valid AS (
  SELECT run_id, epoch, valid_perplexity,
         row_number() OVER (PARTITION BY run_id ORDER BY epoch DESC) AS rank
  FROM epochs
  WHERE valid_perplexity IS NOT NULL
), final_train AS (
  SELECT run_id, epoch, train_perplexity,
         row_number() OVER (PARTITION BY run_id ORDER BY epoch DESC) AS rank
  FROM epochs
), totals AS (
  SELECT run_id, count(*) AS epochs, sum(duration_ms) / 1000.0 AS train_time_s
  FROM epochs
  GROUP BY run_id
)
SELECT r.id AS run_id,
       r.experiment,
       r.status,
       coalesce(t.epochs, 0) AS epochs,
       b.valid_perplexity AS best_valid_perplexity,
       b.epoch AS best_epoch,
       fv.valid_perplexity AS final_valid_perplexity,
       ft.train_perplexity AS final_train_perplexity,
       round((julianday(r.finished_at) - julianday(r.started_at)) * 86400.0, 3) AS wall_time_s,
       t.train_time_s,
       r.started_at,
       r.finished_at
FROM runs AS r
LEFT JOIN best AS b ON b.run_id = r.id AND b.rank = 1
LEFT JOIN final_valid AS fv ON fv.run_id = r.id AND fv.rank = 1
LEFT JOIN final_train AS ft ON ft.run_id = r.id AND ft.rank = 1
LEFT JOIN totals AS t ON t.run_id = r.id;
`;

// Self-contained on purpose: the metric columns' CHECK is written out as metric() wrote it on the day, and the view is
// version 1's with one column added, so later changes to either leave this step as it was.
const version6 = `
ALTER TABLE epochs ADD COLUMN test_loss_nats REAL
  CHECK (typeof(test_loss_nats) IN ('real', 'integer', 'null') OR test_loss_nats = 'NaN');
ALTER TABLE epochs ADD COLUMN test_perplexity REAL
  CHECK (typeof(test_perplexity) IN ('real', 'integer', 'null') OR test_perplexity = 'NaN');
-- How many one-step predictions the test loss averages over (NULL with test_loss_nats: no test set, or not validated).
ALTER TABLE epochs ADD COLUMN test_predictions INTEGER CHECK (test_predictions IS NULL OR test_predictions >= 0);

-- The seed of each named random stream (createSeededRandom(seed, label) in src/train/train-run.ts): data_order_seed
-- drives 'schedule' (which documents each step visits, in which order), init_seed 'init' (the initial weights),
-- generation_seed 'generation' and 'generation-noise' (sampled text). Two runs are paired when they share the
-- data-order seed. Every stream so far derives from the run's one seed, each with its own label.
ALTER TABLE runs ADD COLUMN data_order_seed INTEGER;
ALTER TABLE runs ADD COLUMN init_seed INTEGER;
ALTER TABLE runs ADD COLUMN generation_seed INTEGER;
UPDATE runs SET data_order_seed = json_extract(config_json, '$.seed'),
                init_seed = json_extract(config_json, '$.seed'),
                generation_seed = json_extract(config_json, '$.seed')
WHERE typeof(json_extract(config_json, '$.seed')) = 'integer';

-- As version 1's, plus test_perplexity_at_best: the test perplexity at the best epoch (the lowest finite validation
-- perplexity, earlier epoch on ties); NULL when that epoch measured none.
DROP VIEW run_summary;
CREATE VIEW run_summary AS
WITH best AS (
  SELECT run_id, epoch, valid_perplexity, test_perplexity,
         row_number() OVER (PARTITION BY run_id ORDER BY valid_perplexity, epoch) AS rank
  FROM epochs
  WHERE typeof(valid_perplexity) IN ('real', 'integer') AND abs(valid_perplexity) < 9e999
), final_valid AS (
  SELECT run_id, epoch, valid_perplexity,
         row_number() OVER (PARTITION BY run_id ORDER BY epoch DESC) AS rank
  FROM epochs
  WHERE valid_perplexity IS NOT NULL
), final_train AS (
  SELECT run_id, epoch, train_perplexity,
         row_number() OVER (PARTITION BY run_id ORDER BY epoch DESC) AS rank
  FROM epochs
), totals AS (
  SELECT run_id, count(*) AS epochs, sum(duration_ms) / 1000.0 AS train_time_s
  FROM epochs
  GROUP BY run_id
)
SELECT r.id AS run_id,
       r.experiment,
       r.status,
       coalesce(t.epochs, 0) AS epochs,
       b.valid_perplexity AS best_valid_perplexity,
       b.epoch AS best_epoch,
       fv.valid_perplexity AS final_valid_perplexity,
       ft.train_perplexity AS final_train_perplexity,
       round((julianday(r.finished_at) - julianday(r.started_at)) * 86400.0, 3) AS wall_time_s,
       t.train_time_s,
       r.started_at,
       r.finished_at,
       b.test_perplexity AS test_perplexity_at_best
FROM runs AS r
LEFT JOIN best AS b ON b.run_id = r.id AND b.rank = 1
LEFT JOIN final_valid AS fv ON fv.run_id = r.id AND fv.rank = 1
LEFT JOIN final_train AS ft ON ft.run_id = r.id AND ft.rank = 1
LEFT JOIN totals AS t ON t.run_id = r.id;
`;

export const schemaMigrations: readonly SchemaMigration[] = [
  { version: 1, description: 'experiments, runs, run_params, epochs, document_perplexities, samples, run_summary', sql: version1 },
  { version: 2, description: 'runs.blas: the BLAS library behind the native backend', sql: 'ALTER TABLE runs ADD COLUMN blas TEXT;' },
  {
    version: 3,
    description: 'runs.corpus_digest; run ids in canonical form 2 (corpus by content, not by path): stored ids rewritten',
    sql: `ALTER TABLE runs ADD COLUMN corpus_digest TEXT;
CREATE TABLE run_id_changes (
  old_id    TEXT PRIMARY KEY,         -- a run id as an older rnnlab computed it
  new_id    TEXT NOT NULL,            -- the id the run has since (runs.id)
  migration INTEGER NOT NULL          -- the schema migration that changed it
) STRICT;`,
    migrate: rewriteRunIds,
  },
  {
    version: 4,
    description: 'gradient diagnostics: epochs.grad_norm_mean, grad_norm_max, clipped_fraction; epoch_gradient_groups',
    sql: `ALTER TABLE epochs ADD COLUMN ${metric('grad_norm_mean', true)};
ALTER TABLE epochs ADD COLUMN ${metric('grad_norm_max', true)};
ALTER TABLE epochs ADD COLUMN ${metric('clipped_fraction', true)};
-- One row per parameter group per epoch: the group's gradient norm before clipping, √(Σ its parameters' squared norms),
-- over the epoch's updates. Groups: rnncf hidden / context / output, rnn and lstm recurrent / output, stacked layerN / output.
CREATE TABLE epoch_gradient_groups (
  run_id      TEXT NOT NULL,
  epoch       INTEGER NOT NULL,
  param_group TEXT NOT NULL,
  group_order INTEGER NOT NULL,       -- the group's place in the model, bottom of the network first, output last
  parameters  TEXT NOT NULL,          -- the group's parameter names, comma-separated, e.g. B,P
  ${metric('norm_mean', false)},
  ${metric('norm_max', false)},
  PRIMARY KEY (run_id, epoch, param_group),
  FOREIGN KEY (run_id, epoch) REFERENCES epochs(run_id, epoch) ON DELETE CASCADE
) WITHOUT ROWID;`,
  },
  {
    version: 5,
    description: 'runs.reused_from (rnnlab run --reuse); epochs.learned_alpha_json (RNN-CF with learn_alpha)',
    // reused_from: NULL for a run trained into this database. A reused run keeps the trained copy's own times, host,
    // backend and BLAS; this says which run of which experiment, in which file, they came from.
    // learned_alpha_json: a learned α's value per context unit at the end of the epoch, a JSON array of C numbers in
    // unit order; NULL when α is fixed (or the run predates the column).
    sql: `ALTER TABLE runs ADD COLUMN reused_from TEXT;
ALTER TABLE epochs ADD COLUMN learned_alpha_json TEXT CHECK (learned_alpha_json IS NULL OR json_valid(learned_alpha_json));`,
  },
  {
    version: 6,
    description:
      'held-out test set: epochs.test_loss_nats, test_perplexity, test_predictions; runs.data_order_seed, init_seed, ' +
      'generation_seed (filled from the stored config\'s seed); run_summary.test_perplexity_at_best',
    sql: version6,
  },
  {
    version: 7,
    description: 'measure_samples: generation.measure samples, generated once training ends',
    // Written with the run's outcome (finishRun), so a finished run with generation.measure always has all of them;
    // a new attempt deletes them with the claim. Keyed by run, not epoch: they come from the best or final weights.
    sql: `CREATE TABLE measure_samples (
  run_id       TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  checkpoint   TEXT NOT NULL CHECK (checkpoint IN ('best', 'final')),
  epoch        INTEGER NOT NULL CHECK (epoch >= 1),  -- the epoch whose weights generated it
  decoding     TEXT NOT NULL CHECK (decoding IN ('greedy', 'sample', 'top_k')),
  sample_index INTEGER NOT NULL CHECK (sample_index >= 0),  -- the same index is the same seed text in every checkpoint and decoding
  seed_text    TEXT NOT NULL,
  text         TEXT NOT NULL,
  PRIMARY KEY (run_id, checkpoint, decoding, sample_index)
) STRICT, WITHOUT ROWID;`,
  },
  {
    version: 8,
    description: 'seeds until decided: sequential_rounds (the rounds of a seed rule) and sequential_looks (each round\'s look at the claims)',
    // Self-contained SQL (no helper of today's code): the step must mean the same whatever the code becomes.
    sql: `CREATE TABLE sequential_rounds (
  experiment   TEXT NOT NULL REFERENCES experiments(name) ON UPDATE CASCADE ON DELETE CASCADE,
  round        INTEGER NOT NULL CHECK (round >= 1),
  seeds_json   TEXT NOT NULL CHECK (json_valid(seeds_json)), -- {"GRID_POINT": [seeds added this round], ...}; round 1: every point's first seeds
  started_at   TEXT NOT NULL,         -- ISO-8601 UTC, when the round was first planned
  stop_reasons_json TEXT CHECK (stop_reasons_json IS NULL OR json_valid(stop_reasons_json)), -- set on the last round when the sweep ends: {"CLAIM_ID": "why it stopped", ...}
  PRIMARY KEY (experiment, round)
) STRICT;
CREATE TABLE sequential_looks (
  experiment TEXT NOT NULL,
  round      INTEGER NOT NULL,
  claim_id   TEXT NOT NULL,
  n_a        INTEGER NOT NULL,        -- values of arm a (the fewest over the claim's parts)
  n_b        INTEGER NOT NULL,
  e_for      REAL CHECK (typeof(e_for) IN ('real', 'integer', 'null')),     -- NULL for an equivalence claim (not decided sequentially)
  e_against  REAL CHECK (typeof(e_against) IN ('real', 'integer', 'null')),
  anytime_p  REAL CHECK (typeof(anytime_p) IN ('real', 'integer', 'null')), -- min(1, 1 / running max of the e-values)
  holm_p     REAL CHECK (typeof(holm_p) IN ('real', 'integer', 'null')),    -- Holm over the primary claims' anytime p
  decision   TEXT NOT NULL CHECK (decision IN ('supported', 'contradicted', 'undecided', 'equivalence', 'not enough data')),
  PRIMARY KEY (experiment, round, claim_id),
  FOREIGN KEY (experiment, round) REFERENCES sequential_rounds(experiment, round) ON UPDATE CASCADE ON DELETE CASCADE
) STRICT;`,
  },
];
