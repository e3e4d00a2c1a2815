// Every way a start of `rnnlab run` can fail on bad input: exit 2, a clear message, and the database file and the
// data folder exactly as before (byte-identical, or still absent). Nothing is half-registered for compare to show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../../src/store/results-store.js';
import { runSweep } from '../../src/runner/run-sweep.js';
import { loadExperiment } from '../../src/config/load-experiment.js';
import { createCorpusIdentifier } from '../../src/corpus/identify-corpus.js';
import { identifyRuns } from '../../src/runner/identify-runs.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { snapshotFiles } from '../helpers/snapshot-files.js';
import { tempDir, writeTinySpec } from './run-sweep-helpers.js';

/** A results database that already holds an experiment, so "unchanged" means something. */
function existingDatabase(dbPath: string): void {
  const store = openStore(dbPath);
  try {
    store.saveExperiment({ name: 'earlier', specPath: 'earlier.yaml', specText: 'name: earlier\n' });
  } finally {
    store.close();
  }
}

/** Runs `rnnlab run SPEC --db DB extra…` twice, on a fresh folder and beside an existing database, and asserts exit 2,
 *  the same stderr both times, and that nothing under the folder changed. Returns the stderr. */
async function refusedWithoutWrites(
  specFor: (dir: string) => string,
  extra: string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  const messages: string[] = [];
  for (const withDatabase of [false, true]) {
    const { dir, dbPath, cleanup } = tempDir();
    try {
      const spec = specFor(dir);
      if (withDatabase) existingDatabase(dbPath);
      const before = snapshotFiles(dir);
      const result = await runCli(['run', spec, '--db', dbPath, '--workers', '1', ...extra], { env: options.env });
      assert.equal(result.code, 2, `exit ${result.code}: ${result.stderr}`);
      assert.equal(result.stdout, '');
      assert.deepEqual(snapshotFiles(dir), before, 'files changed');
      messages.push(result.stderr.replaceAll(dir, 'DIR'));
    } finally {
      cleanup();
    }
  }
  assert.equal(messages[0], messages[1]);
  return messages[0];
}

const tiny = (grid = '{model.type: [rnn]}', extra = '') => (dir: string) => writeTinySpec(dir, 'tiny', grid, extra);

test('a missing corpus (corpus.path, RNNLAB_CORPUS_DIR): refused before anything is registered', async () => {
  assert.equal(
    await refusedWithoutWrites(tiny(), ['--set', 'corpus.path=/nonexistent/grimm']),
    'corpus directory not found: /nonexistent/grimm (from --corpus / corpus.path). To download the Grimm stories there: rnnlab corpus fetch --to /nonexistent/grimm\n',
  );
  assert.equal(
    await refusedWithoutWrites(tiny(), ['--set', 'corpus.path='], { env: { RNNLAB_CORPUS_DIR: '/nonexistent/corpus' } }),
    'corpus directory not found: /nonexistent/corpus (from RNNLAB_CORPUS_DIR). To download the Grimm stories there: rnnlab corpus fetch --to /nonexistent/corpus\n',
  );
});

test('runs the corpus cannot serve are refused before the first write, naming the run', async () => {
  assert.match(
    await refusedWithoutWrites(tiny('{train.batch_size: [4, 400]}'), []),
    /^run [0-9a-f]{12} \(train\.batch_size=400 seed=1\): 00\d\.txt: training document has \d+ tokens after its validation tail is removed; train\.batch_size 400 with corpus\.layout book needs at least 401\n$/,
  );
  assert.match(
    await refusedWithoutWrites(tiny(), ['--set', 'corpus.documents=10', '--set', 'corpus.vocabulary_documents=10']),
    /^run [0-9a-f]{12} \(model\.type=rnn seed=1\): corpus \S+\/test\/fixtures\/runner\/corpus: 10 documents were asked for but it holds 4 \(NNN\.txt files numbered from 001\.txt\)\n$/,
  );
  assert.match(
    await refusedWithoutWrites(tiny(), ['--set', 'corpus.validation={rule: book, documents: 2, tokens_per_document: 200}', '--set', 'train.schedule=book', '--set', 'train.docs_per_step=1']),
    /^run [0-9a-f]{12} \(model\.type=rnn seed=1\): corpus\.validation: the book rule needs 2 documents with more than 5400 tokens \(\(num_steps 26 \+ 1\) × tokens_per_document 200\) among the 4 read; 0 qualify\. /,
  );
});

