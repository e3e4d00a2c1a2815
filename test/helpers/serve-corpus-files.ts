// A local HTTP server on 127.0.0.1 serving a directory's files read-only, with injectable faults for fetch tests.
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

/** What the server does with one request: serve the file, flip a byte, drop the connection mid-body, or a status. */
export type Fault = 'ok' | 'corrupt' | 'drop' | 'stall-headers' | 'stall-body' | 500 | 404;

export interface CorpusServer {
  baseUrl: string;
  /** Requests received per file name. */
  requests: Map<string, number>;
  close(): Promise<void>;
}

/** `fault(name, attempt)` (attempt counts from 1 per file) picks the behaviour of each request; default always 'ok'. */
export async function serveCorpusFiles(
  dir: string,
  fault: (name: string, attempt: number) => Fault = () => 'ok',
): Promise<CorpusServer> {
  const requests = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const name = decodeURIComponent((request.url ?? '/').split('/').pop() ?? '');
    const attempt = (requests.get(name) ?? 0) + 1;
    requests.set(name, attempt);
    let body: Buffer;
    try {
      if (!/^\d{3}\.txt$/.test(name)) throw new Error('not a corpus file');
      body = readFileSync(join(dir, name));
    } catch {
      response.writeHead(404).end('not found');
      return;
    }
    const action = fault(name, attempt);
    // A stalled server keeps the connection open and sends nothing more (close() ends it).
    if (action === 'stall-headers') return;
    if (action === 500 || action === 404) {
      response.writeHead(action).end('fault');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/plain', 'content-length': body.length });
    if (action === 'stall-body') {
      response.write(body.subarray(0, Math.floor(body.length / 2)));
      return;
    }
    if (action === 'drop') {
      // Half the promised bytes, then a hard close: the client sees a truncated body.
      response.write(body.subarray(0, Math.floor(body.length / 2)), () => response.socket?.destroy());
      return;
    }
    if (action === 'corrupt') {
      body = Buffer.from(body);
      body[Math.floor(body.length / 2)] ^= 0x20;
    }
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/grimmtmp`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
