// A folder's files and their SHA-256, for asserting that a command left everything exactly as it was.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Relative path → SHA-256 of every file under `dir` (folders as "dir/" → "folder"); {} when `dir` is absent. */
export function snapshotFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  const walk = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) {
        out[`${relative(dir, path)}/`] = 'folder';
        walk(path);
      } else {
        out[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
      }
    }
  };
  walk(dir);
  return out;
}
