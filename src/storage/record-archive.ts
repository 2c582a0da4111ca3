// The records a desk keeps over months: read for exports and reports, another desk's export taken
// in, and the old uploaded ones pruned. Part of DeskStore (desk-store.ts), loaded when first used
// (the prune at start, the manager's record tools): no check waits for it.

import type { RedemptionRecord } from '../core/record.ts';
import type { ImportResult, PruneResult, StoreCore } from './desk-store.ts';
import { recordingVenue, recordRow } from './record-rows.ts';
import { CURRENT } from './schema.ts';
import { StorageError } from './storage-error.ts';
import { commit, issueAll } from './transaction.ts';

export async function exportRecords({ db }: StoreCore, fromMs: number, toMs: number): Promise<RedemptionRecord[]> {
  if (!(fromMs < toMs)) return [];
  const rows = await db.idb.getAllFromIndex('records', 'atMs', IDBKeyRange.bound(fromMs, toMs, false, true));
  return rows.map((row) => row.record);
}

export async function reportRecords({ db }: StoreCore, fromMs: number, toMs: number): Promise<RedemptionRecord[]> {
  if (!(fromMs < toMs)) return [];
  const range = IDBKeyRange.bound(fromMs, toMs, false, true);
  const [own, others] = await Promise.all([db.idb.getAllFromIndex('records', 'atMs', range), db.idb.getAllFromIndex('usage', 'atMs', range)]);
  // putUsage never keeps an own record in usage, so the two lists do not overlap.
  return [...own, ...others].sort((a, b) => a.atMs - b.atMs).map((row) => row.record);
}

export async function importRecords({ db, limits }: StoreCore, records: readonly RedemptionRecord[]): Promise<ImportResult> {
  // The checks of a record from outside load only here, with the first import.
  const { importProblem } = await import('./import-problem.ts');
  const problem = records.map(importProblem).find((p) => p !== null);
  if (problem) throw new StorageError('refused', `This export cannot be imported: ${problem}. Nothing was imported.`);
  const tx = db.idb.transaction(['device', 'records', 'usage'], 'readwrite', { durability: 'strict' });
  const { rows, ...result } = await commit(tx, async () => {
    const device = await tx.objectStore('device').get(CURRENT);
    if (!device) throw new StorageError('not-enrolled');
    const venueId = recordingVenue(device);
    const foreign = records.find((r) => r.venueId !== venueId);
    if (foreign)
      throw new StorageError('refused', `This export holds records of venue "${foreign.venueId}", but this desk is enrolled at "${device.venueId}". Nothing was imported.`);
    const store = tx.objectStore('records');
    const held = await issueAll(records.map((r) => () => store.getKey(r.id)));
    const fresh = new Map<string, RedemptionRecord>();
    records.forEach((r, i) => held[i] === undefined && fresh.set(r.id, r));
    await issueAll<unknown>(
      [...fresh.values()].flatMap((r) => [
        () => store.add(recordRow(r, 'pending')),
        // Held as our own now: the same record must not sit in usage too.
        () => tx.objectStore('usage').delete(r.id),
      ]),
    );
    // After the adds, so a void finds a target from the same file.
    const voids = [...fresh.values()].filter((r) => r.outcome === 'void' && r.voids !== null);
    const targets = await issueAll(voids.map((v) => () => store.get(v.voids!)));
    const marks = targets.flatMap((t, i) => (t && t.voidedBy === null ? [{ ...t, voidedBy: voids[i]!.id }] : []));
    await issueAll(marks.map((row) => () => store.put(row)));
    return { added: fresh.size, skipped: records.length - fresh.size, rows: [...fresh.values()].map((r) => recordRow(r, 'pending')) };
  });
  limits.added(rows);
  return result;
}

export async function pruneUploaded({ db, limits }: StoreCore, olderThanMs: number): Promise<PruneResult> {
  const tx = db.idb.transaction(['records', 'usage'], 'readwrite');
  const pruned = await commit(tx, async () => {
    const before = IDBKeyRange.upperBound(olderThanMs, true);
    const counted: PruneResult = { records: 0, usage: 0 };
    for (let c = await tx.objectStore('records').index('atMs').openCursor(before); c; c = await c.continue()) {
      if (c.value.state !== 'uploaded') continue;
      await c.delete();
      counted.records++;
    }
    for (let c = await tx.objectStore('usage').index('atMs').openCursor(before); c; c = await c.continue()) {
      await c.delete();
      counted.usage++;
    }
    return counted;
  });
  if (pruned.records + pruned.usage > 0) limits.removed();
  return pruned;
}
