// mergeShards on real SQLite files: what is copied, idempotence, which copy of a run wins, conflicts, checkpoints,
// and every kind of bad input refused with nothing written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { mergeShards, type MergeShardsOptions } from '../../src/runner/merge-shards.js';
import { UserError } from '../../src/config/user-error.js';
import { schemaMigrations } from '../../src/store/schema-migrations.js';
import { dumpDatabase, readCheckpoints, writeShard, type ShardRun } from '../helpers/shard-fixtures.js';
import { withTempDir } from '../helpers/with-temp-dir.js';

function merge(inputs: string[], into: string, extra: Partial<MergeShardsOptions> = {}) {
  return mergeShards({ inputs, into, allowRunning: false, host: hostname(), now: Date.now(), ...extra });
}

function mergeError(inputs: string[], into: string, extra: Partial<MergeShardsOptions> = {}): string {
  try {
    merge(inputs, into, extra);
  } catch (error) {
    assert.ok(error instanceof UserError, String(error));
    return error.message;
  }
  throw new Error('merge did not fail');
}

const finished = (id: string, seed: number, valid = [9, 8]): ShardRun => ({ id, seed, status: 'finished', valid });

test('two shards into a new database: every row copied as stored, checkpoints beside it; merging again adds nothing', () =>
  withTempDir('merge', (dir) => {
    const a = join(dir, 'shards', 'shard-0-of-2.sqlite');
    const b = join(dir, 'shards', 'shard-1-of-2.sqlite');
    writeShard(a, [{ ...finished('run-1', 1), checkpoint: 'ck1' }, { id: 'run-3', seed: 3, status: 'diverged', valid: [9, NaN] }]);
    writeShard(b, [{ ...finished('run-2', 2, [7, Infinity]), checkpoint: 'ck2' }, { id: 'run-4', seed: 4, status: 'queued', valid: [] }]);
    const into = join(dir, 'runs', 'all.sqlite');
    const reports = merge([join(dir, 'shards')], into);
    assert.deepEqual(
      reports.map((r) => [r.path, r.added, r.updated, r.unchanged.length, r.checkpoints, r.experimentsAdded]),
      [
        [a, ['run-1', 'run-3'], [], 0, 1, ['sweep']],
        [b, ['run-2', 'run-4'], [], 0, 1, []],
      ],
    );
    const merged = dumpDatabase(into);
    const [da, db] = [dumpDatabase(a), dumpDatabase(b)];
    assert.equal(merged.measure_samples.length, 2, 'the finished runs\' measure samples');
    for (const table of ['runs', 'run_params', 'epochs', 'document_perplexities', 'samples', 'measure_samples'] as const) {
      const byKey = (rows: unknown[]) => JSON.stringify(rows);
      const expected = [...da[table], ...db[table]].sort((x, y) =>
        byKey([Object.values(x as object)]).localeCompare(byKey([Object.values(y as object)])),
      );
      const actual = [...merged[table]].sort((x, y) =>
        byKey([Object.values(x as object)]).localeCompare(byKey([Object.values(y as object)])),
      );
      assert.deepEqual(actual, expected, table);
    }
    assert.deepEqual(merged.experiments, da.experiments);
    // NaN and Infinity survive as stored (NaN as the text 'NaN', Infinity as a REAL infinity).
    const epochs = merged.epochs as { run_id: string; valid_perplexity: unknown }[];
    assert.equal(epochs.find((row) => row.run_id === 'run-3' && (row as unknown as { epoch: number }).epoch === 2)!.valid_perplexity, 'NaN');
    assert.equal(epochs.find((row) => row.run_id === 'run-2' && (row as unknown as { epoch: number }).epoch === 2)!.valid_perplexity, Infinity);
    assert.deepEqual(readCheckpoints(into), { 'run-1.json': 'ck1', 'run-2.json': 'ck2' });

    const again = merge([a, b], into);
    // A target inside the shard folder is left out of the folder's files (named explicitly, it is refused below).
    const inside = join(dir, 'shards', 'all.sqlite');
    assert.deepEqual(merge([join(dir, 'shards')], inside).map((r) => r.path), [a, b]);
    assert.deepEqual(merge([join(dir, 'shards')], inside).map((r) => r.path), [a, b]);
    assert.deepEqual(again.map((r) => [r.added.length, r.updated.length, r.unchanged.length, r.checkpoints]), [[0, 0, 2, 0], [0, 0, 2, 0]]);
    assert.deepEqual(dumpDatabase(into), merged);
  }));

