// Schema migration 3 on a database written with form-1 run ids: ids recomputed from the stored configs and the corpus
// contents, rewritten in every table and checkpoint name; `rnnlab run` then finds those runs instead of new ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunConfig } from '../../src/config/run-config.js';
import { runId } from '../../src/config/run-id.js';
import { grimmManifestDigest } from '../../src/corpus/identify-corpus.js';
import { openStore } from '../../src/store/results-store.js';
import { schemaMigrations } from '../../src/store/schema-migrations.js';
import { migrateSchema } from '../../src/store/migrate-schema.js';
import { loadExperiment } from '../../src/config/load-experiment.js';
import { runCli } from '../helpers/run-cli.js';
import { fixturesDir } from '../helpers/paths.js';
import { tinyRunConfig } from '../helpers/store-fixtures.js';

const fixtureCorpus = join(fixturesDir, 'runner', 'corpus');

/** The form-1 id as rnnlab computed it before: SHA-256 of the keys-sorted JSON of { experiment, config }. */
function formOneId(experiment: string, config: RunConfig): string {
  const sorted = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])]))
      : v;
  return createHash('sha256').update(JSON.stringify(sorted({ experiment, config }))).digest('hex').slice(0, 12);
}

/** Independently: SHA-256 of "NAME SHA256\n" over the first `count` files of `dir`. */
function filesDigest(dir: string, count: number): string {
  let lines = '';
  for (let i = 1; i <= count; i++) {
    const name = `00${i}.txt`;
    lines += `${name} ${createHash('sha256').update(readFileSync(join(dir, name))).digest('hex')}\n`;
  }
  return createHash('sha256').update(lines).digest('hex');
}

/** A database as schema version 2 wrote it. */
function createVersion2Database(path: string): Database.Database {
  const db = new Database(path);
  for (const migration of schemaMigrations.slice(0, 2)) db.exec(migration.sql);
  db.pragma('user_version = 2');
  db.prepare("INSERT INTO experiments (name, spec_path, spec_text, created_at, updated_at) VALUES ('old', 'o.yaml', 'name: old\n', 'x', 'x')").run();
  return db;
}

function insertRun(db: Database.Database, id: string, config: RunConfig, status: string, epochs: number, created: string): void {
  db.prepare(`INSERT INTO runs (id, experiment, config_json, status, created_at, attempts) VALUES (?, 'old', ?, ?, ?, 1)`).run(
    id,
    JSON.stringify(config),
    status,
    created,
  );
  db.prepare(`INSERT INTO run_params (run_id, key, value_json) VALUES (?, 'seed', ?)`).run(id, String(config.seed));
  for (let epoch = 1; epoch <= epochs; epoch++) {
    db.prepare(
      `INSERT INTO epochs (run_id, epoch, train_loss_nats, train_perplexity, valid_loss_nats, valid_perplexity, tokens_per_sec, duration_ms)
       VALUES (?, ?, 2, 7.4, 2.1, 8.2, 1000, 10)`,
    ).run(id, epoch);
    db.prepare(`INSERT INTO document_perplexities (run_id, epoch, document, updates, loss_nats, perplexity) VALUES (?, ?, '001.txt', 3, 2, 7.4)`).run(id, epoch);
    db.prepare(`INSERT INTO samples (run_id, epoch, sample_index, seed_text, decoding, text) VALUES (?, ?, 0, 'th', 'greedy', 'the')`).run(id, epoch);
  }
}

const rowsOf = (db: Database.Database, id: string) => ({
  params: db.prepare('SELECT count(*) FROM run_params WHERE run_id = ?').pluck().get(id),
  epochs: db.prepare('SELECT count(*) FROM epochs WHERE run_id = ?').pluck().get(id),
  documents: db.prepare('SELECT count(*) FROM document_perplexities WHERE run_id = ?').pluck().get(id),
  samples: db.prepare('SELECT count(*) FROM samples WHERE run_id = ?').pluck().get(id),
});

