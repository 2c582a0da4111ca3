import { describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import type { Migration } from '../../src/storage/migrations.ts';
import { MIGRATIONS, schemaVersion } from '../../src/storage/migrations.ts';
import type { IDBPDatabase } from 'idb';
import { recordRow, usageRow } from '../../src/storage/record-rows.ts';
import { DEVICE, T0, enrolment, openDesk, otherDesks, use } from './fixture.ts';

const V1 = MIGRATIONS.filter((m) => m.version <= 1);

/** The next version as a real one would look: a new index, and every row rewritten by a cursor. */
const next: Migration = {
  version: MIGRATIONS.length + 1,
  async upgrade(_db, tx) {
    const records = tx.objectStore('records');
    (records as unknown as IDBObjectStore).createIndex('cardId', 'cardId');
    for (let c = await records.openCursor(); c; c = await c.continue()) await c.update({ ...c.value, error: c.value.error ?? null });
  },
};

/** A desk at version 1 as that version's code left it (written as rows: today's store needs today's stores). */
async function seedV1(factory: IDBFactory) {
  const { db } = await openDesk({ migrations: V1 }, factory);
  const mine = { ...use(), deviceId: DEVICE, seq: 1 };
  const refused = { ...use(), deviceId: DEVICE, seq: 2 };
  const idb = db.idb as unknown as IDBPDatabase;
  await idb.put('device', { ...enrolment, seq: 2 }, 'current');
  await idb.put('prefs', 'sv', 'language');
  await idb.put('venue', { settings: { venueId: 'espoo-theatre' }, etag: '"7"', fetchedAt: T0 }, 'current');
  await idb.put('records', recordRow(mine, 'pending'));
  await idb.put('records', { ...recordRow(refused, 'attention'), error: 'invalid' });
  await idb.put('usage', usageRow(otherDesks()));
  db.close();
  return mine;
}

describe('migrations', () => {
  it('an upgrade from version 1 keeps every store’s data and runs only the new step', async () => {
    const factory = new IDBFactory();
    const mine = await seedV1(factory);
    const { db, store } = await openDesk({ migrations: [...MIGRATIONS, next] }, factory);
    expect(db.idb.version).toBe(next.version);
    expect(await store.getPref('language')).toBe('sv');
    expect((await store.getVenue())?.etag).toBe('"7"');
    expect(await store.getDevice()).toMatchObject({ deviceId: DEVICE, seq: 2 });
    expect(await store.pendingCount()).toBe(1);
    expect(await store.attentionCount()).toBe(1);
    expect(await store.recordsForLimits(mine.eventId, 0)).toHaveLength(3);
    expect(await (db.idb as unknown as { countFromIndex(s: string, i: string): Promise<number> }).countFromIndex('records', 'cardId')).toBe(2);
    // And the counter carries on across the upgrade.
    expect((await store.appendRecord(use())).seq).toBe(3);
  });

  it('a failing step leaves the database as it was, and says why', async () => {
    const factory = new IDBFactory();
    await seedV1(factory);
    const broken: Migration = {
      version: 2,
      async upgrade(_db, tx) {
        await tx.objectStore('records').clear();
        throw new Error('step 2 went wrong');
      },
    };
    await expect(openDesk({ migrations: [...V1, broken] }, factory)).rejects.toThrow('step 2 went wrong');
    const { db, store } = await openDesk({ migrations: V1 }, factory);
    expect(db.idb.version).toBe(1);
    expect(await store.pendingCount()).toBe(1);
  });

  it('takes steps only as versions 1, 2, 3, … in order', () => {
    expect(schemaVersion(MIGRATIONS)).toBe(MIGRATIONS.length);
    expect(() => schemaVersion([])).toThrow();
    const skipping = MIGRATIONS.length + 2;
    expect(() => schemaVersion([...MIGRATIONS, { ...next, version: skipping }])).toThrow(`numbered ${skipping}`);
    expect(() => schemaVersion([next, ...MIGRATIONS])).toThrow();
  });

  it('version 2 (quota shares) keeps everything of a version-1 desk, which then holds no shares', async () => {
    const factory = new IDBFactory();
    const mine = await seedV1(factory);
    const { db, store } = await openDesk({}, factory);
    expect(db.idb.version).toBe(2);
    expect(await store.getPref('language')).toBe('sv');
    expect(await store.recordsForLimits(mine.eventId, 0)).toHaveLength(3);
    expect(await store.shares()).toEqual([]);
    expect((await store.appendRecord(use())).seq).toBe(3);
  });
});
