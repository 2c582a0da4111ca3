// Desks sharing a quota, as staff see it: two desk sessions (real core, real storage) against the
// real reference server. A desk decides by what it holds; offline with its share spent it says
// event-full and what the other desks hold; online it asks first; shares flow back when asked;
// a manager's release is told; and against a server without shares nothing changes.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeskSession } from '../../src/app/desk/desk-session.ts';
import { nobleEd25519 } from '../../src/core/ed25519-noble.ts';
import { rootConfig } from '../../src/core/roots.ts';
import type { DeskStore } from '../../src/storage/desk-store.ts';
import { openDesk } from '../storage/fixture.ts';
import type { Harness } from '../server/harness.ts';
import { TODAY, harness, venueSettings } from '../server/harness.ts';
import { saveVenue } from '../../server/admin.ts';
import { anEvent } from '../support/venues.ts';
import { readTestFile } from '../support/vectors.ts';
import { CARD, NOW, desk as fakeServerDesk } from './session-fixture.ts';

let h: Harness;
beforeEach(async () => {
  h = await harness();
  // The contract's bundle, published as an operator would.
  await h.store.publishBundle({ serial: 42, envelope: readTestFile('vectors/bundle.json') }, NOW);
});
afterEach(() => h.close());

interface Desk {
  session: DeskSession;
  store: DeskStore;
  /** Cuts the desk off the network (navigator.onLine false, every request fails). */
  offline(off: boolean): void;
}

async function desk(name: string, eventId = 'hamlet'): Promise<Desk> {
  const { store } = await openDesk();
  let off = false;
  let n = 0;
  const session = new DeskSession({
    store,
    ed: nobleEd25519,
    roots: rootConfig(undefined),
    now: () => NOW,
    random: (k) => new Uint8Array(k).map(() => ++n % 256),
    fetch: (input, init) => (off ? Promise.reject(new TypeError('offline')) : fetch(input, init)),
    online: () => !off,
  });
  await session.start();
  await session.server.enrol(h.url, await h.code('venue-a'), name);
  await session.events.choose(eventId);
  await session.shares.poll();
  return { session, store, offline: (v) => (off = v) };
}

const one = { adults: 1, children: 0, assistants: 0 };

async function admit(d: Desk, card: string = CARD.community, admitting = one) {
  await d.session.flow.check(card, 'typed');
  if (d.session.snapshot.verdict.kind !== 'accepted') return d.session.snapshot.verdict;
  return d.session.flow.confirm(admitting);
}

describe('desks sharing a quota', () => {
  it('a lone desk gets the whole quota; the idle screen says what it holds', async () => {
    const a = await desk('A');
    expect(a.session.snapshot.standing).toMatchObject({ eventLeft: 10, held: 10 });
  });

  it("offline with its share spent: event-full at scan, recorded as a decline, in words that name the other desks' tickets", async () => {
    const a = await desk('A');
    const b = await desk('B');
    expect(b.session.snapshot.standing?.held).toBe(0);
    b.offline(true);
    const verdict = await admit(b);
    expect(verdict).toMatchObject({ kind: 'rejected', reason: 'event-full', share: { othersHold: 10, otherDesks: 1 } });
    const [declined] = await b.store.nextBatch();
    expect(declined).toMatchObject({ outcome: 'declined', reason: 'event-full' });
    // A, offline too, hands out what it holds and no more.
    a.offline(true);
    for (let i = 0; i < 10; i++) expect((await admit(a)).kind).toBe('redeemed');
    // Its own ten are all it knows of: the quota as counted is full (no share message).
    expect(await admit(a)).toMatchObject({ kind: 'rejected', reason: 'event-full', share: null });
  });

  it('offline at an event it was never online for: refused, saying the desk has no share of it yet (nothing was used up)', async () => {
    // The venue has a matinee too; desk C was online only at Hamlet, then offline chooses the matinee.
    await saveVenue(h.store, { ...venueSettings('venue-a'), events: [anEvent({ id: 'hamlet', day: TODAY }), anEvent({ id: 'matinee', title: 'Matinee', day: TODAY, start: '13:00', quota: 5 })] });
    const c = await desk('C');
    c.offline(true);
    await c.session.events.choose('matinee');
    expect(await admit(c)).toMatchObject({ kind: 'rejected', reason: 'event-full', share: { heard: false } });
    // Once it has heard (another desk holding all five), a spent share is "used up" again.
    const a = await desk('A', 'matinee');
    expect((await a.store.shares()).find((x) => x.pool === 'event:matinee')?.held).toBe(5);
    c.offline(false);
    await c.session.shares.poll();
    c.offline(true);
    expect(await admit(c)).toMatchObject({ kind: 'rejected', reason: 'event-full', share: { heard: true, othersHold: 5 } });
  });

  it('online, a desk that runs dry asks once; the others give back at their next round, and then it sells the rest', async () => {
    const a = await desk('A');
    const b = await desk('B');
    expect((await admit(a)).kind).toBe('redeemed');
    // A's use is not uploaded yet (no upload loop here): the server counts it with what A holds.
    expect(await admit(b)).toMatchObject({ kind: 'rejected', reason: 'event-full', share: { othersHold: 10 } });
    await a.session.shares.poll(); // asked back: gives its 9 back at once
    expect(a.session.snapshot.standing?.held).toBe(0);
    for (let i = 0; i < 9; i++) expect((await admit(b)).kind).toBe('redeemed');
    expect(await admit(b)).toMatchObject({ kind: 'rejected', reason: 'event-full' });
  });

  it("undo gives a use's tickets back to the desk's share", async () => {
    const a = await desk('A');
    a.offline(true);
    await admit(a, CARD.family, { adults: 1, children: 2, assistants: 0 });
    expect(a.session.snapshot.standing?.held).toBe(7);
    await a.session.undo.last();
    expect(a.session.snapshot.standing?.held).toBe(10);
  });

  it("a manager's release takes a desk's share: it is told so when it comes back, and the other desks are told too", async () => {
    const gone = await desk('Gate 2');
    const b = await desk('B');
    gone.offline(true);
    const manager = await h.enrol('venue-a', 'manager');
    const r = await h.call('POST', '/v1/shares/release', { token: manager.token, body: { pool: 'event:hamlet', deviceId: gone.session.snapshot.device!.deviceId } });
    expect(r.status).toBe(200);
    await b.session.shares.poll();
    expect(b.session.snapshot.notice).toMatchObject({ key: 'shares.releasedOther', params: { n: 10, name: 'Gate 2' } });
    // Its share of the day quota too: then B can hand out what Gate 2 held.
    expect(await admit(b)).toMatchObject({ reason: 'day-full', share: { othersHold: 40 } });
    await h.call('POST', '/v1/shares/release', { token: manager.token, body: { pool: 'day:20779', deviceId: gone.session.snapshot.device!.deviceId } });
    expect((await admit(b)).kind).toBe('redeemed');
    gone.offline(false);
    await gone.session.shares.poll();
    expect(gone.session.snapshot.notice).toMatchObject({ key: 'shares.released', params: { n: 40 } });
    expect(gone.session.snapshot.standing?.held).toBe(0);
  });

  it('a server without shares (404) changes nothing: the desk counts as before, offline too', async () => {
    const { session, store } = await fakeServerDesk();
    await session.shares.poll();
    expect(await store.getPref('sharesServer')).toBe(false);
    expect(session.snapshot.standing?.held).toBeNull();
    await session.flow.check(CARD.community, 'typed');
    expect((await session.flow.confirm(one)).kind).toBe('redeemed');
  });
});
