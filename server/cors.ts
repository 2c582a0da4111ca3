// CORS for desks served from another origin (a dev server, a CDN): only for origins the admin
// configured. Any other origin gets no CORS headers at all, so a browser keeps its pages out.

import type { IncomingMessage, ServerResponse } from 'node:http';

const ALLOWED_HEADERS = 'Authorization, If-Match, If-None-Match, Content-Type';
const ALLOWED_METHODS = 'GET, PUT, POST';

/** Sets the CORS headers a request from an allowed origin needs; true when it is a preflight. */
export function applyCors(req: IncomingMessage, res: ServerResponse, origins: readonly string[]): boolean {
  if (origins.length === 0) return false;
  res.setHeader('Vary', 'Origin');
  const origin = req.headers.origin;
  if (origin === undefined || !origins.includes(origin)) return false;
  res.setHeader('Access-Control-Allow-Origin', origin);
  // The desk reads ETag to make its requests conditional, Date to spot a wrong clock, Retry-After to wait.
  res.setHeader('Access-Control-Expose-Headers', 'ETag, Date, Retry-After');
  const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  if (preflight) {
    res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
    res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
    res.setHeader('Access-Control-Max-Age', '600');
  }
  return preflight;
}
