// The desk's HTTP client against a stand-in fetch: the address staff type, the requests it makes,
// and each failure as the kind the desk puts into words.

import { describe, expect, it } from 'vitest';
import { SyncError, enrol, fetchJson, normaliseServerUrl, postJson, putJson } from '../../src/sync/api-client.ts';

interface Seen {
  url: string;
  init: RequestInit;
}

/** A fetch that answers `response` (made fresh each call) and keeps what it was asked. */
function server(response: () => Response, seen: Seen[] = []): typeof fetch {
  return async (input, init) => {
    seen.push({ url: String(input), init: init ?? {} });
    return response();
  };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

async function failure(p: Promise<unknown>): Promise<SyncError> {
  const e = await p.then(
    () => null,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(SyncError);
  return e as SyncError;
}

const headersOf = (s: Seen) => s.init.headers as Record<string, string>;

describe('the server address staff type', () => {
  it('takes it with or without a scheme, https unless it is this machine, with no trailing slash', () => {
    expect(normaliseServerUrl('kaiku.example')).toBe('https://kaiku.example');
    expect(normaliseServerUrl('  kaiku.example/venue//  ')).toBe('https://kaiku.example/venue');
    expect(normaliseServerUrl('HTTP://Kaiku.Example:8080/')).toBe('http://kaiku.example:8080');
    expect(normaliseServerUrl('localhost:4173')).toBe('http://localhost:4173');
    expect(normaliseServerUrl('127.0.0.1:4173/')).toBe('http://127.0.0.1:4173');
    expect(normaliseServerUrl('[::1]:4173')).toBe('http://[::1]:4173');
    expect(normaliseServerUrl('my-localhost.example')).toBe('https://my-localhost.example');
  });

  it('refuses an empty address and one that is no address at all', () => {
    expect(normaliseServerUrl('')).toBeNull();
    expect(normaliseServerUrl('  / ')).toBeNull();
    expect(normaliseServerUrl('https://exa mple')).toBeNull();
  });
});

describe('enrol', () => {
  it('sends the code as typed, without spaces around it, and the device name; returns the enrolment', async () => {
    const seen: Seen[] = [];
    const enrolment = { deviceId: 'd-1', venueId: 'espoo', role: 'desk', token: 'tok' };
    expect(await enrol('https://k.example', '  ABCDE-12345 ', 'Door 1', server(json(201, enrolment), seen))).toEqual(enrolment);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe('https://k.example/v1/enrol');
    expect(seen[0]!.init).toMatchObject({ method: 'POST', cache: 'no-store' });
    expect(headersOf(seen[0]!)['Content-Type']).toBe('application/json');
    expect(JSON.parse(String(seen[0]!.init.body))).toEqual({ code: 'ABCDE-12345', deviceName: 'Door 1' });
    expect(await enrol('https://k.example', 'c', 'M', server(json(201, { ...enrolment, role: 'manager' })))).toMatchObject({ role: 'manager' });
  });

  it('refuses an answer that is not an enrolment, naming it', async () => {
    const good = { deviceId: 'd-1', venueId: 'espoo', role: 'desk', token: 'tok' };
    for (const odd of [{ ...good, deviceId: 7 }, { ...good, venueId: null }, { ...good, token: undefined }, { ...good, role: 'admin' }]) {
      const e = await failure(enrol('https://k.example', 'c', 'd', server(json(201, odd))));
      expect([e.kind, e.status, e.message]).toEqual(['bad-response', 201, 'the server answered the enrolment in an unexpected shape']);
    }
  });

  it("says the server could not be reached when fetch fails, and otherwise gives the server's own words", async () => {
    const offline: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await failure(enrol('https://k.example', 'c', 'd', offline))).toMatchObject({ kind: 'offline', status: null, message: 'the server could not be reached' });
    const refused = await failure(enrol('https://k.example', 'c', 'd', server(json(403, { error: { code: 'forbidden', message: 'This code was used already.' } }))));
    expect(refused).toMatchObject({ kind: 'forbidden', status: 403, message: 'This code was used already.', retryAfterMs: null });
  });
});

describe('failures by status', () => {
  it('names each status the desk acts on, and calls the rest a server error', async () => {
    const kinds: [number, string][] = [[401, 'unauthorized'], [403, 'forbidden'], [404, 'not-found'], [412, 'stale'], [413, 'too-large'], [429, 'rate-limited'], [500, 'server'], [502, 'server'], [400, 'server']];
    for (const [status, kind] of kinds) {
      const e = await failure(fetchJson('https://k.example', '/v1/venue', 'tok', null, server(json(status, { error: { code: 'x', message: `said ${status}` } }))));
      expect([e.kind, e.status, e.message]).toEqual([kind, status, `said ${status}`]);
    }
  });

  it('falls back to the status when the error is not our JSON, and keeps the Retry-After', async () => {
    const html = () => new Response('<h1>Bad gateway</h1>', { status: 502, headers: { 'Content-Type': 'text/html' } });
    expect(await failure(fetchJson('https://k.example', '/v1/venue', 'tok', null, server(html)))).toMatchObject({ kind: 'server', message: 'HTTP 502' });
    const noMessage = await failure(fetchJson('https://k.example', '/v1/venue', 'tok', null, server(json(500, { error: { code: 'x' } }))));
    expect(noMessage.message).toBe('HTTP 500');
    const busy = await failure(postJson('https://k.example', '/v1/redemptions', 'tok', {}, server(json(429, { error: { code: 'rate-limited', message: 'later' } }, { 'Retry-After': '30' }))));
    expect(busy).toMatchObject({ kind: 'rate-limited', retryAfterMs: 30_000 });
  });
});

describe('fetchJson', () => {
  it('asks with the token, and with the ETag held so an unchanged resource costs a 304', async () => {
    const seen: Seen[] = [];
    const date = 'Sun, 22 Nov 2026 10:00:00 GMT';
    const notModified = () => new Response(null, { status: 304, headers: { Date: date } });
    expect(await fetchJson('https://k.example', '/v1/venue', 'tok', '"v3"', server(notModified, seen))).toEqual({ body: null, etag: '"v3"', serverDateMs: Date.parse(date) });
    expect(seen[0]!.url).toBe('https://k.example/v1/venue');
    expect(seen[0]!.init.cache).toBe('no-store');
    expect(headersOf(seen[0]!)).toEqual({ Authorization: 'Bearer tok', 'If-None-Match': '"v3"' });
  });

  it('returns the body with its ETag and the server clock; without an ETag held it asks unconditionally', async () => {
    const seen: Seen[] = [];
    const got = await fetchJson('https://k.example', '/v1/venue', 'tok', null, server(json(200, { venueId: 'espoo' }, { ETag: '"v4"', Date: 'Sun, 22 Nov 2026 10:00:05 GMT' }), seen));
    expect(got).toEqual({ body: { venueId: 'espoo' }, etag: '"v4"', serverDateMs: Date.parse('2026-11-22T10:00:05Z') });
    expect(headersOf(seen[0]!)).toEqual({ Authorization: 'Bearer tok' });
    const undated = await fetchJson('https://k.example', '/v1/venue', 'tok', null, server(() => new Response('{}', { status: 200, headers: { Date: 'yesterday-ish' } })));
    expect(undated).toEqual({ body: {}, etag: null, serverDateMs: null });
  });

  it('calls an answer that is not JSON a bad response, naming the path', async () => {
    const e = await failure(fetchJson('https://k.example', '/v1/bundle', 'tok', null, server(() => new Response('<html>', { status: 200 }))));
    expect([e.kind, e.status, e.message]).toEqual(['bad-response', 200, "the server's answer to /v1/bundle is not JSON"]);
  });
});

describe('postJson and putJson', () => {
  it('POSTs JSON with the token, and passes the abort signal on', async () => {
    const seen: Seen[] = [];
    const signal = new AbortController().signal;
    expect((await postJson('https://k.example', '/v1/redemptions', 'tok', { records: [] }, server(json(200, { results: [] }), seen), signal)).body).toEqual({ results: [] });
    expect(seen[0]!.init).toMatchObject({ method: 'POST', signal, body: '{"records":[]}' });
    expect(headersOf(seen[0]!)).toEqual({ Authorization: 'Bearer tok', 'Content-Type': 'application/json' });
    await postJson('https://k.example', '/v1/redemptions', 'tok', {}, server(json(200, {}), seen));
    expect('signal' in seen[1]!.init).toBe(false);
  });

  it('PUTs JSON with If-Match, and the extra headers cannot replace the token', async () => {
    const seen: Seen[] = [];
    const got = await putJson('https://k.example', '/v1/venue', 'tok', { dayQuota: 30 }, { 'If-Match': '"v4"', Authorization: 'Bearer other' }, server(json(200, { dayQuota: 30 }, { ETag: '"v5"' }), seen));
    expect(got).toMatchObject({ body: { dayQuota: 30 }, etag: '"v5"' });
    expect(seen[0]!.init).toMatchObject({ method: 'PUT', body: '{"dayQuota":30}' });
    expect(headersOf(seen[0]!)).toEqual({ 'If-Match': '"v4"', Authorization: 'Bearer tok', 'Content-Type': 'application/json' });
    const stale = await failure(putJson('https://k.example', '/v1/venue', 'tok', {}, { 'If-Match': '"v1"' }, server(json(412, { error: { code: 'stale', message: 'changed elsewhere' } }))));
    expect(stale).toMatchObject({ kind: 'stale', status: 412 });
  });
});
