// The pools of the quota shares (src/core/quota-pools.ts): which keys name a pool, which pools a
// use and a record draw on, a pool's terms, and its counted uses. The shares' rounds are in
// quota-shares.test.ts.

import { describe, expect, it } from 'vitest';
import { dayPool, eventPool, openTerms, parsePool, poolTerms, poolTickets, poolsOfRecord, poolsOfUse } from '../../src/core/quota-pools.ts';
import { aRecord } from '../support/records.ts';
import { aVenue, anEvent } from '../support/venues.ts';

const NOW = Date.parse('2026-11-22T10:00:00.000Z'); // Helsinki day 20779

describe('a pool key', () => {
  it('names an event by an id of 1 to 128 characters', () => {
    expect(parsePool('event:x')).toEqual({ kind: 'event', eventId: 'x' });
    const longest = 'x'.repeat(128);
    expect(parsePool(`event:${longest}`)).toEqual({ kind: 'event', eventId: longest });
    expect(parsePool(`event:${longest}y`)).toBeNull();
  });

  it('names a day only as the whole key "day:<1-6 digits>"', () => {
    expect(parsePool('day:0')).toEqual({ kind: 'day', day: 0 });
    expect(parsePool('day:999999')).toEqual({ kind: 'day', day: 999_999 });
    for (const bad of ['xday:20779', ' day:20779', 'day:20779x', 'day:20779 ', 'day:1234567', 'day:']) expect(parsePool(bad)).toBeNull();
  });
});

describe('the pools of a use', () => {
  const event = anEvent({ id: 'hamlet', quota: 10 });

  it('are the event and the Helsinki day, each only where the settings give it a quota', () => {
    expect(poolsOfUse(aVenue({ dayQuota: 40 }), event, NOW)).toEqual({ event: 'event:hamlet', day: 'day:20779' });
    expect(poolsOfUse(aVenue({ dayQuota: null }), event, NOW)).toEqual({ event: 'event:hamlet', day: null });
    expect(poolsOfUse(aVenue({ dayQuota: 40 }), anEvent({ id: 'hamlet', quota: null }), NOW)).toEqual({ event: null, day: 'day:20779' });
    expect(poolsOfUse(aVenue({ dayQuota: null }), anEvent({ id: 'hamlet', quota: null }), NOW)).toEqual({ event: null, day: null });
  });

  it("of a record are its event's and its Helsinki day's; only its event's when its time cannot be read", () => {
    expect(poolsOfRecord({ eventId: 'hamlet', at: '2026-11-22T21:30:00.000Z' })).toEqual(['event:hamlet', 'day:20779']);
    expect(poolsOfRecord({ eventId: 'hamlet', at: '2026-11-22T22:30:00.000Z' })).toEqual(['event:hamlet', 'day:20780']); // 00:30 in Helsinki
    expect(poolsOfRecord({ eventId: 'hamlet', at: 'not a time' })).toEqual(['event:hamlet']);
  });
});

describe('a pool', () => {
  const venue = aVenue({ dayQuota: 40, events: [anEvent({ id: 'hamlet', day: 20779, quota: 10 })] });

  it('that is no pool key has no terms and no uses', () => {
    expect(poolTerms(venue, 'hamlet')).toBeNull();
    expect(openTerms(venue, 'day:x', NOW)).toBeNull();
    const records = [aRecord({ id: 'U1', eventId: 'hamlet', at: '2026-11-22T09:00:00.000Z', adults: 2, children: 0 })];
    const t = poolTickets(records, 'hamlet');
    expect(t.total).toBe(0);
    expect(t.byDevice.size).toBe(0);
  });

  it("counts only its own event's or its own day's uses", () => {
    const records = [
      aRecord({ id: 'U1', deviceId: 'a', eventId: 'hamlet', at: '2026-11-22T09:00:00.000Z', adults: 1, children: 1 }),
      aRecord({ id: 'U2', deviceId: 'a', eventId: 'othello', at: '2026-11-22T09:30:00.000Z', adults: 1, children: 0 }),
      aRecord({ id: 'U3', deviceId: 'b', eventId: 'othello', at: '2026-11-23T09:00:00.000Z', adults: 3, children: 0 }),
    ];
    expect(poolTickets(records, eventPool('hamlet')).total).toBe(2);
    expect(Object.fromEntries(poolTickets(records, eventPool('othello')).byDevice)).toEqual({ a: 1, b: 3 });
    expect(poolTickets(records, dayPool(20779)).total).toBe(3);
    expect(Object.fromEntries(poolTickets(records, dayPool(20780)).byDevice)).toEqual({ b: 3 });
  });
});
