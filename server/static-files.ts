// The built desk app (vite's dist/), so one server is all a venue runs. Paths without a file fall
// back to index.html (the app routes itself). The service worker and index.html are revalidated on
// every load, or a desk could be stuck on an old app; vite's hashed assets never change. Text files
// are compressed once at the best level and kept in memory (the app is a few hundred KiB), keyed by
// path and modification time, so a rebuilt dist/ is picked up without a restart. An HTML file's
// inline styles are allowed by their hashes, for that answer only.

import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { compress, isCompressibleType, MIN_COMPRESS_BYTES, pickEncoding, varyOnEncoding } from './compression.ts';
import { ApiError } from './http-io.ts';
import { allowInlineStyles, inlineStyleHashes } from './security-headers.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

interface FileInfo {
  readonly size: number;
  readonly mtimeMs: number;
}

async function fileAt(path: string): Promise<FileInfo | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : null;
  } catch {
    return null;
  }
}

interface Derived {
  readonly mtimeMs: number;
  readonly values: Map<string, Promise<unknown>>;
}

const derivedFiles = new Map<string, Derived>();

/**
 * What `make` derives from the file's bytes (a compressed copy, the hashes of its inline styles),
 * made on first use and kept until the file changes. A failure is not kept: the next request tries
 * again.
 */
function derivedFrom<T>(path: string, info: FileInfo, kind: string, make: (raw: Buffer) => Promise<T> | T): Promise<T> {
  let entry = derivedFiles.get(path);
  if (entry === undefined || entry.mtimeMs !== info.mtimeMs) {
    entry = { mtimeMs: info.mtimeMs, values: new Map() };
    derivedFiles.set(path, entry);
  }
  let value = entry.values.get(kind) as Promise<T> | undefined;
  if (value === undefined) {
    const values = entry.values;
    value = readFile(path).then(make);
    value.catch(() => values.delete(kind));
    values.set(kind, value);
  }
  return value;
}

function cacheControl(urlPath: string): string {
  return urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

export async function serveStatic(req: IncomingMessage, res: ServerResponse, staticDir: string, urlPath: string): Promise<void> {
  const root = resolve(staticDir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    throw new ApiError(400, 'bad-request', 'the path is not valid URL encoding');
  }
  const wanted = normalize(join(root, decoded));
  const inside = wanted === root || wanted.startsWith(root + sep);
  const direct = inside && !decoded.includes('\0') ? wanted : null;
  const directInfo = direct === null ? null : await fileAt(direct);
  if (direct !== null && directInfo !== null) return sendFile(req, res, direct, directInfo, cacheControl(urlPath));
  // A missing file with an extension is a real 404; anything else is a route of the app.
  if (extname(decoded) !== '' && extname(decoded) !== '.html') throw new ApiError(404, 'not-found', `there is no file ${urlPath}`);
  const index = join(root, 'index.html');
  const indexInfo = await fileAt(index);
  if (indexInfo === null) throw new ApiError(404, 'not-found', `the desk app is not built in ${root}: run "npm run build" before "kaiku serve"`);
  return sendFile(req, res, index, indexInfo, 'no-cache');
}

async function sendFile(req: IncomingMessage, res: ServerResponse, path: string, info: FileInfo, cache: string): Promise<void> {
  const type = TYPES[extname(path)] ?? 'application/octet-stream';
  const compressible = isCompressibleType(type) && info.size >= MIN_COMPRESS_BYTES;
  const encoding = compressible ? pickEncoding(req.headers) : null;
  const head: Record<string, string | number> = { 'Content-Type': type, 'Cache-Control': cache };
  if (compressible) varyOnEncoding(res);
  // The build inlines the first paint's CSS into index.html; the policy allows exactly that text.
  if (extname(path) === '.html') allowInlineStyles(res, await derivedFrom(path, info, 'style-hashes', (raw) => inlineStyleHashes(raw.toString('utf8'))));
  if (encoding !== null) {
    const body = await derivedFrom(path, info, encoding, (raw) => compress(raw, encoding, 'archive'));
    res.writeHead(200, { ...head, 'Content-Encoding': encoding, 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  res.writeHead(200, { ...head, 'Content-Length': info.size });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(path).pipe(res);
}
