// The one test that fails when the real Grimm corpus cannot be found, with the CLI's own message (the tests that
// read it skip and point here, instead of failing one by one with a path the user never chose).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { realCorpus } from '../helpers/real-corpus.js';

test('the real Grimm corpus is found as rnnlab finds it (explicit path, RNNLAB_CORPUS_DIR, data/grimm, one download)', () => {
  if (realCorpus.problem !== null) assert.fail(`tests that read the real corpus were skipped:\n${realCorpus.problem}`);
});
