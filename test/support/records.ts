// The redemption record of the contract's example (sync-api.md). Tests start from it and change
// only what they are about, so a new record field is added in one place.

import type { RedemptionRecord } from '../../src/core/record.ts';

export const EXAMPLE_RECORD: RedemptionRecord = {
  id: '01JDT5ZQ3X9Q7R8M2K4N6P1V0C',
  deviceId: 'd-7f3a9c',
  seq: 128,
  venueId: 'espoo-theatre',
  eventId: 'hamlet-2026-11-22',
  at: '2026-11-22T17:03:12.123Z',
  outcome: 'redeemed',
  reason: null,
  voids: null,
  cardId: 'AB12345',
  source: 'code',
  kid: 1,
  issued: 20750,
  adults: 1,
  children: 2,
  assistants: 0,
  category: 'culture',
  type: 'ticket',
};

export function aRecord(over: Partial<RedemptionRecord> = {}): RedemptionRecord {
  return { ...EXAMPLE_RECORD, ...over };
}

/** A use made by a plain card number: no key, no issue day. */
export const FROM_REGISTER: Partial<RedemptionRecord> = { source: 'register', kid: null, issued: null, children: 0 };
