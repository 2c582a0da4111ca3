import { describe, expect, it } from 'vitest';
import { findEvent } from '../../src/core/venue.ts';
import { EXAMPLE_EVENT, aVenue } from '../support/venues.ts';

describe('findEvent', () => {
  it('finds a listed event by its id', () => {
    expect(findEvent(aVenue(), EXAMPLE_EVENT.id)).toBe(EXAMPLE_EVENT);
  });

  it("a day's admission starts at midnight, unlimited, in the venue's default category", () => {
    expect(findEvent(aVenue({ defaultCategory: 'sports' }), 'admission-2026-11-22')).toEqual({
      id: 'admission-2026-11-22',
      title: 'Admission',
      day: 20779,
      start: '00:00',
      category: 'sports',
      type: 'ticket',
      quota: null,
      excluded: false,
    });
  });

  it('an unlisted id that merely ends in a date is no event, not an admission', () => {
    // "gallery-a-" is as long as "admission-": only the prefix makes an admission.
    expect(findEvent(aVenue(), 'gallery-a-2026-11-22')).toBeNull();
    expect(findEvent(aVenue(), 'admission-2026-02-30')).toBeNull();
  });
});
