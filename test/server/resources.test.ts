import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishBundle, revokeDevice } from '../../server/admin.ts';
import { readTestFile, demoRoots, engines } from '../support/vectors.ts';
import type { Harness } from './harness.ts';
import { NOW, TODAY, errorOf, harness, record, venueSettings } from './harness.ts';

const ed = engines[1]![1];
let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

describe('authorisation', () => {
  it('answers 401 without a token, with an unknown one, and for a revoked device from its next request on', async () => {
    expect(await errorOf(await h.call('GET', '/v1/venue'))).toMatchObject({ status: 401, code: 'unauthorized' });
    expect((await h.call('GET', '/v1/venue', { token: 'x'.repeat(43) })).status).toBe(401);
    expect((await h.call('GET', '/v1/venue', { headers: { Authorization: 'Basic abc' } })).status).toBe(401);
    const device = await h.enrol('venue-a');
    expect((await h.call('GET', '/v1/venue', { token: device.token })).status).toBe(200);
    await revokeDevice(h.store, device.deviceId, NOW);
    const revoked = await errorOf(await h.call('POST', '/v1/redemptions', { token: device.token, body: { records: [record(device, 1)] } }));
    expect(revoked).toMatchObject({ status: 401, code: 'unauthorized', message: expect.stringMatching(/revoked/) });
  });

  it('answers 404 for an unknown route and a known path with another method', async () => {
    const device = await h.enrol('venue-a');
    expect(await errorOf(await h.call('GET', '/v1/nothing', { token: device.token }))).toMatchObject({ status: 404, code: 'not-found' });
    expect((await h.call('DELETE', '/v1/venue', { token: device.token })).status).toBe(404);
    expect((await h.call('POST', '/somewhere')).status).toBe(404);
  });
});

describe('GET /v1/bundle', () => {
  it('is 404 until a bundle is published, then the envelope with its quoted serial as ETag, and 304 for that ETag', async () => {
    const { token } = await h.enrol('venue-a');
    expect(await errorOf(await h.call('GET', '/v1/bundle', { token }))).toMatchObject({ status: 404, code: 'not-found' });
    const envelope = readTestFile('vectors/bundle.json');
    await publishBundle(h.store, envelope, demoRoots, ed, NOW);
    const r = await h.call('GET', '/v1/bundle', { token });
    expect(r.status).toBe(200);
    expect(r.headers.get('ETag')).toBe('"42"');
    expect(await r.text()).toBe(envelope);
    const again = await h.call('GET', '/v1/bundle', { token, headers: { 'If-None-Match': '"42"' } });
    expect(again.status).toBe(304);
    expect(again.headers.get('ETag')).toBe('"42"');
    expect((await h.call('GET', '/v1/bundle', { token, headers: { 'If-None-Match': '"41"' } })).status).toBe(200);
  });
});

