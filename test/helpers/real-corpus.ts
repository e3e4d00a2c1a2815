// The real Grimm corpus for the tests that need it, found exactly as the CLI finds it (corpus locator: explicit path,
// $RNNLAB_CORPUS_DIR, the project's data/grimm, one verified download). When it cannot be found, those tests skip and
// one test (test/corpus/real-corpus.test.ts) fails with the locator's own "where I looked / how to fix" message.
import { locateCorpus } from '../../src/corpus/locate-corpus.js';
import { UserError } from '../../src/config/user-error.js';

export type RealCorpus = { dir: string; problem: null } | { dir: null; problem: string };

/** scripts/run-tests.mjs locates the corpus once for all test processes and passes the outcome on in these. */
export const TEST_CORPUS_DIR_ENV = 'RNNLAB_TEST_CORPUS_DIR';
export const TEST_CORPUS_PROBLEM_ENV = 'RNNLAB_TEST_CORPUS_PROBLEM';

async function findRealCorpus(): Promise<RealCorpus> {
  const dir = process.env[TEST_CORPUS_DIR_ENV];
  if (dir) return { dir, problem: null };
  const problem = process.env[TEST_CORPUS_PROBLEM_ENV];
  if (problem) return { dir: null, problem };
  try {
    const found = await locateCorpus({ explicitPath: null, offline: false, log: (line) => process.stderr.write(`${line}\n`) });
    return { dir: found, problem: null };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { dir: null, problem: error.message };
  }
}

export const realCorpus: RealCorpus = await findRealCorpus();

/** test() options for a test that reads the real corpus: skipped, pointing at the one failing test, without it. */
export const needsRealCorpus: { skip?: string } =
  realCorpus.dir === null ? { skip: 'the real Grimm corpus was not found: see the failing test in test/corpus/real-corpus.test.ts' } : {};

/** The corpus folder; only read inside tests with `needsRealCorpus` (a path that does not exist otherwise). */
export const grimmCorpusDir: string = realCorpus.dir ?? '/real-grimm-corpus-not-found';
