// The reference server on node:http: the sync API under /v1, the demo cards page when seeded, and
// the built desk app for everything else. Node sets a Date header on every answer, which the desk
// compares with its own clock.

import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApi } from './api.ts';
import type { ApiContext } from './api.ts';
import { applyCors } from './cors.ts';
import { ApiError, sendError } from './http-io.ts';
import { failureLimiter } from './rate-limit.ts';
import type { RandomBytes } from './secrets.ts';
import { serveStatic } from './static-files.ts';
import { openSqliteStore } from './store/sqlite-store.ts';

export const ENROL_FAILURES_PER_MINUTE = 10;

export interface ServerOptions {
  port: number;
  host?: string;
  dataDir: string;
  /** Origins allowed to call the API from a browser (the desk served elsewhere). */
  corsOrigins?: readonly string[];
  /** The built desk app. */
  staticDir?: string;
  /** HTML of the printable demo cards, served at /demo/cards (serve --demo). */
  demoCardsPage?: string;
  now?: () => number;
  random?: RandomBytes;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const { port, host = '127.0.0.1', corsOrigins = [], staticDir = 'dist', demoCardsPage } = opts;
  const store = openSqliteStore(opts.dataDir);
  const ctx: ApiContext = {
    store,
    now: opts.now ?? Date.now,
    random: opts.random ?? ((n) => new Uint8Array(randomBytes(n))),
    enrolFailures: failureLimiter(ENROL_FAILURES_PER_MINUTE),
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://server');
    const route = async () => {
      if (url.pathname === '/v1' || url.pathname.startsWith('/v1/')) {
        if (applyCors(req, res, corsOrigins)) {
          res.writeHead(204).end();
          return;
        }
        return handleApi(req, res, ctx, url);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new ApiError(404, 'not-found', `there is no ${req.method} ${url.pathname} here`);
      if (url.pathname === '/demo/cards' && demoCardsPage !== undefined) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
        res.end(req.method === 'HEAD' ? undefined : demoCardsPage);
        return;
      }
      return serveStatic(req, res, staticDir, url.pathname);
    };
    route().catch((e: unknown) => sendError(res, e));
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    await store.close();
    throw e;
  }
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Requests in flight get a moment to finish; then the connections go.
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      });
      await store.close();
    },
  };
}
