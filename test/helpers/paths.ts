// Paths the tests share: the project root, the compiled CLI, fixtures.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (tests run compiled from dist/test/...). */
export const projectRoot = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
})();

export const cliPath = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
export const fixturesDir = join(projectRoot, 'test', 'fixtures');
// The real Grimm corpus: test/helpers/real-corpus.ts (found as the CLI finds it).
