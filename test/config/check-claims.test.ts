// Claims in an experiment file checked against its grid: every problem at once, at FILE:LINE:COL with its pointer,
// schema errors beside the grid checks; and which grid points a claim pairs into parts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readClaimSpecs } from '../../src/config/claim-spec.js';
import { pairClaimPoints } from '../../src/config/pair-claim-points.js';
import { runCli } from '../helpers/run-cli.js';
import { projectRoot } from '../helpers/paths.js';

test('rnnlab validate lists every claim problem of a file at its line and column, exit 2', async () => {
  const file = 'test/fixtures/specs/bad-claims.yaml';
  const result = await runCli(['validate', '--no-corpus', file], { cwd: projectRoot });
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  assert.deepEqual(
    result.stderr.trim().split('\n').map((line) => line.replace(`${file}:`, '')),
    [
      '11:43: /claims/0/compare/b "model.typo" is not a grid or zip key of this experiment; its grid and zip keys are model.type, model.hidden, corpus.documents, train.docs_per_step',
      '13:9: /claims/1/id claim id "typo-key" is already used by claim 0',
      '15:55: /claims/1/compare/b/model.type model.type never takes lstm in this grid; it takes rnn, rnncf',
      '16:13: /claims/1/expect expect equivalent needs a margin (the largest difference that counts as equivalent)',
      '17:5: /claims/1 last_epochs applies to late_valid_slope, not to metric test_perplexity',
      '20:5: /claims/2/compare arms a and b pick the same grid points; a claim compares two different arms',
      '27:13: /claims/3/where model.type is set by an arm; the restriction must name other keys',
      '29:5: /claims/3 margin goes with expect equivalent; this claim expects lower',
      '32:5: /claims/4/compare no grid point of arm a has exactly one partner in arm b that differs only in model.type, model.hidden (the partner must share corpus.documents, train.docs_per_step)',
      '39:13: /claims/5/metric must be one of test_perplexity, best_valid_perplexity, final_valid_perplexity, valid_fluctuation, late_valid_slope, distinct_word_4grams, distinct_char_8grams, longest_repeat; got "perplexity"',
      '40:13: /claims/5/expect must be one of lower, higher, equivalent; got "lowr"',
      '44:10: /claims/6/compare/a arm a {model.type: rnncf, corpus.documents: 20, train.docs_per_step: 10} matches no grid point',
    ],
  );
});

const point = (type: string, documents: number, perStep: number) => ({
  values: { 'model.type': type, 'corpus.documents': documents, 'train.docs_per_step': perStep },
});
const POINTS = [point('rnn', 20, 5), point('rnn', 100, 10), point('rnncf', 20, 5), point('rnncf', 100, 10)];
const ZIP = [['corpus.documents', 'train.docs_per_step']];
const spec = (fields: Record<string, unknown>) =>
  readClaimSpecs([{ id: 'c', statement: 's', expect: 'lower', ...fields }])[0];

test('a part pairs each point of a with the one point of b that differs only in the arms’ keys', () => {
  const pairing = pairClaimPoints(spec({ compare: { a: { 'model.type': 'rnncf' }, b: { 'model.type': 'rnn' } } }), POINTS, ZIP);
  assert.deepEqual(
    pairing.parts.map((part) => [part.a, part.b, part.label]),
    [
      [POINTS[2], POINTS[0], 'corpus.documents=20, train.docs_per_step=5'],
      [POINTS[3], POINTS[1], 'corpus.documents=100, train.docs_per_step=10'],
    ],
  );
  assert.deepEqual(pairing.movingKeys, ['model.type']);
});

