// A desk's rounds for its quota shares against a scripted share server (the other routes are the
// stand-in server's): which quotas it asks about, when it asks and when it does not, how often a
// round goes again, what it does when the server fails or says nothing, and the notices of a
// manager's release. test/app/quota-shares.test.ts runs desks against the real reference server.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { SHARE_WAIT_MS } from '../../src/app/desk/share-keeper.ts';
import type { ShareAnswer, ShareAsk } from '../../src/core/share-requests.ts';
import type { VenueSettings } from '../../src/core/venue.ts';
import { anEvent } from '../support/venues.ts';
import type { TestSession } from './session-fixture.ts';
import { CARD, desk, venue } from './session-fixture.ts';
import { DAY, granting, held, shareServer, sharingDesk } from './share-server.ts';

const one = { adults: 1, children: 0, assistants: 0 };

/** A venue with two events today, e1 and e2, each with a quota of 5: staff choose between them. */
const twoEvents = (over: Partial<VenueSettings> = {}) => venue({ events: [anEvent({ id: 'e1', quota: 5 }), anEvent({ id: 'e2', title: 'Other', start: '20:00', quota: 5 })], ...over });

const pools = (asks: ShareAsk[] | undefined) => asks?.map((a) => a.pool);

afterEach(() => {
  vi.useRealTimers();
});

describe('which quotas a round asks about', () => {
  it('an unenrolled desk asks for nothing, and a round ends quietly', async () => {
    const server = shareServer();
    const { session } = await desk(venue(), { enrolled: false, route: server.route });
    await expect(session.shares.poll()).resolves.toBeUndefined();
    expect(server.asked).toEqual([]);
  });

  it("the chosen event's quota and the day's; then a share of another event still holding tickets, to give it back", async () => {
    const t = await sharingDesk(twoEvents({ dayQuota: 40 }));
    await t.session.events.choose('e1');
    await t.session.shares.poll();
    expect(pools(t.server.asked.at(-1))).toEqual(['event:e1', DAY]);
    expect((await held(t, 'event:e1'))?.held).toBe(3);
    await t.session.events.choose('e2');
    await t.session.shares.poll();
    expect(pools(t.server.asked.at(-1))).toEqual(['event:e2', DAY, 'event:e1']);
  });

  it('a share given back (resting, none held) is not reported again', async () => {
    const t = await sharingDesk(twoEvents());
    await t.session.events.choose('e1');
    await t.session.shares.poll();
    // The server asks the desk to give e1 back: the round goes again at once and reports 0 held.
    t.server.answer = (ask) => (ask.pool === 'event:e1' && ask.held > 0 ? { giveBack: true } : {});
    await t.session.shares.poll();
    expect(await held(t, 'event:e1')).toMatchObject({ held: 0, resting: true });
    t.server.answer = granting;
    await t.session.events.choose('e2');
    await t.session.shares.poll();
    expect(pools(t.server.asked.at(-1))).toEqual(['event:e2']);
  });

  it('with no event chosen (several today) the round reports only what the desk holds: here nothing', async () => {
    const t = await sharingDesk(twoEvents());
    expect(t.session.snapshot.eventId).toBeNull();
    const before = t.server.asked.length;
    await t.session.shares.poll();
    expect(t.server.asked.length).toBe(before + 1);
    expect(t.server.asked.at(-1)).toEqual([]);
  });
});

