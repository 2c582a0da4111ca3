import { describe, expect, it } from 'vitest';
import type { VenueSettings } from '../../src/core/venue.ts';
import { venueProblem } from '../../src/core/venue-shape.ts';

// The example of venue-limits.md.
const venue: VenueSettings = {
  venueId: 'espoo-theatre',
  name: 'Espoon teatteri',
  defaultCategory: 'culture',
  allowOverride: true,
  fastMode: false,
  perCard: { max: 1, window: 'event' },
  dayQuota: 40,
  events: [{ id: 'hamlet-2026-11-22', title: 'Hamlet', day: 20779, start: '19:00', category: 'culture', type: 'ticket', quota: 10, excluded: false }],
};
const event = venue.events[0]!;

describe('venueProblem', () => {
  it('accepts the example, and the nulls the settings allow', () => {
    expect(venueProblem(venue)).toBeNull();
    expect(venueProblem({ ...venue, perCard: null, dayQuota: null, events: [{ ...event, quota: null }] })).toBeNull();
    expect(venueProblem({ ...venue, events: [] })).toBeNull();
  });

  it.each([
    [[], 'must be a JSON object'],
    [{ ...venue, extra: 1 }, '"extra" is not a field'],
    [{ ...venue, venueId: 'a b' }, '"venueId"'],
    [{ ...venue, name: ' ' }, '"name"'],
    [{ ...venue, defaultCategory: 'music' }, '"defaultCategory"'],
    [{ ...venue, allowOverride: 'yes' }, '"allowOverride"'],
    [{ ...venue, fastMode: 1 }, '"fastMode"'],
    [{ ...venue, perCard: { max: 0, window: 'day' } }, '"perCard.max"'],
    [{ ...venue, perCard: { max: 1, window: 'year' } }, '"perCard.window"'],
    [{ ...venue, perCard: { max: 1 } }, '"perCard"'],
    [{ ...venue, dayQuota: -1 }, '"dayQuota"'],
    [{ ...venue, events: {} }, '"events"'],
    [{ ...venue, events: [{ ...event, start: '7pm' }] }, 'event 1: "start"'],
    [{ ...venue, events: [{ ...event, day: 1.5 }] }, 'event 1: "day"'],
    [{ ...venue, events: [{ ...event, type: 'concert' }] }, 'event 1: "type"'],
    [{ ...venue, events: [{ ...event, excluded: 'no' }] }, 'event 1: "excluded"'],
    [{ ...venue, events: [event, { ...event, title: 'Again' }] }, 'listed twice'],
    [{ ...venue, events: [{ ...event, id: 'admission-2026-11-22' }] }, 'admission-'],
  ])('refuses %j naming the field', (value, message) => {
    expect(venueProblem(value)).toContain(message);
  });

  it('names a missing field', () => {
    const { dayQuota: _, ...rest } = venue;
    expect(venueProblem(rest)).toBe('"dayQuota" is missing');
  });
});
