// Paths the tests share: the project root, the compiled CLI, the real Grimm corpus, fixtures.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (tests run compiled from dist/test/...). */
export const projectRoot = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
})();

export const cliPath = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
export const fixturesDir = join(projectRoot, 'test', 'fixtures');

/** The real corpus: $RNNLAB_CORPUS_DIR, else ../shared/corpus/grimm beside the project (as in CI). */
export const grimmCorpusDir = process.env.RNNLAB_CORPUS_DIR
  ? resolve(process.env.RNNLAB_CORPUS_DIR)
  : resolve(projectRoot, '..', 'shared', 'corpus', 'grimm');
