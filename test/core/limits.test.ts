import { describe, expect, it } from 'vitest';
import type { Admit } from '../../src/core/limits.ts';
import { countedRecord } from '../../src/core/counted-record.ts';
import { decideLimits } from '../../src/core/limits.ts';
import type { CardAtCheck, RedemptionRecord } from '../../src/core/record.ts';
import type { VenueSettings } from '../../src/core/venue.ts';
import { vector } from '../support/vectors.ts';

interface LimitCase {
  name: string;
  venue: VenueSettings;
  records: RedemptionRecord[];
  now: string;
  eventId: string;
  card: CardAtCheck;
  request: Admit;
  expect: { ok: boolean; reason?: string };
}
const { cases } = vector<{ cases: LimitCase[] }>('limits.json');

describe('limits.json through the core', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const got = decideLimits({ venue: c.venue, eventId: c.eventId, records: c.records, now: Date.parse(c.now), card: c.card, admit: c.request });
    expect(got.ok ? { ok: true } : { ok: false, reason: got.reason }).toEqual(c.expect);
  });
});

// The desk keeps a day's records in memory cut down to what the limits count: every vector decides
// the same over those, with the same tickets left, at scan and at confirm.
describe('limits.json over records cut down to what the limits count (the desk\'s memory)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const input = { venue: c.venue, eventId: c.eventId, now: Date.parse(c.now), card: c.card };
    const counted = c.records.map(countedRecord);
    for (const admit of [undefined, c.request]) {
      expect(decideLimits({ ...input, admit, records: counted })).toEqual(decideLimits({ ...input, admit, records: c.records }));
    }
  });
});

describe('tickets left and the scan/confirm split', () => {
  const base = cases.find((c) => c.name === 'event quota 10, 8 used, holder + 2 children')!;

  it('shows the smaller of what the event and the day have left', () => {
    const venue = { ...base.venue, dayQuota: 9 };
    const got = decideLimits({ venue, eventId: base.eventId, records: base.records, now: Date.parse(base.now), card: base.card });
    expect(got.ok && got.ticketsLeft).toBe(1);
  });

  it('accepts the holder at scan, then refuses too many children at confirm', () => {
    const input = { venue: base.venue, eventId: base.eventId, records: base.records, now: Date.parse(base.now), card: base.card };
    const scan = decideLimits(input);
    expect(scan).toMatchObject({ ok: true, ticketsLeft: 2 });
    expect(decideLimits({ ...input, admit: { adults: 1, children: 2, assistants: 0 } })).toMatchObject({ ok: false, reason: 'event-full' });
    expect(decideLimits({ ...input, admit: { adults: 1, children: 1, assistants: 3 } }).ok).toBe(true);
  });

  it('checks the day quota again at confirm, with the children counted', () => {
    const venue = { ...base.venue, dayQuota: 10, events: base.venue.events.map((e) => ({ ...e, quota: null })) };
    const input = { venue, eventId: base.eventId, records: base.records, now: Date.parse(base.now), card: base.card };
    expect(decideLimits(input)).toMatchObject({ ok: true, ticketsLeft: 2 });
    expect(decideLimits({ ...input, admit: { adults: 1, children: 2, assistants: 0 } })).toMatchObject({ ok: false, reason: 'day-full' });
    expect(decideLimits({ ...input, admit: { adults: 1, children: 1, assistants: 0 } }).ok).toBe(true);
  });

  it('shows 0 tickets left, never fewer, when offline desks went past the quota', () => {
    const venue = { ...base.venue, dayQuota: 5, events: base.venue.events.map((e) => ({ ...e, quota: 6 })) };
    const got = decideLimits({ venue, eventId: base.eventId, records: base.records, now: Date.parse(base.now), card: base.card });
    expect(got).toMatchObject({ ok: false, reason: 'event-full', ticketsLeft: 0 });
  });

  it('counts a record once even when the desk knows it from itself and from the server', () => {
    const input = { venue: base.venue, eventId: base.eventId, records: [...base.records, ...base.records], now: Date.parse(base.now), card: base.card };
    expect(decideLimits(input)).toMatchObject({ ok: true, ticketsLeft: 2 });
  });

  it('has no tickets-left figure when nothing is limited', () => {
    const venue = { ...base.venue, dayQuota: null, events: base.venue.events.map((e) => ({ ...e, quota: null })) };
    const got = decideLimits({ venue, eventId: base.eventId, records: base.records, now: Date.parse(base.now), card: base.card });
    expect(got).toMatchObject({ ok: true, ticketsLeft: null });
  });
});

describe("a desk's quota shares in the order of the steps", () => {
  const base = cases.find((c) => c.name === 'event quota 10, 8 used, holder + 2 children')!;
  const input = { venue: base.venue, eventId: base.eventId, records: base.records, now: Date.parse(base.now), card: base.card };

  it('refuses as event-full when the share is spent though the quota as counted is not', () => {
    expect(decideLimits({ ...input, shares: { event: 0, day: null } })).toMatchObject({ ok: false, reason: 'event-full', byShare: true, ticketsLeft: 2 });
    expect(decideLimits({ ...input, shares: { event: 1, day: null }, admit: { adults: 1, children: 1, assistants: 4 } })).toMatchObject({ reason: 'event-full', byShare: true });
    expect(decideLimits({ ...input, shares: { event: 2, day: null }, admit: { adults: 1, children: 1, assistants: 4 } }).ok).toBe(true);
  });

  it('a full quota as counted stays the reason, without the share', () => {
    const got = decideLimits({ ...input, shares: { event: 5, day: null }, admit: { adults: 1, children: 2, assistants: 0 } });
    expect(got).toMatchObject({ ok: false, reason: 'event-full' });
    expect(got.ok === false && got.byShare).toBeUndefined();
  });

  it('the day share decides day-full after the event, and a share of a quota that is not set counts for nothing', () => {
    const venue = { ...base.venue, dayQuota: 40 };
    expect(decideLimits({ ...input, venue, shares: { event: 3, day: 0 } })).toMatchObject({ reason: 'day-full', byShare: true });
    expect(decideLimits({ ...input, shares: { event: 3, day: 0 } }).ok).toBe(true);
  });

  it('a day share of 1 lets the holder in at scan, then refuses a holder with a child at confirm as day-full', () => {
    const venue = { ...base.venue, dayQuota: 40 };
    const shares = { event: null, day: 1 };
    expect(decideLimits({ ...input, venue, shares })).toMatchObject({ ok: true, ticketsLeft: 2 });
    expect(decideLimits({ ...input, venue, shares, admit: { adults: 1, children: 1, assistants: 0 } })).toMatchObject({ ok: false, reason: 'day-full', byShare: true });
  });

  it('an event share counts for nothing when the event has no quota', () => {
    const venue = { ...base.venue, events: base.venue.events.map((e) => ({ ...e, quota: null })) };
    expect(decideLimits({ ...input, venue, shares: { event: 0, day: null } })).toMatchObject({ ok: true, ticketsLeft: null });
  });
});
