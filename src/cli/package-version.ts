// The installed rnnlab version, read once from package.json (recorded with every run).
import { readFileSync } from 'node:fs';
import { projectRoot } from './project-root.js';
import { join } from 'node:path';

let cached: string | undefined;

export function packageVersion(): string {
  cached ??= (JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return cached;
}