describe('GET and PUT /v1/venue', () => {
  it('gives the settings with a quoted ETag, and 304 for it', async () => {
    const { token } = await h.enrol('venue-a');
    const r = await h.call('GET', '/v1/venue', { token });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual(venueSettings('venue-a'));
    const etag = r.headers.get('ETag')!;
    expect(etag).toMatch(/^"\d+"$/);
    expect((await h.call('GET', '/v1/venue', { token, headers: { 'If-None-Match': etag } })).status).toBe(304);
  });

  it('lets a manager replace them with the current If-Match, and answers 412 to a stale one', async () => {
    const { token } = await h.enrol('venue-a', 'manager');
    const etag = (await h.call('GET', '/v1/venue', { token })).headers.get('ETag')!;
    const changed = { ...venueSettings('venue-a'), dayQuota: 12 };
    const r = await h.call('PUT', '/v1/venue', { token, body: changed, headers: { 'If-Match': etag } });
    expect(r.status).toBe(200);
    const next = r.headers.get('ETag')!;
    expect(next).not.toBe(etag);
    expect(await (await h.call('GET', '/v1/venue', { token })).json()).toEqual(changed);
    expect(await errorOf(await h.call('PUT', '/v1/venue', { token, body: changed, headers: { 'If-Match': etag } }))).toMatchObject({ status: 412, code: 'stale' });
    expect((await h.call('PUT', '/v1/venue', { token, body: changed, headers: { 'If-Match': next } })).status).toBe(200);
  });

  it('refuses a desk device (403), a missing If-Match (428) and settings that are not valid (400, naming the field)', async () => {
    const desk = await h.enrol('venue-a');
    const manager = await h.enrol('venue-a', 'manager');
    const etag = (await h.call('GET', '/v1/venue', { token: manager.token })).headers.get('ETag')!;
    const settings = venueSettings('venue-a');
    expect(await errorOf(await h.call('PUT', '/v1/venue', { token: desk.token, body: settings, headers: { 'If-Match': etag } }))).toMatchObject({ status: 403, code: 'forbidden' });
    expect(await errorOf(await h.call('PUT', '/v1/venue', { token: manager.token, body: settings }))).toMatchObject({ status: 428, code: 'if-match-required' });
    const bad = await errorOf(await h.call('PUT', '/v1/venue', { token: manager.token, body: { ...settings, dayQuota: 'forty' }, headers: { 'If-Match': etag } }));
    expect(bad).toMatchObject({ status: 400, code: 'bad-request', message: expect.stringContaining('"dayQuota"') });
    const other = await errorOf(await h.call('PUT', '/v1/venue', { token: manager.token, body: venueSettings('venue-b'), headers: { 'If-Match': etag } }));
    expect(other).toMatchObject({ status: 400, message: expect.stringContaining('"venueId"') });
    expect((await h.call('PUT', '/v1/venue', { token: manager.token, body: '[', headers: { 'If-Match': etag } })).status).toBe(400);
  });
});

describe('GET /v1/usage', () => {
  it('gives every record of the venue, all devices, from Helsinki day `since` on', async () => {
    const a = await h.enrol('venue-a');
    const b = await h.enrol('venue-a');
    const other = await h.enrol('venue-b');
    // 22:30 UTC on the 21st is 00:30 on the 22nd in Helsinki: day 20779.
    const early = record(a, 1, { at: '2026-11-21T21:59:59.999Z' });
    const midnight = record(a, 2, { at: '2026-11-21T22:30:00.000Z' });
    const later = record(b, 1, { at: '2026-11-22T09:00:00.000Z' });
    await h.call('POST', '/v1/redemptions', { token: a.token, body: { records: [early, midnight] } });
    await h.call('POST', '/v1/redemptions', { token: b.token, body: { records: [later] } });
    await h.call('POST', '/v1/redemptions', { token: other.token, body: { records: [record(other, 1)] } });
    const r = await h.call('GET', `/v1/usage?since=${TODAY}`, { token: b.token });
    expect(r.status).toBe(200);
    expect((await r.json()).records).toEqual([midnight, later]);
    expect((await (await h.call('GET', `/v1/usage?since=${TODAY - 1}`, { token: b.token })).json()).records).toEqual([early, midnight, later]);
  });

  it('reaches 31 days back for a desk and 400 for a manager, and answers 400 to a bad query', async () => {
    const desk = await h.enrol('venue-a');
    const manager = await h.enrol('venue-a', 'manager');
    expect((await h.call('GET', `/v1/usage?since=${TODAY - 31}`, { token: desk.token })).status).toBe(200);
    expect(await errorOf(await h.call('GET', `/v1/usage?since=${TODAY - 32}`, { token: desk.token }))).toMatchObject({ status: 400, code: 'bad-request', message: expect.stringMatching(/31 days/) });
    expect((await h.call('GET', `/v1/usage?since=${TODAY - 400}`, { token: manager.token })).status).toBe(200);
    expect((await h.call('GET', `/v1/usage?since=${TODAY - 401}`, { token: manager.token })).status).toBe(400);
    for (const q of ['', '?since=', '?since=2026-11-22', '?since=-1', '?since=abc']) expect((await h.call('GET', `/v1/usage${q}`, { token: desk.token })).status).toBe(400);
  });
});
