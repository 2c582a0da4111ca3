#!/usr/bin/env node
// Runs the kaiku CLI. The TypeScript sources are bundled with esbuild into node_modules/.cache
// when any of them is newer than the bundle (about 0.1 s), so a call starts in plain Node with no
// TypeScript loader: `npm run kaiku -- check …` stays well under a second.
import { build } from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'node_modules', '.cache', 'kaiku', 'kaiku.mjs');
const sources = ['src/core', 'src/node', 'src/cli', 'server'].map((d) => join(root, d));

function newest(dir) {
  let t = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

let builtAt = 0;
try {
  builtAt = statSync(out).mtimeMs;
} catch {
  // not built yet
}
if (Math.max(...sources.map(newest), statSync(fileURLToPath(import.meta.url)).mtimeMs) > builtAt) {
  await build({
    entryPoints: [join(root, 'src/cli/main.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
}
await import(pathToFileURL(out).href);
