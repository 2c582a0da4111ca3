// Quota shares (escrow): how a venue's desks split a quota so that desks offline together never
// hand out more card tickets than it allows. The server hands each desk that asks a share of what is
// left of a pool (an event's `quota`, or the venue's `dayQuota` of one Helsinki day); a desk hands
// out tickets from its own share only. The server and the desk both decide in the core, one file a
// concept: the pools here; what a desk holds and hands out (share-holding.ts); the desk's share
// and its rounds with the server, a state machine (desk-share.ts); what a desk asks and the server
// answers (share-requests.ts); and how the server grants, a state machine too (share-grants.ts).

import { helsinkiDay, parseIsoTimestamp } from './calendar.ts';
import type { RedemptionRecord } from './record.ts';
import { cardTickets } from './record.ts';
import { standingUses } from './standing-uses.ts';
import type { VenueEvent, VenueSettings } from './venue.ts';
import { findEvent } from './venue.ts';

/** A pool's key: `event:<eventId>` or `day:<Helsinki day number>`. */
export type PoolKey = string;

export type PoolRef = { kind: 'event'; eventId: string } | { kind: 'day'; day: number };

export const eventPool = (eventId: string): PoolKey => `event:${eventId}`;
export const dayPool = (day: number): PoolKey => `day:${day}`;

export function parsePool(key: unknown): PoolRef | null {
  if (typeof key !== 'string') return null;
  if (key.startsWith('event:')) {
    const eventId = key.slice('event:'.length);
    return eventId.length >= 1 && eventId.length <= 128 ? { kind: 'event', eventId } : null;
  }
  const m = /^day:(\d{1,6})$/.exec(key);
  return m ? { kind: 'day', day: Number(m[1]) } : null;
}

/** The pools a use at `event` made at `nowMs` draws on: the event's quota and the day's, where set. */
export function poolsOfUse(venue: VenueSettings, event: VenueEvent, nowMs: number): { event: PoolKey | null; day: PoolKey | null } {
  return { event: event.quota === null ? null : eventPool(event.id), day: venue.dayQuota === null ? null : dayPool(helsinkiDay(nowMs)) };
}

/** The pools a record would draw on if they had quotas: its event's, and its day's. */
export function poolsOfRecord(r: Pick<RedemptionRecord, 'eventId' | 'at'>): PoolKey[] {
  const ms = parseIsoTimestamp(r.at);
  return ms === null ? [eventPool(r.eventId)] : [eventPool(r.eventId), dayPool(helsinkiDay(ms))];
}

export interface PoolTerms {
  limit: number;
  /** The Helsinki day after which the pool's shares lapse: the event's day, or the pool's own. */
  lastDay: number;
}

/** The quota a pool splits and its last day; null when the settings give it no quota (or no such event). */
export function poolTerms(venue: VenueSettings, key: PoolKey): PoolTerms | null {
  const ref = parsePool(key);
  if (!ref) return null;
  if (ref.kind === 'day') return venue.dayQuota === null ? null : { limit: venue.dayQuota, lastDay: ref.day };
  const event = findEvent(venue, ref.eventId);
  return !event || event.quota === null || event.excluded ? null : { limit: event.quota, lastDay: event.day };
}

/** The terms of a pool whose shares apply at `nowMs` (its last day has not ended); null otherwise. */
export function openTerms(venue: VenueSettings, key: PoolKey, nowMs: number): PoolTerms | null {
  const terms = poolTerms(venue, key);
  return terms && helsinkiDay(nowMs) <= terms.lastDay ? terms : null;
}

export interface PoolTickets {
  /** Card tickets of the pool's uses that stand, all desks together. */
  total: number;
  /** The same by the deviceId of the use. */
  byDevice: Map<string, number>;
}

/** Counts a pool's uses by the one rule of which uses stand (standing-uses.ts). */
export function poolTickets(records: Iterable<RedemptionRecord>, key: PoolKey): PoolTickets {
  const ref = parsePool(key);
  const out: PoolTickets = { total: 0, byDevice: new Map() };
  if (!ref) return out;
  for (const r of standingUses(records)) {
    if (ref.kind === 'event' ? r.eventId !== ref.eventId : helsinkiDay(parseIsoTimestamp(r.at) ?? NaN) !== ref.day) continue;
    const t = cardTickets(r);
    out.total += t;
    out.byDevice.set(r.deviceId, (out.byDevice.get(r.deviceId) ?? 0) + t);
  }
  return out;
}
