// What a client on the open internet can do to the server (issue 8): one test per promise, with raw
// sockets where fetch cannot send the bytes.

import { afterEach, describe, expect, it } from 'vitest';
import { DAILY_UPLOAD_CAP, ENROL_LIMITS } from '../../server/api.ts';
import { USAGE_PAGE } from '../../src/core/sync-limits.ts';
import type { RedemptionRecord } from '../../src/core/record.ts';
import type { Harness } from './harness.ts';
import { TODAY, errorOf, harness, record } from './harness.ts';
import { answerOf, rawRequest, rawSocket } from './raw-http.ts';

let h: Harness;
afterEach(() => h.close());

const wrongCode = JSON.stringify({ code: 'AAAAA-AAAAA', deviceName: 'guess' });

/** An enrolment whose headers are sent now and whose body waits for `send()`. */
async function slowEnrol(url: string, localAddress?: string) {
  const socket = await rawSocket(url, localAddress);
  const answer = answerOf(socket);
  socket.write(`POST /v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${wrongCode.length}\r\n\r\n`);
  return {
    send: () => socket.write(wrongCode),
    answer: answer.finally(() => socket.destroy()),
  };
}

/** Every request before this one on other connections has been read and routed. */
async function roundTrip(): Promise<void> {
  expect((await h.call('GET', '/v1/venue')).status).toBe(401);
}

