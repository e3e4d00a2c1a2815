// Broken experiment files: the exact text users read, every problem at once, with file positions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { loadExperiment } from '../../src/config/load-experiment.js';
import { formatProblems } from '../../src/config/format-problems.js';
import { SpecError } from '../../src/config/spec-error.js';
import { UserError } from '../../src/config/user-error.js';
import { fixturesDir, projectRoot } from '../helpers/paths.js';

/** Fixture paths as a user would type them from the project root, so messages name them that way.
 *  The problems are shown grouped (aligned columns), which reads best here; the one-line form is tested below. */
const spec = (name: string) => relative(projectRoot, join(fixturesDir, 'specs', name));

function problemsOf(path: string, overrides: string[] = []): string {
  const cwd = process.cwd();
  process.chdir(projectRoot);
  try {
    loadExperiment(path, overrides);
  } catch (error) {
    assert.ok(error instanceof UserError, `expected a UserError, got ${String(error)}`);
    assert.equal(error.exitCode, 2);
    return error instanceof SpecError ? formatProblems(error.file, error.problems) : error.message;
  } finally {
    process.chdir(cwd);
  }
  assert.fail(`${path} loaded without problems`);
}

test('unknown keys name the key, suggest the closest allowed one or the section it belongs to', () => {
  assert.equal(
    problemsOf(spec('unknown-key.yaml')),
    [
      'test/fixtures/specs/unknown-key.yaml: 3 problems',
      '  4:3   /model       unknown key "hiden" (did you mean "hidden"?)',
      '  6:3   /train       unknown key "num_unrol" (did you mean "num_unroll"?)',
      '  10:3  /generation  unknown key "learning_rate" (it belongs under train)',
    ].join('\n'),
  );
});

test('enum, type and range errors show what was received, all at once, sorted by position', () => {
  assert.equal(
    problemsOf(spec('bad-values.yaml')),
    [
      'test/fixtures/specs/bad-values.yaml: 9 problems',
      '  3:14   /corpus/documents        must be >= 1; got 0',
      '  4:10   /corpus/ngram            must be one of 1, 2, 3; got 4',
      '  6:9    /model/type              must be one of rnn, rnncf, stacked, lstm; got "lstmm"',
      '  7:11   /model/hidden            must be an integer; got "ten"',
      '  8:17   /model/layers/1          must be >= 1; got 0',
      '  10:18  /train/learning_rate     must be > 0; got -0.1',
      '  11:13  /train/schedule          must be one of book, tokens, epochs; got "epoch"',
      '  13:16  /generation/temperature  must be > 0; got 0',
      '  14:15  /seeds/2                 duplicate value 1 (same as item 0)',
    ].join('\n'),
  );
});

test('generation.measure: counts, decodings, checkpoints, temperature and top_k are checked, unknown keys named', () => {
  assert.equal(
    problemsOf(spec('bad-measure.yaml')),
    [
      'test/fixtures/specs/bad-measure.yaml: 7 problems',
      '  4:14  /generation/measure/samples      must be >= 1; got 0',
      '  5:25  /generation/measure/decodings/1  must be one of greedy, sample, top_k; got "beam"',
      '  5:31  /generation/measure/decodings/2  duplicate value "greedy" (same as item 0)',
      '  6:9   /generation/measure/at           must not be an empty list',
      '  7:18  /generation/measure/temperature  must be > 0; got 0',
      '  8:12  /generation/measure/top_k        must be an integer; got 2.5',
      '  9:5   /generation/measure              unknown key "lenght" (did you mean "length"?)',
    ].join('\n'),
  );
  assert.equal(
    problemsOf(spec('minimal.yaml'), ['generation.measure=5']),
    'test/fixtures/specs/minimal.yaml: 1 problem\n  --set  /generation/measure  must be a mapping or null; got 5',
  );
  assert.equal(
    problemsOf(spec('minimal.yaml'), ['generation.measure.at=[last]']),
    'test/fixtures/specs/minimal.yaml: 1 problem\n  --set  /generation/measure/at/0  must be one of best, final; got "last"',
  );
});

