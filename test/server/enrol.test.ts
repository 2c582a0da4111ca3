import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normaliseEnrolCode, newEnrolCode, sha256Hex } from '../../server/secrets.ts';
import type { Harness } from './harness.ts';
import { errorOf, harness } from './harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

const enrolWith = (code: unknown, deviceName: unknown = 'Desk 1') => h.call('POST', '/v1/enrol', { body: { code, deviceName } });

describe('enrolment codes', () => {
  it('are two groups of five Crockford base32 characters, 50 random bits', () => {
    const random = (n: number) => new Uint8Array(n).fill(0xff);
    expect(newEnrolCode(random)).toBe('ZZZZZ-ZZZZZ');
    const codes = new Set(Array.from({ length: 200 }, () => newEnrolCode((n) => new Uint8Array(globalThis.crypto.getRandomValues(new Uint8Array(n))))));
    expect(codes.size).toBe(200);
    for (const c of codes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
  });

  it('are read whatever the case, hyphens and spaces, and with Crockford look-alikes', () => {
    expect(normaliseEnrolCode(' ab1c0-Xyz9q ')).toBe('AB1C0XYZ9Q');
    expect(normaliseEnrolCode('ab1c0xyz9q')).toBe('AB1C0XYZ9Q');
    expect(normaliseEnrolCode('AB l cO-XYZ9Q')).toBe('AB1C0XYZ9Q');
    expect(normaliseEnrolCode('AB1C0-XYZ9')).toBeNull();
    expect(normaliseEnrolCode('AB1C0-XYZ9U')).toBeNull();
  });
});

describe('POST /v1/enrol', () => {
  it('enrols a device once per code: 201 with deviceId, venueId, role and token', async () => {
    const code = await h.code('venue-a', 'manager');
    const r = await enrolWith(code.toLowerCase().replace('-', ' '));
    expect(r.status).toBe(201);
    const body = await r.json();
    expect(body).toEqual({ deviceId: expect.stringMatching(/^d-[0-9a-f]{16}$/), venueId: 'venue-a', role: 'manager', token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(await errorOf(await enrolWith(code))).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('gives every enrolment its own device and token', async () => {
    const a = await h.enrol('venue-a');
    const b = await h.enrol('venue-a');
    expect(a.deviceId).not.toBe(b.deviceId);
    expect(a.token).not.toBe(b.token);
    expect(a.role).toBe('desk');
  });

  it('refuses a wrong code and an expired one with 403', async () => {
    expect(await errorOf(await enrolWith('AAAAA-AAAAA'))).toMatchObject({ status: 403, code: 'forbidden', message: expect.stringMatching(/wrong, already used or expired/) });
    expect((await enrolWith('not a code at all')).status).toBe(403);
    const code = await h.code('venue-a', 'desk', 2);
    h.clock.now += 2 * 3_600_000;
    expect((await enrolWith(code)).status).toBe(403);
  });

  it('takes a code until 24 hours after it was made by default', async () => {
    const code = await h.code('venue-a');
    h.clock.now += 24 * 3_600_000 - 1;
    expect((await enrolWith(code)).status).toBe(201);
  });

  it('answers 400 for a body that is not JSON or not {code, deviceName}', async () => {
    expect(await errorOf(await h.call('POST', '/v1/enrol', { body: '{nope' }))).toMatchObject({ status: 400, code: 'bad-request' });
    expect((await enrolWith(12345)).status).toBe(400);
    expect((await h.call('POST', '/v1/enrol', { body: { code: 'AAAAA-AAAAA' } })).status).toBe(400);
  });

  it('allows 10 failed attempts a minute from an address, then answers 429 even for a good code', async () => {
    const good = await h.code('venue-a');
    for (let i = 0; i < 10; i++) expect((await enrolWith('AAAAA-AAAAA')).status).toBe(403);
    const limited = await enrolWith(good);
    expect(await errorOf(limited)).toMatchObject({ status: 429, code: 'rate-limited' });
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('Retry-After'))).toBeLessThanOrEqual(60);
    h.clock.now += 60_000;
    expect((await enrolWith(good)).status).toBe(201);
  });

  it('keeps neither tokens nor codes in the database, only their SHA-256 hashes', async () => {
    const code = await h.code('venue-a');
    const r = await (await enrolWith(code)).json();
    const bytes = await h.dump();
    expect(bytes).not.toContain(r.token);
    expect(bytes).not.toContain(code.replace('-', ''));
    expect(bytes).not.toContain(code);
    expect(bytes).toContain(sha256Hex(r.token));
  });
});