describe('1. no request stops the server', () => {
  it('answers 400 (or closes) for request targets that do not parse, and keeps serving', async () => {
    h = await harness();
    const { token } = await h.enrol('venue-a');
    for (const target of ['//a:99999/', '//[', '//%zz', 'http://[/', 'http://a:b/', '/v1/%zz', '//a:99999/v1/venue'])
      for (const method of ['GET', 'POST', 'HEAD', 'OPTIONS']) {
        const answer = await rawRequest(h.url, `${method} ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
        expect(answer.status === null || (answer.status >= 400 && answer.status < 500), `${method} ${target}: ${answer.status}`).toBe(true);
      }
    expect((await h.call('GET', '/v1/venue', { token })).status).toBe(200);
  });
});

describe('2. enrolment guesses are counted as they begin', () => {
  it('checks at most 10 wrong codes a minute from one address, however late their bodies come', async () => {
    h = await harness();
    const guesses = await Promise.all(Array.from({ length: 30 }, () => slowEnrol(h.url)));
    await roundTrip();
    for (const g of guesses) g.send();
    const statuses = (await Promise.all(guesses.map((g) => g.answer))).map((a) => a.status);
    expect(statuses.filter((s) => s === 403)).toHaveLength(ENROL_LIMITS.perAddress);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30 - ENROL_LIMITS.perAddress);
  });

  it('checks at most 60 a minute from all addresses together', async () => {
    h = await harness();
    const addresses = Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 2}`);
    const guesses = await Promise.all(addresses.flatMap((a) => Array.from({ length: ENROL_LIMITS.perAddress }, () => slowEnrol(h.url, a))));
    await roundTrip();
    for (const g of guesses) g.send();
    const statuses = (await Promise.all(guesses.map((g) => g.answer))).map((a) => a.status);
    expect(statuses.filter((s) => s === 403)).toHaveLength(ENROL_LIMITS.total);
    expect(statuses.filter((s) => s === 429)).toHaveLength(addresses.length * ENROL_LIMITS.perAddress - ENROL_LIMITS.total);
    h.clock.now += ENROL_LIMITS.windowMs;
    const code = await h.code('venue-a');
    expect((await h.call('POST', '/v1/enrol', { body: { code, deviceName: 'after a minute' } })).status).toBe(201);
  });
});

describe('3. usage is paged and uploads are capped per device and day', () => {
  it('answers at most 5,000 records a page, with next until the last, every record once and in order', async () => {
    h = await harness();
    const desk = await h.enrol('venue-a');
    const all: RedemptionRecord[] = Array.from({ length: 2 * USAGE_PAGE + 17 }, (_, i) =>
      record(desk, i + 1, { at: new Date(Date.parse('2026-11-22T08:00:00.000Z') + Math.floor(i / 3) * 1000).toISOString() }),
    );
    await h.store.storeRecords('venue-a', all);
    const seen: RedemptionRecord[] = [];
    const sizes: number[] = [];
    let path: string | undefined = `/v1/usage?since=${TODAY}`;
    while (path !== undefined) {
      const r = await h.call('GET', path, { token: desk.token });
      expect(r.status).toBe(200);
      const page = (await r.json()) as { records: RedemptionRecord[]; next?: string };
      sizes.push(page.records.length);
      seen.push(...page.records);
      path = page.next;
    }
    expect(sizes).toEqual([USAGE_PAGE, USAGE_PAGE, 17]);
    const sorted = [...all].sort((a, b) => (a.at === b.at ? (a.id < b.id ? -1 : 1) : a.at < b.at ? -1 : 1));
    expect(seen.map((r) => r.id)).toEqual(sorted.map((r) => r.id));
    expect(seen[0]).toEqual(sorted[0]);
    expect((await h.call('GET', `/v1/usage?since=${TODAY}&after=nonsense`, { token: desk.token })).status).toBe(400);
  });

  it('answers 429 with Retry-After past the daily cap, stores nothing of that batch, and takes it the next day', async () => {
    // The real cap is past a desk that records every 2 s for 24 h, twice over for retries.
    expect(DAILY_UPLOAD_CAP).toBeGreaterThanOrEqual(2 * 43_200);
    h = await harness({ dailyUploadCap: 5 });
    const desk = await h.enrol('venue-a');
    const early = [1, 2, 3, 4].map((seq) => record(desk, seq));
    expect((await h.call('POST', '/v1/redemptions', { token: desk.token, body: { records: early } })).status).toBe(200);
    const batch = [record(desk, 5), record(desk, 6)];
    const refused = await h.call('POST', '/v1/redemptions', { token: desk.token, body: { records: batch } });
    expect(await errorOf(refused.clone())).toMatchObject({ status: 429, code: 'rate-limited' });
    // 10:00 UTC is 12:00 in Helsinki: 12 hours to midnight.
    expect(Number(refused.headers.get('Retry-After'))).toBe(12 * 3600);
    expect((await h.call('GET', `/v1/usage?since=${TODAY}`, { token: desk.token }).then((r) => r.json())).records).toHaveLength(4);
    h.clock.now += 12 * 3_600_000;
    const next = await h.call('POST', '/v1/redemptions', { token: desk.token, body: { records: batch } });
    expect((await next.json()).results.map((r: { status: string }) => r.status)).toEqual(['stored', 'stored']);
  });
});

describe('5. only the current strong tag passes If-Match', () => {
  it('answers 412 to "*" and to weak tags, 200 to the current tag', async () => {
    h = await harness();
    const { token } = await h.enrol('venue-a', 'manager');
    const current = await h.call('GET', '/v1/venue', { token });
    const etag = current.headers.get('ETag')!;
    const settings = { ...(await current.json()), name: 'Renamed' };
    for (const ifMatch of ['*', `W/${etag}`, `"0", W/${etag}`])
      expect(await errorOf(await h.call('PUT', '/v1/venue', { token, body: settings, headers: { 'If-Match': ifMatch } }))).toMatchObject({ status: 412, code: 'stale' });
    expect((await h.call('PUT', '/v1/venue', { token, body: settings, headers: { 'If-Match': `"0", ${etag}` } })).status).toBe(200);
  });
});

describe('7. hardening headers', () => {
  it('sends the policy, referrer and permissions headers with the app and the API', async () => {
    h = await harness({ corsOrigins: ['https://desk.example.org'] });
    for (const path of ['/', '/sw.js', '/v1/venue']) {
      const r = await h.call('GET', path);
      const csp = r.headers.get('Content-Security-Policy')!;
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toMatch(/worker-src 'self'(;|$)/);
      expect(csp).toMatch(/connect-src 'self' https:\/\/desk\.example\.org(;|$)/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(r.headers.get('Referrer-Policy')).toBe('no-referrer');
      expect(r.headers.get('Permissions-Policy')).toMatch(/camera=\(self\)/);
    }
  });
});

describe('8. record ids are per venue', () => {
  it('stores a record of another venue with an id that venue already holds, telling nothing', async () => {
    h = await harness();
    const a = await h.enrol('venue-a');
    const b = await h.enrol('venue-b');
    const held = record(a, 1);
    await h.call('POST', '/v1/redemptions', { token: a.token, body: { records: [held] } });
    const same = record(b, 1, { id: held.id });
    const r = await h.call('POST', '/v1/redemptions', { token: b.token, body: { records: [same] } });
    expect((await r.json()).results).toEqual([{ id: held.id, status: 'stored' }]);
    const usage = (token: string) => h.call('GET', `/v1/usage?since=${TODAY}`, { token }).then((x) => x.json());
    expect((await usage(a.token)).records).toEqual([held]);
    expect((await usage(b.token)).records).toEqual([same]);
  });
});

describe('9. smaller ones', () => {
  it('cuts a device name on code points, never inside a surrogate pair', async () => {
    h = await harness();
    const name = `${'a'.repeat(99)}😀😀`;
    const r = await h.call('POST', '/v1/enrol', { body: { code: await h.code('venue-a'), deviceName: name } });
    expect(r.status).toBe(201);
    const names = async () => (await h.store.devices()).map((d) => d.name);
    expect(await names()).toEqual([`${'a'.repeat(99)}😀`]);
    const lone = await h.call('POST', '/v1/enrol', { body: { code: await h.code('venue-a'), deviceName: 'x\ud83d' } });
    expect(lone.status).toBe(201);
    expect(await names()).toContain('x\ufffd');
  });

  it('answers 415 to a POST or PUT whose body is not declared JSON', async () => {
    h = await harness();
    const { token } = await h.enrol('venue-a', 'manager');
    for (const [method, path] of [['POST', '/v1/enrol'], ['POST', '/v1/redemptions'], ['PUT', '/v1/venue']] as const)
      for (const type of ['text/plain', 'application/x-www-form-urlencoded'])
        expect(await errorOf(await fetch(h.url + path, { method, body: '{}', headers: { Authorization: `Bearer ${token}`, 'Content-Type': type, 'If-Match': '"1"' } }))).toMatchObject({ status: 415 });
    const typed = await h.call('POST', '/v1/redemptions', { token, body: '{"records":[]}', headers: { 'Content-Type': 'application/json; charset=utf-8' } });
    expect(typed.status).toBe(200);
  });

  it('answers HEAD where GET works, with the same status and headers and no body', async () => {
    h = await harness();
    const { token } = await h.enrol('venue-a');
    for (const path of ['/v1/venue', `/v1/usage?since=${TODAY}`, '/']) {
      const get = await h.call('GET', path, { token });
      const head = await h.call('HEAD', path, { token });
      expect([head.status, head.headers.get('Content-Type'), head.headers.get('ETag')]).toEqual([get.status, get.headers.get('Content-Type'), get.headers.get('ETag')]);
      expect(await head.text()).toBe('');
    }
  });

  it('lets a page of a configured origin read Retry-After', async () => {
    h = await harness({ corsOrigins: ['https://desk.example.org'] });
    const r = await h.call('GET', '/v1/venue', { headers: { Origin: 'https://desk.example.org' } });
    expect(r.headers.get('Access-Control-Expose-Headers')).toMatch(/Retry-After/);
  });

  it('closes requests whose headers or body never finish, and caps the connections', async () => {
    h = await harness({ limits: { headersTimeoutMs: 300, requestTimeoutMs: 600, maxConnections: 20 } });
    const half = await rawSocket(h.url);
    const halfAnswer = answerOf(half);
    half.write('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    const slowBody = await rawSocket(h.url);
    const slowAnswer = answerOf(slowBody);
    slowBody.write(`POST /v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`);
    // Each ends (408 or a plain close) instead of holding its connection.
    expect((await halfAnswer).status ?? 408).toBe(408);
    expect((await slowAnswer).status ?? 408).toBe(408);
    const held = await Promise.all(Array.from({ length: 20 }, () => rawSocket(h.url)));
    const over = await rawSocket(h.url);
    const overAnswer = answerOf(over);
    over.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    expect((await overAnswer).status).toBeNull();
    for (const s of held) s.destroy();
    await expect.poll(async () => (await h.call('GET', '/').catch(() => null))?.status ?? 0).toBe(200);
  });
});
