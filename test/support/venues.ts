// The venue settings tests start from: one theatre with one event on 22.11.2026 (day 20779, the day
// of the contract's example record). Tests change only what they are about, so a new settings
// field is added in one place.

import type { VenueEvent, VenueSettings } from '../../src/core/venue.ts';

export const EXAMPLE_EVENT: VenueEvent = {
  id: 'hamlet-2026-11-22',
  title: 'Hamlet',
  day: 20779,
  start: '19:00',
  category: 'culture',
  type: 'ticket',
  quota: 10,
  excluded: false,
};

export const EXAMPLE_VENUE: VenueSettings = {
  venueId: 'espoo-theatre',
  name: 'Espoo Theatre',
  defaultCategory: 'culture',
  allowOverride: true,
  fastMode: false,
  perCard: { max: 1, window: 'event' },
  dayQuota: null,
  events: [EXAMPLE_EVENT],
};

export function anEvent(over: Partial<VenueEvent> = {}): VenueEvent {
  return { ...EXAMPLE_EVENT, ...over };
}

export function aVenue(over: Partial<VenueSettings> = {}): VenueSettings {
  return { ...EXAMPLE_VENUE, ...over };
}
