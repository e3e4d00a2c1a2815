// Run ids: the same resolved config always gives the same id; any changed value gives a new one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { loadExperiment } from '../../src/config/load-experiment.js';
import type { RunConfig } from '../../src/config/run-config.js';
import { runId } from '../../src/config/run-id.js';
import { fixturesDir } from '../helpers/paths.js';

function baseConfig(): RunConfig {
  return loadExperiment(join(fixturesDir, 'specs', 'minimal.yaml')).runs[0].config;
}

/** Every leaf path of a config (arrays as leaves). */
function leafPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
  }
  return [prefix];
}

function changed(value: unknown): unknown {
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'string') return `${value}x`;
  if (value === null) return 'x';
  if (Array.isArray(value)) return [...value, 1];
  throw new Error(`unexpected leaf ${String(value)}`);
}

test('the id is 12 hex digits of the SHA-256 of the config with keys sorted, whatever the key order', () => {
  const config = baseConfig();
  const reversed = JSON.parse(JSON.stringify(config, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
  )) as RunConfig;
  assert.notEqual(JSON.stringify(reversed), JSON.stringify(config));
  assert.equal(runId('exp', reversed), runId('exp', config));
  assert.match(runId('exp', config), /^[0-9a-f]{12}$/);
  // Independent canonical form: sort keys by hand for this two-level check.
  const sorted = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])]))
      : v;
  const expected = createHash('sha256').update(JSON.stringify(sorted({ experiment: 'exp', config }))).digest('hex').slice(0, 12);
  assert.equal(runId('exp', config), expected);
});

test('changing any single value, seed included, changes the id; loading twice does not', () => {
  const config = baseConfig();
  assert.equal(runId('exp', baseConfig()), runId('exp', config));
  const ids = new Set([runId('exp', config)]);
  const paths = leafPaths(config);
  assert.ok(paths.some((p) => p.join('.') === 'seed'));
  for (const path of paths) {
    const copy = structuredClone(config) as unknown as Record<string, unknown>;
    let parent = copy;
    for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string, unknown>;
    parent[path[path.length - 1]] = changed(parent[path[path.length - 1]]);
    const id = runId('exp', copy as unknown as RunConfig);
    assert.ok(!ids.has(id), `changing ${path.join('.')} kept an existing id`);
    ids.add(id);
  }
});

test('the same config in two experiments gets two ids, so each experiment owns its runs', () => {
  const config = baseConfig();
  assert.notEqual(runId('book-ch6', config), runId('ablation-alpha', config));
  assert.equal(runId('book-ch6', config), runId('book-ch6', baseConfig()));
});
