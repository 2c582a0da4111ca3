// What the benches store: a venue without limits, and plain register uses (a card number typed
// or scanned, no key), made fast and in bulk. One shape for every section, so a record field is
// added in one place.

import { randomBytes } from 'node:crypto';
import type { RedemptionRecord } from '../src/core/record.ts';
import { newRecordId } from '../src/core/record-id.ts';
import type { Category, VenueSettings } from '../src/core/venue.ts';

export function benchVenue(venueId: string): VenueSettings {
  return { venueId, name: venueId, defaultCategory: 'culture', allowOverride: true, fastMode: false, perCard: null, dayQuota: null, events: [] };
}

export interface BenchUse {
  venueId: string;
  deviceId: string;
  seq: number;
  atMs: number;
  /** The card's number; its children are card % 3. */
  card: number;
  eventId?: string;
  category?: Category;
}

/** A standing use of a register card at `atMs`, with a fresh record id. */
export function benchUse({ venueId, deviceId, seq, atMs, card, eventId = 'admission', category = 'culture' }: BenchUse): RedemptionRecord {
  return {
    id: newRecordId(atMs, new Uint8Array(randomBytes(10))),
    deviceId,
    seq,
    venueId,
    eventId,
    at: new Date(atMs).toISOString(),
    outcome: 'redeemed',
    reason: null,
    voids: null,
    cardId: `B${String(card).padStart(7, '0')}`,
    source: 'register',
    kid: null,
    issued: null,
    adults: 1,
    children: card % 3,
    assistants: 0,
    category,
    type: 'ticket',
  };
}
