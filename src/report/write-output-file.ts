// Writes one output file (plot, report page), creating its folder; a path that cannot be written is a user error.
import { writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeDirectory } from '../config/make-directory.js';
import { UserError } from '../config/user-error.js';

/** `--out` names the option the path came from, for the message. */
export function writeOutputFile(path: string, contents: string | Uint8Array, option = '--out'): void {
  try {
    makeDirectory(dirname(path));
    writeFileSync(path, contents);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    const why: Record<string, string> = {
      EEXIST: 'a file is in the way of its folder',
      ENOTDIR: 'a file is in the way of its folder',
      EISDIR: 'it is a folder',
      EROFS: 'read-only file system',
      EACCES: 'permission denied',
      ENOENT: 'it cannot be created there',
    };
    throw new UserError(`${option} ${path}: cannot write it (${why[code] ?? code})`);
  }
}
