// The upload queue's rows changing state: the next batch out, what the server took, what it
// refused (onto "needs attention") and what a manager sends again. Part of DeskStore
// (desk-store.ts), loaded with the upload loop or the manager's records, after the first screen.

import type { RedemptionRecord } from '../core/record.ts';
import { MAX_BATCH } from '../core/sync-limits.ts';
import type { StoreCore } from './desk-store.ts';
import { stateRange } from './record-rows.ts';
import type { RecordRow } from './schema.ts';
import { commit, issueAll } from './transaction.ts';

export function attentionList({ db }: StoreCore): Promise<RecordRow[]> {
  return db.idb.getAllFromIndex('records', 'state-seq', stateRange('attention'));
}

export async function nextBatch({ db }: StoreCore, limit: number): Promise<RedemptionRecord[]> {
  // getAll's count 0 means "all": never let a bad limit turn into the whole queue.
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_BATCH) throw new RangeError(`a batch is 1-${MAX_BATCH} records, not ${limit}`);
  const rows = await db.idb.getAllFromIndex('records', 'state-seq', stateRange('pending'), limit);
  return rows.map((row) => row.record);
}

export function markUploaded(core: StoreCore, ids: readonly string[]): Promise<number> {
  return updateRows(core, ids, (row) => (row.state === 'uploaded' ? null : { ...row, state: 'uploaded', error: null }));
}

export async function moveToAttention(core: StoreCore, id: string, error: string): Promise<boolean> {
  return (await updateRows(core, [id], (row) => (row.state === 'pending' ? { ...row, state: 'attention', error } : null))) === 1;
}

export async function retryAttention(core: StoreCore, id: string): Promise<boolean> {
  return (await updateRows(core, [id], (row) => (row.state === 'attention' ? { ...row, state: 'pending', error: null } : null))) === 1;
}

/** Changes rows by id in one transaction; `change` returns the new row, or null to leave it. */
function updateRows({ db }: StoreCore, ids: readonly string[], change: (row: RecordRow) => RecordRow | null): Promise<number> {
  const tx = db.idb.transaction('records', 'readwrite');
  return commit(tx, async () => {
    const rows = await issueAll([...new Set(ids)].map((id) => () => tx.store.get(id)));
    const changed = rows.flatMap((row) => (row ? (change(row) ?? []) : []));
    await issueAll(changed.map((row) => () => tx.store.put(row)));
    return changed.length;
  });
}
