// The layer rules of docs/architecture.md, read from the imports themselves: every room lists the
// rooms it may import, and each outside library has one owner. A new import that runs back up a
// layer, or a library used outside its room, fails here with the file and the line.

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The rooms, each with the rooms below it that it may import (its own files always). A file
 * belongs to the room with the longest matching path. Inside src/app, from the bottom: i18n/, then
 * shared/ (the toolkit every feature uses), then the desk session (desk/, no DOM), then the
 * features (desk-screen/, enrol/, records/, report/, manager/, stats/), then settings/ (the
 * settings screen, made of records, report and manager), then the shell (shell/); main.tsx wires them.
 */
const ROOMS: Record<string, readonly string[]> = {
  'src/core': [],
  'src/scanner/decoder': ['src/core'],
  'src/scanner': ['src/core', 'src/scanner/decoder'],
  'src/storage': ['src/core'],
  'src/sync': ['src/core', 'src/storage'],
  'src/node': ['src/core'],
  server: ['src/core', 'src/node'],
  // `kaiku` is the one entry point: it dispatches into the server's commands, never the reverse.
  'src/cli': ['src/core', 'src/node', 'server'],
  'src/sw.ts': [],
  'src/app/i18n': ['src/core'],
  'src/app/shared': ['src/app/i18n'],
  'src/app/desk': ['src/core', 'src/storage', 'src/sync', 'src/app/shared'],
  'src/app/desk-screen': ['src/core', 'src/scanner', 'src/app/i18n', 'src/app/shared', 'src/app/desk'],
  'src/app/enrol': ['src/core', 'src/sync', 'src/app/i18n', 'src/app/shared'],
  'src/app/records': ['src/core', 'src/storage', 'src/sync', 'src/app/i18n', 'src/app/shared', 'src/app/desk'],
  'src/app/report': ['src/core', 'src/app/i18n', 'src/app/shared'],
  'src/app/manager': ['src/core', 'src/storage', 'src/sync', 'src/app/i18n', 'src/app/shared', 'src/app/desk'],
  'src/app/stats': ['src/core', 'src/sync', 'src/app/i18n', 'src/app/shared'],
  'src/app/settings': ['src/core', 'src/storage', 'src/app/i18n', 'src/app/shared', 'src/app/desk', 'src/app/records', 'src/app/report', 'src/app/manager'],
  'src/app/shell': ['src/core', 'src/app/i18n', 'src/app/shared', 'src/app/desk', 'src/app/desk-screen', 'src/app/enrol', 'src/app/settings', 'src/app/manager', 'src/app/stats', 'src/app/feedback.ts', 'src/app/wedge-detector.ts'],
  'src/app/roots.ts': ['src/core'],
  'src/app/pwa.ts': [],
  'src/app/feedback.ts': [],
  'src/app/wedge-detector.ts': ['src/core'],
  'src/app/main.tsx': ['src/core', 'src/storage', 'src/sync', 'src/app'],
};

/** Outside libraries with one owner (sub-paths such as `@zxing/library/esm/...` included). */
const OWNERS: Record<string, readonly string[]> = {
  idb: ['src/storage'],
  '@zxing/library': ['src/scanner/decoder/zxing.ts'],
  '@zxing/browser': [],
  'better-sqlite3': ['server/store/sqlite-store.ts'],
  pg: ['server/store/postgres-store.ts'],
  'virtual:pwa-register': ['src/app/pwa.ts'],
  'workbox-window': ['src/app/pwa.ts'],
  'workbox-core': ['src/sw.ts'],
  'workbox-precaching': ['src/sw.ts'],
  'workbox-routing': ['src/sw.ts'],
  qrcode: ['src/node'],
  preact: ['src/app'],
  // The fallback Ed25519 engine, and the CLI's signer.
  '@noble/ed25519': ['src/core/ed25519-noble.ts'],
  tweetnacl: ['src/core/nacl.ts'],
};

/**
 * A rule the room table cannot say: the shell loads these rooms only when a screen needs them, by
 * import(), so the desk's first screen carries none of them. A type import loads nothing (it is
 * erased from the build), so the shell may name their types.
 */
