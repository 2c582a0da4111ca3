// The redemption record: what a desk writes for every use, decline and undo, and uploads later.
// It holds no personal data, on purpose.

import type { CardKind } from './card-code.ts';
import type { CardSource } from './card-check.ts';
import type { Reason } from './reasons.ts';
import type { Category, EventType } from './venue.ts';

export type Outcome = 'redeemed' | 'declined' | 'void';

export interface RedemptionRecord {
  id: string;
  deviceId: string;
  seq: number;
  venueId: string;
  eventId: string;
  /** ISO 8601 UTC with milliseconds. */
  at: string;
  outcome: Outcome;
  reason: Reason | null;
  voids: string | null;
  cardId: string;
  source: CardSource;
  kid: number | null;
  issued: number | null;
  adults: number;
  children: number;
  assistants: number;
  category: Category;
  type: EventType;
}

/** What the limits count of a card at a check. */
export interface CardAtCheck {
  id: string;
  kind: CardKind;
  children: number;
}

/** Card tickets of a use: the holder (or a community card's staff member) and the children. */
export function cardTickets(r: Pick<RedemptionRecord, 'adults' | 'children'>): number {
  return r.adults + r.children;
}

/** Exactly the contract's fields, in its order: nothing else may ride along (the server says `invalid`). */
export function contractFields(r: RedemptionRecord): RedemptionRecord {
  return {
    id: r.id,
    deviceId: r.deviceId,
    seq: r.seq,
    venueId: r.venueId,
    eventId: r.eventId,
    at: r.at,
    outcome: r.outcome,
    reason: r.reason,
    voids: r.voids,
    cardId: r.cardId,
    source: r.source,
    kid: r.kid,
    issued: r.issued,
    adults: r.adults,
    children: r.children,
    assistants: r.assistants,
    category: r.category,
    type: r.type,
  };
}
