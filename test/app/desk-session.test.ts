// The desk's rules end to end without a browser: real core, real storage (in-memory IndexedDB),
// a fixed clock and a stand-in server.

import { describe, expect, it } from 'vitest';
import { tweetnaclEd25519 } from '../../src/core/ed25519.ts';
import { rootConfig } from '../../src/core/roots.ts';
import type { VenueSettings } from '../../src/core/venue.ts';
import { DeskSession } from '../../src/app/desk/desk-session.ts';
import { openDesk } from '../storage/fixture.ts';
import { readTestFile } from '../support/vectors.ts';
import { aVenue, anEvent } from '../support/venues.ts';

const NOW = Date.parse('2026-11-22T12:00:00.000Z');
const bundleText = readTestFile('vectors/bundle.json');

function venue(overrides: Partial<VenueSettings> = {}): VenueSettings {
  return aVenue({ venueId: 'v1', name: 'Venue', events: [anEvent({ id: 'e1', title: 'Event', quota: 5 })], ...overrides });
}

function server(settings: VenueSettings): typeof fetch {
  return async (input, init) => {
    const path = new URL(String(input)).pathname;
    const reply = (status: number, body: string, headers: Record<string, string> = {}) => new Response(body, { status, headers: { 'Content-Type': 'application/json', ...headers } });
    if (path === '/v1/enrol') {
      const { code } = JSON.parse(String(init?.body)) as { code: string };
      return code === 'GOOD' ? reply(201, JSON.stringify({ deviceId: 'd1', venueId: settings.venueId, role: 'desk', token: 't' })) : reply(403, JSON.stringify({ error: { code: 'forbidden', message: 'wrong code' } }));
    }
    if (path === '/v1/venue') return reply(200, JSON.stringify(settings), { ETag: '"1"' });
    if (path === '/v1/bundle') return reply(200, bundleText, { ETag: '"42"' });
    return reply(404, '{}');
  };
}

async function desk(settings = venue(), enrolled = true) {
  const { store } = await openDesk();
  let n = 0;
  const session = new DeskSession({
    store,
    ed: tweetnaclEd25519,
    roots: rootConfig(undefined),
    now: () => NOW,
    random: (k) => new Uint8Array(k).fill(++n),
    fetch: server(settings),
  });
  await session.start();
  if (enrolled) await session.server.enrol('https://kaiku.example', 'GOOD', 'Door 1');
  return { session, store };
}

