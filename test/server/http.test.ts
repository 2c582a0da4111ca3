import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Harness } from './harness.ts';
import { errorOf, harness } from './harness.ts';

let h: Harness;
afterEach(() => h.close());

/** A chunked body of `size` bytes with no Content-Length, so the limit is met while reading. */
function postChunked(url: string, size: number, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    const chunk = 'x'.repeat(64 * 1024);
    for (let sent = 0; sent < size; sent += chunk.length) req.write(chunk);
    req.end();
  });
}

describe('HTTP', () => {
  it('puts a Date header on every answer, errors included, and never a stack trace', async () => {
    h = await harness();
    for (const r of [await h.call('GET', '/'), await h.call('GET', '/v1/venue'), await h.call('POST', '/v1/enrol', { body: '{' })]) {
      expect(Math.abs(Date.parse(r.headers.get('Date')!) - Date.now())).toBeLessThan(5000);
      expect(await r.text()).not.toMatch(/\bat .*\.ts:\d+/);
    }
  });

  it('refuses a chunked body over 1 MB with 413 while reading it', async () => {
    h = await harness();
    const { token } = await h.enrol('venue-a');
    const r = await postChunked(`${h.url}/v1/redemptions`, 2 * 1024 * 1024, token);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error.code).toBe('too-large');
  });

  it('serves the built app: SPA fallback, no-cache for index.html and sw.js, immutable hashed assets', async () => {
    h = await harness();
    const index = await h.call('GET', '/');
    expect(index.status).toBe(200);
    expect(index.headers.get('Content-Type')).toMatch(/text\/html/);
    expect(index.headers.get('Cache-Control')).toBe('no-cache');
    const route = await h.call('GET', '/manager/settings');
    expect(await route.text()).toContain('<title>desk</title>');
    expect(route.headers.get('Cache-Control')).toBe('no-cache');
    const sw = await h.call('GET', '/sw.js');
    expect(sw.headers.get('Cache-Control')).toBe('no-cache');
    expect(sw.headers.get('Content-Type')).toMatch(/javascript/);
    const asset = await h.call('GET', '/assets/index-AbC123.js');
    expect(asset.headers.get('Cache-Control')).toMatch(/immutable/);
    expect(await errorOf(await h.call('GET', '/assets/missing-123.js'))).toMatchObject({ status: 404, code: 'not-found' });
    expect((await h.call('GET', '/..%2f..%2fetc%2fpasswd')).status).not.toBe(500);
    expect(await (await h.call('GET', '/%2e%2e/%2e%2e/etc/hostname')).text()).toContain('<title>desk</title>');
  });

  it('says so when the app is not built', async () => {
    h = await harness({ staticDir: '/nonexistent-kaiku-dist' });
    expect(await errorOf(await h.call('GET', '/'))).toMatchObject({ status: 404, message: expect.stringMatching(/npm run build/) });
  });

  it('answers CORS only for configured origins: echo, preflight with the headers the desk sends, ETag exposed', async () => {
    h = await harness({ corsOrigins: ['https://desk.example.org'] });
    const { token } = await h.enrol('venue-a');
    const allowed = await h.call('GET', '/v1/venue', { token, headers: { Origin: 'https://desk.example.org' } });
    expect(allowed.headers.get('Access-Control-Allow-Origin')).toBe('https://desk.example.org');
    expect(allowed.headers.get('Access-Control-Expose-Headers')).toMatch(/ETag/);
    expect(allowed.headers.get('Vary')).toMatch(/Origin/);
    const preflight = await h.call('OPTIONS', '/v1/venue', {
      headers: { Origin: 'https://desk.example.org', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'authorization, if-match, content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe('https://desk.example.org');
    for (const header of ['Authorization', 'If-Match', 'If-None-Match', 'Content-Type']) expect(preflight.headers.get('Access-Control-Allow-Headers')).toContain(header);
    expect(preflight.headers.get('Access-Control-Allow-Methods')).toContain('PUT');

    const denied = await h.call('GET', '/v1/venue', { token, headers: { Origin: 'https://evil.example' } });
    expect(denied.headers.get('Access-Control-Allow-Origin')).toBeNull();
    const deniedPreflight = await h.call('OPTIONS', '/v1/venue', { headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'PUT' } });
    expect(deniedPreflight.headers.get('Access-Control-Allow-Origin')).toBeNull();
    expect(deniedPreflight.headers.get('Access-Control-Allow-Headers')).toBeNull();
  });

  it('sends no CORS headers at all when no origin is configured', async () => {
    h = await harness();
    const r = await h.call('GET', '/v1/venue', { headers: { Origin: 'https://desk.example.org' } });
    expect(r.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });
});
