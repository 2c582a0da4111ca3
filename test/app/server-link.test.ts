// What the desk hears from its server and its upload loop: a refused token, the loop's counts and
// last contact, and settings a manager saved.

import { describe, expect, it } from 'vitest';
import type { DrainStatus } from '../../src/sync/drain-loop.ts';
import { anEvent } from '../support/venues.ts';
import { helsinkiDay } from '../../src/core/calendar.ts';
import { CARD, NOW, bundleText, desk, server, venue } from './session-fixture.ts';

const status = (over: Partial<DrainStatus>): DrainStatus => ({ pending: 0, attention: 0, lastSuccessMs: null, state: 'idle', unauthorized: false, online: true, retryAtMs: null, lastError: null, ...over });

function loop() {
  const told: string[] = [];
  return { told, drain: { kick: (why?: string) => void told.push(`kick ${why}`), reenrolled: () => void told.push('reenrolled'), reportUnauthorized: () => void told.push('unauthorized') } };
}

describe('server link', () => {
  it('a refused token asks for enrolling again, tells the upload loop, and keeps the records', async () => {
    const { told, drain } = loop();
    const t = await desk(venue(), { drain });
    await t.session.flow.check(CARD.family, 'typed');
    await t.session.flow.confirm({ adults: 1, children: 0, assistants: 0 });
    t.deps.fetch = async () => new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'revoked' } }), { status: 401, headers: { 'Content-Type': 'application/json' } });
    await expect(t.session.server.refresh()).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(t.session.snapshot).toMatchObject({ unauthorized: true, pending: 1, device: { deviceId: 'd1' } });
    // A share round still running in the background may meet the refused token too, and say so again.
    expect(told.slice(0, 3)).toEqual(['reenrolled', 'kick record', 'unauthorized']);
    expect(told.slice(3).filter((x) => x !== 'unauthorized')).toEqual([]);
  });

  it('the upload loop\'s news moves the counts and the last contact, which is kept; an older contact does not go back', async () => {
    const { session, store } = await desk();
    await session.server.syncStatus(status({ pending: 3, attention: 1, lastSuccessMs: NOW + 5_000 }));
    expect(session.snapshot).toMatchObject({ pending: 3, attention: 1, lastSyncMs: NOW + 5_000 });
    await session.server.syncStatus(status({ lastSuccessMs: NOW }));
    expect(session.snapshot).toMatchObject({ pending: 0, lastSyncMs: NOW + 5_000 });
    await expect.poll(() => store.getPref('lastSyncMs')).toBe(NOW + 5_000);
  });

  it('settings a manager saved are used at once: the event is chosen and its tickets counted', async () => {
    const { session } = await desk(venue({ events: [] }));
    expect(session.snapshot.eventId).toBe('admission-2026-11-22');
    await session.events.choose(null);
    await session.server.venueSaved(venue({ events: [anEvent({ id: 'e9', title: 'New', quota: 7 })] }));
    expect(session.snapshot).toMatchObject({ eventId: 'e9', standing: { event: { id: 'e9' }, eventLeft: 7 } });
  });
});

/** The stand-in server, with the usage it lacks and changes given per path. */
function withUsage(inner: typeof fetch, over: Record<string, () => Response> = {}): typeof fetch {
  return async (input, init) => {
    const path = new URL(String(input)).pathname;
    if (over[path]) return over[path]!();
    if (path === '/v1/usage') return new Response('{"records":[]}', { status: 200, headers: { 'Content-Type': 'application/json', Date: new Date(NOW - 120_000).toUTCString() } });
    return inner(input, init);
  };
}

