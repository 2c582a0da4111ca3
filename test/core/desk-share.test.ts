// A desk's share of a pool (src/core/desk-share.ts) and what it hands out of it
// (src/core/share-holding.ts): when it gives back, what it asks, how an answer changes it, when
// it asks again at once; and spending and refilling a share that is open or closed. The server's
// side is in share-grants.test.ts and quota-shares.test.ts.

import { describe, expect, it } from 'vitest';
import type { DeskShare } from '../../src/core/desk-share.ts';
import { again, deskAsk, dueBack, gaveBack, settleAnswer } from '../../src/core/desk-share.ts';
import { eventPool } from '../../src/core/quota-pools.ts';
import { refillShare, sharesOfUse, spendShare } from '../../src/core/share-holding.ts';
import type { ShareAnswer, ShareAsk } from '../../src/core/share-requests.ts';
import { aVenue, anEvent } from '../support/venues.ts';

const NOW = Date.parse('2026-11-22T10:00:00.000Z'); // Helsinki day 20779
const POOL = eventPool('hamlet');
const TERMS = { limit: 10, lastDay: 20779 };
const MINUTE = 60_000;

const open = (over: Partial<DeskShare> = {}): DeskShare => ({ pool: POOL, status: 'open', rev: 3, held: 4, resting: false, fair: 10, othersHold: 0, otherDesks: 0, giveBack: false, activeMs: NOW, releaseSeenMs: 0, ...over });
const closed = (over: Partial<DeskShare> = {}): DeskShare => open({ status: 'closed', rev: 0, held: 0, ...over });
const ask = (over: Partial<ShareAsk> = {}): ShareAsk => ({ pool: POOL, rev: 3, held: 4, used: 0, need: 0, fill: false, ...over });
const answer = (over: Partial<ShareAnswer> = {}): ShareAnswer => ({ pool: POOL, status: 'granted', rev: 4, granted: 0, fair: 6, unheld: 2, othersHold: 3, otherDesks: 1, giveBack: false, release: null, ...over });

describe('giving back', () => {
  it('keeps a share 15 minutes after its last ticket, and gives all of it back at 15 minutes', () => {
    const share = open({ activeMs: NOW - 15 * MINUTE + 1 });
    expect(dueBack(share, TERMS, NOW)).toBe(0);
    expect(dueBack(share, TERMS, NOW + 1)).toBe(4);
  });

  it('gives nothing back from a closed share, whatever it says it holds', () => {
    expect(dueBack(closed({ held: 4, giveBack: true }), TERMS, NOW)).toBe(0);
    expect(dueBack(closed({ held: 4 }), null, NOW + 60 * MINUTE)).toBe(0);
  });

  it('leaves the share asked back to give but holding nothing as it is: nothing to give', () => {
    expect(dueBack(open({ held: 0, giveBack: true }), TERMS, NOW)).toBe(0);
  });

  it('rests after giving back, and is no longer asked to give back', () => {
    expect(gaveBack(open({ giveBack: true }), 4)).toEqual(open({ held: 0, resting: true, giveBack: false }));
    expect(gaveBack(open(), 1)).toEqual(open({ held: 3, resting: true }));
  });

  it('changes nothing when it gave back nothing', () => {
    const share = open({ giveBack: true });
    expect(gaveBack(share, 0)).toBe(share);
  });
});

describe('asking', () => {
  it('asks nothing of a closed share: no rev, nothing held, no filling up', () => {
    expect(deskAsk(closed({ held: 4 }), POOL, 2, 0)).toEqual({ pool: POOL, rev: 0, held: 0, used: 2, need: 0, fill: false });
  });
});