test('sizes the schema allows but no machine holds are refused by a memory estimate; sizes beyond the schema by it', async () => {
  assert.match(
    // 64 layers of 8192 units: 64 · 2 · 8192² = 8.6e9 weights, 136 GB in float32 with gradients and Adam's moments.
    await refusedWithoutWrites(tiny('{model.type: [stacked]}'), ['--set', `model.layers=[${Array(64).fill(8192).join(', ')}]`]),
    /^run [0-9a-f]{12} \(model\.type=stacked seed=1\): model\.layers \[8192, 8192, [\d, ]+\], train\.batch_size 4 and train\.num_unroll 5 with a vocabulary of \d+: one run needs at least 136 GB \(weights, gradients, Adam state and the unrolled activations\), more than the [\d.]+ GB of memory this machine has; use smaller sizes\n$/,
  );
  assert.equal(
    await refusedWithoutWrites(tiny(), ['--set', 'model.hidden=1e12']),
    'DIR/tiny.yaml: --set /model/hidden must be <= 8192; got 1000000000000\n',
  );
});

test('a backend asked for by name that cannot load is refused before the runs are registered', async () => {
  assert.equal(
    await refusedWithoutWrites(tiny(), ['--backend', 'native'], { env: { RNNLAB_NATIVE: '0' } }),
    'native backend not available: disabled by RNNLAB_NATIVE=0\n',
  );
});

test('a sweep too large to build and YAML aliases that explode are refused without building them', async () => {
  const grid = `{${Array.from({ length: 12 }, (_, i) => `model.hidden: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]`.replace('model.hidden', ['model.hidden', 'model.context', 'model.alpha', 'model.init_std', 'model.forget_bias', 'train.num_unroll', 'train.batch_size', 'train.epochs', 'train.learning_rate', 'generation.length', 'generation.top_k', 'generation.temperature'][i])).join(', ')}}`;
  assert.equal(
    await refusedWithoutWrites(tiny(grid), []),
    'DIR/tiny.yaml:8:7: /grid the sweep expands to 1000000000000 runs (10 × 10 × 10 × 10 × 10 × 10 × 10 × 10 × 10 × 10 × 10 × 10 × 1: grid points × seeds), ' +
      'more than the limit of 10000; sweep fewer values, or raise the limit with RNNLAB_MAX_RUNS=N if you mean it\n',
  );
  const laughs = (dir: string) => {
    const path = join(dir, 'laughs.yaml');
    const levels = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 9; i++) {
      const name = String.fromCharCode(97 + i);
      const previous = String.fromCharCode(96 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    writeFileSync(path, `name: laughs\ndescription: billion laughs\nx:\n${levels.map((l) => `  ${l}`).join('\n')}\n`);
    return path;
  };
  assert.equal(
    await refusedWithoutWrites(laughs, []),
    'DIR/laughs.yaml:5:10: YAML: aliases expand to too many values (more than 100 alias expansions); write the values out or use fewer nested aliases\n',
  );
});

test('.nan and .inf are named as written, not as "null"', async () => {
  assert.equal(
    await refusedWithoutWrites(tiny('{model.alpha: [.nan, .inf]}'), []),
    'DIR/tiny.yaml:8:22: /grid/model.alpha/0 must be a finite number; got .nan (grid point {model.alpha: .nan})\n' +
      'DIR/tiny.yaml:8:28: /grid/model.alpha/1 must be a finite number; got .inf (grid point {model.alpha: .inf})\n',
  );
});

