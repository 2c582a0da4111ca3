// Opening a PostgreSQL store: an empty database only with `create`, a newer one never, and two
// processes opening a new database at once migrate it once.

import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../server/store/migrations.ts';
import { POSTGRES_MIGRATIONS } from '../../server/store/postgres-migrations.ts';
import { openPostgresStore } from '../../server/store/postgres-store.ts';
import { StoreOpenError } from '../../server/store/server-store.ts';
import { type TestStore, freshPostgres } from '../support/test-store.ts';
import { venueSettings } from '../server/harness.ts';

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
    await expect(openPostgresStore(url)).rejects.toThrow(/made by a newer server \(schema 4, this one knows 3\)/);
  });

  it('says plainly when the database cannot be reached', async () => {
    await expect(openPostgresStore('postgres://kaiku:pw@127.0.0.1:1/none')).rejects.toThrow(/cannot use the database postgres:\/\/kaiku:\*\*\*@127\.0\.0\.1:1\/none .*check --database/);
  });
});
