// The desk session as a whole without a browser: enrolment, what it keeps across a restart, bundle
// files, the event choice and the preferences. The card flow has its own file (check-flow.test.ts).

import { describe, expect, it } from 'vitest';
import { helsinkiDay } from '../../src/core/calendar.ts';
import { nobleEd25519 } from '../../src/core/ed25519-noble.ts';
import { rootConfig } from '../../src/core/roots.ts';
import { DeskSession } from '../../src/app/desk/desk-session.ts';
import { openDesk, otherDesks } from '../storage/fixture.ts';
import { anEvent } from '../support/venues.ts';
import { CARD, NOW, bundleText, desk, server, venue } from './session-fixture.ts';

describe('desk session', () => {
  it('enrols, fetches bundle and venue, and picks today\'s only event', async () => {
    const { session } = await desk();
    expect(session.snapshot.bundle?.serial).toBe(42);
    expect(session.snapshot.eventId).toBe('e1');
    expect(session.snapshot.lastSyncMs).toBe(NOW);
  });

  it('a wrong enrolment code is an error the screen can word, and the desk stays unenrolled', async () => {
    const { session } = await desk(venue(), { enrolled: false });
    await expect(session.server.enrol('https://kaiku.example', 'BAD', 'x')).rejects.toMatchObject({ kind: 'forbidden' });
    expect(session.snapshot.device).toBeNull();
  });

  it('a bundle file is refused when not newer, and a broken one leaves the bundle in use', async () => {
    const { session } = await desk();
    expect(await session.bundleFile.load(bundleText)).toBe(false);
    expect(session.snapshot.notice?.key).toBe('bundle.notNewer');
    expect(await session.bundleFile.load('{"format":"kaiku-bundle/1"}')).toBe(false);
    expect(session.snapshot.notice?.key).toBe('bundle.refused');
    expect(session.snapshot.bundle?.serial).toBe(42);
  });

  it('a bundle file loads on a desk that has none yet, and is kept', async () => {
    const { session, store } = await desk(venue(), { enrolled: false });
    expect(session.snapshot.bundle).toBeNull();
    expect(await session.bundleFile.load(bundleText)).toBe(true);
    expect(session.snapshot).toMatchObject({ bundle: { serial: 42 }, notice: { tone: 'info', key: 'bundle.loaded' } });
    expect((await store.getBundle())?.serial).toBe(42);
  });

  it('a bundle file loaded by hand is still in use after a restart, offline', async () => {
    const t = await desk(venue(), { enrolled: false });
    await t.session.bundleFile.load(bundleText);
    const again = new DeskSession({ ...t.deps, fetch: () => Promise.reject(new TypeError('offline')) });
    await again.start();
    expect(again.snapshot.bundle?.serial).toBe(42);
  });

  it("choosing another event asks the server for that event's quota shares at once", async () => {
    const t = await desk(venue({ events: [anEvent({ id: 'e1', title: 'Matinee', start: '13:00' }), anEvent({ id: 'e2', title: 'Evening' })] }));
    const asked: string[] = [];
    const inner = t.deps.fetch;
    t.deps.fetch = (input, init) => (asked.push(new URL(String(input)).pathname), inner(input, init));
    await t.session.events.choose('e2');
    await expect.poll(() => asked).toContain('/v1/shares');
  });

  it('keeps everything across a restart: bundle, event choice, records', async () => {
    const { store } = await openDesk();
    const deps = { store, ed: nobleEd25519, roots: rootConfig(undefined), now: () => NOW, random: (k: number) => crypto.getRandomValues(new Uint8Array(k)), fetch: server(venue()) };
    const first = new DeskSession(deps);
    await first.start();
    await first.server.enrol('https://kaiku.example', 'GOOD', 'Door');
    await first.flow.check(CARD.family, 'typed');
    await first.flow.confirm({ adults: 1, children: 0, assistants: 0 });
    const second = new DeskSession({ ...deps, fetch: () => Promise.reject(new TypeError('offline')) });
    await second.start();
    expect(second.snapshot).toMatchObject({ eventId: 'e1', pending: 1, device: { deviceId: 'd1' } });
    expect(second.snapshot.bundle?.serial).toBe(42);
    await second.flow.check(CARD.family, 'typed');
    expect(second.snapshot.verdict).toMatchObject({ kind: 'rejected', reason: 'card-limit' });
  });

  it('with several events today nothing is chosen for staff; a choice clears the verdict and shows the event\'s tickets left', async () => {
    const { session } = await desk(venue({ events: [anEvent({ id: 'e1', title: 'Matinee', start: '13:00', quota: 5 }), anEvent({ id: 'e2', title: 'Evening', quota: 3 })] }));
    expect(session.snapshot.eventId).toBeNull();
    expect(session.events.choices().map((e) => e.id)).toEqual(['admission-2026-11-22', 'e1', 'e2']);
    await session.flow.check(CARD.family, 'typed');
    expect(session.snapshot.verdict).toMatchObject({ kind: 'rejected', reason: 'no-event' });
    await session.events.choose('e2');
    expect(session.snapshot).toMatchObject({ eventId: 'e2', verdict: { kind: 'idle' }, standing: { event: { id: 'e2' }, eventLeft: 3 } });
  });

  it('how long a verdict stays is kept as a preference', async () => {
    const { session, store } = await desk();
    expect(session.snapshot.clearAfterS).toBe(15);
    await session.setClearAfter(0);
    expect(session.snapshot.clearAfterS).toBe(0);
    expect(await store.getPref('clearAfterS')).toBe(0);
  });
});