/** An SQLite file made by `sql`, as another application would leave it. */
function foreignDatabase(path: string, sql: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const db = new Database(path);
  db.exec(sql);
  db.close();
}

async function runOnDatabase(prepare: (dbPath: string) => void, extra: string[] = []): Promise<{ result: CliResult; changed: boolean; dir: string }> {
  const { dir, dbPath, cleanup } = tempDir();
  try {
    const spec = writeTinySpec(dir, 'tiny', '{model.type: [rnn]}');
    prepare(dbPath);
    const before = snapshotFiles(dir);
    const result = await runCli(['run', spec, '--db', dbPath, '--workers', '1', ...extra]);
    return { result, changed: JSON.stringify(snapshotFiles(dir)) !== JSON.stringify(before), dir };
  } finally {
    cleanup();
  }
}

test('another application\'s SQLite file, a clashing runs table, a file that is not SQLite: refused, not a byte changed (journal mode included)', async () => {
  const cases: [string, (dbPath: string) => void, string][] = [
    [
      'another application',
      (db) => foreignDatabase(db, 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES (\'keep me\');'),
      'DIR/runs/test.sqlite: not an rnnlab results database (it has the tables notes and no rnnlab schema version); rnnlab leaves it as it is: give another --db\n',
    ],
    [
      'a clashing runs table',
      (db) => foreignDatabase(db, 'CREATE TABLE experiments (name TEXT, spec_path TEXT, spec_text TEXT); CREATE TABLE runs (id TEXT, owner TEXT); PRAGMA user_version = 1;'),
      'DIR/runs/test.sqlite: not an rnnlab results database: its runs table lacks the columns experiment, config_json, status (schema version 1); rnnlab leaves it as it is: give another --db\n',
    ],
    [
      'not SQLite',
      (db) => {
        mkdirSync(join(db, '..'), { recursive: true });
        writeFileSync(db, 'these are my notes, not a database\n'.repeat(40));
      },
      'DIR/runs/test.sqlite: not an SQLite database (file is not a database)\n',
    ],
  ];
  for (const [label, prepare, expected] of cases) {
    const { result, changed, dir } = await runOnDatabase(prepare);
    assert.equal(result.code, 2, `${label}: ${result.stderr}`);
    assert.equal(result.stderr.replaceAll(dir, 'DIR'), expected, label);
    assert.equal(changed, false, `${label}: files changed`);
  }
});

test('--db "" and a --db whose folder cannot be created: exit 2 with the reason, nothing written', async () => {
  const empty = await runOnDatabase(() => {}, ['--db', '']);
  assert.equal(empty.result.code, 2);
  assert.equal(empty.result.stderr, "error: option '--db <path>' argument '' is invalid. the path is empty; give a database file such as runs/rnnlab.sqlite\n");
  const { dir, cleanup } = tempDir();
  try {
    const spec = writeTinySpec(dir, 'tiny', '{model.type: [rnn]}');
    writeFileSync(join(dir, 'afile'), 'x');
    const before = snapshotFiles(dir);
    const result = await runCli(['run', spec, '--db', join(dir, 'afile', 'sub', 'results.sqlite')]);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr.replaceAll(dir, 'DIR'),
      '--db DIR/afile/sub/results.sqlite: cannot create its folder: DIR/afile is a file, not a folder\n',
    );
    assert.deepEqual(snapshotFiles(dir), before);
  } finally {
    cleanup();
  }
});

