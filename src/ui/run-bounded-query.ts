// Runs SQL box statements each in its own child process with a row limit and a time limit: a runaway query (an
// endless recursive CTE) is killed at the limit while the server keeps serving. The next query's process is started
// ahead of time (loading its modules takes most of a short query's time); each process answers one query and exits.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { QueryChildAnswer, QueryChildRequest } from './query-child-main.js';

export interface QueryLimits {
  maxRows: number;
  timeoutMs: number;
  /** V8 heap cap of the child (MB): a result of huge cells ends the child, not the server. */
  maxHeapMb: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxRows: 1000, timeoutMs: 5000, maxHeapMb: 256 };

export interface BoundedQueryRunner {
  run(dbPath: string, sql: string): Promise<QueryChildAnswer>;
  /** Kills the spare process and any query still running. */
  close(): void;
}

const childPath = fileURLToPath(new URL('./query-child-main.js', import.meta.url));

/** A query process that has not loaded in this long is given up (it normally takes well under a second). */
const STARTUP_LIMIT_MS = 30_000;

interface QueryProcess {
  child: ChildProcess;
  /** Resolves once the process has loaded its modules and waits for its query. */
  ready: Promise<void>;
  /** The head of its stderr: V8 says first why it aborts. */
  stderr: string;
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exited: boolean;
}

export function createBoundedQueryRunner(limits: QueryLimits): BoundedQueryRunner {
  const live = new Set<ChildProcess>();
  let spare: QueryProcess | null = null;
  let shut = false;

  const start = (): QueryProcess => {
    const child = fork(childPath, [], {
      execArgv: [`--max-old-space-size=${limits.maxHeapMb}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    live.add(child);
    const process: QueryProcess = {
      child,
      stderr: '',
      exited: false,
      ready: new Promise((done) => child.once('message', () => done())),
      closed: Promise.resolve({ code: null, signal: null }),
    };
    child.stderr?.on('data', (chunk) => (process.stderr = (process.stderr + chunk).slice(0, 4000)));
    // 'close', not 'exit': by then its stderr has been read, so an out-of-memory abort can be told apart.
    process.closed = new Promise((done) =>
      child.on('close', (code, signal) => {
        process.exited = true;
        live.delete(child);
        done({ code, signal });
      }),
    );
    child.on('error', () => undefined); // a failed spawn shows as 'close' with an error code
    return process;
  };

  const take = (): QueryProcess => {
    const taken = spare !== null && !spare.exited ? spare : start();
    spare = start();
    return taken;
  };

  return {
    run(dbPath, sql) {
      if (shut) return Promise.resolve({ ok: false, userError: false, message: 'query runner is closed' });
      const query = take();
      return new Promise((resolvePromise) => {
        let settled = false;
        const settle = (result: QueryChildAnswer) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolvePromise(result);
        };
        // Until the query is sent, a guard against a process that never starts; then the query's own limit.
        let timer: NodeJS.Timeout | undefined = setTimeout(() => {
          query.child.kill('SIGKILL');
          settle({ ok: false, userError: false, message: `query process did not start within ${STARTUP_LIMIT_MS / 1000} s` });
        }, STARTUP_LIMIT_MS);
        query.closed.then(({ code, signal }) => {
          if (/heap out of memory|allocation failed/i.test(query.stderr)) {
            settle({
              ok: false,
              userError: true,
              message: `query stopped: its result did not fit the ${limits.maxHeapMb} MB memory limit; select fewer rows or shorter values`,
            });
          }
          const how = signal === null ? `exit code ${code}` : `signal ${signal}`;
          const why = query.stderr.trim().split('\n')[0];
          settle({ ok: false, userError: false, message: `query process ended without an answer (${how})${why ? `: ${why}` : ''}` });
        });
        // The time limit counts from the moment the query is sent, not from the process's start.
        query.ready.then(() => {
          if (settled) return;
          query.child.on('message', (message: QueryChildAnswer) => settle(message));
          clearTimeout(timer);
          timer = setTimeout(() => {
            query.child.kill('SIGKILL');
            settle({ ok: false, userError: true, message: `query stopped: it ran longer than the ${limits.timeoutMs / 1000} s limit` });
          }, limits.timeoutMs);
          const request: QueryChildRequest = { path: dbPath, sql, maxRows: limits.maxRows };
          query.child.send(request, (error) => {
            if (error) settle({ ok: false, userError: false, message: `query process: ${error.message}` });
          });
        });
      });
    },
    close() {
      shut = true;
      spare = null;
      for (const child of live) child.kill('SIGKILL');
    },
  };
}
