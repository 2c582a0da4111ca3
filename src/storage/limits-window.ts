// Which time range of records the limits need, in the ms that the records' `atMs` indexes hold.

import { helsinkiDay, helsinkiOffsetMinutes, monthStartOf, weekStartOf } from '../core/calendar.ts';
import type { VenueSettings } from '../core/venue.ts';

const MS_PER_DAY = 86_400_000;

/** The first moment (ms since the epoch) of a Helsinki calendar day. */
export function helsinkiDayStartMs(day: number): number {
  // Helsinki changes its clocks at 03:00/04:00 local time, never near midnight, so the offset at
  // 00:00 UTC of the date is the offset at its local midnight.
  return day * MS_PER_DAY - helsinkiOffsetMinutes(day * MS_PER_DAY) * 60_000;
}

/**
 * The start of recordsForLimits' range: the venue's per-card window (day, Mon-Sun week, calendar
 * month) around the Helsinki day of `nowMs`, and at least that day, for the day quota. The event's
 * records come by their eventId whenever they were made.
 */
export function limitsSinceMs(venue: Pick<VenueSettings, 'perCard'>, nowMs: number): number {
  const today = helsinkiDay(nowMs);
  const window = venue.perCard?.window;
  const first = window === 'week' ? weekStartOf(today) : window === 'month' ? monthStartOf(today) : today;
  return helsinkiDayStartMs(first);
}
