// Records as the stores keep them: the exact fields of the contract, and the row around them.

import { parseIsoTimestamp } from '../core/calendar.ts';
import type { RedemptionRecord } from '../core/record.ts';
import { contractFields } from '../core/record.ts';
import type { DeviceRow, RecordRow, RecordState, UsageRow } from './schema.ts';
import { StorageError } from './storage-error.ts';

/** What the desk knows of a record before storage gives it its device and seq. */
export type RecordDraft = Omit<RedemptionRecord, 'seq' | 'deviceId'>;

/** The record as the contract has it: the desk's id and seq, and nothing a caller happened to add. */
export function contractRecord(r: RecordDraft, deviceId: string, seq: number): RedemptionRecord {
  return contractFields({ ...r, deviceId, seq });
}

/** The record's `at` in ms; refuses what no index could order. */
function atMsOf(r: Pick<RedemptionRecord, 'id' | 'at'>): number {
  const ms = parseIsoTimestamp(r.at);
  if (ms === null) throw new StorageError('refused', `Record ${r.id} has no valid time ("at" is ${JSON.stringify(r.at)}).`);
  return ms;
}

export function recordRow(record: RedemptionRecord, state: RecordState): RecordRow {
  return {
    id: record.id,
    record,
    state,
    atMs: atMsOf(record),
    seq: record.seq,
    deviceId: record.deviceId,
    eventId: record.eventId,
    cardId: record.cardId,
    voidedBy: null,
    error: null,
  };
}

export function usageRow(record: RedemptionRecord): UsageRow {
  return { id: record.id, record, atMs: atMsOf(record), eventId: record.eventId, cardId: record.cardId };
}

/** The rows of one state, in seq order (the state-seq index). */
export const stateRange = (state: RecordState) => IDBKeyRange.bound([state, -Infinity], [state, Infinity]);

/** The venue whose records a device keeps; a coordinator's browser has none and keeps no records. */
export function recordingVenue(device: DeviceRow): string {
  if (device.venueId === null) throw new StorageError('refused', "This browser is a coordinator's: it keeps no records. Records belong on a desk of their venue.");
  return device.venueId;
}
