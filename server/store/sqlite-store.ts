// The embedded ServerStore: one SQLite file in the data folder (better-sqlite3). This is the only
// module that talks SQL; everything else sees the ServerStore interface.

import Database from 'better-sqlite3';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { helsinkiDay, parseIsoTimestamp } from '../../src/core/calendar.ts';
import type { Locality } from '../../src/core/locality.ts';
import type { PoolKey } from '../../src/core/quota-pools.ts';
import { parsePool } from '../../src/core/quota-pools.ts';
import type { RedemptionRecord } from '../../src/core/record.ts';
import { sameContent } from '../../src/core/record-shape.ts';
import type { VenueSettings } from '../../src/core/venue.ts';
import { MIGRATIONS } from './migrations.ts';
import { type DeviceRow, deviceOf } from './device-row.ts';
import { recordColumns } from './record-columns.ts';
import type { PoolDbRow, ShareDbRow } from './share-rows.ts';
import { POOL_FLAG_COLUMNS, SHARE_COLUMNS, SHARE_UPDATE, flagValues, flagsOf, shareOf, shareValues } from './share-rows.ts';
import { StoreOpenError } from './server-store.ts';
import type {
  AttemptStart,
  Device,
  EnrolCodeRow,
  LocalityWrite,
  NewDevice,
  Role,
  ServerStore,
  SharePool,
  ShareTurn,
  StoreOutcome,
  StoreStats,
  StoredBundle,
  StoredVenue,
  UploadAllowance,
  UsagePage,
  VenueWrite,
} from './server-store.ts';

export const DATABASE_FILE = 'kaiku-server.sqlite';

/** The data folder cannot be used as it is; the message names it and says what to do. */
export class DataFolderError extends StoreOpenError {
  override readonly name = 'DataFolderError';
}

export interface OpenOptions {
  /** Make the folder and a new empty database if there are none (admin, demo). Otherwise refuse. */
  create?: boolean;
}

function migrate(db: Database.Database): void {
  const at = db.pragma('user_version', { simple: true }) as number;
  if (at > MIGRATIONS.length)
    throw new Error(`the database was made by a newer server (schema ${at}, this one knows ${MIGRATIONS.length}): run the newer server`);
  for (let step = at; step < MIGRATIONS.length; step++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[step]!);
      db.pragma(`user_version = ${step + 1}`);
    })();
  }
}

const FIRST_STEP = (dataDir: string) =>
  `give the right --data, or set the venue up first with "kaiku admin venue --data ${dataDir} VENUE.json"`;

/**
 * A server that starts on a new empty database tells every desk to enrol again, so only `create`
 * makes one; otherwise a missing folder or database is refused, as is one that fails SQLite's
 * quick check.
 */
export function openDatabase(dataDir: string, create: boolean): Database.Database {
  const file = join(dataDir, DATABASE_FILE);
  if (!create) {
    if (!existsSync(dataDir)) throw new DataFolderError(`there is no data folder ${dataDir}: ${FIRST_STEP(dataDir)}`);
    if (!existsSync(file) || statSync(file).size === 0) throw new DataFolderError(`the data folder ${dataDir} holds no server database (${DATABASE_FILE}): ${FIRST_STEP(dataDir)}`);
  }
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(file);
  try {
    // WAL lets `kaiku admin` write while `kaiku serve` runs; the timeout waits out the other's write.
    db.pragma('journal_mode = WAL');
    // FULL: a batch answered `stored` is on disk, power cut or not (NORMAL may lose the last ones).
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    if (!create && db.pragma('user_version', { simple: true }) === 0)
      throw new DataFolderError(`${file} is an empty database, not a Kaiku server's: ${FIRST_STEP(dataDir)}`);
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new DataFolderError(`the database in ${dataDir} is damaged (SQLite quick check: ${String(check)}): stop the server and restore the folder from a backup`);
    migrate(db);
    return db;
  } catch (e) {
    db.close();
    if (e instanceof DataFolderError) throw e;
    throw new DataFolderError(`cannot use the database in ${dataDir} (${(e as Error).message}): check that --data names a Kaiku server's folder, or restore it from a backup`);
  }
}

