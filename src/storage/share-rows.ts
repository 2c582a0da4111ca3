// The two halves of a quota share round in storage (the desk's share-round.ts runs them): the
// shares written before the ask goes out, and each answer applied to the share as it is when the
// answer arrives. Part of DeskStore (desk-store.ts), loaded with the first round.

import { helsinkiDayStartMs } from '../core/calendar.ts';
import type { DeskShare } from '../core/desk-share.ts';
import type { PoolKey } from '../core/quota-pools.ts';
import { parsePool, poolTickets } from '../core/quota-pools.ts';
import type { ShareAnswer, ShareAsk } from '../core/share-requests.ts';
import type { StoreCore } from './desk-store.ts';
import { commit, issueAll } from './transaction.ts';

/** What the share keeper decides for one pool, given the share and this desk's own uses there. */
export type SharePlan = (share: DeskShare | undefined, used: number, pool: PoolKey) => { share: DeskShare | undefined; ask: ShareAsk };

/** Applies an answer to the share as it is when the answer arrives; null leaves it as it is. */
export type ShareSettle = (share: DeskShare | undefined, ask: ShareAsk, answer: ShareAnswer) => DeskShare | null;

export function shareRound({ db }: StoreCore, deviceId: string, pools: readonly PoolKey[], plan: SharePlan): Promise<ShareAsk[]> {
  const tx = db.idb.transaction(['shares', 'records'], 'readwrite');
  return commit(tx, async () => {
    const shares = tx.objectStore('shares');
    const records = tx.objectStore('records');
    const held = await shares.getAll();
    const stale = held.filter((share) => share.status === 'closed' && !pools.includes(share.pool));
    await issueAll(stale.map((share) => () => shares.delete(share.pool)));
    const asks: ShareAsk[] = [];
    for (const pool of pools) {
      const ref = parsePool(pool);
      if (!ref) continue;
      const rows =
        ref.kind === 'event'
          ? await records.index('event-at').getAll(IDBKeyRange.bound([ref.eventId, -Infinity], [ref.eventId, Infinity]))
          : await records.index('atMs').getAll(IDBKeyRange.bound(helsinkiDayStartMs(ref.day), helsinkiDayStartMs(ref.day + 1), false, true));
      const used = poolTickets(
        rows.map((r) => r.record),
        pool,
      ).byDevice.get(deviceId) ?? 0;
      const before = held.find((share) => share.pool === pool);
      const { share, ask } = plan(before, used, pool);
      if (share && share !== before) await shares.put(share);
      asks.push(ask);
    }
    return asks;
  });
}

export function settleShares({ db }: StoreCore, answered: readonly { ask: ShareAsk; answer: ShareAnswer }[], settle: ShareSettle): Promise<DeskShare[]> {
  // The server's answer also says it keeps shares: written with the shares in one transaction,
  // so a check never reads "the server has shares" without this desk's share beside it.
  const tx = db.idb.transaction(['shares', 'prefs'], 'readwrite');
  const shares = tx.objectStore('shares');
  return commit(tx, async () => {
    await tx.objectStore('prefs').put(true, 'sharesServer');
    for (const { ask, answer } of answered) {
      const next = settle(await shares.get(ask.pool), ask, answer);
      if (next) await shares.put(next);
    }
    return shares.getAll();
  });
}

export async function forgetShares({ db }: StoreCore): Promise<void> {
  const tx = db.idb.transaction(['shares', 'prefs'], 'readwrite');
  await commit(tx, async () => {
    await tx.objectStore('shares').clear();
    await tx.objectStore('prefs').put(false, 'sharesServer');
  });
}
