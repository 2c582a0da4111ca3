// Venue settings and events (shared by all of a venue's desks), and the daily admission that every
// venue has implicitly for every calendar day.

import { dayFromIsoDate, isoDateOfDay } from './calendar.ts';

export const CATEGORIES = ['culture', 'education', 'science', 'sports'] as const;
export const EVENT_TYPES = ['ticket', 'course', 'season'] as const;
export const WINDOWS = ['event', 'day', 'week', 'month'] as const;

export type Category = (typeof CATEGORIES)[number];
export type EventType = (typeof EVENT_TYPES)[number];
export type UseWindow = (typeof WINDOWS)[number];

export interface VenueEvent {
  id: string;
  title: string;
  /** Helsinki day number. */
  day: number;
  /** Local start time, HH:MM. */
  start: string;
  category: Category;
  type: EventType;
  /** Most card tickets for the event; null for no limit. */
  quota: number | null;
  excluded: boolean;
}

export interface VenueSettings {
  venueId: string;
  name: string;
  defaultCategory: Category;
  allowOverride: boolean;
  fastMode: boolean;
  perCard: { max: number; window: UseWindow } | null;
  dayQuota: number | null;
  events: VenueEvent[];
}

const ADMISSION_PREFIX = 'admission-';

/** Whether an event id names a daily admission (which has no title of its own to show). */
export function isAdmission(eventId: string): boolean {
  return eventId.startsWith(ADMISSION_PREFIX);
}

export function admissionId(day: number): string {
  return ADMISSION_PREFIX + isoDateOfDay(day);
}

/** The daily admission of a day, as every venue has it without any settings. */
export function dailyAdmission(venue: VenueSettings, day: number): VenueEvent {
  return {
    id: admissionId(day),
    title: 'Admission',
    day,
    start: '00:00',
    category: venue.defaultCategory,
    type: 'ticket',
    quota: null,
    excluded: false,
  };
}

/** The event an id names: one from the settings, or a daily admission of a date that exists. */
export function findEvent(venue: VenueSettings, eventId: string | null): VenueEvent | null {
  if (!eventId) return null;
  const listed = venue.events.find((e) => e.id === eventId);
  if (listed) return listed;
  if (!isAdmission(eventId)) return null;
  const day = dayFromIsoDate(eventId.slice(ADMISSION_PREFIX.length));
  return day === null ? null : dailyAdmission(venue, day);
}
