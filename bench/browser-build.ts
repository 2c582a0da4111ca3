// The production build the browser section measures: `vite build` into a folder of its own (with
// Vite's manifest, asked for on the command line), what the first screen loads according to that
// manifest, and `vite preview` serving it on 127.0.0.1.
//
// The build goes to a temporary folder, not dist/: other people run the e2e tests against dist/
// while the bench runs, and swapping their files mid-run would fail their tests.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { PreviewServer } from 'vite';
import { preview } from 'vite';
import { freePort, repoRoot, withTimeout } from './browser-util.ts';

const BUILD_TIMEOUT_MS = 120_000;

export interface AppBuild {
  outDir: string;
  /** Removes the folder. */
  dispose(): void;
}

/** Runs `vite build` in a child process: its output goes to our log, never to stdout. */
export async function buildApp(log: (line: string) => void): Promise<AppBuild> {
  const outDir = mkdtempSync(join(tmpdir(), 'kaiku-bench-dist-'));
  const dispose = () => rmSync(outDir, { recursive: true, force: true });
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const args = [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--manifest', '--logLevel', 'warn'];
  const output: string[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
      const keep = (chunk: Buffer) => output.push(chunk.toString());
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`vite build took longer than ${BUILD_TIMEOUT_MS / 1000} s`));
      }, BUILD_TIMEOUT_MS);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else reject(new Error(`vite build failed (exit ${code}): ${buildError(output.join(''))}`));
      });
    });
  } catch (e) {
    // eslint-disable-next-line no-control-regex
    log(`browser: vite build output:\n${output.join('').replace(/\x1b\[[0-9;]*m/g, '').trimEnd()}`);
    dispose();
    throw e;
  }
  return { outDir, dispose };
}

/** The line of Vite's output that says what went wrong, e.g. the unresolved import. */
function buildError(output: string): string {
  // eslint-disable-next-line no-control-regex
  const lines = output.replace(/\x1b\[[0-9;]*m/g, '').split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /\[[A-Z][A-Z_]{2,}\]/.test(l)) ?? lines.find((l) => /^(\w*Error|error):? /.test(l) && !/^error during build/.test(l)) ?? lines.at(-1) ?? 'no output';
}

// ── what the first screen loads ───────────────────────────────────────────────────────────────

interface ManifestChunk {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  /** Files the chunk refers to by URL: a worker bundle shows up here. */
  assets?: string[];
}

export interface SizedFile {
  file: string;
  /** A short label: the chunk's name, or the file's name without the hash. */
  label: string;
  bytes: number;
  gzipBytes: number;
}

export interface BuildSizes {
  /** The entry chunk and everything it imports statically, in load order. */
  initialJs: SizedFile[];
  initialCss: SizedFile[];
  /** What Vite emitted for src/scanner/**: the camera scanner chunk, the decoder worker, their own imports. */
  decoder: SizedFile[];
  /** The service worker (src/sw.ts), if the build made one. */
  serviceWorker: SizedFile | null;
  /** Any other JS the build emitted (lazy chunks outside the scanner). */
  otherJs: SizedFile[];
}

export function buildSizes(outDir: string): BuildSizes {
  const manifestPath = join(outDir, '.vite', 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`no Vite manifest at ${manifestPath}`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestChunk>;
  const size = (file: string, label?: string): SizedFile => {
    const bytes = readFileSync(join(outDir, file));
    return { file, label: label ?? basename(file).replace(/-[\w-]{8}(?=\.\w+$)/, '').replace(/\.js$/, ''), bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  };

  const entries = Object.entries(manifest).filter(([, c]) => c.isEntry);
  const entryKey = entries.find(([key]) => key === 'index.html')?.[0] ?? entries[0]?.[0];
  if (!entryKey) throw new Error('the Vite manifest has no entry');

  // The entry and its static imports, depth first (dynamic imports are what loads later).
  const initialKeys: string[] = [];
  const visit = (key: string) => {
    if (initialKeys.includes(key) || !manifest[key]) return;
    initialKeys.push(key);
    for (const k of manifest[key].imports ?? []) visit(k);
  };
  visit(entryKey);
  const initialFiles = new Set(initialKeys.map((k) => manifest[k]!.file));
  const initialJs = initialKeys.map((k) => size(manifest[k]!.file, manifest[k]!.name));
  // The entry's CSS is inlined into index.html by scripts/inline-entry-css.ts: what is left of it as files.
  const cssFiles = [...new Set(initialKeys.flatMap((k) => manifest[k]!.css ?? []))].filter((f) => existsSync(join(outDir, f)));
  const initialCss = cssFiles.map((f) => size(f));

  // Every JS file of the build (source maps and the service worker aside).
  const allJs = listFiles(outDir).filter((f) => f.endsWith('.js') && !f.startsWith('.vite/'));
  const swFile = allJs.find((f) => f === 'sw.js') ?? null;

  // The scanner: its manifest chunks and their static imports that the first screen does not
  // already load, then any file those chunks name in their code (a worker is referenced by URL
  // and may not be in the manifest), and so on.
  const decoderFiles = new Set<string>();
  const addChunk = (key: string) => {
    const c = manifest[key];
    if (!c || initialFiles.has(c.file) || decoderFiles.has(c.file)) return;
    decoderFiles.add(c.file);
    for (const k of c.imports ?? []) addChunk(k);
    for (const a of c.assets ?? []) if (a.endsWith('.js') && !initialFiles.has(a)) decoderFiles.add(a);
  };
  for (const [key, c] of Object.entries(manifest)) if ((c.src ?? key).startsWith('src/scanner/')) addChunk(key);
  for (let grew = true; grew; ) {
    grew = false;
    for (const file of [...decoderFiles]) {
      const text = readFileSync(join(outDir, file), 'utf8');
      for (const other of allJs) {
        if (other === swFile || initialFiles.has(other) || decoderFiles.has(other)) continue;
        if (text.includes(basename(other))) {
          decoderFiles.add(other);
          grew = true;
        }
      }
    }
  }
  const labelOf = (file: string) => Object.values(manifest).find((c) => c.file === file)?.name;
  const decoder = [...decoderFiles].map((f) => size(f, labelOf(f)));
  const otherJs = allJs.filter((f) => f !== swFile && !initialFiles.has(f) && !decoderFiles.has(f)).map((f) => size(f, labelOf(f)));
  return { initialJs, initialCss, decoder, serviceWorker: swFile ? size(swFile) : null, otherJs };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)).split('\\').join('/'));
}

// ── serving it ────────────────────────────────────────────────────────────────────────────────

export interface Served {
  origin: string;
  close(): Promise<void>;
}

/** `vite preview` of the build, in this process, on 127.0.0.1 and a free port. */
export async function serveBuild(outDir: string): Promise<Served> {
  const port = await freePort();
  const server: PreviewServer = await withTimeout(
    preview({
      root: repoRoot,
      logLevel: 'silent',
      build: { outDir },
      preview: { host: '127.0.0.1', port, strictPort: true, open: false },
    }),
    30_000,
    'starting vite preview',
  );
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => withTimeout(server.close(), 10_000, 'closing vite preview').catch(() => undefined),
  };
}