test('migration 3 rewrites form-1 ids to form 2 in every table and checkpoint name; a shared new id goes to one run only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-rewrite-ids-'));
  try {
    const moved = join(dir, 'moved-corpus');
    cpSync(fixtureCorpus, moved, { recursive: true });
    const path = join(dir, 'rnnlab.sqlite');
    const withPath = (p: string | null, seed = 1) => ({ ...tinyRunConfig(seed), corpus: { ...tinyRunConfig(seed).corpus, path: p } });
    const finished = withPath(fixtureCorpus); // the same run as `elsewhere`, its corpus read from another folder
    const elsewhere = withPath(moved);
    const gone = withPath(join(dir, 'deleted-corpus'), 2);
    const ids = { finished: formOneId('old', finished), elsewhere: formOneId('old', elsewhere), gone: formOneId('old', gone) };
    const db = createVersion2Database(path);
    insertRun(db, ids.finished, finished, 'finished', 2, 'a');
    insertRun(db, ids.elsewhere, elsewhere, 'interrupted', 1, 'b');
    insertRun(db, ids.gone, gone, 'finished', 1, 'c');
    insertRun(db, 'hand-made', withPath(fixtureCorpus, 3), 'queued', 0, 'd');
    db.close();
    const checkpoints = join(dir, 'checkpoints');
    mkdirSync(checkpoints);
    for (const id of [ids.finished, ids.elsewhere]) writeFileSync(join(checkpoints, `${id}.json`), `checkpoint of ${id}`);

    openStore(path).close();

    const digest = filesDigest(fixtureCorpus, 3);
    const expected = { finished: runId('old', finished, digest), gone: runId('old', gone, grimmManifestDigest(3)) };
    const migrated = new Database(path, { readonly: true });
    try {
      assert.equal(migrated.pragma('user_version', { simple: true }), schemaMigrations.length);
      assert.deepEqual(migrated.prepare('SELECT id, corpus_digest FROM runs ORDER BY created_at').all(), [
        { id: expected.finished, corpus_digest: digest },
        { id: ids.elsewhere, corpus_digest: digest }, // same new id as the finished run, which took it: keeps its old one
        { id: expected.gone, corpus_digest: grimmManifestDigest(3) }, // folder gone: the Grimm manifest stands in
        { id: 'hand-made', corpus_digest: digest }, // not a form-1 id: left alone
      ]);
      assert.deepEqual(rowsOf(migrated, expected.finished), { params: 1, epochs: 2, documents: 2, samples: 2 });
      assert.deepEqual(rowsOf(migrated, ids.finished), { params: 0, epochs: 0, documents: 0, samples: 0 });
      assert.deepEqual(rowsOf(migrated, expected.gone), { params: 1, epochs: 1, documents: 1, samples: 1 });
      assert.deepEqual(migrated.pragma('foreign_key_check'), []);
      assert.deepEqual(migrated.prepare('SELECT old_id, new_id, migration FROM run_id_changes ORDER BY new_id = ?').all(expected.gone), [
        { old_id: ids.finished, new_id: expected.finished, migration: 3 },
        { old_id: ids.gone, new_id: expected.gone, migration: 3 },
      ]);
    } finally {
      migrated.close();
    }
    assert.equal(readFileSync(join(checkpoints, `${expected.finished}.json`), 'utf8'), `checkpoint of ${ids.finished}`);
    assert.equal(existsSync(join(checkpoints, `${ids.finished}.json`)), false);
    assert.equal(readFileSync(join(checkpoints, `${ids.elsewhere}.json`), 'utf8'), `checkpoint of ${ids.elsewhere}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an in-memory copy of an older database (a shard read for merging) migrates its rows but leaves the files alone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-rewrite-ids-'));
  try {
    const path = join(dir, 'shard.sqlite');
    const config = { ...tinyRunConfig(1), corpus: { ...tinyRunConfig(1).corpus, path: fixtureCorpus } };
    const oldId = formOneId('old', config);
    const db = createVersion2Database(path);
    insertRun(db, oldId, config, 'finished', 1, 'a');
    db.close();
    mkdirSync(join(dir, 'checkpoints'));
    writeFileSync(join(dir, 'checkpoints', `${oldId}.json`), 'checkpoint');
    const file = new Database(path, { readonly: true });
    const copy = new Database(file.serialize());
    file.close();
    migrateSchema(copy, schemaMigrations, path);
    const newId = runId('old', config, filesDigest(fixtureCorpus, 3));
    assert.deepEqual(copy.prepare('SELECT id FROM runs').pluck().all(), [newId]);
    copy.close();
    assert.deepEqual(readdirSync(join(dir, 'checkpoints')), [`${oldId}.json`]);
    const untouched = new Database(path, { readonly: true });
    assert.equal(untouched.pragma('user_version', { simple: true }), 2);
    untouched.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('after the migration, rnnlab run finds the runs an older rnnlab finished instead of training them again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-rewrite-ids-'));
  try {
    const spec = join(fixturesDir, 'runner', 'tiny-sweep.yaml');
    const experiment = loadExperiment(spec);
    const path = join(dir, 'rnnlab.sqlite');
    const db = createVersion2Database(path);
    db.prepare("UPDATE experiments SET name = 'tiny-sweep'").run();
    for (const run of experiment.runs) {
      const id = formOneId('tiny-sweep', run.config);
      db.prepare(`INSERT INTO runs (id, experiment, config_json, status, created_at, attempts) VALUES (?, 'tiny-sweep', ?, 'finished', 'x', 1)`).run(
        id,
        JSON.stringify(run.config),
      );
      for (let epoch = 1; epoch <= 3; epoch++) {
        db.prepare(
          `INSERT INTO epochs (run_id, epoch, train_loss_nats, train_perplexity, valid_loss_nats, valid_perplexity, tokens_per_sec, duration_ms)
           VALUES (?, ?, 2, 7.4, 2.1, 8.2, 1000, 10)`,
        ).run(id, epoch);
      }
    }
    db.close();
    const result = await runCli(['run', spec, '--db', path]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /4 runs in the grid: 0 to train, 4 skipped \(4 finished\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