test('a run unfinished in one file and finished in another ends finished, whichever is merged first', () =>
  withTempDir('merge', (dir) => {
    const partial: ShardRun = { id: 'run-1', seed: 1, status: 'interrupted', valid: [9], checkpoint: 'epoch 1' };
    const complete: ShardRun = { ...finished('run-1', 1, [9, 8, 7]), checkpoint: 'epoch 3' };
    const early = join(dir, 'early.sqlite');
    const late = join(dir, 'late.sqlite');
    writeShard(early, [partial, { id: 'run-2', seed: 2, status: 'queued', valid: [] }]);
    writeShard(late, [complete, { id: 'run-2', seed: 2, status: 'failed', valid: [5] }]);

    const first = join(dir, 'first.sqlite');
    const reports = merge([early, late], first);
    assert.deepEqual(reports.map((r) => [r.added, r.updated, r.unchanged]), [[['run-1', 'run-2'], [], []], [[], ['run-1', 'run-2'], []]]);
    const second = join(dir, 'second.sqlite');
    const reverse = merge([late, early], second);
    assert.deepEqual(reverse.map((r) => [r.added, r.updated, r.unchanged]), [[['run-1', 'run-2'], [], []], [[], [], ['run-1', 'run-2']]]);
    for (const into of [first, second]) {
      const runs = dumpDatabase(into).runs as { id: string; status: string }[];
      assert.deepEqual(runs.map((run) => run.status), ['finished', 'failed']);
      assert.deepEqual((dumpDatabase(into).epochs as { run_id: string }[]).filter((row) => row.run_id === 'run-1').length, 3);
      assert.deepEqual(readCheckpoints(into), { 'run-1.json': 'epoch 3' });
    }
  }));

test('the same run finished in two files with different results is a conflict: nothing merged', () =>
  withTempDir('merge', (dir) => {
    const a = join(dir, 'a.sqlite');
    const b = join(dir, 'b.sqlite');
    const c = join(dir, 'c.sqlite');
    writeShard(a, [finished('run-1', 1, [9, 8]), finished('run-2', 2)]);
    writeShard(b, [finished('run-1', 1, [9, 7.5])]);
    // Same results, other timings and hosts: the same run trained twice is not a conflict.
    writeShard(c, [{ ...finished('run-2', 2), host: 'elsewhere' }], undefined, () => Date.parse('2030-01-01T00:00:00Z'));
    const into = join(dir, 'runs', 'all.sqlite');
    assert.equal(
      mergeError([a, b, c], into),
      `merge: nothing merged into ${into}: 1 problem\n` +
        `  run run-1 (sweep) is finished in ${a} and finished in ${b} with different results (2 vs 2 epochs)`,
    );
    assert.equal(existsSync(into), false);
    assert.equal(existsSync(join(dir, 'runs')), false);
    // Into an existing target, which holds one side of the conflict: the target is left as it was.
    merge([a], into);
    const before = dumpDatabase(into);
    assert.match(mergeError([c, b], into), new RegExp(`finished in ${into} and finished in ${b} with different results`));
    assert.deepEqual(dumpDatabase(into), before);
    assert.deepEqual(merge([c], into).map((r) => r.unchanged), [['run-2']]);
  }));

test('a shard from another version of the experiment file is refused', () =>
  withTempDir('merge', (dir) => {
    const a = join(dir, 'a.sqlite');
    const b = join(dir, 'b.sqlite');
    writeShard(a, [finished('run-1', 1)]);
    writeShard(b, [finished('run-2', 2)], 'name: sweep\nseeds: [1, 2, 3, 4]\nmodel: {hidden: 16}\n');
    const into = join(dir, 'all.sqlite');
    const message = mergeError([a, b], into);
    assert.match(
      message,
      new RegExp(
        `^merge: nothing merged into ${into}: 1 problem\\n  ${b}: experiment "sweep" was run from another version of its ` +
          `file than in ${a} \\(file sha256 [0-9a-f]{12}… vs [0-9a-f]{12}…\\); merge it into another database \\(--into\\), ` +
          'or rerun the shard from the same file$',
      ),
    );
    assert.equal(existsSync(into), false);
  }));

