// The embedded ServerStore: one SQLite file in the data folder (better-sqlite3). This is the only
// module that talks SQL; everything else sees the ServerStore interface.

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { helsinkiDay, parseIsoTimestamp } from '../../src/core/calendar.ts';
import type { RedemptionRecord } from '../../src/core/record.ts';
import { RECORD_FIELDS, sameContent } from '../../src/core/record-shape.ts';
import type { VenueSettings } from '../../src/core/venue.ts';
import { MIGRATIONS } from './migrations.ts';
import type { Device, EnrolCodeRow, NewDevice, Role, ServerStore, StoreOutcome, StoredBundle, StoredVenue, VenueWrite } from './server-store.ts';

export const DATABASE_FILE = 'kaiku-server.sqlite';

interface DeviceRow {
  device_id: string;
  venue_id: string;
  role: Role;
  name: string;
  enrolled_ms: number;
  revoked_ms: number | null;
}

function deviceOf(row: DeviceRow): Device {
  return { deviceId: row.device_id, venueId: row.venue_id, role: row.role, name: row.name, enrolledAtMs: row.enrolled_ms, revoked: row.revoked_ms !== null };
}

/** The record's fields in the contract's order, so a stored body reads like the API's. */
function recordBody(r: RedemptionRecord): string {
  return JSON.stringify(Object.fromEntries(RECORD_FIELDS.map((k) => [k, r[k]])));
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

/** Opens (creating if need be) the store in `dataDir`. Throws a message a person can act on. */
export function openSqliteStore(dataDir: string): ServerStore {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, DATABASE_FILE));
  // WAL lets `kaiku admin` write while `kaiku serve` runs; the timeout waits out the other's write.
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);

  const q = {
    venue: db.prepare<[string], { settings: string; version: number }>('SELECT settings, version FROM venues WHERE venue_id = ?'),
    upsertVenue: db.prepare<[string, string]>(
      'INSERT INTO venues (venue_id, settings, version) VALUES (?, ?, 1) ON CONFLICT (venue_id) DO UPDATE SET settings = excluded.settings, version = version + 1',
    ),
    casVenue: db.prepare<[string, string, number]>('UPDATE venues SET settings = ?, version = version + 1 WHERE venue_id = ? AND version = ?'),
    addCode: db.prepare<[string, string, Role, number, number]>('INSERT INTO enrol_codes (code_hash, venue_id, role, created_ms, expires_ms) VALUES (?, ?, ?, ?, ?)'),
    code: db.prepare<[string, number], { venue_id: string; role: Role }>(
      'SELECT venue_id, role FROM enrol_codes WHERE code_hash = ? AND used_ms IS NULL AND expires_ms > ?',
    ),
    useCode: db.prepare<[number, string, string]>('UPDATE enrol_codes SET used_ms = ?, used_by = ? WHERE code_hash = ?'),
    addDevice: db.prepare<[string, string, Role, string, string, number]>(
      'INSERT INTO devices (device_id, venue_id, role, name, token_hash, enrolled_ms) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    deviceByToken: db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE token_hash = ?'),
    deviceById: db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE device_id = ?'),
    devices: db.prepare<[], DeviceRow>('SELECT * FROM devices ORDER BY enrolled_ms, device_id'),
    revoke: db.prepare<[number, string]>('UPDATE devices SET revoked_ms = coalesce(revoked_ms, ?) WHERE device_id = ?'),
    deviceAtVenue: db.prepare<[string, string], { n: number }>('SELECT 1 AS n FROM devices WHERE device_id = ? AND venue_id = ?'),
    bundle: db.prepare<[], { serial: number; envelope: string }>('SELECT serial, envelope FROM bundles ORDER BY serial DESC LIMIT 1'),
    addBundle: db.prepare<[number, string, number]>('INSERT INTO bundles (serial, envelope, published_ms) VALUES (?, ?, ?)'),
    recordById: db.prepare<[string], { body: string }>('SELECT body FROM records WHERE id = ?'),
    recordBySeq: db.prepare<[string, number], { id: string }>('SELECT id FROM records WHERE device_id = ? AND seq = ?'),
    addRecord: db.prepare<[string, string, string, number, number, string, string]>(
      'INSERT INTO records (id, venue_id, device_id, seq, day, at, body) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    usage: db.prepare<[string, number], { body: string }>('SELECT body FROM records WHERE venue_id = ? AND day >= ? ORDER BY at, id'),
  };

  const claim = db.transaction((codeHash: string, nowMs: number, d: NewDevice): Device | null => {
    const code = q.code.get(codeHash, nowMs);
    if (!code) return null;
    q.useCode.run(nowMs, d.deviceId, codeHash);
    q.addDevice.run(d.deviceId, code.venue_id, code.role, d.name, d.tokenHash, d.enrolledAtMs);
    return { deviceId: d.deviceId, venueId: code.venue_id, role: code.role, name: d.name, enrolledAtMs: d.enrolledAtMs, revoked: false };
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
      const same = q.recordById.get(r.id);
      if (same) return sameContent(JSON.parse(same.body) as RedemptionRecord, r) ? 'duplicate' : 'conflict-id';
      if (q.recordBySeq.get(r.deviceId, r.seq)) return 'conflict-seq';
      q.addRecord.run(r.id, venueId, r.deviceId, r.seq, helsinkiDay(parseIsoTimestamp(r.at)!), r.at, recordBody(r));
      return 'stored';
    }),
  );

  const store: ServerStore = {
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
      q.addCode.run(row.codeHash, row.venueId, row.role, row.createdAtMs, row.expiresAtMs);
    },
    async claimEnrolCode(codeHash, nowMs, device) {
      return claim(codeHash, nowMs, device);
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
      return publish(bundle, nowMs);
    },
    async storeRecords(venueId, records) {
      return storeBatch(venueId, records);
    },
    async usage(venueId, sinceDay) {
      return q.usage.all(venueId, sinceDay).map((row) => JSON.parse(row.body) as RedemptionRecord);
    },
    async close() {
      db.close();
    },
  };
  return store;
}