const LAZY_FROM_SHELL = ['src/app/enrol', 'src/app/settings', 'src/app/manager', 'src/app/stats'];

/**
 * What the desk loads after its first screen (docs/architecture.md, "The first screen's JS"): every
 * browser room loads these by import() only. The fallback Ed25519 engine comes only where WebCrypto
 * fails the probe; the rest beside the first screen or when first used.
 */
const AFTER_FIRST_SCREEN = [
  'src/core/ed25519-noble.ts',
  'src/app/pwa.ts',
  'src/app/desk/check-flow.ts',
  'src/app/desk/server-link.ts',
  'src/app/desk/bundle-file.ts',
  'src/app/desk/share-round.ts',
  'src/storage/server-rows.ts',
  'src/storage/outbox-rows.ts',
  'src/storage/share-rows.ts',
  'src/storage/record-archive.ts',
  'src/storage/import-problem.ts',
];
const BROWSER_ROOMS = ['src/app', 'src/scanner', 'src/storage', 'src/sync'];

function lazyOnly(i: Import): boolean {
  if (AFTER_FIRST_SCREEN.includes(i.to) && !i.dynamic && !i.typeOnly) return BROWSER_ROOMS.some((room) => within(i.from, room));
  return within(i.from, 'src/app/shell') && !i.dynamic && !i.typeOnly && LAZY_FROM_SHELL.some((room) => within(i.to, room));
}

interface Import {
  from: string;
  to: string;
  line: number;
  dynamic: boolean;
  /** `import type …` (or `export type … from`): erased from the build. */
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|[^\w.])(?:import|export)\s[^'"]*?from\s*'([^']+)'|import\(\s*'([^']+)'\s*\)|^\s*import\s*'([^']+)'/gm;

function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found: Import[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3]!;
    const line = text.slice(0, m.index).split('\n').length + (m[0].startsWith('\n') ? 1 : 0);
    const to = spec.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), spec)).split('\\').join('/') : spec;
    found.push({ from: file, to, line, dynamic: m[2] !== undefined, typeOnly: m[1] !== undefined && /^[^\w.]?(?:import|export)\s+type\s/.test(m[0]) });
  }
  return found;
}

const within = (path: string, room: string) => path === room || path.startsWith(`${room}/`);

function roomOf(path: string): string | null {
  let best: string | null = null;
  for (const room of Object.keys(ROOMS)) if (within(path, room) && (best === null || room.length > best.length)) best = room;
  return best;
}

