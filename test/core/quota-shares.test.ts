// The quota shares' rules one by one (src/core/quota-pools.ts and the files it names): what the server grants, when a
// request changes nothing, what a release takes, and what a desk asks for, gives back and spends.
// The random interleavings are in properties/quota-shares.test.ts.

import { describe, expect, it } from 'vitest';
import { IDLE_MS, deskAsk, dueBack, settleAnswer } from '../../src/core/desk-share.ts';
import { dayPool, eventPool, openTerms, parsePool, poolTickets } from '../../src/core/quota-pools.ts';
import type { PoolView, ShareRow } from '../../src/core/share-grants.ts';
import { NO_FLAGS, SHORT_MS, answerAsk, deskFigures, releaseShare } from '../../src/core/share-grants.ts';
import { heldFor, spendShare } from '../../src/core/share-holding.ts';
import type { ShareAsk } from '../../src/core/share-requests.ts';
import { shareRequestProblem } from '../../src/core/share-requests.ts';
import { aRecord } from '../support/records.ts';
import { aVenue, anEvent } from '../support/venues.ts';

const NOW = Date.parse('2026-11-22T10:00:00.000Z'); // Helsinki day 20779
const POOL = eventPool('hamlet');

function use(deviceId: string, id: string, children = 0) {
  return aRecord({ id, deviceId, eventId: 'hamlet', at: '2026-11-22T09:00:00.000Z', adults: 1, children });
}

function view(over: Partial<PoolView> & { records?: ReturnType<typeof use>[] } = {}): PoolView {
  return { key: POOL, limit: 10, uses: poolTickets(over.records ?? [], POOL), rows: [], flags: NO_FLAGS, ...over };
}

const ask = (over: Partial<ShareAsk> = {}): ShareAsk => ({ pool: POOL, rev: 0, held: 0, used: 0, need: 0, fill: true, ...over });

/** Serves asks in turn against one pool, as a store's transaction would. */
function pool(limit: number | null = 10) {
  const rows = new Map<string, ShareRow>();
  let flags = NO_FLAGS;
  const records: ReturnType<typeof use>[] = [];
  const v = () => view({ limit, rows: [...rows.values()], flags, records });
  return {
    records,
    view: v,
    ask(deviceId: string, a: ShareAsk, now = NOW) {
      const out = answerAsk(v(), deviceId, a, now);
      if (out.row) rows.set(deviceId, out.row);
      if (out.flags) flags = out.flags;
      return out.answer;
    },
    release(deviceId: string, now = NOW) {
      const out = releaseShare(v(), { deviceId, name: `desk ${deviceId}` }, now)!;
      rows.set(deviceId, out.row);
      flags = out.flags;
      return out.tickets;
    },
  };
}

describe('pools', () => {
  it('names an event quota and a day quota, and nothing else', () => {
    expect(parsePool('event:hamlet')).toEqual({ kind: 'event', eventId: 'hamlet' });
    expect(parsePool('day:20779')).toEqual({ kind: 'day', day: 20779 });
    for (const bad of ['event:', 'day:x', 'day:-1', 'hamlet', 7, null, `event:${'x'.repeat(129)}`]) expect(parsePool(bad)).toBeNull();
  });

  it('are open while the event or day has not ended in Helsinki, and only with a quota', () => {
    const venue = aVenue({ dayQuota: 40, events: [anEvent({ id: 'hamlet', day: 20779, quota: 10 }), anEvent({ id: 'free', day: 20779, quota: null })] });
    expect(openTerms(venue, POOL, NOW)).toEqual({ limit: 10, lastDay: 20779 });
    expect(openTerms(venue, dayPool(20779), NOW)).toEqual({ limit: 40, lastDay: 20779 });
    expect(openTerms(venue, POOL, Date.parse('2026-11-22T22:30:00.000Z'))).toBeNull(); // 00:30 on the 23rd in Helsinki
    expect(openTerms(venue, eventPool('free'), NOW)).toBeNull();
    expect(openTerms({ ...venue, dayQuota: null }, dayPool(20779), NOW)).toBeNull();
  });

  it('count the uses that stand, once each, by device', () => {
    const voided = use('a', 'U2', 1);
    const records = [use('a', 'U1', 2), voided, aRecord({ ...voided, id: 'V1', outcome: 'void', voids: 'U2', adults: 0, children: 0 }), use('b', 'U3'), use('b', 'U3')];
    const t = poolTickets(records, POOL);
    expect(t.total).toBe(4);
    expect(Object.fromEntries(t.byDevice)).toEqual({ a: 3, b: 1 });
    expect(poolTickets(records, dayPool(20779)).total).toBe(4);
    expect(poolTickets(records, dayPool(20780)).total).toBe(0);
  });
});

