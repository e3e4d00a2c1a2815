// `rnnlab ui` through the real CLI: bad flags and databases are exit 2 with the message, the URL is printed, a
// non-loopback --host warns, Ctrl-C stops it cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath } from '../helpers/paths.js';
import { createResultsFixture } from '../helpers/results-fixture.js';
import { runCli } from '../helpers/run-cli.js';

/** Starts `rnnlab ui ARGS`, waits for its URL line; returns the URL, its stderr so far and a stop function. */
function startUi(args: string[]): Promise<{ url: string; stderr: () => string; stop: () => Promise<number | null> }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cliPath, 'ui', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`rnnlab ui printed no URL in 20 s; stdout ${stdout}, stderr ${stderr}`));
    }, 20_000);
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const url = /^rnnlab ui: (http:\/\/\S+)/m.exec(stdout)?.[1];
      if (url === undefined) return;
      clearTimeout(timer);
      resolvePromise({
        url,
        stderr: () => stderr,
        stop: () => {
          child.kill('SIGINT');
          return exited;
        },
      });
    });
    exited.then((code) => reject(new Error(`rnnlab ui exited (${code}) before printing a URL: ${stderr}`)));
  });
}

test('rnnlab ui: bad --port, a missing database: exit 2 with the message', async () => {
  const port = await runCli(['ui', '--port', '80a']);
  assert.deepEqual([port.code, port.stderr], [2, '--port must be a port number from 0 to 65535 (0 = any free port); got "80a"\n']);
  const high = await runCli(['ui', '--port', '70000']);
  assert.deepEqual([high.code, high.stderr], [2, '--port must be a port number from 0 to 65535 (0 = any free port); got "70000"\n']);
  const missing = await runCli(['ui', '--db', '/nonexistent/results.sqlite', '--port', '0']);
  assert.deepEqual(
    [missing.code, missing.stderr],
    [2, '/nonexistent/results.sqlite: no such file or folder\n'],
  );
});

test('rnnlab ui: a port in use is exit 2 naming it', async () => {
  const { dir, dbPath } = createResultsFixture();
  const blocker = createServer();
  await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', () => done()));
  try {
    const port = (blocker.address() as { port: number }).port;
    const result = await runCli(['ui', '--db', dbPath, '--port', String(port)]);
    assert.deepEqual([result.code, result.stderr], [2, `--port ${port}: already in use; pick another (--port 0 = any free port)\n`]);
  } finally {
    blocker.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rnnlab ui: prints the URL on loopback, serves the page and the databases given, stops on Ctrl-C with 0', async () => {
  const first = createResultsFixture();
  const second = createResultsFixture({ otherExperiment: true });
  try {
    const ui = await startUi(['--db', first.dbPath, '--db', second.dbPath, '--port', '0']);
    try {
      assert.match(ui.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      assert.equal(ui.stderr(), '');
      assert.equal((await fetch(ui.url)).status, 200);
      const databases = await (await fetch(`${ui.url}api/databases`)).json();
      assert.deepEqual(databases, [{ index: 0, path: first.dbPath }, { index: 1, path: second.dbPath }]);
    } finally {
      assert.equal(await ui.stop(), 0);
    }
  } finally {
    rmSync(first.dir, { recursive: true, force: true });
    rmSync(second.dir, { recursive: true, force: true });
  }
});

test('rnnlab ui --host 0.0.0.0 warns that the results are exposed', async () => {
  const { dir, dbPath } = createResultsFixture();
  try {
    const ui = await startUi(['--db', join(dir, 'runs', 'rnnlab.sqlite'), '--host', '0.0.0.0', '--port', '0']);
    try {
      assert.equal(dbPath, join(dir, 'runs', 'rnnlab.sqlite'));
      assert.match(ui.url, /^http:\/\/0\.0\.0\.0:\d+\/$/);
      // stderr and stdout are separate pipes: the warning, written first, may still be on its way.
      for (let waited = 0; ui.stderr() === '' && waited < 2000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      assert.equal(
        ui.stderr(),
        'rnnlab ui: warning: listening on 0.0.0.0, not only this machine: anyone who can reach this address can read ' +
          'these results (there is no login)\n',
      );
    } finally {
      assert.equal(await ui.stop(), 0);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
