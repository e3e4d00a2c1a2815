// The schema itself: valid 2020-12 for ajv's strict mode, documented everywhere, and in step with RunConfig.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { experimentSchema, schemaValidators, SECTION_NAMES, sweepablePaths } from '../../src/config/experiment-schema.js';
import type { JsonSchema } from '../../src/config/experiment-schema.js';
import { loadExperiment } from '../../src/config/load-experiment.js';
import { fixturesDir } from '../helpers/paths.js';

function walk(schema: JsonSchema, path: string, visit: (schema: JsonSchema, path: string) => void): void {
  visit(schema, path);
  for (const [key, child] of Object.entries(schema.properties ?? {})) walk(child, `${path}/${key}`, visit);
}

test('the schema compiles under ajv 2020 strict mode and declares draft 2020-12', () => {
  const schema = experimentSchema();
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  const { spec, run } = schemaValidators();
  assert.equal(typeof spec, 'function');
  assert.equal(typeof run, 'function');
});

test('every property has a description; mappings refuse unknown keys', () => {
  walk(experimentSchema(), '', (schema, path) => {
    assert.ok(typeof schema.description === 'string' && schema.description.length > 10, `${path || '/'} has no description`);
    if (schema.properties) assert.equal(schema.additionalProperties, false, `${path} allows unknown keys`);
  });
});

test('every run setting has a default except model.activation, the keys a test set must give and a seed rule\'s max (which bounds its cost), and each default passes its own schema', () => {
  const missing: string[] = [];
  walk(experimentSchema(), '', (schema, path) => {
    if (path !== '' && path !== '/name' && schema.default === undefined) missing.push(path);
  });
  // corpus.test is null by default; a test set, once written, must say where it starts and how many documents it holds.
  assert.deepEqual(missing, ['/corpus/test/from', '/corpus/test/count', '/model/activation', '/seeds/max']);
  // The defaults of the whole file validate (a file of only a name is valid).
  const { spec } = schemaValidators();
  const defaults = Object.fromEntries(
    Object.entries(experimentSchema().properties!).filter(([, s]) => s.default !== undefined).map(([k, s]) => [k, s.default]),
  );
  assert.ok(spec({ name: 'x', ...defaults }), JSON.stringify(spec.errors));
});

test('the schema sections hold exactly the keys of a resolved RunConfig', () => {
  const config = loadExperiment(join(fixturesDir, 'specs', 'minimal.yaml')).runs[0].config as unknown as Record<string, Record<string, unknown>>;
  const schema = experimentSchema();
  assert.deepEqual([...SECTION_NAMES, 'seed'], Object.keys(config));
  for (const section of SECTION_NAMES) {
    assert.deepEqual(Object.keys(schema.properties![section].properties!).sort(), Object.keys(config[section]).sort(), section);
  }
  // corpus.validation lists both rules' fields; the resolved book rule keeps its own (and the stream, common to both).
  assert.deepEqual(Object.keys(schema.properties!.corpus.properties!.validation.properties!).sort(), ['documents', 'fraction', 'rule', 'stream', 'tokens_per_document']);
});

test('sweepable paths are every key path inside the run sections', () => {
  const paths = sweepablePaths();
  for (const path of ['model.type', 'corpus.documents', 'corpus.validation', 'corpus.validation.rule', 'generation.seed_text']) {
    assert.ok(paths.includes(path), path);
  }
  assert.ok(!paths.includes('seeds') && !paths.includes('name') && !paths.includes('model'));
});
