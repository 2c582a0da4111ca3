// The desk session as a whole without a browser: enrolment, what it keeps across a restart, bundle
// files, the event choice and the preferences. The card flow has its own file (check-flow.test.ts).

import { describe, expect, it } from 'vitest';
import { nobleEd25519 } from '../../src/core/ed25519-noble.ts';
import { rootConfig } from '../../src/core/roots.ts';
import { DeskSession } from '../../src/app/desk/desk-session.ts';
import { openDesk } from '../storage/fixture.ts';
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
