// Opening the desk's database: the upgrade steps, and the connection's life with other tabs.
//
// idb's openDB always uses globalThis.indexedDB; this is the same few lines over idb's wrap() so a
// caller (a test) can pass its own IDBFactory.

import type { IDBPDatabase } from 'idb';
import { wrap } from 'idb';
import type { Migration, UpgradeTransaction } from './migrations.ts';
import { MIGRATIONS, runMigrations, schemaVersion } from './migrations.ts';
import type { DeskSchema } from './schema.ts';
import { StorageError, toStorageError } from './storage-error.ts';
import { abortQuietly } from './transaction.ts';

const DESK_DB_NAME = 'kaiku-desk';

export interface DeskDbEvents {
  /**
   * Another tab holds an older version open; the open goes on once that tab closes. Without this
   * handler the open fails with the error instead, so nobody waits on a silent spinner.
   */
  onBlocked?(error: StorageError): void;
  /** Another tab wants to upgrade: this connection closed to let it, and this tab must reload. */
  onBlocking?(error: StorageError): void;
  /** The browser closed the connection (storage cleared by the user, a disk failure). */
  onTerminated?(error: StorageError): void;
}

export interface OpenDeskDbOptions extends DeskDbEvents {
  /** Defaults to globalThis.indexedDB. */
  factory?: IDBFactory;
  /** Defaults to MIGRATIONS; a test passes an older or a longer list. */
  migrations?: readonly Migration[];
}

export interface DeskDb {
  readonly idb: IDBPDatabase<DeskSchema>;
  /** Why the connection is gone, once it is; null while it is open. */
  readonly lost: StorageError | null;
  close(): void;
}

export async function openDeskDb(name: string = DESK_DB_NAME, options: OpenDeskDbOptions = {}): Promise<DeskDb> {
  const { factory = globalThis.indexedDB, migrations = MIGRATIONS, onBlocked, onBlocking, onTerminated } = options;
  const version = schemaVersion(migrations);
  if (!factory) throw new StorageError('unavailable');
  let request: IDBOpenDBRequest;
  try {
    request = factory.open(name, version);
  } catch (e) {
    throw toStorageError(e);
  }

  let upgradeFailure: unknown = null;
  request.addEventListener('upgradeneeded', (event) => {
    const tx = wrap(request.transaction!) as unknown as UpgradeTransaction;
    // The open request reports the abort; this keeps it from also showing as unhandled.
    tx.done.catch(() => undefined);
    const db = wrap(request.result) as unknown as IDBPDatabase<DeskSchema>;
    runMigrations(migrations, db, tx, event.oldVersion).catch((e: unknown) => {
      upgradeFailure = e;
      abortQuietly(request.transaction!);
    });
  });

  const idb = await new Promise<IDBPDatabase<DeskSchema>>((resolve, reject) => {
    let gaveUp = false;
    request.addEventListener('blocked', () => {
      const error = new StorageError('blocked');
      if (onBlocked) return onBlocked(error);
      gaveUp = true;
      reject(error);
    });
    (wrap(request) as Promise<IDBPDatabase<DeskSchema>>).then(
      (db) => (gaveUp ? db.close() : resolve(db)),
      (e: unknown) => reject(toStorageError(upgradeFailure ?? e)),
    );
  });

  let lost: StorageError | null = null;
  idb.addEventListener('versionchange', () => {
    lost = new StorageError('versionchange');
    idb.close();
    onBlocking?.(lost);
  });
  // Fired only when the browser closes the connection, never for close().
  idb.addEventListener('close', () => {
    lost = new StorageError('unavailable', "The browser closed the desk's storage (it may have been cleared). Reload the page.");
    onTerminated?.(lost);
  });
  return {
    idb,
    get lost() {
      return lost;
    },
    close: () => idb.close(),
  };
}

/** Deletes a database (benches and tests clean up with it). */
export async function deleteDeskDb(name: string, factory: IDBFactory = globalThis.indexedDB): Promise<void> {
  await wrap(factory.deleteDatabase(name));
}
