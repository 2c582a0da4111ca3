import { describe, expect, it } from 'vitest';
import type { DeskStore } from '../../src/storage/desk-store.ts';
import { T0, enrolledDesk, use } from './fixture.ts';

const DAY = 86_400_000;

async function states(store: DeskStore) {
  const [pending, attention, all] = await Promise.all([store.pendingCount(), store.attentionCount(), store.exportRecords(0, Number.MAX_SAFE_INTEGER)]);
  return { pending, attention, uploaded: all.length - pending - attention, total: all.length };
}

describe('the outbox', () => {
  it('counts pending records and hands them out in seq order, a batch at a time', async () => {
    const { store } = await enrolledDesk();
    // Times out of order: the batch follows seq, not the clock.
    for (let i = 0; i < 12; i++) await store.appendRecord(use({ at: new Date(T0 - i * 60_000).toISOString() }));
    expect(await store.pendingCount()).toBe(12);
    expect((await store.nextBatch(5)).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect((await store.nextBatch()).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    await expect(store.nextBatch(0)).rejects.toThrow(RangeError);
    await expect(store.nextBatch(501)).rejects.toThrow(RangeError);
  });

  it('moves records between uploaded, attention and pending without losing one', async () => {
    const { store } = await enrolledDesk();
    const records = [];
    for (let i = 0; i < 10; i++) records.push(await store.appendRecord(use()));
    const [a, b, c] = records;
    expect(await states(store)).toEqual({ pending: 10, attention: 0, uploaded: 0, total: 10 });

    expect(await store.markUploaded(records.slice(3).map((r) => r.id))).toBe(7);
    expect(await store.moveToAttention(a!.id, 'conflict: the server holds this id with other content')).toBe(true);
    expect(await store.moveToAttention(b!.id, 'invalid: unknown field')).toBe(true);
    expect(await states(store)).toEqual({ pending: 1, attention: 2, uploaded: 7, total: 10 });
    expect((await store.nextBatch()).map((r) => r.id)).toEqual([c!.id]);

    const list = await store.attentionList();
    expect(list.map((row) => [row.id, row.error])).toEqual([
      [a!.id, 'conflict: the server holds this id with other content'],
      [b!.id, 'invalid: unknown field'],
    ]);

    // Only a pending record can be refused; an uploaded one stays uploaded.
    expect(await store.moveToAttention(records[5]!.id, 'late answer')).toBe(false);
    expect(await store.retryAttention(c!.id)).toBe(false);
    expect(await store.retryAttention(a!.id)).toBe(true);
    expect(await states(store)).toEqual({ pending: 2, attention: 1, uploaded: 7, total: 10 });
    expect((await store.nextBatch()).map((r) => r.seq)).toEqual([1, 3]);

    expect(await store.markUploaded([a!.id, c!.id, c!.id, 'unknown'])).toBe(2);
    expect(await states(store)).toEqual({ pending: 0, attention: 1, uploaded: 9, total: 10 });
  });

  it('prunes only uploaded records older than the cut, and old usage', async () => {
    const { store } = await enrolledDesk();
    const old = (over = {}) => use({ at: new Date(T0 - 500 * DAY).toISOString(), ...over });
    const [uploaded, pending, refused] = [await store.appendRecord(old()), await store.appendRecord(old()), await store.appendRecord(old())];
    const recent = await store.appendRecord(use());
    await store.markUploaded([uploaded.id, recent.id]);
    await store.moveToAttention(refused.id, 'invalid');
    await store.putUsage([{ ...old(), deviceId: 'd-other', seq: 1 }, { ...use(), deviceId: 'd-other', seq: 2 }]);

    expect(await store.pruneUploaded(T0 - 400 * DAY)).toEqual({ records: 1, usage: 1 });
    const left = await store.exportRecords(0, Number.MAX_SAFE_INTEGER);
    expect(left.map((r) => r.id).sort()).toEqual([pending.id, refused.id, recent.id].sort());
    expect(await store.pendingCount()).toBe(1);
    expect(await store.attentionCount()).toBe(1);
  });
});
