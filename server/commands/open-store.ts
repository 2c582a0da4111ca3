// The store named on the command line (--data DIR, --database URL or KAIKU_DATABASE_URL), with a
// failure to open it put in words.

import { UsageError } from '../../src/node/usage-error.ts';
import type { StoreLocation } from '../store/open-store.ts';
import { openStore } from '../store/open-store.ts';
import type { ServerStore } from '../store/server-store.ts';
import { StoreOpenError } from '../store/server-store.ts';

export const DEFAULT_DATA_DIR = './data';

export interface StoreArgs {
  data?: string;
  database?: string;
}

/** --database, else --data, else KAIKU_DATABASE_URL, else the default data folder. */
export function storeLocation(opts: StoreArgs, env: NodeJS.ProcessEnv = process.env): StoreLocation {
  if (opts.data !== undefined && opts.database !== undefined) throw new UsageError('give either --data DIR (SQLite) or --database URL (PostgreSQL), not both');
  if (opts.database !== undefined) return { databaseUrl: databaseUrl(opts.database, '--database') };
  if (opts.data !== undefined) return { dataDir: opts.data };
  if (env.KAIKU_DATABASE_URL) return { databaseUrl: databaseUrl(env.KAIKU_DATABASE_URL, 'KAIKU_DATABASE_URL') };
  return { dataDir: DEFAULT_DATA_DIR };
}

function databaseUrl(text: string, where: string): string {
  if (!/^postgres(ql)?:\/\/\S+$/.test(text)) throw new UsageError(`${where} takes a PostgreSQL URL like postgres://user:password@host:5432/kaiku`);
  return text;
}

/** `create`: a missing database becomes a new empty one (admin venue, demo seeding). */
export async function openStoreFor(where: StoreLocation, create: boolean): Promise<ServerStore> {
  try {
    return await openStore(where, { create });
  } catch (e) {
    throw asUsageError(e);
  }
}

/** A store that cannot be used, as the command line's refusal (its message says what to do). */
export function asUsageError(e: unknown): unknown {
  return e instanceof StoreOpenError ? new UsageError(e.message) : e;
}