test('a --db under /proc, where no folder can be created: exit 2 naming the reason, not a hang', { skip: !existsSync('/proc/self') && 'no /proc' }, async () => {
  const { dir, cleanup } = tempDir();
  try {
    const spec = writeTinySpec(dir, 'tiny', '{model.type: [rnn]}');
    const result = await runCli(['run', spec, '--db', '/proc/rnnlab-no-such-folder/results.sqlite'], { timeoutMs: 30_000 });
    assert.equal(result.signal, null, 'killed after 30 s: rnnlab hung');
    assert.equal(result.code, 2);
    assert.equal(result.stderr, '--db /proc/rnnlab-no-such-folder/results.sqlite: cannot create its folder (ENOENT)\n');
    assert.equal(existsSync('/proc/rnnlab-no-such-folder'), false);
  } finally {
    cleanup();
  }
});

/** Root ignores permission bits, so as root the CLI runs as nobody (setpriv); another user gets chmod alone. */
const asUnprivileged = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
const setprivMissing = asUnprivileged.length > 0 && spawnSync('setpriv', ['--version']).status !== 0;

test('a read-only results database: run says so and writes nothing; read commands still work', { skip: setprivMissing && 'needs setpriv to drop root' }, async () => {
  const { dir, dbPath, cleanup } = tempDir();
  try {
    const spec = writeTinySpec(dir, 'tiny', '{model.type: [rnn]}');
    existingDatabase(dbPath);
    chmodSync(dbPath, 0o444);
    chmodSync(join(dir, 'runs'), 0o555);
    chmodSync(dir, 0o755);
    const before = snapshotFiles(dir);
    const run = await runCli(['run', spec, '--db', dbPath, '--workers', '1'], { prefix: asUnprivileged });
    assert.equal(run.code, 2, run.stderr);
    assert.equal(
      run.stderr.replaceAll(dir, 'DIR'),
      'DIR/runs/test.sqlite: the results database is read-only (not writable (EACCES)); rnnlab run writes to it: give another --db, ' +
        'or make it and its folder writable. Read commands (status, compare, query, show, plot, report) still work on it.\n',
    );
    const query = await runCli(['query', 'SELECT name FROM experiments', '--format', 'csv', '--db', dbPath], { prefix: asUnprivileged });
    assert.equal(query.code, 0, query.stderr);
    assert.equal(query.stdout, 'name\r\nearlier\r\n');
    assert.deepEqual(snapshotFiles(dir), before);
  } finally {
    chmodSync(join(dir, 'runs'), 0o755);
    cleanup();
  }
});

const unshareWorks = spawnSync('unshare', ['-rm', 'sh', '-c', 'mount -t tmpfs none /mnt && mount -o remount,ro /mnt']).status === 0;

test('a results database on a read-only mount (EROFS, which binds root too): run refuses, query reads a copy', { skip: !unshareWorks && 'needs unshare -rm and mount (user namespaces)' }, async () => {
  const { dir, dbPath, cleanup } = tempDir();
  try {
    const spec = writeTinySpec(dir, 'tiny', '{model.type: [rnn]}');
    existingDatabase(dbPath);
    const mount = join(dir, 'ro');
    mkdirSync(mount);
    // A private mount namespace: the read-only tmpfs exists only for this shell and the CLI it starts.
    const script = (cli: string) =>
      `mount -t tmpfs none "${mount}" && cp "${dbPath}" "${mount}/results.sqlite" && mount -o remount,ro "${mount}" && exec "$0" "$@" ${cli}`;
    // sh -c SCRIPT NODE CLI ARGS…: $0 is node, "$@" the CLI and its arguments.
    const inMount = (args: string[]) => runCli(args, { prefix: ['unshare', '-rm', 'sh', '-c', script('')] });
    const run = await inMount(['run', spec, '--db', join(mount, 'results.sqlite'), '--workers', '1']);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /results\.sqlite: the results database is read-only \(on a read-only file system\); rnnlab run writes to it/);
    const query = await inMount(['query', 'SELECT name FROM experiments', '--format', 'csv', '--db', join(mount, 'results.sqlite')]);
    assert.equal(query.code, 0, query.stderr);
    assert.equal(query.stdout, 'name\r\nearlier\r\n');
  } finally {
    cleanup();
  }
});

