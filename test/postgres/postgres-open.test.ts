// Opening a PostgreSQL store: an empty database only with `create`, a newer one never, and two
// processes opening a new database at once migrate it once.

import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../server/store/migrations.ts';
import { POSTGRES_MIGRATIONS } from '../../server/store/postgres-migrations.ts';
import { openPostgresStore } from '../../server/store/postgres-store.ts';
import { StoreOpenError } from '../../server/store/server-store.ts';
import { type TestStore, freshPostgres } from '../support/test-store.ts';
import { TODAY, venueSettings } from '../server/harness.ts';
import { FROM_REGISTER, aRecord } from '../support/records.ts';

let db: TestStore | undefined;
afterEach(async () => {
  await db?.drop();
  db = undefined;
});

describe('opening the PostgreSQL store', () => {
  it('numbers its schema as SQLite does, so schema N is the same tables on both', () => {
    expect(POSTGRES_MIGRATIONS.at(-1)!.version).toBe(MIGRATIONS.length);
  });

  it('refuses an empty database unless asked to make one, naming the next step and hiding the password', async () => {
    db = await freshPostgres();
    const url = db.data.databaseUrl!;
    const refused = await openPostgresStore(url).then(() => null, (e: unknown) => e);
    expect(refused).toBeInstanceOf(StoreOpenError);
    expect((refused as Error).message).toMatch(/holds no Kaiku server database yet: set the first venue up with "kaiku admin venue --database URL/);
    expect((refused as Error).message).not.toContain(`:${new URL(url).password}@`);
    const store = await openPostgresStore(url, { create: true });
    await store.saveVenue(venueSettings('venue-a'));
    await store.close();
    const again = await openPostgresStore(url);
    expect((await again.venue('venue-a'))?.version).toBe(1);
    await again.close();
  });

  it('migrates once when two processes open a new database together', async () => {
    db = await freshPostgres();
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore(db!.data.databaseUrl!, { create: true })));
    await stores[0]!.saveVenue(venueSettings('venue-a'));
    expect((await stores[3]!.venue('venue-a'))?.version).toBe(1);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('refuses a database made by a newer server', async () => {
    db = await freshPostgres();
    const url = db.data.databaseUrl!;
    (await openPostgresStore(url, { create: true })).close();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query('UPDATE kaiku_schema SET version = $1', [MIGRATIONS.length + 1]);
    await c.end();
    await expect(openPostgresStore(url)).rejects.toThrow(`made by a newer server (schema ${MIGRATIONS.length + 1}, this one knows ${MIGRATIONS.length})`);
  });

  it("moves a schema-3 database to 4 and keeps its records, counted in their event's quota pool", async () => {
    db = await freshPostgres();
    const url = db.data.databaseUrl!;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(POSTGRES_MIGRATIONS.find((s) => s.version === 3)!.sql);
    await c.query('CREATE TABLE kaiku_schema (version INTEGER NOT NULL); INSERT INTO kaiku_schema VALUES (3)');
    const use = aRecord({ ...FROM_REGISTER, id: 'R1', deviceId: 'd-a', seq: 1, venueId: 'venue-a', eventId: 'hamlet', at: '2026-11-22T09:00:00.000Z' });
    await c.query(
      "INSERT INTO records (venue_id, id, device_id, seq, day, at, body, outcome, card_id, adults, children, assistants, category, event_type) VALUES ('venue-a', 'R1', 'd-a', 1, $1, $2, $3, 'redeemed', $4, 1, 0, 0, 'culture', 'ticket')",
      [TODAY, use.at, JSON.stringify(use), use.cardId],
    );
    await c.end();
    const store = await openPostgresStore(url);
    try {
      expect(await store.shareTurn('venue-a', 'event:hamlet', TODAY, (p) => ({ rows: [], flags: null, result: p.records }))).toEqual([use]);
    } finally {
      await store.close();
    }
  });

  it('says plainly when the database cannot be reached', async () => {
    await expect(openPostgresStore('postgres://kaiku:pw@127.0.0.1:1/none')).rejects.toThrow(/cannot use the database postgres:\/\/kaiku:\*\*\*@127\.0\.0\.1:1\/none .*check --database/);
  });
});
