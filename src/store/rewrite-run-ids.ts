// Schema migration 3's code: stored run ids move from canonical form 1 to form 2, in every table and checkpoint name.
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../config/canonical-json.js';
import type { RunConfig } from '../config/run-config.js';
import { runId } from '../config/run-id.js';
import { createCorpusIdentifier, documentsRead, grimmManifestDigest } from '../corpus/identify-corpus.js';
import { checkpointDir } from './checkpoint-path.js';

/** Canonical form 1, as rnnlab computed ids until form 2: the whole resolved config, corpus.path included. Kept
 *  only to recognise ids rnnlab made (a hand-made id, e.g. a test's, is left alone). */
function formOneRunId(experiment: string, config: unknown): string {
  return createHash('sha256').update(canonicalJson({ experiment, config })).digest('hex').slice(0, 12);
}

/** Tables whose rows name a run, and the column that does. */
const RUN_KEYED: readonly [table: string, column: string][] = [
  ['runs', 'id'],
  ['run_params', 'run_id'],
  ['epochs', 'run_id'],
  ['document_perplexities', 'run_id'],
  ['samples', 'run_id'],
];

/**
 * For each stored run whose id is its form-1 id: identifies its corpus as `rnnlab run` would now (its corpus.path,
 * else $RNNLAB_CORPUS_DIR, else the default folder: hashed files; the Grimm manifest when none can be read, the
 * only corpus rnnlab ships), records the digest in runs.corpus_digest and rewrites the id to form 2 in every table.
 * Two old runs that now share an id (the same config read from two folders) cannot both have it: the finished one
 * with the most epochs gets it, the other keeps its old id. Checkpoint files are hard-linked under their new names
 * inside the transaction and the old names removed after it commits, so a crash at any point leaves a usable file.
 * Every rename is recorded in run_id_changes (old id → new id), for notes, scripts and checkpoints that name old ids.
 */
export function rewriteRunIds(db: Database.Database): () => void {
  const identify = createCorpusIdentifier();
  const digestOf = (corpus: RunConfig['corpus']): string => {
    try {
      return identify(corpus).digest;
    } catch {
      return grimmManifestDigest(documentsRead(corpus)); // the folder is gone: assume the corpus rnnlab ships
    }
  };
  const runs = db
    .prepare(
      `SELECT r.id, r.experiment, r.config_json, r.status, (SELECT count(*) FROM epochs AS e WHERE e.run_id = r.id) AS epochs
       FROM runs AS r
       ORDER BY r.status = 'finished' DESC, epochs DESC, r.created_at, r.id`,
    )
    .all() as { id: string; experiment: string; config_json: string }[];
  const setDigest = db.prepare('UPDATE runs SET corpus_digest = ? WHERE id = ?');
  const renames: { from: string; to: string }[] = [];
  const claimed = new Set<string>();
  for (const run of runs) {
    const config = JSON.parse(run.config_json) as RunConfig;
    const digest = digestOf(config.corpus);
    setDigest.run(digest, run.id);
    if (formOneRunId(run.experiment, config) !== run.id) continue;
    const id = runId(run.experiment, config, digest);
    if (claimed.has(id)) continue;
    claimed.add(id);
    if (id !== run.id) renames.push({ from: run.id, to: id });
  }
  const record = db.prepare('INSERT INTO run_id_changes (old_id, new_id, migration) VALUES (?, ?, 3)');
  for (const { from, to } of renames) record.run(from, to);
  // Children and parents change in one transaction: foreign keys are checked at its commit. Through a temporary
  // name first, so a new id equal to another run's old one never collides on the way.
  db.pragma('defer_foreign_keys = ON');
  const updates = RUN_KEYED.map(([table, column]) => db.prepare(`UPDATE ${table} SET ${column} = ? WHERE ${column} = ?`));
  for (const [from, to] of [
    ...renames.map(({ from, to }) => [from, `migrating:${to}`]),
    ...renames.map(({ to }) => [`migrating:${to}`, to]),
  ]) {
    for (const update of updates) update.run(to, from);
  }

  // Checkpoint files are renamed only beside the database file being migrated itself: an in-memory copy of a database
  // (e.g. a shard read for merging) names its file in context.dbPath but must leave that file's folder alone.
  const onDisk = !db.memory && existsSync(db.name);
  const dir = checkpointDir(db.name);
  const linked: string[] = [];
  if (onDisk) {
    for (const { from, to } of renames) {
      const source = join(dir, `${from}.json`);
      if (!existsSync(source)) continue;
      const target = join(dir, `${to}.json`);
      rmSync(target, { force: true });
      try {
        linkSync(source, target);
      } catch {
        copyFileSync(source, target);
      }
      linked.push(source);
    }
  }
  return () => {
    for (const source of linked) rmSync(source, { force: true });
  };
}
