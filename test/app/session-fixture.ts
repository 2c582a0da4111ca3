// A desk session for the app's unit tests: real core, real storage (in-memory IndexedDB), the
// contract's bundle, a fixed clock and a stand-in server that enrols with the code GOOD. Routes it
// lacks (quota shares, records) answer 404, as a server without them would.

import { nobleEd25519 } from '../../src/core/ed25519-noble.ts';
import type { RedemptionRecord } from '../../src/core/record.ts';
import { rootConfig } from '../../src/core/roots.ts';
import type { VenueSettings } from '../../src/core/venue.ts';
import { DeskSession } from '../../src/app/desk/desk-session.ts';
import type { SessionDeps } from '../../src/app/desk/session-deps.ts';
import type { DeskStore } from '../../src/storage/desk-store.ts';
import { openDesk } from '../storage/fixture.ts';
import { readTestFile } from '../support/vectors.ts';
import { aVenue, anEvent } from '../support/venues.ts';

/** 2026-11-22 12:00 UTC, 14:00 in Helsinki: day 20779, the day the contract's vectors were made for. */
export const NOW = Date.parse('2026-11-22T12:00:00.000Z');
export const bundleText = readTestFile('vectors/bundle.json');

/** Cards of the contract's register (test/vectors/card-codes.json). */
export const CARD = {
  /** A family card with up to 2 children. */
  family: 'NA9C5ONQ',
  /** A personal card, the holder alone. */
  holderOnly: '3UVQBQVOZ0',
  /** A community card. */
  community: 'MRHVEIXZJGWW',
  /** Another personal card, the holder alone. */
  lastDay: 'GI6WSTH74H14Q8CT',
  notRegistered: 'JC8BXVBG',
  expired: 'IW6E85W',
  revoked: 'HFF29MUF3',
} as const;

/** One venue, one event today (e1, 5 tickets), one use per card per event, overrides allowed. */
export function venue(overrides: Partial<VenueSettings> = {}): VenueSettings {
  return aVenue({ venueId: 'v1', name: 'Venue', events: [anEvent({ id: 'e1', title: 'Event', quota: 5 })], ...overrides });
}

/** A route a test adds to the stand-in server; undefined passes the request on. */
export type ExtraRoute = (path: string, init: RequestInit | undefined) => Promise<Response | undefined> | Response | undefined;

/** The stand-in sync API; `bundle: false` when it has no bundle to give yet. */
export function server(settings: VenueSettings, { bundle = true, route }: { bundle?: boolean; route?: ExtraRoute } = {}): typeof fetch {
  return async (input, init) => {
    const path = new URL(String(input)).pathname;
    const extra = await route?.(path, init);
    if (extra) return extra;
    const reply = (status: number, body: string, headers: Record<string, string> = {}) => new Response(body, { status, headers: { 'Content-Type': 'application/json', ...headers } });
    if (path === '/v1/enrol') {
      const { code } = JSON.parse(String(init?.body)) as { code: string };
      return code === 'GOOD' ? reply(201, JSON.stringify({ deviceId: 'd1', venueId: settings.venueId, role: 'desk', token: 't' })) : reply(403, JSON.stringify({ error: { code: 'forbidden', message: 'wrong code' } }));
    }
    if (path === '/v1/venue') return reply(200, JSON.stringify(settings), { ETag: '"1"' });
    if (path === '/v1/bundle' && bundle) return reply(200, bundleText, { ETag: '"42"' });
    // No other desk has used a card yet.
    if (path === '/v1/usage') return reply(200, JSON.stringify({ records: [], next: null }));
    return reply(404, '{}');
  };
}

export interface TestSession {
  session: DeskSession;
  store: DeskStore;
  deps: SessionDeps;
  /** Every record the desk has written, oldest first. */
  records(): Promise<RedemptionRecord[]>;
}

/** A started desk, enrolled unless told otherwise, at NOW. */
export async function desk(
  settings = venue(),
  {
    enrolled = true,
    bundle = true,
    drain,
    route,
    online,
    stored,
  }: {
    enrolled?: boolean;
    bundle?: boolean;
    drain?: SessionDeps['drain'];
    route?: ExtraRoute;
    online?: () => boolean;
    /** What the desk's storage already holds when the session starts (a desk opened again). */
    stored?: (store: DeskStore) => Promise<unknown>;
  } = {},
): Promise<TestSession> {
  const { store } = await openDesk();
  await stored?.(store);
  let n = 0;
  const deps: SessionDeps = {
    store,
    ed: nobleEd25519,
    roots: rootConfig(undefined),
    now: () => NOW,
    random: (k) => new Uint8Array(k).fill(++n),
    fetch: server(settings, { bundle, route }),
    drain,
    online,
  };
  const session = new DeskSession(deps);
  await session.start();
  if (enrolled) await session.server.enrol('https://kaiku.example', 'GOOD', 'Door 1');
  return { session, store, deps, records: () => store.nextBatch() };
}
