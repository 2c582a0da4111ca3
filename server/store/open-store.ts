// Where the server's data lives, and the one place that picks the store for it: a --data folder
// (SQLite, the embedded default) or a --database URL (PostgreSQL, for a service of many venues).
// Nothing above this knows which one is in use.

import { openPostgresStore } from './postgres-store.ts';
import type { ServerStore } from './server-store.ts';
import { openSqliteStore } from './sqlite-store.ts';

export type StoreLocation = { dataDir: string; databaseUrl?: undefined } | { databaseUrl: string; dataDir?: undefined };

export interface OpenStoreOptions {
  /** Make a new empty database when there is none (admin, demo). Otherwise refuse. */
  create?: boolean;
}

export async function openStore(where: StoreLocation, { create = false }: OpenStoreOptions = {}): Promise<ServerStore> {
  if (where.databaseUrl !== undefined) return openPostgresStore(where.databaseUrl, { create });
  return openSqliteStore(where.dataDir, { create });
}
