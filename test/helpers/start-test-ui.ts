// Starts the dashboard's server in-process on a free loopback port over some databases, for the ui tests.
import { request } from 'node:http';
import { openUiDatabases } from '../../src/ui/open-ui-databases.js';
import { startUiServer } from '../../src/ui/serve-ui.js';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from '../../src/ui/run-bounded-query.js';

export interface TestUi {
  url: string;
  /** GET a path exactly as written (no URL normalization: "..", %2e stay as sent). */
  get(path: string, headers?: Record<string, string>, method?: string): Promise<{ status: number; type: string; body: string }>;
  close(): Promise<void>;
}

export async function startTestUi(dbPaths: string[], limits: Partial<QueryLimits> = {}, pollMs = 200): Promise<TestUi> {
  const databases = openUiDatabases(dbPaths);
  const server = await startUiServer({
    databases,
    host: '127.0.0.1',
    port: 0,
    limits: { ...DEFAULT_QUERY_LIMITS, ...limits },
    pollMs,
  });
  const { port } = new URL(server.url);
  return {
    url: server.url,
    get: (path, headers = {}, method = 'GET') =>
      new Promise((resolvePromise, reject) => {
        const req = request({ host: '127.0.0.1', port: Number(port), path, method, headers }, (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk) => (body += chunk));
          response.on('end', () =>
            resolvePromise({ status: response.statusCode ?? 0, type: String(response.headers['content-type']), body }),
          );
        });
        req.on('error', reject);
        req.end();
      }),
    close: async () => {
      await server.close();
      for (const database of databases) database.store.close();
    },
  };
}
