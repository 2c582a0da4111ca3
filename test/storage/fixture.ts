// A fresh in-memory database per test, an enrolled desk, and record drafts.

import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import type { RedemptionRecord } from '../../src/core/record.ts';
import { aRecord } from '../support/records.ts';
import type { DeskDb, OpenDeskDbOptions } from '../../src/storage/db.ts';
import { openDeskDb } from '../../src/storage/db.ts';
import { DeskStore } from '../../src/storage/desk-store.ts';
import type { RecordDraft, VenueDeviceState } from '../../src/storage/desk-store.ts';

export const VENUE = 'espoo-theatre';
export const DEVICE = 'd-7f3a9c';
export const T0 = Date.parse('2026-11-22T10:00:00.000Z');

export const enrolment: VenueDeviceState = {
  deviceId: DEVICE,
  venueId: VENUE,
  role: 'desk',
  token: 'tok',
  serverUrl: 'https://kaiku.example',
  deviceName: 'Door 1',
  enrolledAt: '2026-11-01T08:00:00.000Z',
};

export interface TestDesk {
  factory: IDBFactory;
  db: DeskDb;
  store: DeskStore;
}

export async function openDesk(options: OpenDeskDbOptions = {}, factory = new IDBFactory()): Promise<TestDesk> {
  const db = await openDeskDb('kaiku-desk', { factory, ...options });
  return { factory, db, store: new DeskStore(db) };
}

export async function enrolledDesk(): Promise<TestDesk> {
  const desk = await openDesk();
  await desk.store.putDevice(enrolment);
  return desk;
}

let n = 0;

/** A use at `atMs` (default: T0 plus a second per draft made). */
export function use(over: Partial<RecordDraft> = {}): RecordDraft {
  n++;
  // A draft is a record before the store gives it the device's id and seq.
  const { deviceId: _device, seq: _seq, ...draft } = aRecord({ id: `r-${String(n).padStart(6, '0')}`, venueId: VENUE, at: new Date(T0 + n * 1000).toISOString(), children: 0 });
  return { ...draft, ...over };
}

export function voidOf(target: RedemptionRecord, over: Partial<RecordDraft> = {}): RecordDraft {
  return use({
    outcome: 'void',
    voids: target.id,
    eventId: target.eventId,
    cardId: target.cardId,
    source: target.source,
    kid: null,
    issued: null,
    adults: 0,
    ...over,
  });
}

/** A whole record as another desk (or the server) has it. */
export function otherDesks(over: Partial<RedemptionRecord> = {}): RedemptionRecord {
  return { ...use(), deviceId: 'd-other', seq: n, ...over };
}
