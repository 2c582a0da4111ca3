// The store of a --data folder for the command line, with a failure to open it put in words.

import { UsageError } from '../../src/node/usage-error.ts';
import type { ServerStore } from '../store/server-store.ts';
import { DataFolderError, openSqliteStore } from '../store/sqlite-store.ts';

/** `create`: a missing folder or database becomes a new empty one (admin venue, demo seeding). */
export function openStoreFor(dataDir: string, create: boolean): ServerStore {
  try {
    return openSqliteStore(dataDir, { create });
  } catch (e) {
    throw asUsageError(e);
  }
}

/** A data folder that cannot be used, as the command line's refusal (its message says what to do). */
export function asUsageError(e: unknown): unknown {
  return e instanceof DataFolderError ? new UsageError(e.message) : e;
}
