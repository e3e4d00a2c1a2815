// The dashboard's web server (plain node:http: a fixed asset table, a few GET routes and one event stream need no
// framework): serves the page, its assets and the JSON API, and pushes "changed" events for live views.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { answerApiRequest, type ApiContext } from './answer-api-request.js';
import { listUiAssets } from './list-ui-assets.js';
import type { UiDatabase } from './open-ui-databases.js';
import { createBoundedQueryRunner, DEFAULT_QUERY_LIMITS, type QueryLimits } from './run-bounded-query.js';
import { watchDatabases } from './watch-databases.js';

export interface UiServerOptions {
  databases: readonly UiDatabase[];
  host: string;
  /** 0 = any free port. */
  port: number;
  limits?: QueryLimits;
  /** How often live views look for changes (ms). */
  pollMs?: number;
}

export interface UiServer {
  url: string;
  close(): Promise<void>;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** A page on a loopback address answers only to loopback host names: another site's page cannot reach it through
 *  DNS rebinding (its requests carry that site's name in Host). */
function hostAllowed(request: IncomingMessage, boundHost: string): boolean {
  if (!['127.0.0.1', '::1', 'localhost'].includes(boundHost)) return true;
  const name = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  return LOOPBACK_NAMES.includes(name);
}

export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const assets = listUiAssets();
  const watch = watchDatabases(options.databases, options.pollMs ?? 1000);
  const context: ApiContext = {
    databases: options.databases,
    queries: createBoundedQueryRunner(options.limits ?? DEFAULT_QUERY_LIMITS),
    now: Date.now,
  };
  const streams = new Set<ServerResponse>();

  const send = (response: ServerResponse, status: number, contentType: string, body: string | Buffer, headers = {}) => {
    response.writeHead(status, {
      'content-type': contentType,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...headers,
    });
    response.end(body);
  };

  const stream = (request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    response.write('retry: 2000\n\n');
    streams.add(response);
    const unsubscribe = watch.subscribe((db) => response.write(`event: change\ndata: {"db":${db}}\n\n`));
    const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), 15_000);
    request.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
      streams.delete(response);
    });
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    if (!hostAllowed(request, options.host)) return send(response, 403, 'text/plain', 'forbidden host\n');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return send(response, 405, 'text/plain', 'only GET\n', { allow: 'GET, HEAD' });
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/api/events') return stream(request, response);
    const answer = await answerApiRequest(url.pathname, url.searchParams, context);
    if (answer !== null) return send(response, answer.status, answer.contentType, answer.body, answer.headers);
    const asset = assets.get(url.pathname);
    if (asset === undefined) return send(response, 404, 'text/plain', 'not found\n');
    send(response, 200, asset.contentType, await readFile(asset.file));
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => {
      process.stderr.write(`rnnlab ui: ${request.method} ${request.url}: ${error.stack ?? error.message}\n`);
      if (!response.headersSent) send(response, 500, 'text/plain', `internal error: ${error.message}\n`);
      else response.end();
    });
  });
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolvePromise());
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${hostInUrl}:${port}/`,
    close: () =>
      new Promise<void>((resolvePromise) => {
        watch.close();
        context.queries.close();
        for (const response of streams) response.end();
        server.close(() => resolvePromise());
        server.closeAllConnections();
      }),
  };
}