test('bad inputs: missing file, empty folder, not SQLite, another application, a newer schema, the target itself', () =>
  withTempDir('merge', (dir) => {
    const into = join(dir, 'runs', 'all.sqlite');
    const good = join(dir, 'good.sqlite');
    writeShard(good, [finished('run-1', 1)]);
    const text = join(dir, 'notes.sqlite');
    writeFileSync(text, 'this is not a database, just text long enough to fill a header of one hundred bytes....................\n');
    const other = join(dir, 'other-app.sqlite');
    const app = new Database(other);
    app.exec('CREATE TABLE contacts (name TEXT, phone TEXT)');
    app.pragma('user_version = 3');
    app.close();
    const clash = join(dir, 'clash.sqlite');
    const clashing = new Database(clash);
    clashing.exec('CREATE TABLE experiments (name TEXT); CREATE TABLE runs (id TEXT, started TEXT)');
    clashing.pragma('user_version = 1');
    clashing.close();
    const newer = join(dir, 'newer.sqlite');
    writeShard(newer, [finished('run-9', 9)]);
    const future = new Database(newer);
    future.pragma(`user_version = ${schemaMigrations.length + 1}`);
    future.close();
    mkdirSync(join(dir, 'empty'));
    const latest = schemaMigrations.length;

    const cases: [string[], string][] = [
      [[good, join(dir, 'missing.sqlite')], `${join(dir, 'missing.sqlite')}: no such file or folder`],
      [[join(dir, 'empty')], `${join(dir, 'empty')}: a folder without databases (no *.sqlite files in it)`],
      [[good, text], `${text}: not an SQLite database (file is not a database)`],
      [[other], `${other}: not an rnnlab results database (schema version 3; tables: contacts)`],
      [
        [clash],
        `${clash}: not an rnnlab results database of schema version 1: ` +
          'no document_perplexities, epochs, run_params, run_summary, samples; table experiments lacks spec_path, spec_text, created_at, updated_at; ' +
          'table runs lacks experiment, config_json, vocabulary_json, status, error, pid, host, heartbeat_at, created_at, started_at, finished_at, backend, package_version, attempts',
      ],
      [
        [good, newer],
        `${newer}: results database has schema version ${latest + 1}, but this rnnlab knows versions up to ${latest}; ` +
          'it was written by a newer rnnlab: upgrade rnnlab to read it',
      ],
    ];
    for (const [inputs, message] of cases) {
      assert.equal(mergeError(inputs, into), message);
      assert.equal(existsSync(into), false, message);
    }
    assert.equal(mergeError([good], good), `merge: ${good} is the target (--into); a database cannot be merged into itself`);
    // A target that is not rnnlab's is refused too, and left alone.
    const before = readFileSync(other);
    assert.equal(mergeError([good], other), `${other}: not an rnnlab results database (schema version 3; tables: contacts)`);
    assert.deepEqual(readFileSync(other), before);
  }));

test('an older shard is migrated in memory: merged, and its file left byte for byte as it was', () =>
  withTempDir('merge', (dir) => {
    const old = join(dir, 'v1.sqlite');
    const v1 = new Database(old);
    v1.exec(schemaMigrations[0].sql);
    v1.pragma('user_version = 1');
    v1.prepare(`INSERT INTO experiments VALUES ('sweep', 'sweep.yaml', 'name: sweep\n', 't0', 't0')`).run();
    v1.prepare(
      `INSERT INTO runs (id, experiment, config_json, status, created_at, attempts) VALUES ('old-1', 'sweep', '{}', 'finished', 't0', 1)`,
    ).run();
    v1.prepare(
      `INSERT INTO epochs VALUES ('old-1', 1, 2.0, 7.38905609893065, 2.1, 8.16616991256765, 1000, 250)`,
    ).run();
    v1.close();
    const before = readFileSync(old);
    const into = join(dir, 'all.sqlite');
    assert.deepEqual(merge([old], into).map((r) => r.added), [['old-1']]);
    assert.deepEqual(readFileSync(old), before);
    const runs = dumpDatabase(into).runs as { id: string; blas: unknown }[];
    assert.deepEqual(runs.map((run) => [run.id, run.blas]), [['old-1', null]]);
    assert.equal((dumpDatabase(into).epochs as { valid_loss_nats: number }[])[0].valid_loss_nats, 2.1);
  }));

test('a shard still being written (a running run with a live owner) is refused unless --allow-running', () =>
  withTempDir('merge', (dir) => {
    const live = join(dir, 'live.sqlite');
    writeShard(live, [finished('run-1', 1), { id: 'run-2', seed: 2, status: 'running', valid: [9], pid: process.pid, host: hostname() }]);
    const dead = join(dir, 'dead.sqlite');
    // A dead owner on this host: merged as stored (the next `rnnlab run` on the target reaps it).
    writeShard(dead, [{ id: 'run-3', seed: 3, status: 'running', valid: [9], pid: 999_999_999, host: hostname() }]);
    const into = join(dir, 'all.sqlite');
    const message = mergeError([live, dead], into);
    assert.match(
      message,
      new RegExp(
        `^merge: nothing merged into ${into}: 1 problem\\n  ${live}: run run-2 is still running \\(process ${process.pid} on ` +
          `${hostname()}, heartbeat \\d+s ago\\)\\n\\(wait for those shards to finish, merge with --allow-running for a snapshot, ` +
          'or read them as they are: rnnlab status --db FOLDER\\)$',
      ),
    );
    assert.equal(existsSync(into), false);
    const reports = merge([live, dead], into, { allowRunning: true });
    assert.deepEqual(reports.map((r) => r.added), [['run-1', 'run-2'], ['run-3']]);
    assert.deepEqual((dumpDatabase(into).runs as { status: string }[]).map((run) => run.status), ['finished', 'running', 'running']);
  }));
