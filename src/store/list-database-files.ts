// The database files a list of --db / merge arguments names: files as given, folders as the *.sqlite files in them.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../config/user-error.js';

/** Files in argument order, each folder's *.sqlite files in name order; a file named twice is listed once.
 *  `skipInFolders` (e.g. a merge's target inside the shard folder) is left out of folders, not when named. */
export function listDatabaseFiles(paths: readonly string[], skipInFolders?: string): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    if (seen.has(resolve(file))) return;
    seen.add(resolve(file));
    files.push(file);
  };
  for (const path of paths) {
    if (path === '') throw new UserError('a database path must not be empty');
    if (!existsSync(path)) throw new UserError(`${path}: no such file or folder`);
    if (!statSync(path).isDirectory()) {
      add(path);
      continue;
    }
    const found = readdirSync(path)
      .filter((name) => name.endsWith('.sqlite') && statSync(join(path, name)).isFile())
      .filter((name) => skipInFolders === undefined || resolve(path, name) !== resolve(skipInFolders))
      .sort();
    if (found.length === 0) throw new UserError(`${path}: a folder without databases (no *.sqlite files in it)`);
    for (const name of found) add(join(path, name));
  }
  return files;
}