test('a YAML syntax error is reported at its own position', () => {
  assert.equal(
    problemsOf(spec('yaml-syntax.yaml')),
    [
      'test/fixtures/specs/yaml-syntax.yaml: 1 problem',
      '  5:1  YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ].join('\n'),
  );
});

test('a missing required key points at the mapping that lacks it; a non-mapping file is refused', () => {
  assert.equal(
    problemsOf(spec('missing-name.yaml')),
    'test/fixtures/specs/missing-name.yaml: 1 problem\n  2:1  /  missing required key "name"',
  );
  assert.equal(
    problemsOf(spec('not-a-mapping.yaml')),
    'test/fixtures/specs/not-a-mapping.yaml: 1 problem\n  1:1  /  must be a mapping with at least a name; got [{"name":"a list"}]',
  );
});

test('a bad grid value is reported at its place in the grid list with the grid points it makes', () => {
  assert.equal(
    problemsOf(spec('bad-grid-value.yaml')),
    [
      'test/fixtures/specs/bad-grid-value.yaml: 3 problems',
      '  4:26  /grid/corpus.documents/1  must be >= 1; got 0 (grid point {model.type: rnn, corpus.documents: 0} and 1 other)',
      '  4:29  /grid/corpus.documents/2  must be an integer; got "many" (grid point {model.type: rnn, corpus.documents: many} and 1 other)',
      '  5:3   /grid                     unknown path "train.num_unrol" (did you mean "train.num_unroll"?)',
    ].join('\n'),
  );
});

test('mapping values in a grid are checked key by key inside the list item', () => {
  assert.equal(
    problemsOf(spec('grid-object-values.yaml')),
    [
      'test/fixtures/specs/grid-object-values.yaml: 2 problems',
      '  5:34  /grid/corpus.validation/1/fraction  must be < 1; got 1.5 (grid point {corpus.validation: {rule: fraction, fraction: 1.5}})',
      '  6:24  /grid/corpus.validation/2           unknown key "fractoin" (did you mean "fraction"?) (grid point {corpus.validation: {rule: fraction, fractoin: 0.2}})',
    ].join('\n'),
  );
});

test('zip lists of different lengths are refused', () => {
  assert.equal(
    problemsOf(spec('zip-mismatch.yaml')),
    [
      'test/fixtures/specs/zip-mismatch.yaml: 1 problem',
      '  4:24  /zip/train.docs_per_step  has 3 values but corpus.documents has 2; zip lists move together and need the same length',
    ].join('\n'),
  );
});

test('a path swept twice, a whole section, or seeds in a sweep are refused', () => {
  assert.equal(
    problemsOf(spec('sweep-conflict.yaml')),
    [
      'test/fixtures/specs/sweep-conflict.yaml: 4 problems',
      '  5:3   /grid   cannot sweep all of model; sweep keys inside it (e.g. model.type)',
      '  7:5   /zip/0  corpus.documents is already swept by grid; a path is swept in one place only',
      '  9:5   /zip/1  corpus.validation.rule overlaps corpus.validation (swept by grid); a path is swept in one place only',
      '  10:5  /zip/1  unknown path "seeds" (list seeds in the top-level seeds key)',
    ].join('\n'),
  );
});

test('cross-field rules: sigmoid with variant book, docs_per_step > documents, keys of the other validation rule', () => {
  assert.equal(
    problemsOf(spec('semantic.yaml')),
    [
      'test/fixtures/specs/semantic.yaml: 3 problems',
      '  6:16   /corpus/validation/documents  key "documents" is only used by rule book; this validation rule is fraction',
      "  10:15  /model/activation             activation sigmoid needs variant paper; variant book is the notebook's graph, which uses tanh",
      '  12:28  /grid/train.docs_per_step/1   train.docs_per_step (30) is larger than corpus.documents (20); each step draws docs_per_step different documents (grid point {train.docs_per_step: 30})',
    ].join('\n'),
  );
});

test('cross-field problems are reported together with schema problems; a defaulted value is shown at its partner', () => {
  assert.equal(
    problemsOf(spec('mixed-problems.yaml')),
    [
      'test/fixtures/specs/mixed-problems.yaml: 5 problems',
      '  3:14  /corpus/documents  train.docs_per_step (5) is larger than corpus.documents (3); each step draws docs_per_step different documents',
      '  4:10  /corpus/ngram      must be one of 1, 2, 3; got 5',
      "  7:15  /model/activation  activation sigmoid needs variant paper; variant book is the notebook's graph, which uses tanh",
      '  8:11  /model/layers      must be a list; got 12',
      '  9:3   /model             unknown key "hiden" (did you mean "hidden"?)',
    ].join('\n'),
  );
});

test('two grid points that resolve to the same run are refused', () => {
  assert.equal(
    problemsOf(spec('duplicate-config.yaml')),
    [
      'test/fixtures/specs/duplicate-config.yaml: 1 problem',
      '  3:23  /grid/corpus.path/1  grid points {corpus.path: data} and {corpus.path: ./data} give the same run configuration',
    ].join('\n'),
  );
});

test('bad --set overrides are located at --set: no "=", unknown keys, bad values, zip-swept paths', () => {
  assert.equal(
    problemsOf(spec('good-grid.yaml'), [
      'train.num_unroll',
      'train.num_unrol=3',
      'trian.batch_size=8',
      'model.hidden=zero',
      'corpus.documents=3',
      'grid.model.hidden=[8, 0]',
    ]),
    [
      'test/fixtures/specs/good-grid.yaml: 6 problems',
      '  --set                        expected path=value (e.g. train.num_unroll=10); got "train.num_unroll"',
      '  --set  /                     unknown key "trian" (did you mean "train"?)',
      '  --set  /corpus/documents     cannot set corpus.documents: zip sweeps corpus.documents (change the zip lists in the file)',
      '  --set  /grid/model.hidden/1  must be >= 1; got 0 (grid point {model.type: rnn, model.hidden: 0, corpus.documents: 20, train.docs_per_step: 5} and 3 others)',
      '  --set  /model/hidden         must be an integer; got "zero"',
      '  --set  /train                unknown key "num_unrol" (did you mean "num_unroll"?)',
    ].join('\n'),
  );
});

test('--set inside a mapping the grid sweeps whole is refused; --set of an unknown grid path is located at --set', () => {
  assert.equal(
    problemsOf(spec('grid-object-values.yaml'), ['corpus.validation.documents=5', 'grid.model.typ=[rnn]']),
    [
      'test/fixtures/specs/grid-object-values.yaml: 4 problems',
      '  --set  /corpus/validation/documents        cannot set corpus.validation.documents: the grid sweeps all of corpus.validation',
      '  --set  /grid                               unknown path "model.typ" (did you mean "model.type"?)',
      '  5:34   /grid/corpus.validation/1/fraction  must be < 1; got 1.5 (grid point {corpus.validation: {rule: fraction, fraction: 1.5}})',
      '  6:24   /grid/corpus.validation/2           unknown key "fractoin" (did you mean "fraction"?) (grid point {corpus.validation: {rule: fraction, fractoin: 0.2}})',
    ].join('\n'),
  );
});

test('a missing file is a user error naming it', () => {
  assert.throws(
    () => loadExperiment(join(fixturesDir, 'specs', 'no-such-file.yaml')),
    (error: unknown) =>
      error instanceof UserError &&
      error.message === `${join(fixturesDir, 'specs', 'no-such-file.yaml')}: cannot read the experiment file (no such file)`,
  );
});

test('the error message is one clickable line per problem: FILE:LINE:COL: /pointer message', () => {
  const cwd = process.cwd();
  process.chdir(projectRoot);
  try {
    assert.throws(
      () => loadExperiment(spec('unknown-key.yaml'), ['model.type=lstmm']),
      (error: unknown) => {
        assert.ok(error instanceof SpecError);
        assert.equal(
          error.message,
          [
            'test/fixtures/specs/unknown-key.yaml: --set /model/type must be one of rnn, rnncf, stacked, lstm; got "lstmm"',
            'test/fixtures/specs/unknown-key.yaml:4:3: /model unknown key "hiden" (did you mean "hidden"?)',
            'test/fixtures/specs/unknown-key.yaml:6:3: /train unknown key "num_unrol" (did you mean "num_unroll"?)',
            'test/fixtures/specs/unknown-key.yaml:10:3: /generation unknown key "learning_rate" (it belongs under train)',
          ].join('\n'),
        );
        return true;
      },
    );
  } finally {
    process.chdir(cwd);
  }
});

test('YAML that never ends is refused as a problem, not a crash: aliases that contain themselves, in the file or in --set', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-yaml-'));
  try {
    const path = join(dir, 'loop.yaml');
    writeFileSync(path, 'name: loop\ndescription: &a [*a]\n');
    assert.throws(() => loadExperiment(path), {
      message: `${path}:2:18: YAML: an alias refers to a value that contains it (e.g. &a [*a]), which has no end; write the value out`,
    });
    const minimal = join(dir, 'minimal.yaml');
    writeFileSync(minimal, 'name: minimal\n');
    assert.throws(() => loadExperiment(minimal, ['model.layers=&a [1, *a]']), {
      message: `${minimal}: --set /model/layers value contains itself through an alias (e.g. &a [*a]); got "&a [1, *a]"`,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
