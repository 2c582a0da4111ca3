// Which store the server tests run on. `npm test` runs test/server twice: on SQLite (a temporary
// data folder) and, as the vitest project "server-postgres", on PostgreSQL, each harness in a
// new schema of KAIKU_TEST_DATABASE_URL that is dropped when the harness closes.

import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { StoreLocation } from '../../server/store/open-store.ts';
import { DATABASE_FILE } from '../../server/store/sqlite-store.ts';

/** Set by the "server-postgres" project. */
export const ON_POSTGRES = process.env.KAIKU_TEST_STORE === 'postgres';
export const TEST_DATABASE_URL = process.env.KAIKU_TEST_DATABASE_URL;

export interface TestStore {
  data: StoreLocation;
  /** Every byte the store keeps, as text: what someone who copied the database would have. */
  dump(): Promise<string>;
  /** Drops what the store made (the PostgreSQL schema); SQLite folders are temporary already. */
  drop(): Promise<void>;
}

async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/** A new empty PostgreSQL schema as a database URL of its own (its search_path). */
export async function freshPostgres(): Promise<TestStore> {
  if (!TEST_DATABASE_URL) throw new Error('KAIKU_TEST_DATABASE_URL is not set: the PostgreSQL tests need a database (see docs/testing.md)');
  const schema = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE SCHEMA ${schema}`));
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const dump = () =>
    admin(async (c) => {
      const tables = await c.query<{ t: string }>('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1', [schema]);
      const texts = await Promise.all(tables.rows.map(async ({ t }) => (await c.query<{ row: string }>(`SELECT x::text AS row FROM ${schema}."${t}" x`)).rows.map((r) => r.row).join('\n')));
      return texts.join('\n');
    });
  return { data: { databaseUrl: url.toString() }, dump, drop: () => admin((c) => c.query(`DROP SCHEMA ${schema} CASCADE`)).then(() => undefined) };
}

function sqliteFiles(dataDir: string): string {
  return readdirSync(dataDir)
    .filter((f) => f.startsWith(DATABASE_FILE))
    .map((f) => readFileSync(join(dataDir, f)).toString('latin1'))
    .join('');
}

/** The store the current project tests: the data folder given, or a fresh PostgreSQL schema. */
export async function testStore(dataDir: string): Promise<TestStore> {
  return ON_POSTGRES ? freshPostgres() : { data: { dataDir }, dump: async () => sqliteFiles(dataDir), drop: async () => undefined };
}
