// Reading request bodies and writing answers. Every error leaves as {"error": {"code", "message"}};
// anything unexpected becomes a plain 500 here and its details go to the server's log only.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { compress, MIN_COMPRESS_BYTES, pickEncoding, varyOnEncoding } from './compression.ts';

export const MAX_BODY_BYTES = 1024 * 1024;
// Past this much of an oversized body the connection is cut instead of drained.
const MAX_DRAIN_BYTES = 16 * MAX_BODY_BYTES;

export type ErrorCode =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'stale'
  | 'too-large'
  | 'if-match-required'
  | 'rate-limited'
  | 'unsupported-type'
  | 'unavailable'
  | 'internal';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendText(res, status, JSON.stringify(body), headers);
}

/** An answer whose JSON text is made already. */
export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  const head = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache', ...headers };
  const size = Buffer.byteLength(text);
  if (size >= MIN_COMPRESS_BYTES) varyOnEncoding(res);
  const encoding = size >= MIN_COMPRESS_BYTES && res.req ? pickEncoding(res.req.headers) : null;
  const plain = () => {
    res.writeHead(status, { ...head, 'Content-Length': size });
    res.end(text);
  };
  if (encoding === null) return plain();
  compressing.add(res);
  compress(text, encoding, 'live').then(
    (body) => {
      compressing.delete(res);
      if (res.destroyed) return;
      res.writeHead(status, { ...head, 'Content-Encoding': encoding, 'Content-Length': body.length });
      res.end(body);
    },
    () => {
      compressing.delete(res);
      if (!res.destroyed) plain();
    },
  );
}

// Answers whose body is being compressed: their headers are not sent yet, but they are answered.
const compressing = new WeakSet<ServerResponse>();

export function sendError(res: ServerResponse, e: unknown): void {
  if (res.headersSent || compressing.has(res)) {
    res.destroy();
    return;
  }
  if (e instanceof ApiError) {
    sendJson(res, e.status, { error: { code: e.code, message: e.message } }, e.headers);
    return;
  }
  console.error('kaiku server: internal error:', e);
  sendJson(res, 500, { error: { code: 'internal', message: 'the server failed on this request; try again, and tell its admin if it goes on' } });
}

const tooLarge = () => new ApiError(413, 'too-large', `the body is over ${MAX_BODY_BYTES / 1024 / 1024} MB: send smaller batches`);

/** The whole body as text, refusing more than MAX_BODY_BYTES. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    let size = 0;
    let over = Number.isFinite(declared) && declared > MAX_BODY_BYTES;
    const chunks: Buffer[] = [];
    if (over) reject(tooLarge());
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // An oversized body is still read to its end (and dropped), so the client gets to read the
      // 413 instead of a reset connection; a flood is cut off.
      if (size > MAX_DRAIN_BYTES) req.destroy();
      if (over) return;
      if (size > MAX_BODY_BYTES) {
        over = true;
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    // Cut off by the client or by the request timeout: nothing to answer, and not the server's fault.
    req.on('error', () => reject(new ApiError(400, 'bad-request', 'the body did not arrive whole')));
  });
}

/** The body as JSON: 415 unless it is declared JSON, 400 when it is not JSON after all. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json')
    throw new ApiError(415, 'unsupported-type', `the body must be sent as "Content-Type: application/json", not ${type ? `"${type}"` : 'without a type'}`);
  const text = await readBody(req);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'bad-request', 'the body is not JSON');
  }
}
