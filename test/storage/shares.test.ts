// This desk's quota shares in IndexedDB: a use hands tickets out of them in the same transaction
// as the record, an undo gives them back, and the share keeper's round reads, writes and settles.

import { describe, expect, it } from 'vitest';
import type { DeskShare } from '../../src/core/desk-share.ts';
import { deskAsk, settleAnswer } from '../../src/core/desk-share.ts';
import { dayPool, eventPool } from '../../src/core/quota-pools.ts';
import type { ShareAnswer } from '../../src/core/share-requests.ts';
import { DEVICE, T0, enrolledDesk, enrolment, otherDesks, use, voidOf } from './fixture.ts';

const POOL = eventPool('hamlet-2026-11-22');
const DAY = dayPool(20779);

function share(over: Partial<DeskShare> = {}): DeskShare {
  return { pool: POOL, status: 'open', rev: 1, held: 3, resting: false, fair: 3, othersHold: 0, otherDesks: 0, giveBack: false, activeMs: T0, releaseSeenMs: 0, ...over };
}

async function withShares(...shares: DeskShare[]) {
  const desk = await enrolledDesk();
  // Written as a round would: the plan's share is what the store keeps.
  await desk.store.shareRound(DEVICE, shares.map((s) => s.pool), (_before, used, pool) => ({ share: shares.find((s) => s.pool === pool), ask: deskAsk(undefined, pool, used, 0) }));
  return desk;
}

const held = async (store: Awaited<ReturnType<typeof enrolledDesk>>['store']) => Object.fromEntries((await store.shares()).map((s) => [s.pool, s.held]));

describe('quota shares in storage', () => {
  it('a use hands its card tickets out of the event and day shares with the record, in one transaction', async () => {
    const { store } = await withShares(share(), share({ pool: DAY, held: 5 }));
    await store.appendRecord(use({ children: 1 }));
    expect(await held(store)).toEqual({ [POOL]: 1, [DAY]: 3 });
    // Too few in one share: nothing is written, no seq is used, nothing is handed out.
    await expect(store.appendRecord(use({ children: 1 }))).rejects.toMatchObject({ kind: 'share-spent' });
    expect(await store.pendingCount()).toBe(1);
    expect(await held(store)).toEqual({ [POOL]: 1, [DAY]: 3 });
    expect((await store.appendRecord(use())).seq).toBe(2);
  });

  it('a declined check hands out nothing, and a closed share or none at all is not spent from', async () => {
    const { store } = await withShares(share({ status: 'closed', held: 0 }));
    await store.appendRecord(use({ outcome: 'declined', reason: 'card-limit' }));
    await store.appendRecord(use({ children: 4 }));
    expect(await held(store)).toEqual({ [POOL]: 0 });
  });

  it("an undo of this desk's own use gives its tickets back to the share", async () => {
    const { store } = await withShares(share());
    const used = await store.appendRecord(use({ children: 2 }));
    expect(await held(store)).toEqual({ [POOL]: 0 });
    await store.appendRecord(voidOf(used));
    expect(await held(store)).toEqual({ [POOL]: 3 });
  });

  it("a round reports this desk's own uses that stand in each pool, and writes what the plan gives back first", async () => {
    const { store } = await withShares(share({ held: 10 }));
    const kept = await store.appendRecord(use({ children: 1 }));
    const undone = await store.appendRecord(use());
    await store.appendRecord(voidOf(undone));
    await store.appendRecord(use({ outcome: 'declined', reason: 'card-limit' }));
    await store.importRecords([otherDesks({ eventId: kept.eventId })]);
    const asks = await store.shareRound(DEVICE, [POOL, DAY, dayPool(20780)], (s, used, pool) => {
      const back = s ? { ...s, held: 0, resting: true } : undefined;
      return { share: back, ask: deskAsk(back, pool, used, 0) };
    });
    expect(asks.map((a) => [a.pool, a.used, a.held])).toEqual([
      [POOL, 2, 0],
      [DAY, 2, 0],
      [dayPool(20780), 0, 0],
    ]);
    expect(await held(store)).toEqual({ [POOL]: 0 });
  });

  it('settles an answer on the share as it is by then, and drops closed shares no longer asked about', async () => {
    const { store } = await withShares(share(), share({ pool: DAY, status: 'closed', held: 0 }));
    const [ask] = await store.shareRound(DEVICE, [POOL, DAY], (s, used, pool) => ({ share: s, ask: deskAsk(s, pool, used, 4) }));
    await store.appendRecord(use()); // handed out while the request was on its way
    const answer: ShareAnswer = { pool: POOL, status: 'granted', rev: 2, granted: 2, fair: 5, unheld: 0, othersHold: 0, otherDesks: 0, giveBack: false, release: null };
    const after = await store.settleShares([{ ask: ask!, answer }], (s, a, x) => settleAnswer(s, a, x, T0));
    expect(after.find((s) => s.pool === POOL)).toMatchObject({ held: 4, rev: 2 });
    await store.shareRound(DEVICE, [POOL], (s, used, pool) => ({ share: s, ask: deskAsk(s, pool, used, 0) }));
    expect((await store.shares()).map((s) => s.pool)).toEqual([POOL]);
  });

  it('a new identity (enrolled again) starts without shares; forgetting them says the server has none', async () => {
    const { store } = await withShares(share());
    await store.putDevice(enrolment);
    expect(await store.shares()).toHaveLength(1);
    await store.putDevice({ ...enrolment, deviceId: 'd-new' });
    expect(await store.shares()).toEqual([]);
    await store.setPref('sharesServer', true);
    await store.forgetShares();
    expect(await store.getPref('sharesServer')).toBe(false);
  });

  it('settling an answer also says the server keeps shares, in the same write: a check never sees one without the other', async () => {
    const { store } = await enrolledDesk();
    expect(await store.shareState()).toEqual({ shares: [], serverHasShares: false });
    const ask = deskAsk(undefined, POOL, 0, 0);
    const answer: ShareAnswer = { pool: POOL, status: 'closed', rev: 0, granted: 0, fair: 0, unheld: 0, othersHold: 0, otherDesks: 0, giveBack: false, release: null };
    await store.settleShares([{ ask, answer }], (row, a, ans) => settleAnswer(row, a, ans, T0));
    const { shares, serverHasShares } = await store.shareState();
    expect(serverHasShares).toBe(true);
    expect(shares.map((s) => [s.pool, s.status])).toEqual([[POOL, 'closed']]);
  });
});
