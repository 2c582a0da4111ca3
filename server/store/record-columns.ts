// A record as both stores keep it: its body (the contract's fields in order, so a stored body reads
// like the API's and is sent back as it is), and the columns that the usage pages and the
// statistics select and add up by (and the event a quota share counts), so the databases never parse
// a body to count.

import { helsinkiDay, parseIsoTimestamp } from '../../src/core/calendar.ts';
import type { RedemptionRecord } from '../../src/core/record.ts';
import { RECORD_FIELDS } from '../../src/core/record-shape.ts';

export interface RecordColumns {
  id: string;
  venueId: string;
  deviceId: string;
  seq: number;
  eventId: string;
  /** The Helsinki day of `at`. */
  day: number;
  at: string;
  body: string;
  outcome: string;
  reason: string | null;
  voids: string | null;
  cardId: string;
  adults: number;
  children: number;
  assistants: number;
  category: string;
  eventType: string;
}

/** The columns of a record that recordProblem passed (its `at` parses). */
export function recordColumns(venueId: string, r: RedemptionRecord): RecordColumns {
  return {
    id: r.id,
    venueId,
    deviceId: r.deviceId,
    seq: r.seq,
    eventId: r.eventId,
    day: helsinkiDay(parseIsoTimestamp(r.at)!),
    at: r.at,
    body: JSON.stringify(Object.fromEntries(RECORD_FIELDS.map((k) => [k, r[k]]))),
    outcome: r.outcome,
    reason: r.reason,
    voids: r.voids,
    cardId: r.cardId,
    adults: r.adults,
    children: r.children,
    assistants: r.assistants,
    category: r.category,
    eventType: r.type,
  };
}
