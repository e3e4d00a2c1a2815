#!/usr/bin/env node
// Install step of rnnlab-native: build the addon with node-gyp, smoke-test it, and exit non-zero when that fails,
// so npm drops this optional dependency and rnnlab falls back to the wasm path.
// RNNLAB_NATIVE=0 skips the build on purpose (exit 1), which is how CI tests the install without the addon.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

function fail(reason) {
  console.error(`rnnlab-native: not built: ${reason}`);
  console.error('rnnlab-native: rnnlab will use the wasm backend (see README, "Native BLAS path").');
  process.exit(1);
}

if (process.env.RNNLAB_NATIVE === '0') fail('disabled by RNNLAB_NATIVE=0');

// npm runs install scripts with its bundled node-gyp in npm_config_node_gyp (and on PATH); when run by hand, look for
// the node-gyp bundled with the npm installed beside this Node, then for node-gyp on PATH.
const prefix = path.resolve(path.dirname(process.execPath), '..');
const bundledGyp = path.join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
const gypJs = process.env.npm_config_node_gyp || bundledGyp;
const command = gypJs && existsSync(gypJs) ? process.execPath : 'node-gyp';
const args = gypJs && existsSync(gypJs) ? [gypJs] : [];
args.push('rebuild');
// Use the headers of the running Node when they are installed beside it (Debian's nodejs, the official tarballs,
// Homebrew), so node-gyp does not download them.
if (existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);

const built = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (built.error) fail(`could not run node-gyp (${built.error.message})`);
if (built.status !== 0) {
  fail(
    process.platform === 'darwin'
      ? 'node-gyp failed (install the Xcode command line tools: xcode-select --install)'
      : 'node-gyp failed (on Debian/Ubuntu: apt-get install build-essential python3 libopenblas-dev)',
  );
}

// A built addon that cannot load (e.g. libopenblas.so missing at run time) is a failed install too.
try {
  const addon = require(path.join(root, 'build', 'Release', 'rnnlab_native.node'));
  const c = new Float32Array([1]);
  addon.sgemm(false, false, 1, 1, 2, 1, new Float32Array([1, 2]), new Float32Array([3, 4]), 2, c);
  if (c[0] !== 13) fail(`smoke test computed ${c[0]} instead of 13`);
  const info = addon.blasInfo();
  console.log(`rnnlab-native: built against ${info.name}: ${info.config}`);
} catch (error) {
  fail(`the built addon does not load: ${error.message}`);
}
