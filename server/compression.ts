// Text answers leave compressed when the client says it can read them: a desk on a venue's slow
// wifi loads the app and its usage pages several times faster. Brotli where accepted (smaller),
// else gzip; small bodies go as they are, where the header costs more than it saves. Compression
// runs on libuv's thread pool, never on the event loop, so a 5,000-record page blocks no one.

import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export type Encoding = 'br' | 'gzip';

/** Below this a body is sent as it is. */
export const MIN_COMPRESS_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * The encoding to answer with, from the client's Accept-Encoding (q-values honoured; `q=0`
 * refuses). Null means identity.
 */
export function pickEncoding(headers: IncomingHttpHeaders): Encoding | null {
  const header = headers['accept-encoding'];
  if (typeof header !== 'string' || header === '') return null;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find((m) => m !== null);
    const weight = q ? Number(q[1]) : 1;
    if (name !== undefined && name !== '' && Number.isFinite(weight)) weights.set(name, weight);
  }
  const weightOf = (name: Encoding) => weights.get(name) ?? weights.get('*') ?? 0;
  const best = (['br', 'gzip'] as const).filter((e) => weightOf(e) > 0).sort((a, b) => weightOf(b) - weightOf(a));
  return best[0] ?? null;
}

/** Whether a Content-Type is text worth compressing (images and fonts are compressed already). */
export function isCompressibleType(contentType: string): boolean {
  return /^(text\/|application\/(json|manifest\+json|javascript)|image\/svg\+xml)/.test(contentType);
}

/**
 * `body` in `encoding`. `effort` is 'archive' for files compressed once and kept (brotli at its
 * best), 'live' for answers made per request (a fast level that still gets most of the gain).
 */
export function compress(body: Buffer | string, encoding: Encoding, effort: 'archive' | 'live'): Promise<Buffer> {
  if (encoding === 'gzip') return gzipAsync(body, { level: effort === 'archive' ? 9 : 6 });
  return brotli(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: effort === 'archive' ? 11 : 5,
      [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(body),
    },
  });
}

/** Adds Accept-Encoding to the answer's Vary, keeping what is there (CORS varies on Origin). */
export function varyOnEncoding(res: ServerResponse): void {
  const current = res.getHeader('Vary');
  const names = (Array.isArray(current) ? current.join(',') : String(current ?? '')).split(',').map((n) => n.trim()).filter((n) => n !== '');
  if (!names.some((n) => n.toLowerCase() === 'accept-encoding')) res.setHeader('Vary', [...names, 'Accept-Encoding'].join(', '));
}
