// Gradient diagnostics written into a fixture database by hand, in the schema of results-store migration 4
// (epochs.grad_norm_mean/grad_norm_max/clipped_fraction, table epoch_gradient_groups), for plot and report tests:
// hand-chosen numbers a test can recompute, which real training cannot give.
import Database from 'better-sqlite3';

/** The parameter groups rnnlab records per model type (the integrator's migration 4). */
export const GRADIENT_GROUPS: Record<string, { group: string; parameters: string }[]> = {
  rnncf: [
    { group: 'hidden', parameters: 'A,R,b_h' },
    { group: 'context', parameters: 'B,P,alpha_logit' },
    { group: 'output', parameters: 'W_out,b_out' },
  ],
  rnn: [
    { group: 'recurrent', parameters: 'W_xh,W_hh,b_h' },
    { group: 'output', parameters: 'W_out,b_out' },
  ],
};

/** The runs of tiny-report-experiment.ts, ids as it names them. */
export const TINY_REPORT_RUNS = ['rnn', 'rnncf'].flatMap((type) =>
  [2, 4].flatMap((documents) => [1, 2].map((seed) => ({ id: `${type}-${documents}-s${seed}`, type, documents, seed }))),
);

/** Adds migration 4's columns and table where this code's schema does not have them yet (before the integrator's
 *  migration lands; afterwards the store creates them and this does nothing). */
export function ensureGradientSchema(db: Database.Database): void {
  const columns = (db.pragma('table_info(epochs)') as { name: string }[]).map((column) => column.name);
  if (!columns.includes('grad_norm_mean')) {
    for (const column of ['grad_norm_mean', 'grad_norm_max', 'clipped_fraction']) {
      db.exec(`ALTER TABLE epochs ADD COLUMN ${column} REAL`);
    }
  }
  db.exec(`CREATE TABLE IF NOT EXISTS epoch_gradient_groups (
    run_id TEXT NOT NULL, epoch INTEGER NOT NULL, param_group TEXT NOT NULL, group_order INTEGER NOT NULL,
    parameters TEXT NOT NULL, norm_mean REAL NOT NULL, norm_max REAL NOT NULL,
    PRIMARY KEY (run_id, epoch, param_group),
    FOREIGN KEY (run_id, epoch) REFERENCES epochs (run_id, epoch) ON DELETE CASCADE)`);
}

/** Made-up but shaped-like-real numbers for one run's epoch: norms fall over training, RNN-CF's context path
 *  carries less gradient than its hidden path. */
export function fixtureGradient(type: string, seed: number, epoch: number) {
  const mean = (type === 'rnncf' ? 3 : 6) / epoch + 0.25 * seed;
  const groups = (GRADIENT_GROUPS[type] ?? []).map((entry, index) => ({
    ...entry,
    normMean: mean / (index + 2) + 0.01 * seed,
    normMax: (2 * mean) / (index + 2),
  }));
  return { mean, max: 2 * mean + seed, clipped: Math.min(1, 0.5 / epoch + 0.05 * seed), groups };
}

/** Writes fixtureGradient's values for every stored epoch of these runs (ids → model type and seed). */
export function writeFixtureGradients(dbPath: string, runs: readonly { id: string; type: string; seed: number }[]): void {
  const db = new Database(dbPath);
  try {
    ensureGradientSchema(db);
    const epochs = db.prepare('SELECT epoch FROM epochs WHERE run_id = ? ORDER BY epoch');
    const update = db.prepare('UPDATE epochs SET grad_norm_mean = ?, grad_norm_max = ?, clipped_fraction = ? WHERE run_id = ? AND epoch = ?');
    const insert = db.prepare(
      'INSERT INTO epoch_gradient_groups (run_id, epoch, param_group, group_order, parameters, norm_mean, norm_max) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    db.transaction(() => {
      for (const run of runs) {
        for (const { epoch } of epochs.all(run.id) as { epoch: number }[]) {
          const gradient = fixtureGradient(run.type, run.seed, epoch);
          update.run(gradient.mean, gradient.max, gradient.clipped, run.id, epoch);
          for (const [order, group] of gradient.groups.entries()) {
            insert.run(run.id, epoch, group.group, order, group.parameters, group.normMean, group.normMax);
          }
        }
      }
    })();
  } finally {
    db.close();
  }
}