function packageOf(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const files = [...sourceFiles('src'), ...sourceFiles('server')];
const imports = files.flatMap(importsOf);
// Style sheets are not code: they import nothing back.
const local = imports.filter((i) => (!/^[@a-z]/.test(i.to) || i.to.startsWith('src/') || i.to.startsWith('server/')) && !i.to.endsWith('.css'));
const key = (i: Import) => `${i.from} -> ${i.to}`;

/** Every import of `list` that breaks a rule, as "from -> to (line n: why)". */
function violations(list: readonly Import[]): string[] {
  const out: string[] = [];
  for (const i of list) {
    const fromRoom = roomOf(i.from);
    const toRoom = roomOf(i.to);
    if (fromRoom === null) out.push(`${i.from} belongs to no room: add it to ROOMS`);
    else if (toRoom === null) out.push(`${key(i)} (line ${i.line}): the target belongs to no room`);
    else if (fromRoom !== toRoom && !ROOMS[fromRoom]!.some((r) => within(i.to, r))) out.push(`${key(i)} (line ${i.line}): ${fromRoom} may not import ${toRoom}`);
    else if (lazyOnly(i)) out.push(`${key(i)} (line ${i.line}): ${AFTER_FIRST_SCREEN.includes(i.to) ? `${i.to} loads after the first screen` : 'the shell loads this room lazily'}, by import()`);
  }
  return out;
}

describe('layer rules', () => {
  it('reads the imports (the reader itself finds what it must)', () => {
    expect(local.length).toBeGreaterThan(300);
    expect(local).toContainEqual(expect.objectContaining({ from: 'src/cli/main.ts', to: 'server/commands/serve-command.ts' }));
    expect(imports).toContainEqual(expect.objectContaining({ from: 'src/app/desk-screen/camera-view.tsx', to: 'src/scanner/camera-scanner.ts', dynamic: true }));
    expect(imports).toContainEqual(expect.objectContaining({ from: 'src/app/main.tsx', to: 'src/core/ed25519-noble.ts', dynamic: true }));
    expect(imports).toContainEqual(expect.objectContaining({ from: 'src/app/shell/lazy-screens.tsx', to: 'src/app/settings/manager-screen.tsx', dynamic: false, typeOnly: true }));
    expect(imports).toContainEqual(expect.objectContaining({ from: 'src/app/shell/app.tsx', to: 'src/app/desk-screen/verdict-panel.tsx', typeOnly: false }));
  });

  it('no import runs back up a layer', () => {
    expect(violations(local)).toEqual([]);
  });

  it('fails on an import that runs up, on the shell loading a lazy room statically, and on a static import of what loads after the first screen', () => {
    const planted = (from: string, to: string, more: Partial<Import> = {}): Import => ({ from, to, line: 1, dynamic: false, typeOnly: false, ...more });
    expect(violations([planted('src/app/shared/download.ts', 'src/app/desk/desk-session.ts')])).toEqual([
      'src/app/shared/download.ts -> src/app/desk/desk-session.ts (line 1): src/app/shared may not import src/app/desk',
    ]);
    expect(violations([planted('src/app/report/report-panel.tsx', 'src/app/shell/app.tsx')])).toHaveLength(1);
    expect(violations([planted('src/app/shell/app.tsx', 'src/app/settings/manager-screen.tsx')])).toHaveLength(1);
    expect(violations([planted('src/app/shell/app.tsx', 'src/app/settings/manager-screen.tsx', { dynamic: true })])).toEqual([]);
    expect(violations([planted('src/app/shell/app.tsx', 'src/app/settings/manager-screen.tsx', { typeOnly: true })])).toEqual([]);
    expect(violations([planted('src/app/main.tsx', 'src/core/ed25519-noble.ts')])).toHaveLength(1);
    expect(violations([planted('src/app/main.tsx', 'src/core/ed25519-noble.ts', { dynamic: true })])).toEqual([]);
    expect(violations([planted('src/app/desk/desk-session.ts', 'src/app/desk/check-flow.ts')])).toEqual([
      'src/app/desk/desk-session.ts -> src/app/desk/check-flow.ts (line 1): src/app/desk/check-flow.ts loads after the first screen, by import()',
    ]);
    expect(violations([planted('src/app/desk/desk-session.ts', 'src/app/desk/check-flow.ts', { typeOnly: true })])).toEqual([]);
  });

  it('each outside library is imported by its owner only', () => {
    const wrong = imports
      .filter((i) => OWNERS[packageOf(i.to)] !== undefined)
      .filter((i) => !OWNERS[packageOf(i.to)]!.some((owner) => within(i.from, owner)))
      .map((i) => `${i.from} (line ${i.line}) imports ${i.to}`);
    expect(wrong).toEqual([]);
  });

  it('tests never import the bench; the bench takes from test/ only its shared home, test/support/', () => {
    const both = [...sourceFiles('test'), ...sourceFiles('bench')].flatMap(importsOf);
    expect(both.some((i) => i.from.startsWith('bench/') && i.to.startsWith('test/support/'))).toBe(true);
    const wrong = both.filter((i) => (i.from.startsWith('test/') && i.to.startsWith('bench/')) || (i.from.startsWith('bench/') && i.to.startsWith('test/') && !i.to.startsWith('test/support/')));
    expect(wrong.map(key)).toEqual([]);
  });

  it('the server never imports the CLI, nor the core a browser or Node room', () => {
    expect(local.filter((i) => i.from.startsWith('server/') && i.to.startsWith('src/cli/')).map(key)).toEqual([]);
    expect(local.filter((i) => i.from.startsWith('src/core/') && !i.to.startsWith('src/core/')).map(key)).toEqual([]);
  });
});