describe('the server', () => {
  it('gives a lone desk the whole quota, and the next desks fair parts of what no desk holds', () => {
    const p = pool(10);
    expect(p.ask('a', ask())).toMatchObject({ status: 'granted', rev: 1, granted: 10, unheld: 0 });
    // b's fair part is 5, but a holds everything: nothing is granted, nothing is oversold.
    expect(p.ask('b', ask())).toMatchObject({ status: 'granted', granted: 0, fair: 5, othersHold: 10, otherDesks: 1, unheld: 0 });
  });

  it('never grants more than is unheld, and asks the others back when a card cannot be served', () => {
    const p = pool(10);
    p.ask('a', ask());
    const dry = p.ask('b', ask({ need: 2 }));
    expect(dry).toMatchObject({ granted: 0, giveBack: false });
    // a learns at its next report that it should give back.
    const a = p.ask('a', ask({ rev: 1, held: 10, fill: false }));
    expect(a.giveBack).toBe(true);
    // a gives everything back: b's need is met, and nobody is asked any more.
    p.ask('a', ask({ rev: 2, held: 0, fill: false }));
    expect(p.ask('b', ask({ rev: 1, need: 2, fill: true }))).toMatchObject({ granted: 10, giveBack: false });
    expect(p.ask('a', ask({ rev: 3, held: 0, fill: false })).giveBack).toBe(false);
    // The flag lapses on its own too.
    p.ask('a', ask({ rev: 4, held: 0, need: 1 }));
    expect(p.ask('b', ask({ rev: 2, held: 10, fill: false }), NOW + SHORT_MS + 1).giveBack).toBe(false);
  });

  it('counts what a desk handed out and uploaded without a report: its uses lower what it may add', () => {
    const p = pool(10);
    p.ask('a', ask());
    p.records.push(use('a', 'U1', 2), use('a', 'U2')); // 4 tickets, uploaded
    expect(p.ask('b', ask())).toMatchObject({ othersHold: 6, unheld: 0 });
    // a reports: it holds 5 and used 5 (one use not uploaded yet): it may still add 6.
    expect(p.ask('a', ask({ rev: 1, held: 5, used: 5, fill: false }))).toMatchObject({ granted: 0, unheld: 0 });
    expect(p.ask('b', ask({ rev: 1 })).othersHold).toBe(6);
    // a gives 3 back: they are unheld at once.
    expect(p.ask('a', ask({ rev: 2, held: 2, used: 5, fill: false })).unheld).toBe(3);
  });

  it('changes nothing for a request from an older revision: a late or repeated one cannot undo a grant', () => {
    const p = pool(10);
    p.ask('a', ask({ fill: false, need: 2 })); // a holds 2 (rev 1)
    const late = ask({ rev: 0, held: 0, need: 1, fill: false });
    expect(p.ask('a', ask({ rev: 1, held: 2, need: 6, fill: false }))).toMatchObject({ granted: 6, rev: 2 }); // a holds 8
    // The late request is from when a held nothing: taken as a report, it would free 7 tickets a holds.
    expect(p.ask('a', late)).toMatchObject({ status: 'stale', rev: 2, granted: 0 });
    expect(p.ask('b', ask({ need: 3 }))).toMatchObject({ granted: 2, othersHold: 8 });
  });

  it('says "released" to a desk whose share a manager released, and frees what it held', () => {
    const p = pool(10);
    p.ask('a', ask());
    p.records.push(use('a', 'U1'));
    expect(p.release('a')).toBe(9);
    expect(p.ask('b', ask())).toMatchObject({ granted: 9, release: { deviceId: 'a', name: 'desk a', tickets: 9, atMs: NOW } });
    expect(p.ask('a', ask({ rev: 1, held: 9, used: 1 }))).toMatchObject({ status: 'released', rev: 2, granted: 0 });
    // From its new revision on, a asks like any desk.
    expect(p.ask('a', ask({ rev: 2, held: 0, used: 1, need: 1 }))).toMatchObject({ status: 'granted', granted: 0 });
    expect(deskFigures(p.view())).toEqual([
      { deviceId: 'a', granted: 10, spent: 1, gaveBack: 9, holds: 0, seenMs: NOW },
      { deviceId: 'b', granted: 9, spent: 0, gaveBack: 0, holds: 9, seenMs: NOW },
    ]);
  });

  it('answers "closed" for a pool without a quota or past its last day, and grants nothing', () => {
    expect(pool(null).ask('a', ask({ need: 3 }))).toMatchObject({ status: 'closed', granted: 0 });
  });

  it('reads only well-formed requests', () => {
    expect(shareRequestProblem({ pools: [ask()] })).toBeNull();
    expect(shareRequestProblem({ pools: [] })).toBeNull();
    expect(shareRequestProblem([])).toMatch(/body/);
    expect(shareRequestProblem({ pools: [ask(), ask()] })).toMatch(/twice/);
    expect(shareRequestProblem({ pools: [ask({ held: -1 })] })).toMatch(/held/);
    expect(shareRequestProblem({ pools: [ask({ need: 1.5 })] })).toMatch(/need/);
    expect(shareRequestProblem({ pools: [{ ...ask(), fill: 'yes' }] })).toMatch(/fill/);
    expect(shareRequestProblem({ pools: [ask({ pool: 'x' })] })).toMatch(/pool/);
    expect(shareRequestProblem({ pools: Array.from({ length: 21 }, (_, i) => ask({ pool: dayPool(i) })) })).toMatch(/at most 20/);
  });
});

