// What the desk keeps in IndexedDB: the stores, their rows and their indexes.

import type { DBSchema } from 'idb';
import type { Envelope } from '../core/bundle.ts';
import type { DeskShare } from '../core/desk-share.ts';
import type { RedemptionRecord } from '../core/record.ts';
import type { VenueSettings } from '../core/venue.ts';

/** The key of the stores that hold one row (bundle, venue, device). */
export const CURRENT = 'current';

export interface BundleRow {
  envelope: Envelope;
  serial: number;
  /** ms since the epoch. */
  savedAt: number;
}

export interface VenueRow {
  settings: VenueSettings;
  etag: string | null;
  fetchedAt: number;
}

export type DeviceRole = 'desk' | 'manager';

interface Enrolled {
  deviceId: string;
  token: string;
  serverUrl: string;
  deviceName: string;
  /** ISO 8601. */
  enrolledAt: string;
}

/** A desk or manager device of one venue: what enrolment gives it (POST /v1/enrol), plus where and when. */
export interface VenueDeviceState extends Enrolled {
  venueId: string;
  role: DeviceRole;
}

/** A coordinator's browser (national.md): no venue, so no checks and no records; it reads the statistics of its locality. */
export interface CoordinatorDeviceState extends Enrolled {
  venueId: null;
  localityId: string;
  role: 'coordinator';
}

export type DeviceState = VenueDeviceState | CoordinatorDeviceState;

/** The stored device, with the last seq given to a record of this deviceId: the next record takes seq + 1. */
export type DeviceRow = DeviceState & { seq: number };

export interface DeskPrefs {
  language: 'fi' | 'sv' | 'en';
  /** The desk's current event; null for none. */
  eventId: string | null;
  sound: boolean;
  /** Seconds after which a verdict clears itself back to the idle screen; 0 for never. */
  clearAfterS: number;
  /** When the desk last heard from its server (ms since the epoch), for the status bar. */
  lastSyncMs: number | null;
  /** A manager device's PIN record; its shape is the manager screen's (src/app/manager/pin.ts). */
  managerPin: unknown;
  /** A manager's settings change waiting for the server; its shape is src/sync/venue-update.ts's. */
  venueDraft: unknown;
  /** The server answers POST /v1/shares: a pool with a quota and no share here holds nothing. */
  sharesServer: boolean;
}

export type PrefKey = keyof DeskPrefs;

export type RecordState = 'pending' | 'uploaded' | 'attention';

/** One of this desk's records (or one imported from another desk of the venue) and its upload state. */
export interface RecordRow {
  id: string;
  record: RedemptionRecord;
  state: RecordState;
  /** record.at in ms, for ranges. */
  atMs: number;
  seq: number;
  deviceId: string;
  eventId: string;
  cardId: string;
  /** The id of the void that undoes this use, or null. */
  voidedBy: string | null;
  /** Why the server refused it (state 'attention'), else null. */
  error: string | null;
}

/** Another desk's record, as fetched from GET /v1/usage. */
export interface UsageRow {
  id: string;
  record: RedemptionRecord;
  atMs: number;
  eventId: string;
  cardId: string;
}

export interface DeskSchema extends DBSchema {
  bundle: { key: typeof CURRENT; value: BundleRow };
  venue: { key: typeof CURRENT; value: VenueRow };
  device: { key: typeof CURRENT; value: DeviceRow };
  prefs: { key: PrefKey; value: DeskPrefs[PrefKey] };
  records: {
    key: string;
    value: RecordRow;
    indexes: {
      /** Counts and batches by state, each state in seq order. */
      'state-seq': [RecordState, number];
      /** An event's records in time order. */
      'event-at': [string, number];
      atMs: number;
      /** A device's records in seq order (the last undoable use, the seq counter after re-enrolment). */
      'device-seq': [string, number];
      /** A card's records in time order (its uses in a week or month window). */
      'card-at': [string, number];
    };
  };
  usage: { key: string; value: UsageRow; indexes: { 'event-at': [string, number]; atMs: number; 'card-at': [string, number] } };
  /** This desk's share of each quota pool, by pool key. */
  shares: { key: string; value: DeskShare };
}