/** Opens the store in `dataDir`. Throws DataFolderError with a message a person can act on. */
export function openSqliteStore(dataDir: string, { create = false }: OpenOptions = {}): ServerStore {
  const db = openDatabase(dataDir, create);

  const q = {
    venue: db.prepare<[string], { settings: string; version: number }>('SELECT settings, version FROM venues WHERE venue_id = ?'),
    upsertVenue: db.prepare<[string, string]>(
      'INSERT INTO venues (venue_id, settings, version) VALUES (?, ?, 1) ON CONFLICT (venue_id) DO UPDATE SET settings = excluded.settings, version = version + 1',
    ),
    casVenue: db.prepare<[string, string, number]>('UPDATE venues SET settings = ?, version = version + 1 WHERE venue_id = ? AND version = ?'),
    addCode: db.prepare<[string, string | null, string | null, Role, number, number]>(
      'INSERT INTO enrol_codes (code_hash, venue_id, locality_id, role, created_ms, expires_ms) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    code: db.prepare<[string, number], { venue_id: string | null; locality_id: string | null; role: Role }>(
      'SELECT venue_id, locality_id, role FROM enrol_codes WHERE code_hash = ? AND used_ms IS NULL AND expires_ms > ?',
    ),
    useCode: db.prepare<[number, string, string]>('UPDATE enrol_codes SET used_ms = ?, used_by = ? WHERE code_hash = ?'),
    addDevice: db.prepare<[string, string | null, string | null, Role, string, string, number]>(
      'INSERT INTO devices (device_id, venue_id, locality_id, role, name, token_hash, enrolled_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    deviceByToken: db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE token_hash = ?'),
    deviceById: db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE device_id = ?'),
    devices: db.prepare<[], DeviceRow>('SELECT * FROM devices ORDER BY enrolled_ms, device_id'),
    revoke: db.prepare<[number, string]>('UPDATE devices SET revoked_ms = coalesce(revoked_ms, ?) WHERE device_id = ?'),
    deviceAtVenue: db.prepare<[string, string], { n: number }>('SELECT 1 AS n FROM devices WHERE device_id = ? AND venue_id = ?'),
    bundle: db.prepare<[], { serial: number; envelope: string }>('SELECT serial, envelope FROM bundles ORDER BY serial DESC LIMIT 1'),
    addBundle: db.prepare<[number, string, number]>('INSERT INTO bundles (serial, envelope, published_ms) VALUES (?, ?, ?)'),
    recordById: db.prepare<[string, string], { body: string }>('SELECT body FROM records WHERE venue_id = ? AND id = ?'),
    recordBySeq: db.prepare<[string, number], { id: string }>('SELECT id FROM records WHERE device_id = ? AND seq = ?'),
    addRecord: db.prepare(
      `INSERT INTO records (id, venue_id, device_id, seq, event_id, day, at, body, outcome, reason, voids, card_id, adults, children, assistants, category, event_type)
       VALUES (@id, @venueId, @deviceId, @seq, @eventId, @day, @at, @body, @outcome, @reason, @voids, @cardId, @adults, @children, @assistants, @category, @eventType)`,
    ),
    // `day` follows `at`, so (day, at, id) is the order of (at, id), and a page is one range of the
    // index. The cursor starts at `sinceDay`, so it is the day filter too (a second `day >= ?`
    // would make SQLite seek by day alone and walk the whole day on every page).
    usage: db.prepare<[string, number, string, string, number], { at: string; id: string; body: string }>(
      'SELECT at, id, body FROM records WHERE venue_id = ? AND (day, at, id) > (?, ?, ?) ORDER BY day, at, id LIMIT ?',
    ),
    sweepAttempts: db.prepare<[number]>('DELETE FROM enrol_attempts WHERE at_ms <= ?'),
    // The at_ms of the n-th newest attempt in the window (offset n - 1): the one whose ageing out frees a turn.
    nthAttemptFrom: db.prepare<[string, number, number], { at_ms: number }>('SELECT at_ms FROM enrol_attempts WHERE address = ? AND at_ms > ? ORDER BY at_ms DESC LIMIT 1 OFFSET ?'),
    nthAttempt: db.prepare<[number, number], { at_ms: number }>('SELECT at_ms FROM enrol_attempts WHERE at_ms > ? ORDER BY at_ms DESC LIMIT 1 OFFSET ?'),
    addAttempt: db.prepare<[string, number]>('INSERT INTO enrol_attempts (address, at_ms) VALUES (?, ?)'),
    forgetAttempt: db.prepare<[number]>('DELETE FROM enrol_attempts WHERE attempt_id = ?'),
    uploads: db.prepare<[string, number], { records: number }>('SELECT records FROM upload_counts WHERE device_id = ? AND day = ?'),
    addUploads: db.prepare<[string, number, number]>(
      'INSERT INTO upload_counts (device_id, day, records) VALUES (?, ?, ?) ON CONFLICT (device_id, day) DO UPDATE SET records = records + excluded.records',
    ),
    sweepUploads: db.prepare<[number]>('DELETE FROM upload_counts WHERE day < ?'),
    venueExists: db.prepare<[string], { n: number }>('SELECT 1 AS n FROM venues WHERE venue_id = ?'),
    upsertLocality: db.prepare<[string, string]>('INSERT INTO localities (locality_id, name) VALUES (?, ?) ON CONFLICT (locality_id) DO UPDATE SET name = excluded.name'),
    clearLocalityVenues: db.prepare<[string]>('DELETE FROM locality_venues WHERE locality_id = ?'),
    addLocalityVenue: db.prepare<[string, string]>('INSERT INTO locality_venues (locality_id, venue_id) VALUES (?, ?)'),
    locality: db.prepare<[string], { name: string }>('SELECT name FROM localities WHERE locality_id = ?'),
    localityVenues: db.prepare<[string], { venue_id: string }>('SELECT venue_id FROM locality_venues WHERE locality_id = ? ORDER BY venue_id'),
    // The day number is days since 1970-01-01 of the Helsinki date, so day * 86400 as a UTC time
    // falls on that date, and its month is the Helsinki month.
    statsRows: db.prepare<[string, number, number], StoreStats['rows'][number]>(
      `SELECT r.venue_id AS venueId, strftime('%Y-%m', r.day * 86400, 'unixepoch') AS month, r.category AS category, r.event_type AS type,
              count(*) AS uses, sum(r.adults) AS adults, sum(r.children) AS children, sum(r.assistants) AS assistants, count(DISTINCT r.card_id) AS cards
         FROM records r
        WHERE r.venue_id IN (SELECT value FROM json_each(?)) AND r.day BETWEEN ? AND ? AND r.outcome = 'redeemed'
          AND NOT EXISTS (SELECT 1 FROM records v WHERE v.venue_id = r.venue_id AND v.voids = r.id AND v.outcome = 'void')
        GROUP BY r.venue_id, month, r.category, r.event_type
        ORDER BY r.venue_id, month, r.category, r.event_type`,
    ),
    upsertPool: db.prepare<[string, string, number]>('INSERT INTO share_pools (venue_id, pool, day) VALUES (?, ?, ?) ON CONFLICT (venue_id, pool) DO UPDATE SET day = excluded.day'),
    poolFlags: db.prepare<[string, string], PoolDbRow>(`SELECT ${POOL_FLAG_COLUMNS} FROM share_pools WHERE venue_id = ? AND pool = ?`),
    setPoolFlags: db.prepare<[...ReturnType<typeof flagValues>, string, string]>(
      'UPDATE share_pools SET short_until_ms = ?, short_device = ?, release_device = ?, release_name = ?, release_tickets = ?, release_ms = ? WHERE venue_id = ? AND pool = ?',
    ),
    poolsSince: db.prepare<[string, number], { pool: string; day: number }>('SELECT pool, day FROM share_pools WHERE venue_id = ? AND day >= ? ORDER BY day, pool'),
    shares: db.prepare<[string, string], ShareDbRow>('SELECT * FROM shares WHERE venue_id = ? AND pool = ? ORDER BY device_id'),
    putShare: db.prepare<ReturnType<typeof shareValues>>(`INSERT INTO shares (${SHARE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (venue_id, pool, device_id) DO UPDATE SET ${SHARE_UPDATE}`),
    // Declines count for nothing: a pool reads its uses and the voids that may undo them.
    eventRecords: db.prepare<[string, string], { body: string }>("SELECT body FROM records WHERE venue_id = ? AND event_id = ? AND outcome <> 'declined'"),
    dayRecords: db.prepare<[string, number], { body: string }>("SELECT body FROM records WHERE venue_id = ? AND day = ? AND outcome <> 'declined'"),
    statsDeclined: db.prepare<[string, number, number], StoreStats['declined'][number]>(
      `SELECT venue_id AS venueId, strftime('%Y-%m', day * 86400, 'unixepoch') AS month, reason, count(*) AS count
         FROM records
        WHERE venue_id IN (SELECT value FROM json_each(?)) AND day BETWEEN ? AND ? AND outcome = 'declined'
        GROUP BY venue_id, month, reason
        ORDER BY venue_id, month, reason`,
    ),
  };

  const saveLocality = db.transaction((l: Locality): LocalityWrite => {
    const unknownVenue = l.venues.find((v) => !q.venueExists.get(v));
    if (unknownVenue !== undefined) return { ok: false, unknownVenue };
    q.upsertLocality.run(l.localityId, l.name);
    q.clearLocalityVenues.run(l.localityId);
    for (const v of l.venues) q.addLocalityVenue.run(l.localityId, v);
    return { ok: true };
  });

  const stats = db.transaction((venueIds: readonly string[], fromDay: number, toDay: number): StoreStats => {
    const venues = JSON.stringify(venueIds);
    return { rows: q.statsRows.all(venues, fromDay, toDay), declined: q.statsDeclined.all(venues, fromDay, toDay) };
  });

  const claim = db.transaction((codeHash: string, nowMs: number, d: NewDevice): Device | null => {
    const code = q.code.get(codeHash, nowMs);
    if (!code) return null;
    q.useCode.run(nowMs, d.deviceId, codeHash);
    q.addDevice.run(d.deviceId, code.venue_id, code.locality_id, code.role, d.name, d.tokenHash, d.enrolledAtMs);
    return { deviceId: d.deviceId, venueId: code.venue_id, localityId: code.locality_id, role: code.role, name: d.name, enrolledAtMs: d.enrolledAtMs, revoked: false };
  });

  const publish = db.transaction((b: StoredBundle, nowMs: number): boolean => {
    const current = q.bundle.get();
    if (current && b.serial <= current.serial) return false;
    q.addBundle.run(b.serial, b.envelope, nowMs);
    return true;
  });

  const storeBatch = db.transaction((venueId: string, records: readonly RedemptionRecord[]): StoreOutcome[] =>
    records.map((r): StoreOutcome => {
      if (!q.deviceAtVenue.get(r.deviceId, venueId)) return 'unknown-device';
      const same = q.recordById.get(venueId, r.id);
      if (same) return sameContent(JSON.parse(same.body) as RedemptionRecord, r) ? 'duplicate' : 'conflict-id';
      if (q.recordBySeq.get(r.deviceId, r.seq)) return 'conflict-seq';
      q.addRecord.run(recordColumns(venueId, r));
      return 'stored';
    }),
  );

  const beginAttempt = db.transaction((address: string, nowMs: number, perAddress: number, total: number, windowMs: number): AttemptStart => {
    const from = nowMs - windowMs;
    q.sweepAttempts.run(from);
    const blocking = [q.nthAttemptFrom.get(address, from, perAddress - 1), q.nthAttempt.get(from, total - 1)].filter((row) => row !== undefined);
    if (blocking.length) return { ok: false, waitMs: Math.max(1, ...blocking.map((row) => row.at_ms + windowMs - nowMs)) };
    return { ok: true, attemptId: Number(q.addAttempt.run(address, nowMs).lastInsertRowid) };
  });

  const storeUpload = db.transaction((venueId: string, records: readonly RedemptionRecord[], { deviceId, day, max }: UploadAllowance): StoreOutcome[] | null => {
    if ((q.uploads.get(deviceId, day)?.records ?? 0) + records.length > max) return null;
    q.addUploads.run(deviceId, day, records.length);
    // Yesterday's counts are kept (a clock near midnight); older ones are of no use.
    q.sweepUploads.run(day - 1);
    return storeBatch(venueId, records);
  });

  const readPool = (venueId: string, pool: PoolKey): SharePool => {
    const ref = parsePool(pool);
    const bodies = !ref ? [] : ref.kind === 'event' ? q.eventRecords.all(venueId, ref.eventId) : q.dayRecords.all(venueId, ref.day);
    return { records: bodies.map((b) => JSON.parse(b.body) as RedemptionRecord), rows: q.shares.all(venueId, pool).map(shareOf), flags: flagsOf(q.poolFlags.get(venueId, pool)) };
  };

  const shareTurn = db.transaction((venueId: string, pool: PoolKey, day: number, decide: (p: SharePool) => ShareTurn<unknown>): unknown => {
    q.upsertPool.run(venueId, pool, day);
    const turn = decide(readPool(venueId, pool));
    for (const row of turn.rows) q.putShare.run(...shareValues(venueId, pool, row));
    if (turn.flags) q.setPoolFlags.run(...flagValues(turn.flags), venueId, pool);
    return turn.result;
  });

  const sharePools = db.transaction((venueId: string, sinceDay: number) =>
    q.poolsSince.all(venueId, sinceDay).map((p) => ({ pool: p.pool, day: p.day, state: readPool(venueId, p.pool) })),
  );

  // Every transaction that reads and then writes starts IMMEDIATE: a deferred one would read, then
  // fail with "database is locked" (not wait) when another process wrote meanwhile.
  const store: ServerStore = {
    kind: 'sqlite',
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async saveVenue(settings) {
      return db.transaction(() => {
        q.upsertVenue.run(settings.venueId, JSON.stringify(settings));
        return q.venue.get(settings.venueId)!.version;
      })();
    },
    async replaceVenue(settings, ifVersion): Promise<VenueWrite> {
      return db.transaction((): VenueWrite => {
        const changed = q.casVenue.run(JSON.stringify(settings), settings.venueId, ifVersion).changes === 1;
        const version = q.venue.get(settings.venueId)?.version ?? null;
        return changed ? { ok: true, version: version! } : { ok: false, version };
      })();
    },
    async venue(venueId): Promise<StoredVenue | null> {
      const row = q.venue.get(venueId);
      return row ? { settings: JSON.parse(row.settings) as VenueSettings, version: row.version } : null;
    },
    async addEnrolCode(row: EnrolCodeRow) {
      q.addCode.run(row.codeHash, row.venueId, row.localityId, row.role, row.createdAtMs, row.expiresAtMs);
    },
    async claimEnrolCode(codeHash, nowMs, device) {
      return claim.immediate(codeHash, nowMs, device);
    },
    async deviceByTokenHash(tokenHash) {
      const row = q.deviceByToken.get(tokenHash);
      return row ? deviceOf(row) : null;
    },
    async devices() {
      return q.devices.all().map(deviceOf);
    },
    async revokeDevice(deviceId, nowMs) {
      q.revoke.run(nowMs, deviceId);
      return q.deviceById.get(deviceId) !== undefined;
    },
    async currentBundle() {
      return q.bundle.get() ?? null;
    },
    async publishBundle(bundle, nowMs) {
      return publish.immediate(bundle, nowMs);
    },
    async storeRecords(venueId, records) {
      return storeBatch.immediate(venueId, records);
    },
    async beginEnrolAttempt(address, nowMs, { perAddress, total, windowMs }) {
      // The write lock is taken before counting, so two processes cannot both take the last turn.
      return beginAttempt.immediate(address, nowMs, perAddress, total, windowMs);
    },
    async forgetEnrolAttempt(attemptId) {
      q.forgetAttempt.run(attemptId);
    },
    async storeUpload(venueId, records, allowance) {
      // The count is read under the write lock, so two processes cannot both pass it.
      return storeUpload.immediate(venueId, records, allowance);
    },
    async usage(venueId, sinceDay, after, limit): Promise<UsagePage> {
      // A cursor before `sinceDay` (a hand-made `after`) starts at `sinceDay`.
      const afterDay = after ? helsinkiDay(parseIsoTimestamp(after.at) ?? 0) : -1;
      const cursor = after && afterDay >= sinceDay ? ([afterDay, after.at, after.id] as const) : ([sinceDay, '', ''] as const);
      // One row past the page says whether there is another.
      const rows = q.usage.all(venueId, ...cursor, limit + 1);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { records: page.map((row) => row.body), next: rows.length > limit && last ? { at: last.at, id: last.id } : null };
    },
    async shareTurn<T>(venueId: string, pool: PoolKey, day: number, decide: (p: SharePool) => ShareTurn<T>): Promise<T> {
      // IMMEDIATE: the pool is read under the write lock, so two processes cannot both grant from it.
      return shareTurn.immediate(venueId, pool, day, decide) as T;
    },
    async sharePools(venueId, sinceDay) {
      return sharePools(venueId, sinceDay);
    },
    async saveLocality(locality) {
      return saveLocality.immediate(locality);
    },
    async locality(localityId) {
      const row = q.locality.get(localityId);
      return row ? { localityId, name: row.name, venues: q.localityVenues.all(localityId).map((v) => v.venue_id) } : null;
    },
    async stats(venueIds, fromDay, toDay) {
      return stats(venueIds, fromDay, toDay);
    },
    async close() {
      db.close();
    },
  };
  return store;
}
