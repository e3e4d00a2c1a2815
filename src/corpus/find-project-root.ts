// Where rnnlab is installed: the nearest folder above this file holding a package.json (code runs from dist/src/...).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('rnnlab: cannot find its own package.json');
    dir = parent;
  }
  return dir;
}
