// The built desk app (vite's dist/), so one server is all a venue runs. Paths without a file fall
// back to index.html (the app routes itself). The service worker and index.html are revalidated on
// every load, or a desk could be stuck on an old app; vite's hashed assets never change.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { ApiError } from './http-io.ts';

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

async function fileAt(path: string): Promise<number | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
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
  const directSize = direct === null ? null : await fileAt(direct);
  if (direct !== null && directSize !== null) return sendFile(req, res, direct, directSize, cacheControl(urlPath));
  // A missing file with an extension is a real 404; anything else is a route of the app.
  if (extname(decoded) !== '' && extname(decoded) !== '.html') throw new ApiError(404, 'not-found', `there is no file ${urlPath}`);
  const index = join(root, 'index.html');
  const indexSize = await fileAt(index);
  if (indexSize === null) throw new ApiError(404, 'not-found', `the desk app is not built in ${root}: run "npm run build" before "kaiku serve"`);
  sendFile(req, res, index, indexSize, 'no-cache');
}

function sendFile(req: IncomingMessage, res: ServerResponse, path: string, size: number, cache: string): void {
  res.writeHead(200, {
    'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
    'Content-Length': size,
    'Cache-Control': cache,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(path).pipe(res);
}
