// HTTP between the desk and its server (the sync API). Only src/sync/ does HTTP. Every answer the
// app needs is returned as data; failures are SyncError with a kind the UI can put into words.

export type SyncErrorKind = 'offline' | 'unauthorized' | 'forbidden' | 'rate-limited' | 'not-found' | 'too-large' | 'stale' | 'server' | 'bad-response';

export class SyncError extends Error {
  override readonly name = 'SyncError';
  constructor(
    readonly kind: SyncErrorKind,
    readonly status: number | null,
    message: string,
    /** How long the server asked us to wait (Retry-After), or null when it did not say. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** Longest Retry-After the desk honours: a wrong header must not park the uploads for days. */
export const RETRY_AFTER_CAP_MS = 24 * 3_600_000;

/** A Retry-After header (seconds, or an HTTP date against `nowMs`) as a wait in ms; null when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number): number | null {
  if (header === null) return null;
  const text = header.trim();
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - nowMs;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), RETRY_AFTER_CAP_MS) : null;
}

/** What a request needs of the enrolled device: where its server is, and its token. */
export interface ServerDevice {
  serverUrl: string;
  token: string;
}

/** What POST /v1/enrol gives: a desk or manager device of a venue, or a coordinator's of a locality (national.md). */
export type Enrolment =
  | { deviceId: string; venueId: string; role: 'desk' | 'manager'; token: string }
  | { deviceId: string; venueId: null; localityId: string; role: 'coordinator'; token: string };

export interface Fetched<T> {
  /** null when the server said 304: what the desk has is current. */
  body: T | null;
  etag: string | null;
  /** The server's clock (Date header), to spot a wrong device clock. */
  serverDateMs: number | null;
}

const KIND_OF_STATUS: Record<number, SyncErrorKind> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not-found', 412: 'stale', 413: 'too-large', 429: 'rate-limited' };

/** The server's base URL as typed by a person: scheme optional for localhost, no trailing slash. */
export function normaliseServerUrl(text: string): string | null {
  const trimmed = text.trim().replace(/\/+$/, '');
  if (!trimmed) return null;
  const withScheme = /^https?:\/\//i.test(trimmed) ? trimmed : `${/^(localhost|127\.|\[::1\])/.test(trimmed) ? 'http' : 'https'}://${trimmed}`;
  try {
    const url = new URL(withScheme);
    return url.origin + url.pathname.replace(/\/+$/, '');
  } catch {
    return null;
  }
}

async function request(url: string, init: RequestInit, fetchImpl: typeof fetch): Promise<Response> {
  let response: Response;
  try {
    response = await fetchImpl(url, { ...init, cache: 'no-store' });
  } catch {
    throw new SyncError('offline', null, 'the server could not be reached');
  }
  if (response.ok || response.status === 304) return response;
  let message = `HTTP ${response.status}`;
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    if (body.error?.message) message = body.error.message;
  } catch {
    // Not our JSON error shape: the status says enough.
  }
  throw new SyncError(KIND_OF_STATUS[response.status] ?? 'server', response.status, message, retryAfterMs(response.headers.get('Retry-After'), Date.now()));
}

function dateOf(response: Response): number | null {
  const header = response.headers.get('Date');
  const ms = header ? Date.parse(header) : NaN;
  return Number.isFinite(ms) ? ms : null;
}

export async function enrol(serverUrl: string, code: string, deviceName: string, fetchImpl: typeof fetch = fetch): Promise<Enrolment> {
  const response = await request(`${serverUrl}/v1/enrol`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: code.trim(), deviceName }) }, fetchImpl);
  const body = (await response.json()) as Record<string, unknown>;
  const { deviceId, venueId, localityId, role, token } = body;
  if (typeof deviceId === 'string' && typeof token === 'string') {
    if (typeof venueId === 'string' && (role === 'desk' || role === 'manager')) return { deviceId, venueId, role, token };
    if (venueId === null && typeof localityId === 'string' && role === 'coordinator') return { deviceId, venueId, localityId, role, token };
  }
  throw new SyncError('bad-response', response.status, 'the server answered the enrolment in an unexpected shape');
}

/** The JSON answer with its ETag and the server's clock; an answer that is not JSON is 'bad-response'. */
async function readJson<T>(response: Response, path: string): Promise<Fetched<T>> {
  let body: T;
  try {
    body = (await response.json()) as T;
  } catch {
    throw new SyncError('bad-response', response.status, `the server's answer to ${path} is not JSON`);
  }
  return { body, etag: response.headers.get('ETag'), serverDateMs: dateOf(response) };
}

/** GET a JSON resource with the device token, conditionally on the ETag the desk holds. */
export async function fetchJson<T>(serverUrl: string, path: string, token: string, etag: string | null, fetchImpl: typeof fetch = fetch): Promise<Fetched<T>> {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (etag) headers['If-None-Match'] = etag;
  const response = await request(`${serverUrl}${path}`, { headers }, fetchImpl);
  if (response.status === 304) return { body: null, etag, serverDateMs: dateOf(response) };
  return readJson<T>(response, path);
}

/**
 * POST a JSON body with the device token and read the JSON answer. Failures are SyncError as for
 * fetchJson; an answer that is not JSON is 'bad-response'. `signal` aborts the request (a timeout).
 */
export async function postJson<T>(serverUrl: string, path: string, token: string, body: unknown, fetchImpl: typeof fetch = fetch, signal?: AbortSignal): Promise<Fetched<T>> {
  const init: RequestInit = { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  if (signal) init.signal = signal;
  return readJson<T>(await request(`${serverUrl}${path}`, init, fetchImpl), path);
}

/**
 * PUT a JSON body with the device token and extra headers (If-Match), and read the JSON answer.
 * Failures are SyncError as for fetchJson (412 is 'stale'); an answer that is not JSON is 'bad-response'.
 */
export async function putJson<T>(serverUrl: string, path: string, token: string, body: unknown, headers: Record<string, string>, fetchImpl: typeof fetch = fetch): Promise<Fetched<T>> {
  const init: RequestInit = { method: 'PUT', headers: { ...headers, Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  return readJson<T>(await request(`${serverUrl}${path}`, init, fetchImpl), path);
}