describe('desk session', () => {
  it('enrols, fetches bundle and venue, and picks today\'s only event', async () => {
    const { session } = await desk();
    expect(session.snapshot.bundle?.serial).toBe(42);
    expect(session.snapshot.eventId).toBe('e1');
    expect(session.snapshot.lastSyncMs).toBe(NOW);
  });

  it('a wrong enrolment code is an error the screen can word, and the desk stays unenrolled', async () => {
    const { session } = await desk(venue(), false);
    await expect(session.server.enrol('https://kaiku.example', 'BAD', 'x')).rejects.toMatchObject({ kind: 'forbidden' });
    expect(session.snapshot.device).toBeNull();
  });

  it('records a decline once for a card rejection, and nothing for noise', async () => {
    const { session, store } = await desk();
    await session.flow.check('hi!', 'typed');
    await session.flow.check('KK1.AAAA', 'typed');
    expect(await store.pendingCount()).toBe(0);
    await session.flow.check('IW6E85W', 'typed');
    expect(session.snapshot.verdict).toMatchObject({ kind: 'rejected', reason: 'expired' });
    const [declined] = await store.nextBatch();
    expect(declined).toMatchObject({ outcome: 'declined', reason: 'expired', cardId: 'IW6E85W', adults: 1, children: 0, assistants: 0, eventId: 'e1', source: 'register', seq: 1 });
  });

  it('confirm writes the use before saying redeemed; a refused confirm keeps the card', async () => {
    const { session, store } = await desk();
    await session.flow.check('NA9C5ONQ', 'typed');
    await session.flow.confirm({ adults: 1, children: 3, assistants: 0 });
    expect(session.snapshot.verdict).toMatchObject({ kind: 'accepted', confirmReason: 'children-limit' });
    expect(await store.pendingCount()).toBe(0);
    await session.flow.confirm({ adults: 1, children: 2, assistants: 1 });
    expect(session.snapshot.verdict.kind).toBe('redeemed');
    const [use] = await store.nextBatch();
    expect(use).toMatchObject({ outcome: 'redeemed', adults: 1, children: 2, assistants: 1, cardId: 'NA9C5ONQ', source: 'register', kid: null });
  });

  it('a verified code records its key and issue day', async () => {
    const { session, store } = await desk();
    const code = JSON.parse(readTestFile('vectors/card-codes.json')).cases[0].input as string;
    await session.flow.check(code, 'camera');
    await session.flow.confirm({ adults: 1, children: 0, assistants: 0 });
    expect((await store.nextBatch())[0]).toMatchObject({ source: 'code', kid: 1, issued: 20749 });
  });

  it('undo voids the last use of today, then there is nothing left to undo', async () => {
    const { session, store } = await desk();
    await session.flow.check('NA9C5ONQ', 'typed');
    await session.flow.confirm({ adults: 1, children: 0, assistants: 0 });
    expect(await session.undo.last()).toBe(true);
    const batch = await store.nextBatch();
    expect(batch[1]).toMatchObject({ outcome: 'void', voids: batch[0]!.id, adults: 0, children: 0, assistants: 0, eventId: 'e1', cardId: 'NA9C5ONQ' });
    expect(await session.undo.last()).toBe(false);
    expect(session.snapshot.notice?.key).toBe('undo.nothing');
  });

  it('override resumes at the limits with the printed children, recorded as manual', async () => {
    const { session, store } = await desk();
    await session.flow.check('JC8BXVBG', 'typed');
    expect(session.snapshot.verdict).toMatchObject({ kind: 'rejected', reason: 'not-registered', overridable: true });
    await session.flow.override(1);
    expect(session.snapshot.verdict).toMatchObject({ kind: 'accepted', check: { source: 'manual', children: 1 } });
    await session.flow.confirm({ adults: 1, children: 2, assistants: 0 });
    expect(session.snapshot.verdict).toMatchObject({ confirmReason: 'children-limit' });
    await session.flow.confirm({ adults: 1, children: 1, assistants: 0 });
    const batch = await store.nextBatch();
    expect(batch.map((r) => [r.outcome, r.source, r.reason])).toEqual([
      ['declined', 'register', 'not-registered'],
      ['redeemed', 'manual', null],
    ]);
  });

  it('fast mode confirms a holder-only personal card at once', async () => {
    const { session, store } = await desk(venue({ fastMode: true }));
    await session.flow.check('3UVQBQVOZ0', 'wedge');
    expect(session.snapshot.verdict.kind).toBe('redeemed');
    await session.flow.check('MRHVEIXZJGWW', 'wedge');
    expect(session.snapshot.verdict.kind).toBe('accepted');
    expect(await store.pendingCount()).toBe(1);
  });

  it('suggests only for typed IDs', async () => {
    const { session } = await desk();
    await session.flow.check('NA9A5ONQ', 'typed');
    expect(session.snapshot.verdict).toMatchObject({ suggestions: ['NA9C5ONQ'] });
    await session.flow.check('NA9A5ONQ', 'wedge');
    expect(session.snapshot.verdict).toMatchObject({ suggestions: [] });
  });

  it('a bundle file is refused when not newer, and a broken one leaves the bundle in use', async () => {
    const { session } = await desk();
    expect(await session.bundleFile.load(bundleText)).toBe(false);
    expect(session.snapshot.notice?.key).toBe('bundle.notNewer');
    expect(await session.bundleFile.load('{"format":"kaiku-bundle/1"}')).toBe(false);
    expect(session.snapshot.notice?.key).toBe('bundle.refused');
    expect(session.snapshot.bundle?.serial).toBe(42);
  });

  it('keeps everything across a restart: bundle, event choice, records', async () => {
    const { store } = await openDesk();
    const deps = { store, ed: tweetnaclEd25519, roots: rootConfig(undefined), now: () => NOW, random: (k: number) => crypto.getRandomValues(new Uint8Array(k)), fetch: server(venue()) };
    const first = new DeskSession(deps);
    await first.start();
    await first.server.enrol('https://kaiku.example', 'GOOD', 'Door');
    await first.flow.check('NA9C5ONQ', 'typed');
    await first.flow.confirm({ adults: 1, children: 0, assistants: 0 });
    const second = new DeskSession({ ...deps, fetch: () => Promise.reject(new TypeError('offline')) });
    await second.start();
    expect(second.snapshot).toMatchObject({ eventId: 'e1', pending: 1, device: { deviceId: 'd1' } });
    expect(second.snapshot.bundle?.serial).toBe(42);
    await second.flow.check('NA9C5ONQ', 'typed');
    expect(second.snapshot.verdict).toMatchObject({ kind: 'rejected', reason: 'card-limit' });
  });
});
