// The installed rnnlab version, read once from package.json (recorded with every run).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findProjectRoot } from '../corpus/find-project-root.js';

let cached: string | undefined;

export function packageVersion(): string {
  cached ??= (JSON.parse(readFileSync(join(findProjectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return cached;
}
