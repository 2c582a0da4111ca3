// Storage at the edges of its ranges and inputs: a record exactly on a boundary, a file whose bad
// record comes second, a void whose use the desk does not hold, and the words of each refusal.

import { describe, expect, it } from 'vitest';
import { T0, VENUE, enrolledDesk, otherDesks, use, voidOf } from './fixture.ts';

const HOUR = 3_600_000;
const at = (ms: number) => new Date(ms).toISOString();

describe('boundaries', () => {
  it('a use made exactly at the start of the day can be undone that day', async () => {
    const { store } = await enrolledDesk();
    const first = await store.appendRecord(use({ at: at(T0) }));
    expect(await store.lastUndoable(first.deviceId, T0)).toEqual(first);
  });

  it("the card's own records are read from exactly the window's start", async () => {
    const { store } = await enrolledDesk();
    const onStart = await store.appendRecord(use({ at: at(T0), eventId: 'other', cardId: 'CARD0001' }));
    const got = await store.recordsForLimits('hamlet', T0, { cardId: 'CARD0001', dayStartMs: T0 + 24 * HOUR });
    expect(got.map((r) => r.id)).toEqual([onStart.id]);
  });

  it('a report of [from, to) takes a record made at from and leaves one made at to; an empty span is empty', async () => {
    const { store } = await enrolledDesk();
    const atFrom = await store.appendRecord(use({ at: at(T0) }));
    await store.appendRecord(use({ at: at(T0 + HOUR) }));
    expect((await store.reportRecords(T0, T0 + HOUR)).map((r) => r.id)).toEqual([atFrom.id]);
    expect(await store.reportRecords(T0, T0)).toEqual([]);
    expect(await store.reportRecords(T0 + HOUR, T0)).toEqual([]);
  });

  it('marking records uploaded twice changes them once', async () => {
    const { store } = await enrolledDesk();
    const r = await store.appendRecord(use());
    expect(await store.markUploaded([r.id])).toBe(1);
    expect(await store.markUploaded([r.id])).toBe(0);
  });
});

describe('imports', () => {
  it('refuses a whole file whose second record is bad, naming that record', async () => {
    const { store } = await enrolledDesk();
    const good = otherDesks();
    const bad = otherDesks({ id: 'R-BAD', seq: 0 });
    await expect(store.importRecords([good, bad])).rejects.toMatchObject({ kind: 'refused', message: 'This export cannot be imported: record R-BAD: "seq" must be a whole number of at least 1. Nothing was imported.' });
    expect(await store.pendingCount()).toBe(0);
    await expect(store.importRecords([{ ...good, id: '' }])).rejects.toMatchObject({ message: 'This export cannot be imported: "id" must be 1-64 visible ASCII characters. Nothing was imported.' });
    await expect(store.importRecords([null as never])).rejects.toMatchObject({ message: 'This export cannot be imported: a record must be a JSON object. Nothing was imported.' });
  });

  it('an imported record known before as another desk\'s is reported once', async () => {
    const { store } = await enrolledDesk();
    const theirs = otherDesks();
    await store.putUsage([theirs]);
    await store.importRecords([theirs]);
    expect((await store.reportRecords(0, Number.MAX_SAFE_INTEGER)).map((r) => r.id)).toEqual([theirs.id]);
  });

  it('takes a void whose use this desk never held', async () => {
    const { store } = await enrolledDesk();
    const elsewhere = otherDesks();
    const undo = otherDesks({ outcome: 'void', voids: elsewhere.id, adults: 0 });
    expect(await store.importRecords([undo])).toEqual({ added: 1, skipped: 0 });
  });
});

describe('the words of a refusal', () => {
  it('names both venues for a record of another venue, the limits of a batch, and a void with nothing to undo', async () => {
    const { store } = await enrolledDesk();
    await expect(store.appendRecord(use({ venueId: 'tampere-hall' }))).rejects.toMatchObject({ kind: 'refused', message: `This record is for venue "tampere-hall", but this desk is enrolled at "${VENUE}".` });
    await expect(store.nextBatch(0)).rejects.toThrow(new RangeError('a batch is 1-500 records, not 0'));
    const decline = await store.appendRecord(use({ outcome: 'declined', reason: 'card-limit' }));
    await expect(store.appendRecord(voidOf(decline))).rejects.toMatchObject({ kind: 'refused', message: 'There is no such use at this desk to undo.' });
  });
});
