#!/usr/bin/env node
// Replays the README's "A short tour" in a temporary folder and database, printing each command's real output, so the
// README's example outputs can be refreshed from the current code (commands and the experiment file are read from
// the README itself, so the replay cannot drift from what the README says).
// Usage: node scripts/readme-tour.mjs [--keep]   (after `npx tsc -p tsconfig.json`; needs the corpus as rnnlab
// finds it: RNNLAB_CORPUS_DIR, or data/grimm). --keep leaves the temporary folder (its path is printed) for a look.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const keep = process.argv.includes('--keep');

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const start = readme.indexOf('## A short tour');
const end = readme.indexOf('\n## ', start + 1);
if (start < 0 || end < 0) throw new Error('readme-tour: no "## A short tour" section in README.md');
const tour = readme.slice(start, end);

// The experiment file: the first ```yaml block of the tour.
const yaml = /```yaml\n([\s\S]*?)```/.exec(tour)?.[1];
if (yaml === undefined) throw new Error('readme-tour: no ```yaml block in the tour');

// The commands: every line of a ``` block that starts with "$ npx rnnlab", continued while a double quote is open.
const commands = [];
const lines = tour.split('\n');
let inBlock = false;
for (let i = 0; i < lines.length; i++) {
  if (lines[i].startsWith('```')) {
    inBlock = !inBlock;
    continue;
  }
  if (!inBlock || !lines[i].startsWith('$ npx rnnlab ')) continue;
  let command = lines[i].slice(2);
  while ((command.match(/"/g) ?? []).length % 2 === 1 && i + 1 < lines.length) command += `\n${lines[++i]}`;
  commands.push(command);
}

const work = mkdtempSync(join(tmpdir(), 'rnnlab-readme-tour-'));
mkdirSync(join(work, 'experiments'));
writeFileSync(join(work, 'experiments', 'tiny.yaml'), yaml);
// `npx rnnlab` becomes this checkout's compiled CLI; the working directory is the temporary folder, so the default
// database (runs/rnnlab.sqlite) and every file written are there, with the relative paths the README shows.
const shim = join(work, 'bin');
mkdirSync(shim);
writeFileSync(join(shim, 'npx'), `#!/bin/sh\n[ "$1" = rnnlab ] && shift\nexec "${process.execPath}" "${cli}" "$@"\n`, { mode: 0o755 });

let failed = 0;
for (const command of commands) {
  process.stdout.write(`$ ${command}\n`);
  const result = spawnSync('sh', ['-c', `${command} 2>&1`], {
    cwd: work,
    env: { ...process.env, PATH: `${shim}:${process.env.PATH}` },
    encoding: 'utf8',
    timeout: 10 * 60 * 1000,
  });
  process.stdout.write(result.stdout ?? '');
  if (result.status !== 0) {
    failed++;
    process.stdout.write(`(exit ${result.status ?? result.signal})\n`);
  }
}
if (keep) process.stderr.write(`readme-tour: left ${work}\n`);
else rmSync(work, { recursive: true, force: true });
process.stderr.write(`readme-tour: ${commands.length} commands, ${failed} failed\n`);
process.exitCode = failed === 0 ? 0 : 1;
