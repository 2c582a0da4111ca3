// The core as the desk app ships it: its modules bundled and minified by esbuild for the browser,
// SHA-512 included, then gzipped (the fallback Ed25519 engine is a lazy chunk, not counted). Shared by the bench and by test/core/size.test.ts, which holds
// the budget deterministically (the bytes do not depend on the machine).

import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** What the desk app imports from src/core; issue-code (minting) is the CLI's alone. */
const DESK_CORE_MODULES = [
  'classify',
  'card-code',
  'card-check',
  'bundle',
  'register',
  'suggestions',
  'limits',
  'venue',
  'calendar',
  'ed25519',
  'roots',
  'reasons',
] as const;

export const CORE_GZIP_BUDGET_KIB = 15;

export interface CoreSize {
  minBytes: number;
  gzipBytes: number;
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export async function coreSize(): Promise<CoreSize> {
  const result = await build({
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    // `export *` keeps every export alive: an upper bound on what the app's tree-shaking leaves.
    stdin: {
      contents: DESK_CORE_MODULES.map((m) => `export * from './src/core/${m}.ts';`).join('\n'),
      resolveDir: repoRoot,
      sourcefile: 'desk-core.ts',
      loader: 'ts',
    },
  });
  const bytes = result.outputFiles[0]!.contents;
  return { minBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}
