// makeDirectory: creates missing levels like mkdirSync's recursive form, and fails (never spins) where it cannot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirectory, nearestExisting } from '../../src/config/make-directory.js';
import { withTempDir } from '../helpers/with-temp-dir.js';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code;
  }
};

test('creates every missing level and returns the first one it created; an existing folder returns undefined', () => {
  withTempDir('mkdir', (dir) => {
    assert.equal(makeDirectory(join(dir, 'a', 'b', 'c')), join(dir, 'a'));
    assert.ok(statSync(join(dir, 'a', 'b', 'c')).isDirectory());
    assert.equal(makeDirectory(join(dir, 'a', 'b', 'd')), join(dir, 'a', 'b', 'd'));
    assert.equal(makeDirectory(join(dir, 'a', 'b')), undefined);
    assert.equal(makeDirectory(dir), undefined);
  });
});

test('a file in the way: ENOTDIR below it, EEXIST at it, and nothing created', () => {
  withTempDir('mkdir', (dir) => {
    const file = join(dir, 'afile');
    writeFileSync(file, 'x');
    assert.equal(codeOf(() => makeDirectory(join(file, 'sub', 'deeper'))), 'ENOTDIR');
    assert.equal(codeOf(() => makeDirectory(file)), 'EEXIST');
    assert.equal(statSync(file).isFile(), true);
  });
});

test('a dangling symbolic link in the path fails instead of being replaced', () => {
  withTempDir('mkdir', (dir) => {
    const link = join(dir, 'link');
    symlinkSync(join(dir, 'nowhere'), link);
    assert.equal(codeOf(() => makeDirectory(join(link, 'sub'))), 'EEXIST');
    assert.equal(existsSync(join(dir, 'nowhere')), false);
  });
});

test('nearestExisting walks up to the first part of the path that exists', () => {
  withTempDir('mkdir', (dir) => {
    assert.equal(nearestExisting(join(dir, 'x', 'y', 'z')), dir);
    assert.equal(nearestExisting(dir), dir);
    assert.equal(nearestExisting('/'), '/');
  });
});

test('under /proc, which answers ENOENT for any new child, it throws ENOENT (the recursive mkdir spins forever)', { skip: !existsSync('/proc/self') && 'no /proc' }, () => {
  // In a child process with a time limit, so a regression to the recursive form fails this test instead of hanging it.
  const module = new URL('../../src/config/make-directory.js', import.meta.url).href;
  const script = `import(${JSON.stringify(module)}).then(({ makeDirectory }) => {
    try { makeDirectory('/proc/rnnlab-no-such-folder/sub'); console.log('created'); }
    catch (error) { console.log(error.code); }
  });`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(child.signal, null, 'timed out: the mkdir did not return');
  assert.equal(child.stdout.trim(), 'ENOENT');
});