describe('when a desk asks before it decides', () => {
  it('a card needing more than the desk holds: one round asks for the difference of that quota only, and the card is admitted', async () => {
    // The desk holds 1 of e2 (another event of the day), 3 of the day and 2 of e1.
    const t = await sharingDesk(twoEvents({ dayQuota: 40 }), { answer: (ask) => ({ granted: ask.fill ? Math.max(0, (ask.pool === 'event:e2' ? 1 : 3) - ask.held) : 0 }) });
    await t.session.events.choose('e2');
    await t.session.shares.poll();
    t.server.answer = (ask) => ({ granted: ask.need > 0 ? ask.need : ask.fill && ask.pool === 'event:e1' ? Math.max(0, 2 - ask.held) : 0 });
    await t.session.events.choose('e1');
    await t.session.shares.poll();
    expect([(await held(t, 'event:e1'))?.held, (await held(t, DAY))?.held, (await held(t, 'event:e2'))?.held]).toEqual([2, 3, 1]);
    const before = t.server.asked.length;
    await t.session.flow.check(CARD.family, 'typed');
    // One ticket for the check: the desk holds two, so it asks nothing.
    expect(t.server.asked.length).toBe(before);
    expect(await t.session.flow.confirm({ adults: 1, children: 2, assistants: 0 })).toMatchObject({ kind: 'redeemed' });
    const ask = t.server.asked[before]!;
    expect(ask.map((a) => [a.pool, a.need])).toEqual([
      ['event:e1', 1],
      [DAY, 0],
      ['event:e2', 0],
    ]);
  });

  it('a desk holding exactly what a card needs, of the event and of the day, asks nothing', async () => {
    const t = await sharingDesk(venue({ dayQuota: 40 }), { answer: (ask) => ({ granted: ask.fill ? Math.max(0, 1 - ask.held) : 0 }) });
    expect([(await held(t, 'event:e1'))?.held, (await held(t, DAY))?.held]).toEqual([1, 1]);
    const before = t.server.asked.length;
    await t.session.flow.check(CARD.family, 'typed');
    expect(t.session.snapshot.verdict).toMatchObject({ kind: 'accepted' });
    expect(t.server.asked.length).toBe(before);
  });

  it("a card the event's share covers but the day's does not: the round asks the day for the difference", async () => {
    const t = await sharingDesk(venue({ dayQuota: 40 }), { answer: (ask) => ({ granted: ask.need > 0 ? ask.need : ask.fill ? Math.max(0, (ask.pool === DAY ? 1 : 3) - ask.held) : 0 }) });
    expect([(await held(t, 'event:e1'))?.held, (await held(t, DAY))?.held]).toEqual([3, 1]);
    const before = t.server.asked.length;
    await t.session.flow.check(CARD.family, 'typed');
    expect(t.server.asked.length).toBe(before);
    expect(await t.session.flow.confirm({ adults: 1, children: 1, assistants: 0 })).toMatchObject({ kind: 'redeemed' });
    expect(t.server.asked[before]!.map((a) => [a.pool, a.need])).toEqual([
      ['event:e1', 0],
      [DAY, 1],
    ]);
  });

  it('offline it decides on what it holds and asks nothing: with its share spent, the card is refused by the share', async () => {
    const t = await sharingDesk(venue(), { answer: () => ({ granted: 0, othersHold: 5, otherDesks: 1 }) });
    t.server.online = false;
    await t.session.flow.check(CARD.family, 'typed');
    expect(t.session.snapshot.verdict).toMatchObject({ kind: 'rejected', reason: 'event-full', share: { othersHold: 5, otherDesks: 1, heard: true } });
    expect(t.server.triedOffline).toBe(0);
    // Online, the same card makes the desk ask first.
    t.server.online = true;
    t.server.answer = granting;
    await t.session.flow.check(CARD.family, 'typed');
    expect(t.session.snapshot.verdict).toMatchObject({ kind: 'accepted' });
  });

  it('an event quota without a day quota holds the desk to its share of the event; a day quota alone, to its share of the day', async () => {
    const eventOnly = await sharingDesk(venue({ dayQuota: null, events: [anEvent({ id: 'e1', quota: 5 })] }), { answer: () => ({ granted: 0 }) });
    eventOnly.server.online = false;
    await eventOnly.session.flow.check(CARD.family, 'typed');
    expect(eventOnly.session.snapshot.verdict).toMatchObject({ kind: 'rejected', reason: 'event-full' });

    const dayOnly = await sharingDesk(venue({ dayQuota: 10, events: [anEvent({ id: 'e1', quota: null })] }), { answer: () => ({ granted: 0 }) });
    dayOnly.server.online = false;
    await dayOnly.session.flow.check(CARD.family, 'typed');
    expect(dayOnly.session.snapshot.verdict).toMatchObject({ kind: 'rejected', reason: 'day-full' });
  });

  it('a refusal by a quota the desk has not heard of says so, with nothing held by others', async () => {
    const t = await sharingDesk(twoEvents());
    await t.session.events.choose('e1');
    await t.session.shares.poll();
    t.server.online = false;
    await t.session.events.choose('e2');
    await t.session.flow.check(CARD.family, 'typed');
    expect(t.session.snapshot.verdict).toMatchObject({ kind: 'rejected', reason: 'event-full', share: { othersHold: 0, otherDesks: 0, heard: false } });
  });

  it('a server that does not answer: after a short wait the card is decided on what the desk holds', async () => {
    const t = await sharingDesk(venue(), { answer: () => ({ granted: 0 }) });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    t.server.answer = () => 'hang';
    const checked = t.session.flow.check(CARD.family, 'typed');
    await vi.waitFor(() => expect(t.server.asked.at(-1)?.[0]?.need).toBe(1));
    expect(t.server.abandoned).toBe(0);
    await vi.advanceTimersByTimeAsync(SHARE_WAIT_MS);
    await checked;
    expect(t.server.abandoned).toBe(1);
    expect(t.session.snapshot.verdict).toMatchObject({ kind: 'rejected', reason: 'event-full' });
  });
});

