// What the limits count of a record (limits.ts's tally). A desk keeps the day's records in memory
// for its checks (src/storage/limits-cache.ts), each cut down to these fields: about half the
// memory of a whole record (300 bytes against 590, measured in V8), over a whole day of uses.

import type { RedemptionRecord } from './record.ts';

export type CountedRecord = Pick<RedemptionRecord, 'id' | 'outcome' | 'voids' | 'eventId' | 'at' | 'cardId' | 'adults' | 'children'>;

export function countedRecord(r: CountedRecord): CountedRecord {
  return { id: r.id, outcome: r.outcome, voids: r.voids, eventId: r.eventId, at: r.at, cardId: r.cardId, adults: r.adults, children: r.children };
}
