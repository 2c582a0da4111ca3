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
 * belongs to the room with the longest matching path. Inside src/app the shell (ui/) sits on top
 * of the features (desk/, manager/, report/), which sit on top of i18n/.
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
  'src/app/desk': ['src/core', 'src/storage', 'src/sync', 'src/app/i18n', 'src/app/shared', 'src/app/roots.ts', 'src/app/feedback.ts'],
  'src/app/manager': ['src/core', 'src/storage', 'src/sync', 'src/app/i18n', 'src/app/shared', 'src/app/desk'],
  'src/app/desk-screen': ['src/core', 'src/scanner', 'src/app/i18n', 'src/app/shared', 'src/app/desk'],
  'src/app/enrol': ['src/core', 'src/sync', 'src/app/i18n', 'src/app/shared'],
  'src/app/records': ['src/core', 'src/storage', 'src/sync', 'src/app/i18n', 'src/app/shared', 'src/app/desk'],
  'src/app/report': ['src/core', 'src/app/i18n', 'src/app/shared', 'src/app/desk'],
  'src/app/ui': ['src/core', 'src/storage', 'src/sync', 'src/scanner', 'src/app/i18n', 'src/app/shared', 'src/app/desk', 'src/app/desk-screen', 'src/app/enrol', 'src/app/records', 'src/app/manager', 'src/app/report', 'src/app/feedback.ts', 'src/app/wedge-detector.ts', 'src/app/roots.ts', 'src/app/pwa.ts'],
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
  'better-sqlite3': ['server/store'],
  'virtual:pwa-register': ['src/app/pwa.ts'],
  'workbox-window': ['src/app/pwa.ts'],
  'workbox-core': ['src/sw.ts'],
  'workbox-precaching': ['src/sw.ts'],
  'workbox-routing': ['src/sw.ts'],
  qrcode: ['src/node'],
  preact: ['src/app'],
};

/**
 * TEMPORARY: the imports that run back up today, all of issue 10's part 2 (src/app/ui/ is both the
 * app's shell and its shared toolkit). Part 2 gives the shell, the shared widgets and each feature
 * their own folders and removes every line here; a line that no longer occurs fails the test, so
 * the list can only shrink. Nothing else belongs in it.
 */
const PART_2_EXCEPTIONS: readonly string[] = [
  // The manager's screen lives in the shell's folder and pulls in the features statically.
  'src/app/ui/manager-screen.tsx -> src/app/manager/manager-gate.tsx',
  'src/app/ui/manager-screen.tsx -> src/app/manager/venue-editor.tsx',
  'src/app/ui/manager-screen.tsx -> src/app/report/report-panel.tsx',
];

/** Rules the room table cannot say: the shell loads manager/ and report/ lazily, by import(). */
function lazyOnly(from: string, to: string, dynamic: boolean): boolean {
  return from.startsWith('src/app/ui/') && !dynamic && (to.startsWith('src/app/manager/') || to.startsWith('src/app/report/'));
}

interface Import {
  from: string;
  to: string;
  line: number;
  dynamic: boolean;
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
    found.push({ from: file, to, line, dynamic: m[2] !== undefined });
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

/** Every import that breaks a rule, as "from -> to (line n: why)", the part-2 exceptions left out. */
function violations(): { line: string; key: string }[] {
  const out: { line: string; key: string }[] = [];
  for (const i of local) {
    const fromRoom = roomOf(i.from);
    const toRoom = roomOf(i.to);
    if (fromRoom === null) out.push({ key: key(i), line: `${i.from} belongs to no room: add it to ROOMS` });
    else if (toRoom === null) out.push({ key: key(i), line: `${key(i)} (line ${i.line}): the target belongs to no room` });
    else if (fromRoom !== toRoom && !ROOMS[fromRoom]!.some((r) => within(i.to, r)))
      out.push({ key: key(i), line: `${key(i)} (line ${i.line}): ${fromRoom} may not import ${toRoom}` });
    else if (lazyOnly(i.from, i.to, i.dynamic)) out.push({ key: key(i), line: `${key(i)} (line ${i.line}): the shell loads this feature lazily, by import()` });
  }
  return out;
}

describe('layer rules', () => {
  it('reads the imports (the reader itself finds what it must)', () => {
    expect(local.length).toBeGreaterThan(300);
    expect(local).toContainEqual(expect.objectContaining({ from: 'src/cli/main.ts', to: 'server/commands/serve-command.ts' }));
    expect(imports).toContainEqual(expect.objectContaining({ from: 'src/app/desk-screen/camera-view.tsx', to: 'src/scanner/camera-scanner.ts', dynamic: true }));
  });

  it('no import runs back up a layer (but the named part-2 exceptions)', () => {
    const found = violations();
    expect(found.filter((v) => !PART_2_EXCEPTIONS.includes(v.key)).map((v) => v.line)).toEqual([]);
  });

  it('every part-2 exception still occurs: remove the line when its import goes', () => {
    const found = new Set(violations().map((v) => v.key));
    expect(PART_2_EXCEPTIONS.filter((e) => !found.has(e))).toEqual([]);
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
