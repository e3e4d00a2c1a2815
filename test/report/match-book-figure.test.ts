// matchBookFigure: a report sets the book's printed figures beside the grid point trained at the notebook's settings,
// checked on the project's own experiment files (their resolved configs, as `rnnlab run` builds them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadExperiment } from '../../src/config/load-experiment.js';
import { BOOK_FIGURES, type BookFigure } from '../../src/report/book-figures.js';
import type { ReportModel } from '../../src/report/build-report-model.js';
import type { RunResults } from '../../src/report/experiment-results.js';
import { groupRuns, type GridPoint } from '../../src/report/group-runs.js';
import { matchBookFigure } from '../../src/report/match-book-figure.js';
import { bookRows } from '../../src/report/report-text.js';
import { projectRoot } from '../helpers/paths.js';

const [RNN_20, RNNCF_100] = BOOK_FIGURES as [BookFigure, BookFigure];

/** The experiment file's grid points, each with its runs' resolved configs and grid parameters. */
function points(name: string, overrides: string[] = []): GridPoint[] {
  const experiment = loadExperiment(join(projectRoot, 'experiments', `${name}.yaml`), overrides);
  const runs = experiment.runs.map((run) => ({ run: { config: run.config, params: run.params } }) as unknown as RunResults);
  return groupRuns(runs, experiment.gridKeys, name);
}

function matched(name: string, figure: BookFigure, overrides: string[] = []): { label: string | null; differences: string[] } {
  const match = matchBookFigure(points(name, overrides), figure);
  return { label: match.point?.label ?? null, differences: match.differences };
}

test('book-ch6, the chapter as the notebook runs it, has both figures’ points', () => {
  assert.deepEqual(matched('book-ch6', RNN_20), { label: 'type=rnn, documents=20, docs_per_step=5', differences: [] });
  assert.deepEqual(matched('book-ch6', RNNCF_100), { label: 'type=rnncf, documents=100, docs_per_step=10', differences: [] });
});

test('an ablation is set beside the book at the book’s value of what it varies, not at its first grid point', () => {
  // Each grid lists another value first (hidden 32, context 0, learned α, num_unroll 1).
  assert.equal(matched('ablation-hidden', RNNCF_100).label, 'type=rnncf, hidden=64');
  assert.equal(matched('ablation-context', RNNCF_100).label, 'context=64');
  assert.equal(matched('ablation-alpha', RNNCF_100).label, 'alpha=0.9, learn_alpha=false');
  assert.equal(matched('ablation-unroll', RNNCF_100).label, 'type=rnncf, num_unroll=50, schedule=book');
});

test('the tokens schedule at the book’s 100 updates per document trains as the book does and matches', () => {
  const unroll = points('ablation-unroll').filter((point) => point.values['train.num_unroll'] === 50 && point.values['model.type'] === 'rnncf');
  const tokens = unroll.filter((point) => point.values['train.schedule'] === 'tokens');
  assert.equal(tokens.length, 1);
  assert.equal(matchBookFigure(tokens, RNNCF_100).point, tokens[0]);
});

test('a point that differs says how: the paper’s RNN-CF, or a setting changed with --set', () => {
  // The paper's RNN-CF: another variant and activation. Its plain RNN is the notebook's (activation is RNN-CF's alone).
  assert.deepEqual(matched('book-ch6-scrn', RNNCF_100), {
    label: null,
    differences: ['model.variant paper (the book: book)', 'model.activation sigmoid (the book: tanh)'],
  });
  assert.deepEqual(matched('book-ch6-scrn', RNN_20).differences, []);
  assert.deepEqual(matched('book-ch6', RNN_20, ['train.learning_rate=0.01', 'train.num_steps=10']), {
    label: null,
    differences: ['train.learning_rate 0.01 (the book: 0.001)', 'train.num_steps 10 (the book: 26)'],
  });
});

test('a point whose seeds differ in a setting does not match; no point of the model and documents: no differences', () => {
  const [first] = points('book-ch6').filter((point) => point.values['model.type'] === 'rnn' && point.values['corpus.documents'] === 20);
  const mixed = { ...first, runs: first.runs.map((result, i) => (i === 0 ? result : withHidden(result, 32))) };
  assert.deepEqual(matchBookFigure([mixed], RNN_20).differences, ['model.hidden 64 and 32 (the book: 64)']);
  assert.deepEqual(matched('ablation-lstm', RNNCF_100), { label: null, differences: [] });
  assert.deepEqual(matched('quickstart', RNN_20), { label: null, differences: [] });
});

function withHidden(result: RunResults, hidden: number): RunResults {
  const { run } = result;
  return { ...result, run: { ...run, config: { ...run.config, model: { ...run.config.model, hidden } } } };
}

test('the report’s book table says which settings keep a point from the comparison', () => {
  const model = { book: [{ book: RNNCF_100, ours: null, differences: ['model.variant paper (the book: book)', 'model.hidden 32 (the book: 64)'] }] };
  assert.deepEqual(bookRows(model as unknown as ReportModel)[1], [
    'RNN-CF, 100',
    'this experiment',
    'not at the book’s settings: model.variant paper (the book: book); model.hidden 32 (the book: 64)',
    '', '', '',
  ]);
});
