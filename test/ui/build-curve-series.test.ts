// The Curves view's book overlay: a figure is labelled plainly only beside a line trained at the notebook's settings
// (as the report sets it beside a grid point); otherwise its label says how the nearest line differs.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadExperiment } from '../../src/config/load-experiment.js';
import { openStore } from '../../src/store/results-store.js';
import { buildCurveSeries } from '../../src/ui/build-curve-series.js';
import { projectRoot } from '../helpers/paths.js';
import { epochReport } from '../helpers/store-fixtures.js';

test('ablation-hidden: the RNN-CF figure plain beside hidden 64; a line averaged over hidden sizes gets the caveat', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-curves-'));
  const store = openStore(join(dir, 'results.sqlite'));
  try {
    // The experiment file's own resolved runs, one epoch each.
    const specPath = join(projectRoot, 'experiments', 'ablation-hidden.yaml');
    const experiment = loadExperiment(specPath, []);
    store.saveExperiment({ name: experiment.name, specPath, specText: readFileSync(specPath, 'utf8') });
    const id = (i: number) => `run-${String(i).padStart(2, '0')}`;
    store.registerRuns(experiment.name, experiment.runs.map((run, i) => ({ id: id(i), config: run.config, params: run.params })));
    experiment.runs.forEach((_, i) => {
      store.claimRun(id(i), { pid: 1, host: 'box', backend: 'cpu', packageVersion: 'test' });
      store.recordEpoch(id(i), epochReport(1, 30));
    });
    const labels = (by: string[]) =>
      buildCurveSeries(store, experiment.name, { metric: 'valid_perplexity', by, runs: null }).book.map((overlay) => overlay.label);
    assert.deepEqual(experiment.gridKeys, ['model.type', 'model.hidden']);
    // The RNN figure is for 20 documents: no line of this experiment has that, so it is not drawn.
    assert.deepEqual(labels(experiment.gridKeys), ['book: rnncf, 100 documents']);
    assert.deepEqual(labels(['model.type']), [
      'book: rnncf, 100 documents (not at the book’s settings: model.hidden 32 and 64 and 128 (the book: 64))',
    ]);
    // One line for all runs mixes the two models: no figure applies.
    assert.deepEqual(labels([]), []);
    // Single runs: the caveat names what the nearest run differs in, and how many more.
    const small = experiment.runs.findIndex((run) => run.config.model.type === 'rnncf' && run.config.model.hidden === 32);
    const perRun = buildCurveSeries(store, experiment.name, { metric: 'train_perplexity', by: [], runs: [id(small)] });
    assert.deepEqual(perRun.book.map((overlay) => overlay.label), ['book: rnncf, 100 documents (not at the book’s settings: model.hidden 32 (the book: 64))']);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
