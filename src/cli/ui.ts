// `rnnlab ui`: a local web dashboard over one or more results databases, served until Ctrl-C.
import { Command } from 'commander';
import { UserError } from '../config/user-error.js';
import { DEFAULT_DB_PATH } from '../store/default-db-path.js';
import { openUiDatabases } from '../ui/open-ui-databases.js';
import { readDbOption } from './open-read-databases.js';
import { startUiServer } from '../ui/serve-ui.js';

interface UiOptions {
  db?: string[];
  port: string;
  host: string;
}

const LOOPBACK = ['127.0.0.1', '::1', 'localhost'];

export function checkPort(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) {
    throw new UserError(`--port must be a port number from 0 to 65535 (0 = any free port); got "${text}"`);
  }
  return Number(text);
}

export function uiCommand(): Command {
  return new Command('ui')
    .description('serve a live dashboard of the results databases on a local web page (read-only)')
    .addOption(readDbOption())
    .option('--port <port>', 'port to listen on (0 = any free port)', '8080')
    .option('--host <host>', 'address to bind; anything but 127.0.0.1/::1/localhost exposes the results', '127.0.0.1')
    .action(async (options: UiOptions) => {
      const port = checkPort(options.port);
      const databases = openUiDatabases(options.db ?? [DEFAULT_DB_PATH]);
      let server;
      try {
        server = await startUiServer({ databases, host: options.host, port });
      } catch (error) {
        for (const database of databases) database.store.close();
        const code = (error as { code?: string }).code;
        if (code === 'EADDRINUSE') throw new UserError(`--port ${port}: already in use; pick another (--port 0 = any free port)`);
        if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
          throw new UserError(`--host ${options.host}: not an address of this machine (${(error as Error).message})`);
        }
        throw error;
      }
      if (!LOOPBACK.includes(options.host)) {
        process.stderr.write(
          `rnnlab ui: warning: listening on ${options.host}, not only this machine: anyone who can reach this address ` +
            'can read these results (there is no login)\n',
        );
      }
      // Handlers first, URL second: whoever reads the URL may stop the server at once, and a SIGINT that arrived
      // before a handler existed would kill the process instead of closing it.
      const stopped = new Promise<void>((resolvePromise) => {
        const stop = () => resolvePromise();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      const paths = databases.map((database) => database.path).join(', ');
      process.stdout.write(`rnnlab ui: ${server.url}  (${paths}, read-only; Ctrl-C stops)\n`);
      await stopped;
      await server.close();
      for (const database of databases) database.store.close();
    });
}
