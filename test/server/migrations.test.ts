// The server's schema moves forward only, and a database of an earlier step keeps every record.

import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../server/store/migrations.ts';
import { DATABASE_FILE, openSqliteStore } from '../../server/store/sqlite-store.ts';
import { FROM_REGISTER, aRecord } from '../support/records.ts';
import { TODAY, venueSettings } from './harness.ts';

describe('server schema step 2 (records keyed by venue and id)', () => {
  it('keeps every record of a step-1 database, and then takes the same id at another venue', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kaiku-migrate-'));
    const old = new Database(join(dataDir, DATABASE_FILE));
    old.exec(MIGRATIONS[0]!);
    old.pragma('user_version = 1');
    old.prepare('INSERT INTO venues (venue_id, settings, version) VALUES (?, ?, 1)').run('venue-a', JSON.stringify(venueSettings('venue-a')));
    old.prepare('INSERT INTO devices (device_id, venue_id, role, name, token_hash, enrolled_ms) VALUES (?, ?, ?, ?, ?, ?)').run('d-a', 'venue-a', 'desk', 'A', 'hash-a', 0);
    const held = aRecord({ ...FROM_REGISTER, id: 'R1', deviceId: 'd-a', seq: 1, venueId: 'venue-a', eventId: 'hamlet', at: '2026-11-22T09:00:00.000Z' });
    old.prepare('INSERT INTO records (id, venue_id, device_id, seq, day, at, body) VALUES (?, ?, ?, ?, ?, ?, ?)').run('R1', 'venue-a', 'd-a', 1, TODAY, held.at, JSON.stringify(held));
    old.close();

    const store = openSqliteStore(dataDir);
    try {
      const page = await store.usage('venue-a', TODAY, null, 10);
      expect(page.records.map((r) => JSON.parse(r))).toEqual([held]);
      expect(await store.storeRecords('venue-a', [held])).toEqual(['duplicate']);
      await store.saveVenue(venueSettings('venue-b'));
      await store.addEnrolCode({ codeHash: 'c', venueId: 'venue-b', localityId: null, role: 'desk', createdAtMs: 0, expiresAtMs: Number.MAX_SAFE_INTEGER });
      await store.claimEnrolCode('c', 1, { deviceId: 'd-b', name: 'B', tokenHash: 'hash-b', enrolledAtMs: 1 });
      expect(await store.storeRecords('venue-b', [{ ...held, deviceId: 'd-b', venueId: 'venue-b' }])).toEqual(['stored']);
    } finally {
      await store.close();
    }
  });
});

describe('server schema step 3 (localities, coordinators, statistics columns)', () => {
  it('keeps the devices, codes and records of a step-2 database, and counts its records in the statistics', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kaiku-migrate-'));
    const old = new Database(join(dataDir, DATABASE_FILE));
    old.exec(MIGRATIONS[0]!);
    old.exec(MIGRATIONS[1]!);
    old.pragma('user_version = 2');
    old.prepare('INSERT INTO venues (venue_id, settings, version) VALUES (?, ?, 1)').run('venue-a', JSON.stringify(venueSettings('venue-a')));
    old.prepare('INSERT INTO devices (device_id, venue_id, role, name, token_hash, enrolled_ms) VALUES (?, ?, ?, ?, ?, ?)').run('d-a', 'venue-a', 'manager', 'A', 'hash-a', 5);
    old.prepare('INSERT INTO enrol_codes (code_hash, venue_id, role, created_ms, expires_ms) VALUES (?, ?, ?, ?, ?)').run('code-1', 'venue-a', 'desk', 0, Number.MAX_SAFE_INTEGER);
    const use = aRecord({ ...FROM_REGISTER, id: 'R1', deviceId: 'd-a', seq: 1, venueId: 'venue-a', eventId: 'hamlet', at: '2026-11-22T09:00:00.000Z', children: 2, cardId: 'CARD1' });
    const undone = { ...use, id: 'R2', seq: 2, cardId: 'CARD2' };
    const voiding = { ...use, id: 'R3', seq: 3, outcome: 'void' as const, voids: 'R2', adults: 0, children: 0 };
    for (const r of [use, undone, voiding])
      old.prepare('INSERT INTO records (venue_id, id, device_id, seq, day, at, body) VALUES (?, ?, ?, ?, ?, ?, ?)').run('venue-a', r.id, 'd-a', r.seq, TODAY, r.at, JSON.stringify(r));
    old.close();

    const store = openSqliteStore(dataDir);
    try {
      expect(await store.deviceByTokenHash('hash-a')).toMatchObject({ deviceId: 'd-a', venueId: 'venue-a', localityId: null, role: 'manager' });
      expect(await store.claimEnrolCode('code-1', 1, { deviceId: 'd-b', name: 'B', tokenHash: 'hash-b', enrolledAtMs: 1 })).toMatchObject({ venueId: 'venue-a', role: 'desk' });
      expect((await store.usage('venue-a', TODAY, null, 10)).records).toHaveLength(3);
      expect((await store.stats(['venue-a'], TODAY, TODAY)).rows).toEqual([
        { venueId: 'venue-a', month: '2026-11', category: 'culture', type: 'ticket', uses: 1, adults: 1, children: 2, assistants: 0, cards: 1 },
      ]);
    } finally {
      await store.close();
    }
  });
});

describe('a database from a newer server', () => {
  it('is refused, naming both schema steps, and left as it was', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kaiku-migrate-'));
    await openSqliteStore(dataDir, { create: true }).close();
    const newer = new Database(join(dataDir, DATABASE_FILE));
    newer.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    newer.close();

    expect(() => openSqliteStore(dataDir), 'this server opened a database a newer one made').toThrow(`made by a newer server (schema ${MIGRATIONS.length + 1}, this one knows ${MIGRATIONS.length})`);
    const after = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 1);
    after.close();
  });
});

describe('server schema step 4 (quota shares)', () => {
  it("keeps the records of a step-3 database, and counts their event's uses in its pool", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kaiku-migrate-'));
    const old = new Database(join(dataDir, DATABASE_FILE));
    for (const step of MIGRATIONS.slice(0, 3)) old.exec(step);
    old.pragma('user_version = 3');
    old.prepare('INSERT INTO venues (venue_id, settings, version) VALUES (?, ?, 1)').run('venue-a', JSON.stringify(venueSettings('venue-a')));
    old.prepare("INSERT INTO devices (device_id, venue_id, role, name, token_hash, enrolled_ms) VALUES ('d-a', 'venue-a', 'desk', 'A', 'hash-a', 5)").run();
    const use = aRecord({ ...FROM_REGISTER, id: 'R1', deviceId: 'd-a', seq: 1, venueId: 'venue-a', eventId: 'hamlet', at: '2026-11-22T09:00:00.000Z', children: 2 });
    old.prepare(
      "INSERT INTO records (venue_id, id, device_id, seq, day, at, body, outcome, adults, children, assistants, card_id, category, event_type) VALUES ('venue-a', ?, 'd-a', 1, ?, ?, ?, 'redeemed', 1, 2, 0, ?, 'culture', 'ticket')",
    ).run(use.id, TODAY, use.at, JSON.stringify(use), use.cardId);
    old.close();

    const store = openSqliteStore(dataDir);
    try {
      const seen = await store.shareTurn('venue-a', 'event:hamlet', TODAY, (p) => ({ rows: [], flags: null, result: p.records }));
      expect(seen).toEqual([use]);
      expect((await store.usage('venue-a', TODAY, null, 10)).records.map((r) => JSON.parse(r))).toEqual([use]);
    } finally {
      await store.close();
    }
  });
});
