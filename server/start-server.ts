// The reference server on node:http: the sync API under /v1, the demo cards page when seeded, and
// the built desk app for everything else. Node sets a Date header on every answer, which the desk
// compares with its own clock.

import { randomBytes } from 'node:crypto';
import { type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DAILY_UPLOAD_CAP, apiRoute, handleApi } from './api.ts';
import type { ApiContext } from './api.ts';
import { applyCors } from './cors.ts';
import { ApiError, sendError } from './http-io.ts';
import type { RandomBytes } from './secrets.ts';
import { applySecurityHeaders, securityHeaders } from './security-headers.ts';
import { serveStatic } from './static-files.ts';
import type { StoreLocation } from './store/open-store.ts';
import { openStore } from './store/open-store.ts';

/**
 * Against many half-sent requests: the headers must arrive within 10 s and the whole request within
 * 30 s (a 1 MB batch over a slow tablet link fits), an idle keep-alive goes after 5 s, and at most
 * 1,000 connections are open at once (a venue has tens of desks).
 */
export const CONNECTION_LIMITS: ConnectionLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxConnections: 1000, drainMs: 10_000 };

export interface ConnectionLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
  /** On close: how long requests in flight may take to finish before their connections are cut. */
  drainMs: number;
}

/** One line per request: what was asked (the route, never its query), the answer and how long it took. */
export interface RequestLogLine {
  route: string;
  status: number;
  ms: number;
}

export interface ServerOptions {
  port: number;
  host?: string;
  /** The data: a --data folder (SQLite) or a --database URL (PostgreSQL). */
  data: StoreLocation;
  /** Origins allowed to call the API from a browser (the desk served elsewhere). */
  corsOrigins?: readonly string[];
  /** Make a new empty database when the data folder has none (tests, benches); `serve` never does. */
  createData?: boolean;
  /** The built desk app. */
  staticDir?: string;
  /** HTML of the printable demo cards, served at /demo/cards (serve --demo). */
  demoCardsPage?: string;
  now?: () => number;
  random?: RandomBytes;
  /** CONNECTION_LIMITS unless given (tests use short ones). */
  limits?: Partial<ConnectionLimits>;
  /** DAILY_UPLOAD_CAP unless given (tests use a small one). */
  dailyUploadCap?: number;
  /** Called once per answered request (kaiku serve writes it as a JSON line). */
  log?: (line: RequestLogLine) => void;
}

/** The route of a request for the log, from a fixed list: nothing a client sent is copied into it. */
function routeOf(method: string | undefined, url: URL | null): string {
  if (url === null) return 'bad-target';
  if (url.pathname === '/v1' || url.pathname.startsWith('/v1/')) return apiRoute(method, url.pathname) ?? 'api-not-found';
  return url.pathname === '/demo/cards' ? 'demo-cards' : 'static';
}

/** The request target as a URL on this server; 400 when it is not one. */
function targetOf(target: string): URL {
  try {
    return new URL(target, 'http://server');
  } catch {
    throw new ApiError(400, 'bad-request', 'the request target is not a valid URL path');
  }
}

export interface RunningServer {
  url: string;
  /** Requests taken and not yet answered (what a stop waits for). */
  inFlight(): number;
  close(): Promise<void>;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const { port, host = '127.0.0.1', corsOrigins = [], staticDir = 'dist', demoCardsPage } = opts;
  const store = await openStore(opts.data, { create: opts.createData ?? false });
  const ctx: ApiContext = {
    store,
    now: opts.now ?? Date.now,
    random: opts.random ?? ((n) => new Uint8Array(randomBytes(n))),
    dailyUploadCap: opts.dailyUploadCap ?? DAILY_UPLOAD_CAP,
  };
  const hardening = securityHeaders(corsOrigins);

  const limits = { ...CONNECTION_LIMITS, ...opts.limits };
  const serverOptions = {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    // How often node looks for requests past those timeouts (its default is 30 s).
    connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
  };
  let closing = false;
  // Answers not yet sent: on stop they say Connection: close, so their clients go elsewhere next.
  const answering = new Set<ServerResponse>();
  const server = createServer(serverOptions, (req, res) => {
    const started = performance.now();
    answering.add(res);
    res.on('close', () => answering.delete(res));
    let url: URL | null = null;
    if (opts.log) {
      const log = opts.log;
      res.on('finish', () => log({ route: routeOf(req.method, url), status: res.statusCode, ms: Math.round((performance.now() - started) * 10) / 10 }));
    }
    applySecurityHeaders(res, hardening);
    const route = async () => {
      // A request that arrives on an open connection while the server stops: refused, and the
      // connection closes, so the client goes to another process behind the balancer.
      if (closing) {
        res.setHeader('Connection', 'close');
        throw new ApiError(503, 'unavailable', 'this server is stopping: try again', { 'Retry-After': '1' });
      }
      // Inside the handler's catch: a target URL cannot parse (//a:99999/, http://[/) is a 400.
      url = targetOf(req.url ?? '/');
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
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  // Bytes that are not HTTP, or a request that did not arrive in time: a plain status where the
  // socket can still take it, then the connection closes.
  server.on('clientError', (e: NodeJS.ErrnoException, socket) => {
    const status = e.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : e.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    else socket.destroy();
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
  // Closing twice (a signal, then a test's cleanup) waits for the one stop.
  let closed: Promise<void> | undefined;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    inFlight: () => answering.size,
    close() {
      closed ??= stop();
      return closed;
    },
  };
  async function stop(): Promise<void> {
    // New connections are refused at once; requests in flight finish (new ones on open
    // connections get 503), connections close as they fall idle, and after drainMs any left go.
    closing = true;
    for (const res of answering) if (!res.headersSent) res.shouldKeepAlive = false;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      const idle = setInterval(() => server.closeIdleConnections(), 100);
      idle.unref();
      setTimeout(() => server.closeAllConnections(), limits.drainMs).unref();
      server.once('close', () => clearInterval(idle));
    });
    await store.close();
  }
}
