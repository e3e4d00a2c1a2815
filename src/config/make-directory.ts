// Creates a folder and its missing parents one level at a time: Node's recursive mkdir never returns under /proc.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The nearest of `path` and its parents that exists (the root at worst), as an absolute path. */
export function nearestExisting(path: string): string {
  let current = resolve(path);
  while (!existsSync(current)) {
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}

/**
 * Like mkdirSync(path, { recursive: true }): creates `path` and its missing parents, and returns the first folder it
 * created (undefined when `path` already was a folder); throws the failing mkdir's error (ENOTDIR, EEXIST for a file
 * in the way, EACCES, EROFS, ENOENT).
 * Why not the recursive option: on Linux, Node 20's recursive mkdir spins at 100% CPU forever when an existing parent
 * answers ENOENT for a child, as /proc does (`--db /proc/x/results.sqlite` never returned). One mkdir per level
 * throws that ENOENT instead.
 */
export function makeDirectory(path: string): string | undefined {
  const target = resolve(path);
  const top = nearestExisting(target);
  // Walked from the top down; a path whose nearest existing part is a file fails on its first mkdir (ENOTDIR), and
  // an existing file at `path` itself fails with EEXIST, as the recursive form does.
  if (top === target && statSync(top).isDirectory()) return undefined;
  const missing: string[] = [];
  for (let dir = target; dir !== top; dir = dirname(dir)) missing.unshift(dir);
  if (missing.length === 0) mkdirSync(target); // `path` is a file: EEXIST
  let created: string | undefined;
  for (const dir of missing) {
    try {
      mkdirSync(dir);
      created ??= dir;
    } catch (error) {
      // Another process (a concurrent sweep) may create the same folder between our check and our mkdir.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw error;
    }
  }
  return created;
}
