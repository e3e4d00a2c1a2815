// Runs one SQL box statement in a child process with a row limit and a time limit: a runaway query (an endless
// recursive CTE) is killed at the limit while the server keeps serving.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { QueryChildAnswer, QueryChildRequest } from './query-child-main.js';

export interface QueryLimits {
  maxRows: number;
  timeoutMs: number;
  /** V8 heap cap of the child (MB): a result of huge cells ends the child, not the server. */
  maxHeapMb: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxRows: 1000, timeoutMs: 5000, maxHeapMb: 256 };

const childPath = fileURLToPath(new URL('./query-child-main.js', import.meta.url));

export function runBoundedQuery(dbPath: string, sql: string, limits: QueryLimits): Promise<QueryChildAnswer> {
  return new Promise((resolvePromise) => {
    const child = fork(childPath, [], {
      execArgv: [`--max-old-space-size=${limits.maxHeapMb}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let settled = false;
    let stderr = '';
    const settle = (result: QueryChildAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolvePromise(result);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle({
        ok: false,
        userError: true,
        message: `query stopped: it ran longer than the ${limits.timeoutMs / 1000} s limit`,
      });
    }, limits.timeoutMs);
    child.stderr?.on('data', (chunk) => (stderr = (stderr + chunk).slice(0, 4000))); // V8 says why it aborts first
    child.on('message', (message: QueryChildAnswer) => settle(message));
    child.on('error', (error) => settle({ ok: false, userError: false, message: `query process: ${error.message}` }));
    // 'close', not 'exit': by then its stderr has been read, so an out-of-memory abort can be told apart.
    child.on('close', (code, signal) => {
      if (/heap out of memory|allocation failed/i.test(stderr)) {
        settle({
          ok: false,
          userError: true,
          message: `query stopped: its result did not fit the ${limits.maxHeapMb} MB memory limit; select fewer rows or shorter values`,
        });
      }
      const how = signal === null ? `exit code ${code}` : `signal ${signal}`;
      settle({ ok: false, userError: false, message: `query process ended without an answer (${how}): ${stderr.trim().split('\n')[0]}` });
    });
    const request: QueryChildRequest = { path: dbPath, sql, maxRows: limits.maxRows };
    child.send(request);
  });
}