describe('filling up after a use', () => {
  // The server's fair holding is 4: below half of it (2) the share fills up in the background.
  it("a use that leaves a share below half its fair holding asks to fill up, though the day's share is still high", async () => {
    const t = await sharingDesk(venue({ dayQuota: 40 }), { answer: (ask) => ({ granted: ask.fill ? Math.max(0, (ask.pool === DAY ? 6 : 3) - ask.held) : 0 }) });
    expect([(await held(t, 'event:e1'))?.held, (await held(t, DAY))?.held]).toEqual([3, 6]);
    const before = t.server.asked.length;
    await t.session.flow.check(CARD.family, 'typed');
    await t.session.flow.confirm({ adults: 1, children: 1, assistants: 0 });
    await expect.poll(() => t.server.asked.length).toBe(before + 1);
    expect(t.server.asked.at(-1)).toMatchObject([
      { pool: 'event:e1', held: 1, fill: true },
      { pool: DAY, held: 4, fill: false },
    ]);
  });

  it('at half its fair holding, or resting, or closed, it does not', async () => {
    const t = await sharingDesk();
    await t.session.flow.check(CARD.family, 'typed');
    await t.session.flow.confirm(one);
    expect((await held(t, 'event:e1'))?.held).toBe(2);
    await t.session.shares.afterUse();
    const before = t.server.asked.length;
    await t.session.shares.afterUse();
    await t.session.shares.poll();
    expect(t.server.asked.length).toBe(before + 1);

    t.server.answer = () => ({ status: 'released' });
    await t.session.shares.poll();
    expect(await held(t, 'event:e1')).toMatchObject({ held: 0, resting: true });
    t.server.answer = () => ({ status: 'closed' });
    const resting = t.server.asked.length;
    await t.session.shares.afterUse();
    await t.session.shares.poll();
    expect(t.server.asked.length).toBe(resting + 1);
    const closed = t.server.asked.length;
    await t.session.shares.afterUse();
    await t.session.shares.poll();
    expect(t.server.asked.length).toBe(closed + 1);
  });
});

describe('how often a round goes', () => {
  it('a server that keeps answering "stale" is asked three times in a row, then the desk waits for the next tick', async () => {
    const t = await sharingDesk();
    t.server.answer = () => ({ status: 'stale' });
    const before = t.server.asked.length;
    await t.session.shares.poll();
    expect(t.server.asked.length).toBe(before + 3);
  });

  it('one quota answered "stale" and the other granted: the round goes again at once', async () => {
    const t = await sharingDesk(venue({ dayQuota: 40 }));
    let stale = true;
    t.server.answer = (ask) => (ask.pool === DAY && stale ? ((stale = false), { status: 'stale' }) : {});
    const before = t.server.asked.length;
    await t.session.shares.poll();
    expect(t.server.asked.length).toBe(before + 2);
  });

  it.each([
    ['day', DAY, 'event:e1'],
    ['event', 'event:e1', DAY],
  ])("asked to give back the %s's share: the desk gives it back in a second round at once, and keeps the other", async (_, back, kept) => {
    const t = await sharingDesk(venue({ dayQuota: 40 }));
    expect((await held(t, back))?.held).toBe(3);
    t.server.answer = (ask) => (ask.pool === back && ask.held > 0 ? { giveBack: true } : {});
    const before = t.server.asked.length;
    await t.session.shares.poll();
    expect(t.server.asked.length).toBe(before + 2);
    expect(await held(t, back)).toMatchObject({ held: 0, resting: true });
    expect((await held(t, kept))?.held).toBe(3);
  });

  it('a server error, or a server without shares, is asked once a round', async () => {
    const t = await sharingDesk();
    t.server.status = 500;
    const before = t.server.asked.length;
    await t.session.shares.poll();
    expect(t.server.asked.length).toBe(before + 1);
    t.server.status = 404;
    await t.session.shares.poll();
    expect(t.server.asked.length).toBe(before + 2);
  });

  it('a refused token is told to the upload loop (which asks staff to enrol again); a server error is not', async () => {
    const told: string[] = [];
    const t = await sharingDesk(venue(), { told });
    t.server.status = 500;
    await t.session.shares.poll();
    expect(told).toEqual([]);
    t.server.status = 401;
    await t.session.shares.poll();
    expect(told).toEqual(['unauthorized']);
    // A desk without an upload loop (a test, a coordinator's browser) goes on quietly.
    const alone = shareServer();
    alone.status = 401;
    const { session } = await desk(venue(), { route: alone.route });
    await expect(session.shares.poll()).resolves.toBeUndefined();
  });
});

