// Headless Chromium for the dashboard's browser tests: Debian's system browser (never a downloaded one), a fresh
// profile, no network chatter. Tests skip with a reason when it is missing, unless RNNLAB_REQUIRE_BROWSER=1.
// RNNLAB_CHROMIUM_PATH points elsewhere (another system's Chromium).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.RNNLAB_CHROMIUM_PATH || '/usr/bin/chromium';

/** Why browser tests cannot run here (no browser), or null when they can. */
export function browserMissing(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  return `no browser at ${CHROMIUM_PATH} (Debian: apt-get install chromium)`;
}

/** RNNLAB_REQUIRE_BROWSER=1 (CI, after installing Chromium): a missing browser fails instead of skipping. */
export const browserRequired = process.env.RNNLAB_REQUIRE_BROWSER === '1';

export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`RNNLAB_REQUIRE_BROWSER=1 but there is no browser at ${CHROMIUM_PATH} (Debian: apt-get install chromium)`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'rnnlab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 860 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
