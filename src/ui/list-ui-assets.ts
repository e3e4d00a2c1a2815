// The only files the dashboard serves: its page, style and compiled client modules, and the three libraries' browser
// builds from node_modules. A request path is looked up in this fixed table, never joined onto a folder, so no path
// can reach another file.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findProjectRoot } from '../corpus/find-project-root.js';

export interface UiAsset {
  file: string;
  contentType: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

function asset(file: string): UiAsset {
  return { file, contentType: TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream' };
}

/** URL path → file. The client's modules are whatever `npm run build` compiled into dist/src/ui/client. */
export function listUiAssets(): Map<string, UiAsset> {
  const require = createRequire(import.meta.url);
  const sourceDir = join(findProjectRoot(), 'src', 'ui', 'client');
  const compiledDir = fileURLToPath(new URL('./client/', import.meta.url));
  // require.resolve gives each package's CommonJS entry; the ES module builds sit beside it.
  const preactDir = dirname(require.resolve('preact'));
  const hooksDir = dirname(require.resolve('preact/hooks'));
  const htmDir = dirname(require.resolve('htm'));
  const htmPreactDir = dirname(require.resolve('htm/preact'));
  const uplotDir = dirname(require.resolve('uplot'));
  const assets = new Map<string, UiAsset>([
    ['/', asset(join(sourceDir, 'index.html'))],
    ['/assets/style.css', asset(join(sourceDir, 'style.css'))],
    ['/vendor/preact.module.js', asset(join(preactDir, 'preact.module.js'))],
    ['/vendor/hooks.module.js', asset(join(hooksDir, 'hooks.module.js'))],
    ['/vendor/htm.module.js', asset(join(htmDir, 'htm.module.js'))],
    ['/vendor/htm-preact.module.js', asset(join(htmPreactDir, 'index.module.js'))],
    ['/vendor/uPlot.esm.js', asset(join(uplotDir, 'uPlot.esm.js'))],
    ['/vendor/uPlot.min.css', asset(join(uplotDir, 'uPlot.min.css'))],
  ]);
  for (const name of readdirSync(compiledDir)) {
    if (name.endsWith('.js')) assets.set(`/assets/${name}`, asset(join(compiledDir, name)));
  }
  return assets;
}
