// How the server grants quota shares (src/core/share-grants.ts), one rule a test: the answers'
// exact figures, when the other desks are asked to give back and when that ends, a release and the
// manager's figures of a pool whose shares lapsed. The rounds with several desks are in
// quota-shares.test.ts.

import { describe, expect, it } from 'vitest';
import { eventPool } from '../../src/core/quota-pools.ts';
import type { PoolFlags, PoolView, ShareRow } from '../../src/core/share-grants.ts';
import { NO_FLAGS, SHORT_MS, answerAsk, deskFigures, newShareRow, poolFigures, releaseShare } from '../../src/core/share-grants.ts';
import type { ShareAsk } from '../../src/core/share-requests.ts';

const NOW = Date.parse('2026-11-22T10:00:00.000Z');
const POOL = eventPool('hamlet');

const row = (deviceId: string, over: Partial<ShareRow> = {}): ShareRow => ({ ...newShareRow(deviceId), ...over });
const uses = (byDevice: Record<string, number> = {}) => ({ total: Object.values(byDevice).reduce((a, b) => a + b, 0), byDevice: new Map(Object.entries(byDevice)) });
const view = (over: Partial<PoolView> = {}): PoolView => ({ key: POOL, limit: 10, uses: uses(), rows: [], flags: NO_FLAGS, ...over });
const ask = (over: Partial<ShareAsk> = {}): ShareAsk => ({ pool: POOL, rev: 0, held: 0, used: 0, need: 0, fill: true, ...over });
/** Desk b ran dry: the others are asked to give back until NOW + SHORT_MS. */
const bShort: PoolFlags = { ...NO_FLAGS, shortUntilMs: NOW + SHORT_MS, shortDevice: 'b' };

describe('the server answers', () => {
  it('"closed" for a pool without shares: nothing granted, nobody asked to give back, nothing written', () => {
    expect(answerAsk(view({ limit: null, flags: bShort }), 'a', ask({ need: 3 }), NOW)).toEqual({
      answer: { pool: POOL, status: 'closed', rev: 0, granted: 0, fair: 0, unheld: 0, othersHold: 0, otherDesks: 0, giveBack: false, release: null },
      row: null,
      flags: null,
    });
  });

  it('a stale request with what no desk holds: the quota less what every desk holds', () => {
    const v = view({ rows: [row('a', { ceiling: 6, rev: 2 }), row('b', { ceiling: 2, rev: 1 })] });
    expect(answerAsk(v, 'b', ask({ rev: 0 }), NOW)).toEqual({
      answer: { pool: POOL, status: 'stale', rev: 1, granted: 0, fair: 0, unheld: 2, othersHold: 6, otherDesks: 1, giveBack: false, release: null },
      row: null,
      flags: null,
    });
  });

  it('a desk filling up with its fair part less what it holds, not more', () => {
    const v = view({ rows: [row('a', { ceiling: 1, rev: 1 }), row('b', { ceiling: 2, rev: 1 })] });
    // 10 left over two desks that hold some: a fair part is 5; a holds 1, so it gets 4 of the 7 unheld.
    expect(answerAsk(v, 'a', ask({ rev: 1, held: 1 }), NOW).answer).toMatchObject({ status: 'granted', rev: 2, granted: 4, fair: 5, unheld: 3, othersHold: 2, otherDesks: 1 });
  });
});

describe('asking the other desks to give back', () => {
  it('lasts SHORT_MS after a desk ran dry, and not a moment longer', () => {
    const flags = { ...NO_FLAGS, shortUntilMs: NOW, shortDevice: 'b' };
    expect(answerAsk(view({ flags }), 'a', ask(), NOW - 1).answer.giveBack).toBe(true);
    expect(answerAsk(view({ flags }), 'a', ask(), NOW).answer.giveBack).toBe(false);
  });

  it('goes on while another desk reports without a card waiting', () => {
    const out = answerAsk(view({ flags: bShort }), 'a', ask(), NOW);
    expect(out.flags).toBeNull();
    expect(out.answer.giveBack).toBe(true);
  });

  it('goes on while another desk is granted what its own card needs', () => {
    const out = answerAsk(view({ flags: bShort }), 'a', ask({ need: 1, fill: false }), NOW);
    expect(out.answer).toMatchObject({ granted: 1, giveBack: true });
    expect(out.flags).toBeNull();
  });

  it('goes on while the desk that ran dry reports without a card waiting; it ends when its card is served', () => {
    const polled = answerAsk(view({ flags: bShort }), 'b', ask(), NOW);
    expect(polled.flags).toBeNull();
    expect(polled.answer.giveBack).toBe(false);
    expect(answerAsk(view({ flags: bShort }), 'b', ask({ need: 2 }), NOW).flags).toEqual(NO_FLAGS);
  });
});

describe('a pool whose shares lapsed', () => {
  const lapsed = view({ limit: null, uses: uses({ a: 1 }), rows: [row('a', { ceiling: 5, rev: 2, granted: 5, returned: 1, seenMs: NOW - 1 })] });

  it('gives a manager nothing to release from a desk', () => {
    expect(releaseShare(lapsed, { deviceId: 'a', name: 'Desk A' }, NOW)).toEqual({
      row: row('a', { ceiling: 1, rev: 3, releasedRev: 3, granted: 5, returned: 1, released: 0, seenMs: NOW - 1 }),
      flags: { ...NO_FLAGS, release: { deviceId: 'a', name: 'Desk A', tickets: 0, atMs: NOW } },
      tickets: 0,
    });
  });

  it('shows what the desks held as given back, nothing held, and the pool closed', () => {
    expect(deskFigures(lapsed)).toEqual([{ deviceId: 'a', granted: 5, spent: 1, gaveBack: 5, holds: 0, seenMs: NOW - 1 }]);
    expect(poolFigures(lapsed, 20779, 10, new Map([['a', 'Desk A']]))).toEqual({
      pool: POOL, day: 20779, quota: 10, open: false, used: 1, unheld: 0,
      desks: [{ deviceId: 'a', name: 'Desk A', granted: 5, spent: 1, gaveBack: 5, holds: 0, seenMs: NOW - 1 }],
    });
  });

  it('while still open shows what the desk holds and what no desk holds', () => {
    expect(poolFigures({ ...lapsed, limit: 10 }, 20779, 10, new Map())).toEqual({
      pool: POOL, day: 20779, quota: 10, open: true, used: 1, unheld: 5,
      desks: [{ deviceId: 'a', name: 'a', granted: 5, spent: 1, gaveBack: 1, holds: 4, seenMs: NOW - 1 }],
    });
  });
});