describe('the desk', () => {
  const open = (over = {}) => ({ pool: POOL, status: 'open' as const, rev: 3, held: 4, resting: false, fair: 10, othersHold: 0, otherDesks: 0, giveBack: false, activeMs: NOW, releaseSeenMs: 0, ...over });

  it('counts as before with no share from a server without shares, and holds nothing of a pool it has no share of otherwise', () => {
    expect(heldFor(undefined, false)).toBeNull();
    expect(heldFor(undefined, true)).toBe(0);
    expect(heldFor(open({ status: 'closed' }), true)).toBeNull();
    expect(heldFor(open(), true)).toBe(4);
  });

  it('asks to fill up when selling and below half its fair part, and for what a card needs', () => {
    expect(deskAsk(undefined, POOL, 0, 0)).toEqual({ pool: POOL, rev: 0, held: 0, used: 0, need: 0, fill: true });
    expect(deskAsk(open(), POOL, 2, 0).fill).toBe(true);
    expect(deskAsk(open({ held: 5 }), POOL, 2, 0).fill).toBe(false);
    expect(deskAsk(open({ resting: true }), POOL, 2, 0).fill).toBe(false);
    expect(deskAsk(open({ resting: true }), POOL, 2, 6)).toMatchObject({ need: 2, fill: true, rev: 3, held: 4, used: 2 });
  });

  it('gives everything back when idle, asked, or the pool is over; otherwise keeps it', () => {
    const terms = { limit: 10, lastDay: 20779 };
    expect(dueBack(open(), terms, NOW)).toBe(0);
    expect(dueBack(open(), terms, NOW + IDLE_MS)).toBe(4);
    expect(dueBack(open({ giveBack: true }), terms, NOW)).toBe(4);
    expect(dueBack(open(), { ...terms, lastDay: 20778 }, NOW)).toBe(4);
    expect(dueBack(open(), null, NOW)).toBe(4);
  });

  it('applies an answer only to the row it asked from', () => {
    const a = deskAsk(open(), POOL, 0, 6);
    const answer = { pool: POOL, status: 'granted' as const, rev: 4, granted: 2, fair: 5, unheld: 0, othersHold: 3, otherDesks: 1, giveBack: false, release: null };
    expect(settleAnswer(open({ held: 1 }), a, answer, NOW)).toMatchObject({ rev: 4, held: 3, fair: 5, othersHold: 3 });
    expect(settleAnswer(open({ rev: 4 }), a, answer, NOW)).toBeNull();
    expect(settleAnswer(open(), a, { ...answer, status: 'released' }, NOW)).toMatchObject({ held: 0, resting: true, rev: 4 });
    expect(settleAnswer(open(), a, { ...answer, status: 'stale', granted: 0 }, NOW)).toMatchObject({ held: 4, rev: 4 });
    expect(settleAnswer(open(), a, { ...answer, status: 'closed' }, NOW)).toMatchObject({ status: 'closed', held: 0 });
  });

  it('hands out only what it holds', () => {
    expect(spendShare(open(), 4, NOW + 1)).toMatchObject({ held: 0, activeMs: NOW + 1 });
    expect(spendShare(open(), 5, NOW)).toBeNull();
  });
});
