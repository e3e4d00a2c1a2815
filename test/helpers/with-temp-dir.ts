// Runs a test body in a fresh temporary folder, removed afterwards whatever the body does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `name` goes into the folder's name (rnnlab-NAME-XXXXXX), to tell leftovers apart. */
export function withTempDir(name: string, body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), `rnnlab-${name}-`));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
