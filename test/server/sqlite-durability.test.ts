// SQLite's own durability settings (PostgreSQL commits wait for the flush by default, and its
// store sets synchronous_commit on for every connection).

import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/store/sqlite-store.ts';
import type { Harness } from './harness.ts';
import { harness } from './harness.ts';

let h: Harness;
afterEach(() => h?.close());

describe('stored means on disk', () => {
  it('runs SQLite in WAL mode with synchronous=FULL', async () => {
    h = await harness();
    const db = openDatabase(h.dataDir, false);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
    } finally {
      db.close();
    }
  });
});
