// The dashboard's JSON API: one GET route per view, each reading through the store's read-only connections.
import { UserError } from '../config/user-error.js';
import { formatRows } from '../report/format-rows.js';
import type { UiDatabase } from './open-ui-databases.js';
import { findUiDatabase } from './find-ui-database.js';
import { listExperimentSummaries } from './list-experiment-summaries.js';
import { listRunRows } from './list-run-rows.js';
import { buildCurveSeries, checkCurveMetric } from './build-curve-series.js';
import { buildCompareView } from './build-compare-view.js';
import { buildRunPage } from './build-run-page.js';
import { buildSamplePairs } from './build-sample-pairs.js';
import { listSchema } from './list-schema.js';
import type { BoundedQueryRunner } from './run-bounded-query.js';
import { toJsonText } from './to-json-text.js';

export interface ApiAnswer {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

export interface ApiContext {
  databases: readonly UiDatabase[];
  queries: BoundedQueryRunner;
  now: () => number;
}

function json(value: unknown, status = 200): ApiAnswer {
  return { status, contentType: 'application/json; charset=utf-8', body: toJsonText(value) };
}

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null || value === '') throw new UserError(`missing query parameter "${name}"`);
  return value;
}

function list(text: string | null): string[] {
  return text === null ? [] : text.split(',').map((item) => item.trim()).filter(Boolean);
}

/** Answers GET /api/…; null when the path is no API route. A UserError becomes 400 with its message. */
export async function answerApiRequest(path: string, params: URLSearchParams, context: ApiContext): Promise<ApiAnswer | null> {
  const { databases } = context;
  const database = () => findUiDatabase(databases, params.get('db'));
  try {
    switch (path) {
      case '/api/databases':
        return json(databases.map(({ index, path: dbPath }) => ({ index, path: dbPath })));
      case '/api/experiments':
        return json(listExperimentSummaries(databases));
      case '/api/runs':
        return json(listRunRows(database().store, required(params, 'experiment'), context.now()));
      case '/api/curves':
        return json(
          buildCurveSeries(database().store, required(params, 'experiment'), {
            metric: checkCurveMetric(params.get('metric')),
            by: list(params.get('by')),
            runs: params.has('runs') ? list(params.get('runs')) : null,
          }),
        );
      case '/api/compare':
        return json(
          buildCompareView(database().store, required(params, 'experiment'), {
            by: params.get('by'),
            metric: params.get('metric'),
            at: params.get('at'),
            sort: params.get('sort'),
          }),
        );
      case '/api/run':
        return json(buildRunPage(database().store, required(params, 'id'), params.get('diff')));
      case '/api/samples':
        return json(buildSamplePairs(database().store, required(params, 'a'), required(params, 'b')));
      case '/api/schema':
        return json(listSchema(database().store));
      case '/api/query':
      case '/api/query.csv': {
        const { path: dbPath } = database();
        const sql = required(params, 'sql');
        const result = await context.queries.run(dbPath, sql);
        if (!result.ok) return json({ error: result.message }, result.userError ? 400 : 500);
        if (path === '/api/query') return json(result);
        return {
          status: 200,
          contentType: 'text/csv; charset=utf-8',
          headers: { 'content-disposition': 'attachment; filename="query.csv"' },
          body: formatRows(result.columns, result.rows, 'csv'),
        };
      }
      default:
        return null;
    }
  } catch (error) {
    if (error instanceof UserError) return json({ error: error.message }, 400);
    throw error;
  }
}
