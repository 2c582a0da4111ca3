// A bounded HTTP fuzz test on loopback: random methods, targets, headers and bodies, each on its own
// connection, a fixed number of them from a fixed seed. The server stays up, never answers 5xx to a
// client's mistake, and still serves a good request afterwards.

import { afterEach, expect, it } from 'vitest';
import type { Harness } from './harness.ts';
import { TODAY, harness, record } from './harness.ts';
import { rawRequest } from './raw-http.ts';

const REQUESTS = 600;
const AT_ONCE = 20;

let h: Harness;
afterEach(() => h.close());

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function generator(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256)));
  return { next, pick, bytes };
}

it(`survives ${REQUESTS} random requests without a 5xx, then serves a good one`, { timeout: 60_000 }, async () => {
  h = await harness({ limits: { headersTimeoutMs: 500, requestTimeoutMs: 1000 } });
  const desk = await h.enrol('venue-a');
  const manager = await h.enrol('venue-a', 'manager');
  const g = generator(8);
  const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT', 'BREW', 'get', '', 'G\x00T'];
  const targets = [
    '/', '/v1', '/v1/', '/v1/enrol', '/v1/bundle', '/v1/venue', '/v1/redemptions', `/v1/usage?since=${TODAY}`, `/v1/usage?since=${TODAY}&after=%20`,
    '/v1/usage?since=99999999', '/v1/usage?since=-1&since=2', '//a:99999/', '//[', '//%zz', 'http://[/', 'http://a:b/', '*', '/%00', '/..%2f..%2fetc/passwd',
    '/assets/%zz.js', '/demo/cards', `/${'a'.repeat(5000)}`, '/v1/venue?x=%ff%fe', '/\u00e4\u00f6', '?', '#', '',
  ];
  const types = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'multipart/form-data; boundary=x', '', 'application/json;;;', '\x7f'];
  const tokens = [desk.token, manager.token, 'nope', '', `${desk.token}x`];
  const goodBody = () => JSON.stringify({ records: [record(desk, Math.floor(g.next() * 1e6) + 1)] });
  const bodies = [
    () => '',
    () => '{',
    () => 'null',
    () => '[]',
    () => '{"records": 5}',
    () => JSON.stringify({ records: Array.from({ length: 3 }, () => ({ id: g.bytes(4).toString('latin1') })) }),
    () => JSON.stringify({ code: 'AAAAA-AAAAA', deviceName: g.bytes(200).toString('utf8') }),
    () => JSON.stringify({ venueId: 'venue-a', events: 'x' }),
    goodBody,
    () => g.bytes(Math.floor(g.next() * 3000)).toString('latin1'),
    () => `{"records":[${'{"a":'.repeat(2000)}`,
  ];

  const one = () => {
    const body = Buffer.from(g.pick(bodies)(), 'latin1');
    const lines = [`${g.pick(methods)} ${g.pick(targets)} ${g.pick(['HTTP/1.1', 'HTTP/1.0', 'HTTP/2', 'HTTP/1.1 x', ''])}`, 'Host: 127.0.0.1', 'Connection: close'];
    if (g.next() < 0.7) lines.push(`Authorization: ${g.pick(['Bearer ', 'bearer ', 'Basic ', ''])}${g.pick(tokens)}`);
    if (g.next() < 0.7) lines.push(`Content-Type: ${g.pick(types)}`);
    if (g.next() < 0.3) lines.push(`If-Match: ${g.pick(['*', '"1"', 'W/"1"', '"', ''])}`);
    if (g.next() < 0.2) lines.push(`If-None-Match: ${g.pick(['*', '"42"', 'W/"1", "2"'])}`);
    if (g.next() < 0.2) lines.push(`Origin: ${g.pick(['https://desk.example.org', 'null', 'http://[', ''])}`);
    if (g.next() < 0.1) lines.push(g.bytes(20).toString('latin1'));
    const framing = g.next();
    if (framing < 0.6) lines.push(`Content-Length: ${body.length}`);
    else if (framing < 0.7) lines.push(`Content-Length: ${g.pick([body.length + 10, -1, 'x', '1, 2', 99999999999])}`);
    else if (framing < 0.8) lines.push('Transfer-Encoding: chunked');
    const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
    const chunked = framing >= 0.7 && framing < 0.8 ? Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]) : body;
    return { label: head.toString('latin1').split('\r\n')[0]!, bytes: Buffer.concat([head, chunked]) };
  };

  const failures: string[] = [];
  const seen = new Set<number | null>();
  for (let sent = 0; sent < REQUESTS; sent += AT_ONCE) {
    const batch = Array.from({ length: AT_ONCE }, one);
    const answers = await Promise.all(batch.map((r) => rawRequest(h.url, r.bytes)));
    answers.forEach((a, i) => {
      seen.add(a.status);
      if (a.status !== null && (a.status >= 500 || Number.isNaN(a.status))) failures.push(`${batch[i]!.label} → ${a.status}`);
    });
  }
  expect(failures).toEqual([]);
  // The requests reached the API and the app, not only the parser.
  for (const status of [200, 400, 401, 404]) expect(seen).toContain(status);
  const after = await h.call('POST', '/v1/redemptions', { token: desk.token, body: { records: [record(desk, 9_999_999)] } });
  expect((await after.json()).results[0].status).toBe('stored');
  expect((await h.call('GET', `/v1/usage?since=${TODAY}`, { token: desk.token })).status).toBe(200);
});