describe('server link: enrolling and refreshing', () => {
  it('an enrolment whose bundle cannot be fetched keeps the device, says so, and clears a refused token', async () => {
    const { told, drain } = loop();
    const t = await desk(venue(), { enrolled: false, drain, route: (path) => (path === '/v1/bundle' ? new Response('{}', { status: 500 }) : undefined) });
    await t.session.server.syncStatus(status({ unauthorized: true }));
    expect(t.session.snapshot.unauthorized).toBe(true);
    await t.session.server.enrol('https://kaiku.example', 'GOOD', 'Door 1');
    expect(t.session.snapshot).toMatchObject({ device: { deviceId: 'd1', deviceName: 'Door 1' }, unauthorized: false, notice: { tone: 'error', key: 'enrol.error.bundle' } });
    expect(told[0]).toBe('reenrolled');
  });

  it('a refresh on a desk not enrolled asks nothing of anyone', async () => {
    const t = await desk(venue(), { enrolled: false });
    let asked = 0;
    t.deps.fetch = async () => (asked++, new Response('{}'));
    await t.session.server.refresh();
    expect(asked).toBe(0);
  });

  it('a full refresh shows the bundle it took, and keeps the last contact and the server clock', async () => {
    const t = await desk(venue(), { enrolled: false });
    t.deps.fetch = withUsage(server(venue()));
    await t.session.server.enrol('https://kaiku.example', 'GOOD', 'Door 1');
    const bundle = t.session.snapshot.bundle!;
    expect(t.session.snapshot).toMatchObject({
      notice: { tone: 'info', key: 'bundle.loaded', params: { madeDay: helsinkiDay(bundle.issuedAtMs), count: bundle.register.count } },
      lastSyncMs: NOW,
      serverOffsetMs: -120_000,
    });
  });

  it("a refused bundle from the server says why, and a 304 keeps the settings held", async () => {
    const t = await desk();
    const env = JSON.parse(bundleText) as Record<string, string>;
    const forged = JSON.stringify({ ...env, signature: env.signature!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) });
    t.deps.fetch = withUsage(server(venue()), {
      '/v1/venue': () => new Response(null, { status: 304 }),
      '/v1/bundle': () => new Response(forged, { status: 200, headers: { 'Content-Type': 'application/json' } }),
    });
    await t.session.server.refresh();
    expect(t.session.snapshot).toMatchObject({ venue: { venueId: 'v1' }, bundle: { serial: 42 }, notice: { tone: 'error', key: 'bundle.refused', params: { error: expect.stringMatching(/\w/) } } });
  });

  it('a refresh that could not reach the venue leaves the last contact as it was', async () => {
    const t = await desk();
    t.deps.fetch = () => Promise.reject(new TypeError('offline'));
    t.deps.now = () => NOW + 60_000;
    await expect(t.session.server.refresh()).rejects.toMatchObject({ kind: 'offline' });
    expect(t.session.snapshot).toMatchObject({ lastSyncMs: NOW, unauthorized: false });
  });

  it('a desk enrolled again while its records wait to upload takes the new enrolment and keeps them', async () => {
    const t = await desk();
    await t.session.flow.check(CARD.family, 'typed');
    await t.session.flow.confirm({ adults: 1, children: 0, assistants: 0 });
    await t.session.server.enrol('https://kaiku.example', 'GOOD', 'Door 2');
    expect(t.session.snapshot).toMatchObject({ device: { deviceId: 'd1', deviceName: 'Door 2' }, pending: 1 });
    expect(t.session.snapshot.notice?.key).not.toBe('enrol.error.records');
    expect(await t.store.getDevice()).toMatchObject({ deviceName: 'Door 2' });
  });

  it('a refresh that brings no newer bundle says nothing about the bundle', async () => {
    const t = await desk();
    t.deps.fetch = withUsage(server(venue()));
    t.session.notify(null);
    await t.session.server.refresh();
    expect(t.session.snapshot).toMatchObject({ bundle: { serial: 42 }, notice: null });
  });

  it('a refresh whose venue settings did not change leaves the event as staff chose it, even none', async () => {
    const t = await desk();
    await t.session.events.choose(null);
    t.deps.fetch = withUsage(server(venue()), { '/v1/venue': () => new Response(null, { status: 304 }) });
    await t.session.server.refresh();
    expect(t.session.snapshot.eventId).toBeNull();
  });

  it('a refresh that reached the server asks for the quota shares too; one that failed does not', async () => {
    const t = await desk();
    await t.session.shares.poll();
    const asked: string[] = [];
    const recording = (inner: typeof fetch): typeof fetch => (input, init) => (asked.push(new URL(String(input)).pathname), inner(input, init));
    t.deps.fetch = recording(withUsage(server(venue())));
    await t.session.server.refresh();
    expect(asked).toContain('/v1/shares');
    asked.length = 0;
    t.deps.fetch = recording(withUsage(server(venue()), { '/v1/usage': () => new Response('{}', { status: 500 }) }));
    await expect(t.session.server.refresh()).rejects.toThrow();
    expect(asked).toContain('/v1/usage');
    expect(asked).not.toContain('/v1/shares');
  });

  it('a refused token on a desk without an upload loop still asks for enrolling again', async () => {
    const t = await desk();
    t.deps.fetch = async () => new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'revoked' } }), { status: 401, headers: { 'Content-Type': 'application/json' } });
    await expect(t.session.server.refresh()).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(t.session.snapshot.unauthorized).toBe(true);
  });
});
