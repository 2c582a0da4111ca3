// The schema as an ordered list of upgrade steps, one per version. A device at version n runs the
// steps above n, in order, inside the one upgrade transaction: all of them or none.
//
// Rules: a shipped step never changes; a new version appends a step; a step may add stores and
// indexes and move data, but never drop a store (UpgradeDb has no deleteObjectStore), so old
// steps keep type-checking against today's schema and no record is lost in an upgrade.

import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { DeskSchema } from './schema.ts';

export type UpgradeDb = Omit<IDBPDatabase<DeskSchema>, 'deleteObjectStore'>;
export type UpgradeTransaction = IDBPTransaction<DeskSchema, StoreNames<DeskSchema>[], 'versionchange'>;

export interface Migration {
  version: number;
  upgrade(db: UpgradeDb, tx: UpgradeTransaction): void | Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    upgrade(db) {
      db.createObjectStore('bundle');
      db.createObjectStore('venue');
      db.createObjectStore('device');
      db.createObjectStore('prefs');
      const records = db.createObjectStore('records', { keyPath: 'id' });
      // No separate 'state' index: counting ['pending', -∞..∞] on state-seq is as fast, and every
      // write to an index is paid on every confirm.
      records.createIndex('state-seq', ['state', 'seq']);
      records.createIndex('event-at', ['eventId', 'atMs']);
      records.createIndex('atMs', 'atMs');
      // Not unique: an imported record may clash with one we hold; the server judges (conflict).
      records.createIndex('device-seq', ['deviceId', 'seq']);
      records.createIndex('card-at', ['cardId', 'atMs']);
      const usage = db.createObjectStore('usage', { keyPath: 'id' });
      usage.createIndex('event-at', ['eventId', 'atMs']);
      usage.createIndex('atMs', 'atMs');
      usage.createIndex('card-at', ['cardId', 'atMs']);
    },
  },
  {
    version: 2,
    upgrade(db) {
      // This desk's quota shares, one row per pool (src/core/desk-share.ts).
      db.createObjectStore('shares', { keyPath: 'pool' });
    },
  },
];

/** The version the steps lead to; throws unless they are versions 1, 2, 3, … in order. */
export function schemaVersion(steps: readonly Migration[]): number {
  steps.forEach((step, i) => {
    if (step.version !== i + 1) throw new Error(`migration ${i + 1} is numbered ${step.version}: steps must be versions 1, 2, 3, … in order`);
  });
  if (steps.length === 0) throw new Error('there must be at least one migration');
  return steps.length;
}

export async function runMigrations(steps: readonly Migration[], db: UpgradeDb, tx: UpgradeTransaction, oldVersion: number): Promise<void> {
  for (const step of steps) if (step.version > oldVersion) await step.upgrade(db, tx);
}
