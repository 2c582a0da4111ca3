// How a process leaves a load balancer's pool: it finishes what it took, refuses what comes
// after, and its log line for each request names the route and never a secret.

import { afterEach, describe, expect, it } from 'vitest';
import type { RequestLogLine } from '../../server/start-server.ts';
import type { Harness } from './harness.ts';
import { TODAY, harness, record } from './harness.ts';
import { answerOf, rawSocket } from './raw-http.ts';

let h: Harness;
afterEach(() => h?.close());

describe('stopping (SIGTERM)', () => {
  it('finishes an upload in flight, stores it, and refuses new connections', async () => {
    h = await harness();
    const desk = await h.enrol('venue-a');
    const body = JSON.stringify({ records: [record(desk, 1)] });
    const socket = await rawSocket(h.url);
    const answer = answerOf(socket);
    socket.write(`POST /v1/redemptions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${desk.token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    socket.write(body.slice(0, 10));
    // Once the server has taken the request, it stops, with the rest of the body still on the way.
    await expect.poll(() => h.inFlight()).toBe(1);
    const stopped = h.stop();
    await expect(fetch(`${h.url}/v1/health`)).rejects.toThrow();
    socket.write(body.slice(10));
    const got = await answer;
    expect(got.status).toBe(200);
    expect(got.headers.connection).toBe('close');
    expect(JSON.parse(got.body).results[0].status).toBe('stored');
    socket.destroy();
    await stopped;
    expect((await h.store.usage('venue-a', TODAY, null, 10)).records).toHaveLength(1);
  });

  it('answers 503 with Connection: close to a new request on a connection left open', async () => {
    h = await harness();
    const socket = await rawSocket(h.url);
    const first = answerOf(socket);
    socket.write('GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n');
    expect((await first).status).toBe(200);
    // A slow request keeps the server from being idle-closed at once; the kept-alive socket then asks again.
    const slow = await rawSocket(h.url);
    slow.write('POST /v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{');
    await expect.poll(() => h.inFlight()).toBe(1);
    const stopped = h.stop();
    const second = answerOf(socket);
    socket.write('GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n');
    const refused = await second;
    if (refused.status !== null) {
      expect(refused.status).toBe(503);
      expect(refused.headers.connection).toBe('close');
    }
    slow.destroy();
    await stopped;
  });
});

describe('the request log', () => {
  it('writes one line per request with the route, status and time, and no token, code or query', async () => {
    const lines: RequestLogLine[] = [];
    h = await harness({ log: (line) => lines.push(line) });
    const code = await h.code('venue-a');
    const enrolled = await (await h.call('POST', '/v1/enrol', { body: { code, deviceName: 'gate' } })).json();
    await h.call('GET', `/v1/usage?since=${TODAY}&after=2026-11-22T09:00:00.000Z%20SECRETID`, { token: enrolled.token });
    await h.call('GET', '/?enrol=ABCDE-FGHIJ');
    await h.call('GET', '/v1/AB12345');
    await expect.poll(() => lines.length).toBe(4);
    // In the order the answers finished, which a streamed file need not keep.
    expect(lines.map((l) => [l.route, l.status]).sort()).toEqual([
      ['GET /v1/usage', 200],
      ['POST /v1/enrol', 201],
      ['api-not-found', 404],
      ['static', 200],
    ]);
    expect(lines.every((l) => typeof l.ms === 'number' && l.ms >= 0)).toBe(true);
    const text = JSON.stringify(lines);
    for (const secret of [enrolled.token, code, 'SECRETID', 'ABCDE', 'AB12345']) expect(text).not.toContain(secret);
  });
});
