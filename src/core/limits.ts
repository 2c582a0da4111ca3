// Steps 4-12 of a check: the venue's event and limits, decided over the records the desk knows
// (its own and the other desks' as last fetched). One total order; the first failing step decides.
//
//   scan:    4 no-event · 5 event-excluded · 6 card-limit · 7 event-full · 8 day-full
//   confirm: 9 children-not-allowed · 10 children-limit · 11 event-full · 12 day-full

import { helsinkiDay, helsinkiDayStartMs, monthStartOf, weekStartOf } from './calendar.ts';
import type { LimitReason } from './reasons.ts';
import type { CountedRecord } from './counted-record.ts';
import type { CardAtCheck } from './record.ts';
import { cardTickets } from './record.ts';
import { standingUses } from './standing-uses.ts';
import type { UseWindow, VenueEvent, VenueSettings } from './venue.ts';
import { findEvent } from './venue.ts';

export interface Admit {
  adults: number;
  children: number;
  assistants: number;
}

export interface LimitInput {
  venue: VenueSettings;
  eventId: string | null;
  records: Iterable<CountedRecord>;
  /** The moment of the check, ms since the epoch; its Helsinki day is "today". */
  now: number;
  card: CardAtCheck;
  /** Absent at scan (steps 4-8); the counts staff set, at confirm (steps 4-12). */
  admit?: Admit;
  /**
   * Card tickets this desk may still hand out from its shares of the event's and the day's quota
   * (share-holding.ts), each null where no share applies. A share too small fails the same step
   * as a full quota (7/11 event-full, 8/12 day-full).
   */
  shares?: DeskShares;
}

export interface DeskShares {
  event: number | null;
  day: number | null;
}

export interface Tally {
  /** Card tickets of standing uses at this event, and on today's date across the venue. */
  eventTickets: number;
  dayTickets: number;
  /** Standing uses of this card in the venue's per-card window. */
  cardUses: number;
}

export type LimitDecision =
  | { ok: true; event: VenueEvent; tally: Tally; ticketsLeft: number | null }
  | {
      ok: false;
      reason: LimitReason;
      event: VenueEvent | null;
      tally: Tally | null;
      ticketsLeft: number | null;
      /** event-full or day-full because this desk's share is spent, though the quota as counted is not. */
      byShare?: true;
    };

/** The first Helsinki day of the per-card window (Mon-Sun week, calendar month) holding `day`; the day itself otherwise. */
export function windowStartDay(window: UseWindow | undefined, day: number): number {
  if (window === 'week') return weekStartOf(day);
  if (window === 'month') return monthStartOf(day);
  return day;
}

/**
 * The first moment whose records the limits need: the start of the venue's per-card window around
 * the Helsinki day of `now`, and at least that day, for the day quota. The event's own records are
 * needed whenever they were made; storage fetches those by their eventId.
 */
export function limitsSinceMs(venue: Pick<VenueSettings, 'perCard'>, now: number): number {
  return helsinkiDayStartMs(windowStartDay(venue.perCard?.window, helsinkiDay(now)));
}

/** Counts the uses that stand (standing-uses.ts), each record once however often it is known. */
export function tally(records: Iterable<CountedRecord>, venue: VenueSettings, event: VenueEvent, cardId: string, now: number): Tally {
  const today = helsinkiDay(now);
  const window = venue.perCard?.window;
  const cardKey = window && window !== 'event' ? windowStartDay(window, today) : null;
  const t: Tally = { eventTickets: 0, dayTickets: 0, cardUses: 0 };
  for (const r of standingUses(records)) {
    const tickets = cardTickets(r);
    if (r.eventId === event.id) t.eventTickets += tickets;
    const day = helsinkiDay(Date.parse(r.at));
    if (day === today) t.dayTickets += tickets;
    if (r.cardId === cardId && window) {
      if (window === 'event' ? r.eventId === event.id : windowStartDay(window, day) === cardKey) t.cardUses++;
    }
  }
  return t;
}

/** Card tickets left for the event and for the day, each null when that quota is unlimited. */
export function ticketsLeftEach(venue: VenueSettings, event: VenueEvent, t: Tally): { event: number | null; day: number | null } {
  return {
    event: event.quota === null ? null : Math.max(0, event.quota - t.eventTickets),
    day: venue.dayQuota === null ? null : Math.max(0, venue.dayQuota - t.dayTickets),
  };
}

/** Card tickets left for this event and day before a use: the smaller of the two; null if unlimited. */
export function ticketsLeft(venue: VenueSettings, event: VenueEvent, t: Tally): number | null {
  const each = ticketsLeftEach(venue, event, t);
  const left = [each.event, each.day].filter((n): n is number => n !== null);
  return left.length ? Math.min(...left) : null;
}

export function decideLimits(input: LimitInput): LimitDecision {
  const { venue, card, admit } = input;
  const event = findEvent(venue, input.eventId);
  if (!event) return { ok: false, reason: 'no-event', event: null, tally: null, ticketsLeft: null };
  const t = tally(input.records, venue, event, card.id, input.now);
  const left = ticketsLeft(venue, event, t);
  const no = (reason: LimitReason): LimitDecision => ({ ok: false, reason, event, tally: t, ticketsLeft: left });
  const fitsEvent = (n: number) => event.quota === null || t.eventTickets + n <= event.quota;
  const fitsDay = (n: number) => venue.dayQuota === null || t.dayTickets + n <= venue.dayQuota;
  const spent = (reason: LimitReason): LimitDecision => ({ ok: false, reason, event, tally: t, ticketsLeft: left, byShare: true });
  const held = { event: event.quota === null ? null : (input.shares?.event ?? null), day: venue.dayQuota === null ? null : (input.shares?.day ?? null) };
  // The quota as counted first; then what this desk holds of it.
  const full = (n: number): LimitDecision | null => {
    if (!fitsEvent(n)) return no('event-full');
    if (held.event !== null && n > held.event) return spent('event-full');
    if (!fitsDay(n)) return no('day-full');
    if (held.day !== null && n > held.day) return spent('day-full');
    return null;
  };

  if (event.excluded) return no('event-excluded');
  // Community cards are institutional: only the quotas bound them.
  if (card.kind === 0 && venue.perCard && t.cardUses >= venue.perCard.max) return no('card-limit');
  const holderAlone = full(1);
  if (holderAlone) return holderAlone;
  if (admit) {
    const tickets = cardTickets(admit);
    if (event.type === 'course' && admit.children > 0) return no('children-not-allowed');
    if (card.kind === 0 && admit.children > card.children) return no('children-limit');
    const all = full(tickets);
    if (all) return all;
  }
  return { ok: true, event, tally: t, ticketsLeft: left };
}