describe('desk session: starting', () => {
  const deps = async () => {
    const { store } = await openDesk();
    return { store, ed: nobleEd25519, roots: rootConfig(undefined), now: () => NOW, random: (k: number) => new Uint8Array(k), fetch: server(venue()) };
  };

  it('before start: not ready, nothing on screen, not busy, no refused token', async () => {
    const session = new DeskSession(await deps());
    expect(session.snapshot).toMatchObject({ ready: false, verdict: { kind: 'idle' }, busy: false, unauthorized: false, device: null, clearAfterS: 15 });
  });

  it('restores the last contact and the verdict time kept, and takes anything else stored there as unset', async () => {
    for (const [lastSyncMs, clearAfterS, expected] of [
      [NOW - 5, 0, { lastSyncMs: NOW - 5, clearAfterS: 0 }],
      [NOW - 5, 30, { lastSyncMs: NOW - 5, clearAfterS: 30 }],
      ['yesterday', -1, { lastSyncMs: null, clearAfterS: 15 }],
      [null, '30', { lastSyncMs: null, clearAfterS: 15 }],
    ] as const) {
      const d = await deps();
      await d.store.setPref('lastSyncMs', lastSyncMs as never);
      await d.store.setPref('clearAfterS', clearAfterS as never);
      await d.store.setPref('eventId', 42 as never);
      const session = new DeskSession(d);
      await session.start();
      expect(session.snapshot).toMatchObject({ ready: true, eventId: null, ...expected });
    }
  });

  it('forgets uploaded records older than 400 days when it starts, and keeps the younger ones', async () => {
    const d = await deps();
    const day = 86_400_000;
    const old = otherDesks({ at: new Date(NOW - 401 * day).toISOString() });
    const young = otherDesks({ at: new Date(NOW - 399 * day).toISOString() });
    await d.store.putDevice({ deviceId: 'd-x', venueId: old.venueId, role: 'desk', token: 't', serverUrl: 'https://k.example', deviceName: 'x', enrolledAt: '2025-01-01T00:00:00.000Z' });
    await d.store.importRecords([old, young]);
    await d.store.markUploaded([old.id, young.id]);
    await new DeskSession(d).start();
    await expect.poll(async () => (await d.store.reportRecords(0, NOW)).map((r) => r.id)).toEqual([young.id]);
  });

  it('tells listeners, shows a notice it is given, and counts again when the outbox changed', async () => {
    const told: string[] = [];
    const d = { ...(await deps()), drain: { kick: (why?: string) => void told.push(`kick ${why}`), reenrolled: () => undefined, reportUnauthorized: () => undefined } };
    const session = new DeskSession(d);
    await session.start();
    const heard: (string | null)[] = [];
    const off = session.subscribe((s) => heard.push(s.notice?.key ?? null));
    session.notify({ tone: 'info', key: 'undo.nothing' });
    expect(session.snapshot.notice).toEqual({ tone: 'info', key: 'undo.nothing' });
    off();
    session.notify(null);
    expect(heard).toEqual(['undo.nothing']);
    await d.store.putDevice({ deviceId: 'd-x', venueId: 'v1', role: 'desk', token: 't', serverUrl: 'https://k.example', deviceName: 'x', enrolledAt: '2025-01-01T00:00:00.000Z' });
    await d.store.importRecords([otherDesks({ venueId: 'v1' })]);
    await session.outboxChanged();
    expect(session.snapshot.pending).toBe(1);
    expect(told).toEqual(['kick record']);
  });
});

describe('bundle files', () => {
  it('say why a file is refused, which bundle is in use, and what a loaded one holds', async () => {
    const { session } = await desk();
    expect(await session.bundleFile.load('not json at all')).toBe(false);
    expect(session.snapshot.notice).toMatchObject({ tone: 'error', key: 'bundle.refused', params: { error: expect.stringMatching(/\w/) } });
    expect(await session.bundleFile.load(bundleText)).toBe(false);
    expect(session.snapshot.notice).toEqual({ tone: 'info', key: 'bundle.notNewer', params: { current: 42 } });
    const fresh = await desk(venue(), { enrolled: false });
    await fresh.session.bundleFile.load(bundleText);
    const bundle = fresh.session.snapshot.bundle!;
    expect(fresh.session.snapshot.notice).toEqual({ tone: 'info', key: 'bundle.loaded', params: { madeDay: helsinkiDay(bundle.issuedAtMs), count: bundle.register.count } });
    expect(bundle.register.count).toBeGreaterThan(0);
  });
});
