// What the desk keeps of what its server hands it: the enrolment, a newer bundle, the other desks'
// uses. Part of DeskStore (desk-store.ts), loaded when first used: the first screen only reads them.

import { replacesBundle } from '../core/bundle.ts';
import type { RedemptionRecord } from '../core/record.ts';
import type { StoreCore } from './desk-store.ts';
import { usageRow } from './record-rows.ts';
import type { BundleRow, DeviceRow, DeviceState } from './schema.ts';
import { CURRENT } from './schema.ts';
import { commit, issueAll } from './transaction.ts';

/** DeskStore.putBundle: the envelope kept only over an older one, decided inside the transaction. */
export function putBundle({ db }: StoreCore, row: BundleRow): Promise<boolean> {
  const tx = db.idb.transaction('bundle', 'readwrite');
  return commit(tx, async () => {
    const current = (await tx.store.get(CURRENT)) ?? null;
    if (!replacesBundle(current, row)) return false;
    await tx.store.put(row, CURRENT);
    return true;
  });
}

/** DeskStore.putDevice: the seq never given twice for one deviceId; a new identity holds no shares. */
export function putDevice({ db }: StoreCore, enrolment: DeviceState): Promise<DeviceRow> {
  const tx = db.idb.transaction(['device', 'records', 'shares'], 'readwrite', { durability: 'strict' });
  return commit(tx, async () => {
    const current = await tx.objectStore('device').get(CURRENT);
    // Shares were granted to the old identity: the new one starts without any.
    if (current && current.deviceId !== enrolment.deviceId) await tx.objectStore('shares').clear();
    const last = await tx
      .objectStore('records')
      .index('device-seq')
      .openKeyCursor(IDBKeyRange.bound([enrolment.deviceId, -Infinity], [enrolment.deviceId, Infinity]), 'prev');
    const held = last ? last.key[1] : 0;
    const kept = current?.deviceId === enrolment.deviceId ? current.seq : 0;
    const row: DeviceRow = { ...enrolment, seq: Math.max(held, kept) };
    await tx.objectStore('device').put(row, CURRENT);
    return row;
  });
}

/** DeskStore.putUsage: other desks' records, never one held as this desk's own. */
export async function putUsage({ db, limits }: StoreCore, records: readonly RedemptionRecord[]): Promise<number> {
  const rows = records.map(usageRow);
  const tx = db.idb.transaction(['records', 'usage'], 'readwrite');
  const others = await commit(tx, async () => {
    const own = await issueAll(rows.map((row) => () => tx.objectStore('records').getKey(row.id)));
    const fresh = rows.filter((_, i) => own[i] === undefined);
    await issueAll(fresh.map((row) => () => tx.objectStore('usage').put(row)));
    return fresh;
  });
  limits.added(others);
  return others.length;
}
