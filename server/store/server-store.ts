// What the reference server keeps, behind one interface: the SQLite implementation next to this is
// the embedded default, and a bigger database can take its place without the HTTP layer changing.
// Methods are async so that such a replacement can be; each one is atomic on its own.

import type { Locality } from '../../src/core/locality.ts';
import type { PoolKey } from '../../src/core/quota-pools.ts';
import type { PoolFlags, ShareRow } from '../../src/core/share-grants.ts';
import type { RedemptionRecord } from '../../src/core/record.ts';
import type { DeclinedRow, StatsRow } from '../../src/core/stats.ts';
import type { VenueSettings } from '../../src/core/venue.ts';

/** The store cannot be opened as it is; the message names it and says what to do. */
export class StoreOpenError extends Error {
  override readonly name: string = 'StoreOpenError';
}

/** Desks and managers belong to a venue; coordinators to a locality (national.md). */
export type Role = 'desk' | 'manager' | 'coordinator';

export interface Device {
  deviceId: string;
  /** The venue of a desk or manager; null for a coordinator. */
  venueId: string | null;
  /** The locality of a coordinator; null for a desk or manager. */
  localityId: string | null;
  role: Role;
  name: string;
  enrolledAtMs: number;
  revoked: boolean;
}

export interface StoredVenue {
  settings: VenueSettings;
  /** Grows with every change; the venue's ETag. */
  version: number;
}

export interface EnrolCodeRow {
  /** SHA-256 of the normalised code: the code itself is never stored. */
  codeHash: string;
  /** Exactly one of venueId (desk, manager) and localityId (coordinator). */
  venueId: string | null;
  localityId: string | null;
  role: Role;
  createdAtMs: number;
  expiresAtMs: number;
}

export interface NewDevice {
  deviceId: string;
  name: string;
  /** SHA-256 of the bearer token: the token itself is never stored. */
  tokenHash: string;
  enrolledAtMs: number;
}

export interface StoredBundle {
  serial: number;
  /** The envelope exactly as published. */
  envelope: string;
}

/** Per record of a batch, in order. */
export type StoreOutcome = 'stored' | 'duplicate' | 'conflict-id' | 'conflict-seq' | 'unknown-device';

export type VenueWrite = { ok: true; version: number } | { ok: false; version: number | null };

/** How many enrolment attempts may begin in a sliding window: from one address, and from all. */
export interface AttemptLimits {
  perAddress: number;
  total: number;
  windowMs: number;
}

/** An attempt that may go ahead (its id, to take it back on success), or how long to wait. */
export type AttemptStart = { ok: true; attemptId: number } | { ok: false; waitMs: number };

/** Records a device may still upload today: its id, the Helsinki day and the day's most. */
export interface UploadAllowance {
  deviceId: string;
  day: number;
  max: number;
}

/** Where a page of usage ended: the last record's `at` and `id`. */
export interface UsageCursor {
  at: string;
  id: string;
}

export interface UsagePage {
  /** Each record's JSON as stored (the contract's fields in order), oldest first. */
  records: string[];
  /** Where the next page starts, or null when this was the last. */
  next: UsageCursor | null;
}

/** A locality could not be saved: it names a venue the store doesn't hold. */
export type LocalityWrite = { ok: true } | { ok: false; unknownVenue: string };

/** Figures for `stats`, sorted as national.md says. */
export interface StoreStats {
  rows: StatsRow[];
  declined: DeclinedRow[];
}

/** A quota pool as a share turn sees it (share-grants.ts). */
export interface SharePool {
  /** The pool's uses and voids: its event's records, or its day's. */
  records: RedemptionRecord[];
  /** Every desk's share of it. */
  rows: ShareRow[];
  flags: PoolFlags;
}

/** What a share turn writes, and what it hands back to its caller. */
export interface ShareTurn<T> {
  /** Rows new or changed. */
  rows: readonly ShareRow[];
  /** The pool's flags, or null when unchanged. */
  flags: PoolFlags | null;
  result: T;
}