describe('an answer', () => {
  it('to the first ask opens a fresh share: holding what was granted, selling, from now', () => {
    expect(settleAnswer(undefined, ask({ rev: 0, held: 0, fill: true }), answer({ rev: 1, granted: 5 }), NOW)).toEqual({
      pool: POOL, status: 'open', rev: 1, held: 5, resting: false, fair: 6, othersHold: 3, otherDesks: 1, giveBack: false, activeMs: NOW, releaseSeenMs: 0,
    });
  });

  it('that is stale to the first ask opens an empty share that will fill up at once', () => {
    const first = ask({ rev: 0, held: 0, fill: false });
    expect(settleAnswer(undefined, first, answer({ status: 'stale', rev: 2, giveBack: true }), NOW)).toEqual({
      pool: POOL, status: 'open', rev: 2, held: 0, resting: false, fair: 6, othersHold: 3, otherDesks: 1, giveBack: true, activeMs: NOW, releaseSeenMs: 0,
    });
    // Granting nothing to a report that did not fill up leaves the fresh share selling too.
    expect(settleAnswer(undefined, first, answer({ rev: 1 }), NOW)).toMatchObject({ held: 0, resting: false });
  });

  it('"closed" drops what the desk holds and forgets that it rested or was asked back', () => {
    const share = open({ resting: true, giveBack: true, releaseSeenMs: 7 });
    expect(settleAnswer(share, ask(), answer({ status: 'closed', rev: 0 }), NOW)).toEqual(open({ status: 'closed', rev: 0, held: 0, resting: false, giveBack: false, releaseSeenMs: 7 }));
  });

  it('shows each manual release once: it remembers the latest one seen, never an older one', () => {
    const release = { deviceId: 'b', name: 'Desk B', tickets: 3, atMs: NOW - 5 * MINUTE };
    expect(settleAnswer(open({ releaseSeenMs: NOW - 10 * MINUTE }), ask(), answer({ release }), NOW)?.releaseSeenMs).toBe(NOW - 5 * MINUTE);
    expect(settleAnswer(open({ releaseSeenMs: NOW - MINUTE }), ask(), answer({ release }), NOW)?.releaseSeenMs).toBe(NOW - MINUTE);
    expect(settleAnswer(open({ releaseSeenMs: NOW - MINUTE }), ask(), answer(), NOW)?.releaseSeenMs).toBe(NOW - MINUTE);
  });

  it('that is stale keeps what the desk holds, its rest and its idle clock, and takes the new rev', () => {
    const share = open({ resting: true, held: 0, activeMs: NOW - 5 * MINUTE });
    expect(settleAnswer(share, ask({ held: 0, need: 2, fill: true }), answer({ status: 'stale', rev: 6 }), NOW)).toEqual({ ...share, rev: 6, fair: 6, othersHold: 3, otherDesks: 1 });
  });

  it('to a report that asked for nothing leaves a resting desk resting, and its idle clock running', () => {
    const share = open({ resting: true, held: 0, activeMs: NOW - 5 * MINUTE });
    expect(settleAnswer(share, ask({ held: 0 }), answer(), NOW)).toEqual({ ...share, rev: 4, fair: 6, othersHold: 3, otherDesks: 1 });
  });

  it('to a report that asked for nothing leaves a selling desk selling, its idle clock running', () => {
    const share = open({ activeMs: NOW - 5 * MINUTE });
    expect(settleAnswer(share, ask(), answer({ granted: 0 }), NOW)).toMatchObject({ held: 4, resting: false, activeMs: NOW - 5 * MINUTE });
  });

  it('to a fill-up wakes a resting desk, without restarting its idle clock', () => {
    const share = open({ resting: true, held: 0, activeMs: NOW - 5 * MINUTE });
    expect(settleAnswer(share, ask({ held: 0, fill: true }), answer({ granted: 6 }), NOW)).toMatchObject({ held: 6, resting: false, activeMs: NOW - 5 * MINUTE });
  });

  it('to what a card needs wakes a resting desk and restarts its idle clock, granted or not', () => {
    const share = open({ resting: true, held: 0, activeMs: NOW - 5 * MINUTE });
    expect(settleAnswer(share, ask({ held: 0, need: 2, fill: false }), answer({ granted: 2 }), NOW)).toMatchObject({ held: 2, resting: false, activeMs: NOW });
    expect(settleAnswer(share, ask({ held: 0, need: 2, fill: true }), answer({ granted: 0 }), NOW)).toMatchObject({ held: 0, resting: false, activeMs: NOW });
  });
});

describe('asking again at once', () => {
  it('after a stale answer, with or without a share', () => {
    expect(again(undefined, 'stale', TERMS, NOW)).toBe(true);
    expect(again(open(), 'stale', TERMS, NOW)).toBe(true);
  });

  it('when the answer says to give back what the desk holds', () => {
    expect(again(open({ giveBack: true }), 'granted', TERMS, NOW)).toBe(true);
    expect(again(open({ activeMs: NOW - 15 * MINUTE }), 'granted', TERMS, NOW)).toBe(true);
  });

  it('not otherwise: nothing to give back, or no share', () => {
    expect(again(open(), 'granted', TERMS, NOW)).toBe(false);
    expect(again(open({ held: 0, giveBack: true }), 'granted', TERMS, NOW)).toBe(false);
    expect(again(undefined, 'granted', TERMS, NOW)).toBe(false);
    expect(again(undefined, 'closed', null, NOW)).toBe(false);
    expect(again(closed(), 'closed', null, NOW)).toBe(false);
  });
});

describe('handing out', () => {
  it('counts as before for a pool that has no quota, whatever shares the desk keeps', () => {
    const event = anEvent({ id: 'hamlet', quota: null });
    expect(sharesOfUse(aVenue({ dayQuota: null }), event, NOW, [open()], true)).toEqual({ event: null, day: null });
    expect(sharesOfUse(aVenue({ dayQuota: 40 }), event, NOW, [open({ pool: 'day:20779', held: 7 })], true)).toEqual({ event: null, day: 7 });
  });

  it('from a closed share spends nothing and refuses nothing: the desk counts as before', () => {
    const share = closed();
    expect(spendShare(share, 2, NOW + 1)).toBe(share);
  });

  it('an undo puts tickets back only into an open share', () => {
    const share = closed();
    expect(refillShare(share, 3)).toBe(share);
    expect(refillShare(open(), 3)).toEqual(open({ held: 7 }));
  });
});
