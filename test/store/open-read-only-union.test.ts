// openReadOnlyUnion: several databases read as one, each run once, nothing written to any file, a read-only connection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openReadOnlyUnion } from '../../src/store/open-read-only-union.js';
import { openStore } from '../../src/store/results-store.js';
import { UserError } from '../../src/config/user-error.js';
import { epochReport } from '../helpers/store-fixtures.js';
import { writeShard } from '../helpers/shard-fixtures.js';
import { withTempDir } from '../helpers/with-temp-dir.js';

test('a folder of shards reads as one database; each run once, its finished copy; the files untouched', () =>
  withTempDir('union', (dir) => {
    const shards = join(dir, 'shards');
    writeShard(join(shards, 'shard-0-of-2.sqlite'), [
      { id: 'run-1', seed: 1, status: 'finished', valid: [9, 8] },
      { id: 'run-3', seed: 3, status: 'interrupted', valid: [7] },
    ]);
    writeShard(join(shards, 'shard-1-of-2.sqlite'), [{ id: 'run-2', seed: 2, status: 'running', valid: [6] }]);
    // A main database that already holds run-3 finished (merged earlier), given as a second --db.
    const main = join(dir, 'main.sqlite');
    writeShard(main, [{ id: 'run-3', seed: 3, status: 'finished', valid: [7, 5, 4] }]);
    // The database files themselves (a read-only open of a WAL database may leave an empty -wal/-shm beside them).
    const databaseBytes = () => readdirSync(shards).filter((name) => name.endsWith('.sqlite')).map((name) => readFileSync(join(shards, name)));
    const before = databaseBytes();

    const { store, warnings } = openReadOnlyUnion([shards, main]);
    try {
      assert.deepEqual(warnings, []);
      assert.equal(store.path, `${shards}, ${main} (3 databases)`);
      assert.deepEqual(store.listExperiments().map((e) => e.name), ['sweep']);
      assert.deepEqual(
        store.listRuns().map((run) => [run.id, run.status]).sort(),
        [['run-1', 'finished'], ['run-2', 'running'], ['run-3', 'finished']],
      );
      assert.deepEqual(store.epochs(['run-3']).map((row) => row.validPerplexity), [7, 5, 4]);
      assert.deepEqual(
        store.runSummaries().map((row) => [row.runId, row.bestValidPerplexity]).sort(),
        [['run-1', 8], ['run-2', 6], ['run-3', 4]],
      );
      assert.equal(store.findRun('run-2').params.seed, 2);
      assert.deepEqual(store.query('SELECT count(*) FROM samples').rows, [[6]]);
      // query keeps its guarantees on the union: no writes, no new files attached.
      assert.throws(() => store.query('CREATE TEMP TABLE t (x)'), /^UserError: query is read-only: the statement would change/);
      assert.throws(() => store.query(`ATTACH '${join(dir, 'new.sqlite')}' AS x`), /query: unable to open database/);
      assert.equal(existsSync(join(dir, 'new.sqlite')), false);
      assert.throws(() => store.query("DELETE FROM runs"), /query is read-only/);
    } finally {
      store.close();
    }
    assert.deepEqual(databaseBytes(), before);
  }));

test('disagreeing copies and experiment files: the first file wins, with a warning for each', () =>
  withTempDir('union', (dir) => {
    const a = join(dir, 'a.sqlite');
    const b = join(dir, 'b.sqlite');
    writeShard(a, [{ id: 'run-1', seed: 1, status: 'finished', valid: [9, 8] }]);
    writeShard(b, [{ id: 'run-1', seed: 1, status: 'finished', valid: [9, 7] }], 'name: sweep\n# edited\n');
    const { store, warnings } = openReadOnlyUnion([a, b]);
    try {
      assert.equal(warnings.length, 2);
      assert.match(warnings[0], new RegExp(`^experiment "sweep" was run from another version of its file in ${b} \\(sha256 [0-9a-f]{12}…\\) than in ${a} \\([0-9a-f]{12}…\\), whose file is shown$`));
      assert.equal(warnings[1], `run run-1 (sweep) is finished in ${a} and finished in ${b} with different results (2 vs 2 epochs); showing the first`);
      assert.deepEqual(store.epochs(['run-1']).map((row) => row.validPerplexity), [9, 8]);
    } finally {
      store.close();
    }
  }));

test('a database still being written is read as of its last commit, without blocking the writer', () =>
  withTempDir('union', (dir) => {
    const a = join(dir, 'a.sqlite');
    const b = join(dir, 'b.sqlite');
    writeShard(a, [{ id: 'run-1', seed: 1, status: 'finished', valid: [9] }]);
    writeShard(b, [{ id: 'run-2', seed: 2, status: 'running', valid: [9], pid: process.pid }]);
    const writer = openStore(b);
    try {
      writer.recordEpoch('run-2', epochReport(2, 8));
      const { store } = openReadOnlyUnion([a, b]);
      try {
        assert.deepEqual(store.epochs(['run-2']).map((row) => row.epoch), [1, 2]);
      } finally {
        store.close();
      }
      writer.recordEpoch('run-2', epochReport(3, 7)); // the writer still writes
    } finally {
      writer.close();
    }
  }));

test('one plain file opens as before; a missing path or an empty folder is a clear error', () =>
  withTempDir('union', (dir) => {
    const a = join(dir, 'a.sqlite');
    writeShard(a, [{ id: 'run-1', seed: 1, status: 'finished', valid: [9] }]);
    const { store } = openReadOnlyUnion([a]);
    assert.equal(store.path, a);
    store.close();
    const expectError = (paths: string[], message: string) =>
      assert.throws(() => openReadOnlyUnion(paths), (error: unknown) => error instanceof UserError && error.message === message);
    expectError([join(dir, 'nope.sqlite')], `no results database at ${join(dir, 'nope.sqlite')}: run an experiment first (rnnlab run FILE) or give --db PATH`);
    expectError([a, join(dir, 'nope.sqlite')], `${join(dir, 'nope.sqlite')}: no such file or folder`);
    expectError([join(dir, 'missing-folder'), a], `${join(dir, 'missing-folder')}: no such file or folder`);
    rmSync(a);
    expectError([dir], `${dir}: a folder without databases (no *.sqlite files in it)`);
  }));