describe("the notices of a manager's release", () => {
  /** The notice shown, if it is one of the shares' (enrolling shows that the bundle loaded). */
  const shareNotice = (t: Pick<TestSession, 'session'>) => (t.session.snapshot.notice?.key.startsWith('shares.') ? t.session.snapshot.notice : null);
  const release = (over: Partial<NonNullable<ShareAnswer['release']>> = {}) => ({ deviceId: 'd9', name: 'Gate 2', tickets: 3, atMs: Date.parse('2026-11-22T11:00:00Z'), ...over });

  it("this desk's share released: told how many tickets it held", async () => {
    const t = await sharingDesk();
    t.server.answer = () => ({ status: 'released' });
    await t.session.shares.poll();
    expect(t.session.snapshot.notice).toMatchObject({ tone: 'info', key: 'shares.released', params: { n: 3 } });
  });

  it('told even when it held none of it then', async () => {
    const t = await sharingDesk(venue(), { answer: () => ({ granted: 0 }) });
    t.server.answer = () => ({ status: 'released' });
    await t.session.shares.poll();
    expect(t.session.snapshot.notice).toMatchObject({ key: 'shares.released', params: { n: 0 } });
  });

  it("another desk's release is told once, naming the desk; of two the larger, of two alike the first", async () => {
    const t = await sharingDesk(venue({ dayQuota: 40 }));
    t.server.answer = (ask) => ({ release: ask.pool === DAY ? release({ name: 'Gate 3' }) : release() });
    await t.session.shares.poll();
    expect(t.session.snapshot.notice).toMatchObject({ tone: 'info', key: 'shares.releasedOther', params: { n: 3, name: 'Gate 2' } });
    await t.session.flow.check(CARD.family, 'typed');
    await t.session.shares.poll();
    expect(shareNotice(t)).toBeNull();
    t.server.answer = (ask) => ({ release: ask.pool === DAY ? release({ name: 'Gate 4', tickets: 5, atMs: release().atMs + 1 }) : release({ tickets: 1, atMs: release().atMs + 1 }) });
    await t.session.shares.poll();
    expect(t.session.snapshot.notice).toMatchObject({ params: { n: 5, name: 'Gate 4' } });
  });

  it('a release of a single ticket is told; one of this desk itself, or in the first answer about a quota, is not', async () => {
    const t = await sharingDesk(twoEvents());
    await t.session.events.choose('e1');
    await t.session.shares.poll();
    t.server.answer = () => ({ release: release({ deviceId: 'd1', name: 'Door 1' }) });
    await t.session.shares.poll();
    expect(shareNotice(t)).toBeNull();
    // e2 is new to the desk: a release in its first answer is not news to it.
    t.server.answer = (ask) => (ask.pool === 'event:e2' ? { release: release({ atMs: release().atMs + 5 }) } : {});
    await t.session.events.choose('e2');
    await t.session.shares.poll();
    expect(shareNotice(t)).toBeNull();
    t.server.answer = (ask) => (ask.pool === 'event:e2' ? { release: release({ tickets: 1, atMs: release().atMs + 9 }) } : {});
    await t.session.shares.poll();
    expect(shareNotice(t)).toMatchObject({ key: 'shares.releasedOther', params: { n: 1, name: 'Gate 2' } });
  });

  it('released in the first answer about a quota: told, with none held', async () => {
    const t = await sharingDesk(twoEvents());
    t.server.answer = () => ({ status: 'released' });
    await t.session.events.choose('e2');
    await t.session.shares.poll();
    expect(shareNotice(t)).toMatchObject({ key: 'shares.released', params: { n: 0 } });
  });
});