export interface ListedPool {
  pool: PoolKey;
  /** The day it is listed under: its event's day, or its own. */
  day: number;
  state: SharePool;
}

export interface ServerStore {
  /** Which database holds the data, for health checks and logs. */
  readonly kind: 'sqlite' | 'postgres';
  /** Resolves when the database answers (health checks). */
  ping(): Promise<void>;

  /** Creates or replaces a venue (admin); returns the new version. */
  saveVenue(settings: VenueSettings): Promise<number>;
  /** Replaces a venue only if its version is still `ifVersion` (compare-and-set). */
  replaceVenue(settings: VenueSettings, ifVersion: number): Promise<VenueWrite>;
  venue(venueId: string): Promise<StoredVenue | null>;

  addEnrolCode(row: EnrolCodeRow): Promise<void>;
  /** Uses an unused, unexpired code once and enrols the device with it; null if the code is no good. */
  claimEnrolCode(codeHash: string, nowMs: number, device: NewDevice): Promise<Device | null>;
  /**
   * Counts an enrolment attempt as it begins, unless `limits` are reached in the window ending at
   * `nowMs` (then nothing is counted). Shared by every server process on the database.
   */
  beginEnrolAttempt(address: string, nowMs: number, limits: AttemptLimits): Promise<AttemptStart>;
  /** Takes a successful attempt back: only failures count against the limits. */
  forgetEnrolAttempt(attemptId: number): Promise<void>;

  deviceByTokenHash(tokenHash: string): Promise<Device | null>;
  devices(): Promise<Device[]>;
  /** False when there is no such device. */
  revokeDevice(deviceId: string, nowMs: number): Promise<boolean>;

  currentBundle(): Promise<StoredBundle | null>;
  /** Publishes only if `serial` is higher than the current one's; false otherwise. */
  publishBundle(bundle: StoredBundle, nowMs: number): Promise<boolean>;

  /** Stores a venue's batch in one transaction, each record at most once. */
  storeRecords(venueId: string, records: readonly RedemptionRecord[]): Promise<StoreOutcome[]>;
  /**
   * storeRecords for a device's upload, counted against its allowance for the Helsinki day in the
   * same transaction (one commit, one flush to disk): null, with nothing stored or counted, when
   * the batch would take the day's count past `max`.
   */
  storeUpload(venueId: string, records: readonly RedemptionRecord[], allowance: UploadAllowance): Promise<StoreOutcome[] | null>;
  /**
   * Up to `limit` of the venue's records whose `at` falls on Helsinki day `sinceDay` or later,
   * oldest first (by `at`, then `id`), starting after `after`.
   */
  usage(venueId: string, sinceDay: number, after: UsageCursor | null, limit: number): Promise<UsagePage>;

  /**
   * A turn at one quota pool: `decide` (synchronous) sees the pool as it is and says what to write,
   * in one transaction that no other turn at the same pool overlaps, on any process sharing the
   * database. `day` is kept with the pool, to list it by.
   */
  shareTurn<T>(venueId: string, pool: PoolKey, day: number, decide: (pool: SharePool) => ShareTurn<T>): Promise<T>;
  /** The venue's pools listed under `sinceDay` or later, each as a turn would see it; oldest first. */
  sharePools(venueId: string, sinceDay: number): Promise<ListedPool[]>;

  /** Creates or replaces a locality and its list of venues, in one transaction. */
  saveLocality(locality: Locality): Promise<LocalityWrite>;
  locality(localityId: string): Promise<Locality | null>;
  /**
   * The statistics of `venueIds` over Helsinki days `fromDay`..`toDay`, added up by the database:
   * the uses that stand (redeemed, not voided by a void of the same venue), and the declines.
   */
  stats(venueIds: readonly string[], fromDay: number, toDay: number): Promise<StoreStats>;

  close(): Promise<void>;
}