test('a zip key moves with the arm key it is zipped with; where narrows the points and leaves the label', () => {
  const pairing = pairClaimPoints(
    spec({ compare: { a: { 'corpus.documents': 100 }, b: { 'corpus.documents': 20 } }, where: { 'model.type': 'rnn' } }),
    POINTS,
    ZIP,
  );
  assert.deepEqual(pairing.movingKeys, ['corpus.documents', 'train.docs_per_step']);
  assert.deepEqual(pairing.parts.map((part) => [part.a, part.b, part.label]), [[POINTS[1], POINTS[0], '']]);
  // Without the zip, docs_per_step would have to match and 100 documents would find no partner.
  const unzipped = pairClaimPoints(spec({ compare: { a: { 'corpus.documents': 100 }, b: { 'corpus.documents': 20 } }, where: { 'model.type': 'rnn' } }), POINTS, []);
  assert.equal(unzipped.parts.length, 0);
  assert.deepEqual(unzipped.unpairedA, [POINTS[1]]);
  assert.deepEqual(unzipped.unpairedB, [POINTS[0]]);
});

test('validate counts the claims and warns, without failing, about metrics the runs will not record', async () => {
  const file = 'test/fixtures/specs/claims-needing-data.yaml';
  const result = await runCli(['validate', '--no-corpus', file], { cwd: projectRoot });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(
    result.stdout,
    [
      `${file}: ok, 6 runs (2 grid points × 3 seeds), 4 claims (3 primary)`,
      '  claim lower: test_perplexity needs corpus.test (documents held out from training and from choosing), so it will be "not enough data"',
      '  claim steadier: valid_fluctuation needs 5 validated epochs from epoch 1 on; the runs validate 3, so it will be "not enough data"',
      '  claim variety: distinct_word_4grams needs greedy measurement samples of the final weights (generation.measure.at and decodings), so it will be "not enough data"',
      '',
    ].join('\n'),
  );
});

test('arm b may name another experiment of the same folder: its grid is checked, and its points pair by shared keys', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-claims-'));
  try {
    writeFileSync(join(dir, 'base.yaml'), 'name: base\nseeds: [1, 2, 3]\ngrid:\n  model.type: [rnn, rnncf]\n  corpus.documents: [20, 100]\n');
    writeFileSync(
      join(dir, 'lstm.yaml'),
      [
        'name: lstm',
        'model: {type: lstm}',
        'seeds: [1, 2, 3]',
        'grid:',
        '  corpus.documents: [20, 100]',
        'claims:',
        '  - {id: good, statement: s, expect: lower, compare: {a: {}, b: {experiment: base, model.type: rnn}}}',
        '  - {id: nowhere, statement: s, expect: lower, compare: {a: {}, b: {experiment: missing, model.type: rnn}}}',
        '  - {id: not-swept-there, statement: s, expect: lower, compare: {a: {}, b: {experiment: base, model.hidden: 64}}}',
        '  - {id: empty-arm, statement: s, expect: lower, compare: {a: {}, b: {corpus.documents: 20}}}',
        '',
      ].join('\n'),
    );
    const result = await runCli(['validate', '--no-corpus', join(dir, 'lstm.yaml')]);
    assert.equal(result.code, 2);
    assert.deepEqual(result.stderr.trim().split('\n').map((line) => line.slice(join(dir, 'lstm.yaml').length + 1)), [
      `8:81: /claims/1/compare/b/experiment no experiment file in ${dir} declares experiment "missing"`,
      '9:95: /claims/2/compare/b "model.hidden" is not a grid or zip key of experiment base; its grid and zip keys are model.type, corpus.documents',
      "10:63: /claims/3/compare/a arm a names no grid value; only a comparison with another experiment (experiment: in b) may take all of this one's runs",
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('across experiments, a part pairs a point with the one of the other experiment that shares the keys both sweep', () => {
  const lstm = [{ values: { 'corpus.documents': 20 } }, { values: { 'corpus.documents': 100 } }];
  const claim = spec({ compare: { a: {}, b: { 'model.type': 'rnn', experiment: 'base' } } });
  assert.equal(claim.against, 'base');
  assert.deepEqual(claim.b, { 'model.type': 'rnn' });
  const pairing = pairClaimPoints(claim, lstm, [], { points: POINTS, zipKeyGroups: ZIP });
  // base's docs_per_step is zipped with its documents, which the LSTM's grid sweeps alone: it moves with them.
  assert.deepEqual(pairing.parts.map((part) => [part.a, part.b, part.label]), [
    [lstm[0], POINTS[0], 'corpus.documents=20'],
    [lstm[1], POINTS[1], 'corpus.documents=100'],
  ]);
});