test('offline or a failed download, with the default data folder: refused, and no empty data folder is left', async () => {
  const { dir, dbPath, cleanup } = tempDir();
  const savedUrl = process.env.RNNLAB_CORPUS_URL;
  const savedDir = process.env.RNNLAB_CORPUS_DIR;
  try {
    delete process.env.RNNLAB_CORPUS_DIR;
    process.env.RNNLAB_CORPUS_URL = 'http://127.0.0.1:9/grimm'; // the discard port: nothing listens
    const dataDir = join(dir, 'data', 'grimm');
    const experiment = identifyRuns(
      loadExperiment(writeTinySpec(dir, 'tiny', '{model.type: [rnn]}'), ['corpus.path=']),
      createCorpusIdentifier({ defaultDir: dataDir }),
    );
    const sweep = (offline: boolean) =>
      runSweep({
        experiment,
        dbPath,
        workers: 1,
        force: false,
        failFast: false,
        backend: 'cpu',
        offline,
        defaultCorpusDir: dataDir,
        signal: new AbortController().signal,
        onEvent: () => {},
        packageVersion: 'test',
      });
    for (const offline of [true, false]) {
      await assert.rejects(sweep(offline), (error: Error) => {
        assert.match(error.message, offline ? /^corpus not found; --offline forbids fetching it\.\n/ : /^corpus not found, and fetching it failed for 209 of 209 files/);
        return true;
      });
      assert.deepEqual(snapshotFiles(dir), { 'tiny.yaml': snapshotFiles(dir)['tiny.yaml'] }, `offline ${offline}: only the spec is there`);
    }
  } finally {
    if (savedUrl === undefined) delete process.env.RNNLAB_CORPUS_URL;
    else process.env.RNNLAB_CORPUS_URL = savedUrl;
    if (savedDir !== undefined) process.env.RNNLAB_CORPUS_DIR = savedDir;
    cleanup();
  }
});

test('inputs that would hang or exhaust the machine: /dev/zero as a spec, a device as --db, thousands of workers, a billion tokens', async () => {
  const zero = await runCli(['validate', '/dev/zero']);
  assert.equal(zero.code, 2);
  assert.equal(zero.stderr, '/dev/zero: more than 1000000 bytes, too large for an experiment file\n');
  const { dir, cleanup } = tempDir();
  try {
    const spec = writeTinySpec(dir, 'tiny', '{model.type: [rnn]}');
    const device = await runCli(['run', spec, '--db', '/dev/null']);
    assert.equal(device.code, 2);
    assert.equal(device.stderr, '--db /dev/null: not a regular file (a device, pipe or socket); give a database file\n');
    const workers = await runCli(['run', spec, '--db', join(dir, 'runs', 'x.sqlite'), '--workers', '100000']);
    assert.equal(workers.code, 2);
    assert.equal(workers.stderr, '--workers must be at most 256; got 100000\n');
    const length = await runCli(['generate', '--checkpoint', join(dir, 'none.json'), '--length', '2000000000']);
    assert.equal(length.code, 2);
    assert.equal(length.stderr, '--length must be an integer from 1 to 1000000; got "2000000000"\n');
    assert.deepEqual(Object.keys(snapshotFiles(dir)), ['tiny.yaml']);
  } finally {
    cleanup();
  }
});

test('an empty existing file is an empty database: run creates the schema in it and trains', async () => {
  const { dir, dbPath, cleanup } = tempDir();
  try {
    const spec = writeTinySpec(dir, 'tiny', '{model.type: [rnn]}');
    mkdirSync(join(dir, 'runs'));
    writeFileSync(dbPath, '');
    const result = await runCli(['run', spec, '--db', dbPath, '--workers', '1', '--backend', 'cpu']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /tiny: 1 finished/);
  } finally {
    cleanup();
  }
});
