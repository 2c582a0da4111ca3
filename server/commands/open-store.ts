// The store of a --data folder for the command line, with a failure to open it put in words.

import { UsageError } from '../../src/node/usage-error.ts';
import type { ServerStore } from '../store/server-store.ts';
import { openSqliteStore } from '../store/sqlite-store.ts';

export function openStoreFor(dataDir: string): ServerStore {
  try {
    return openSqliteStore(dataDir);
  } catch (e) {
    throw new UsageError(`cannot open the server's data in ${dataDir}: ${(e as Error).message}`);
  }
}
