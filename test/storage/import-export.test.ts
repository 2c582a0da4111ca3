import { describe, expect, it } from 'vitest';
import { StorageError } from '../../src/storage/storage-error.ts';
import { DEVICE, T0, enrolledDesk, openDesk, otherDesks, use, voidOf } from './fixture.ts';

const HOUR = 3_600_000;

describe('export and import', () => {
  it('exports the records made in [from, to), in time order', async () => {
    const { store } = await enrolledDesk();
    const at = (h: number) => ({ at: new Date(T0 + h * HOUR).toISOString() });
    const later = await store.appendRecord(use(at(2)));
    const first = await store.appendRecord(use(at(1)));
    await store.appendRecord(use(at(3)));
    expect((await store.exportRecords(T0 + HOUR, T0 + 3 * HOUR)).map((r) => r.id)).toEqual([first.id, later.id]);
    expect(await store.exportRecords(T0, T0)).toEqual([]);
  });

  it('takes a broken desk’s export as pending, keeping its deviceId and seq, and is idempotent', async () => {
    const broken = await enrolledDesk();
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await broken.store.appendRecord(use()));
    const file = JSON.parse(JSON.stringify(await broken.store.exportRecords(0, Number.MAX_SAFE_INTEGER)));

    const { store } = await enrolledDesk();
    await store.putDevice({ ...(await store.getDevice())!, deviceId: 'd-spare' });
    expect(await store.importRecords(file)).toEqual({ added: 5, skipped: 0 });
    expect(await store.importRecords(file)).toEqual({ added: 0, skipped: 5 });
    expect(await store.importRecords([...file, ...file])).toEqual({ added: 0, skipped: 10 });
    const batch = await store.nextBatch();
    expect(batch).toEqual(made);
    expect(batch.every((r) => r.deviceId === DEVICE)).toBe(true);
    // The spare desk's own counter is its own.
    expect((await store.appendRecord(use())).seq).toBe(1);
  });

  it('marks a use voided by a void in the same file', async () => {
    const { store } = await enrolledDesk();
    await store.putDevice({ ...(await store.getDevice())!, deviceId: 'd-spare' });
    const target = otherDesks({ deviceId: 'd-broken', seq: 1 });
    const undo = otherDesks({ deviceId: 'd-broken', seq: 2, outcome: 'void', voids: target.id, adults: 0 });
    expect(await store.importRecords([undo, target])).toEqual({ added: 2, skipped: 0 });
    const rows = await store.recordsForLimits(target.eventId, 0);
    expect(rows.map((r) => r.id).sort()).toEqual([target.id, undo.id].sort());
    // Voided: Undo offers nothing of that desk's any more, and the use cannot be undone twice.
    expect(await store.lastUndoable('d-broken', 0), 'Undo still offers a use the import voided').toBeNull();
    await expect(store.appendRecord(voidOf(target))).rejects.toMatchObject({ kind: 'refused', message: expect.stringMatching(/undone already/) });
  });

  it('marks a use held already voided when its void comes in a later file', async () => {
    const { store } = await enrolledDesk();
    const target = otherDesks({ deviceId: 'd-broken', seq: 1 });
    const undo = otherDesks({ deviceId: 'd-broken', seq: 2, outcome: 'void', voids: target.id, adults: 0 });
    await store.importRecords([target]);
    expect(await store.lastUndoable('d-broken', 0)).toEqual(target);
    await store.importRecords([undo]);
    expect(await store.lastUndoable('d-broken', 0), 'Undo still offers a use the import voided').toBeNull();
    await expect(store.appendRecord(voidOf(target))).rejects.toMatchObject({ kind: 'refused', message: expect.stringMatching(/undone already/) });
  });

  it('holds an imported record once: it leaves usage', async () => {
    const { store } = await enrolledDesk();
    const theirs = otherDesks();
    await store.putUsage([theirs]);
    await store.importRecords([theirs]);
    expect(await store.recordsForLimits(theirs.eventId, 0)).toEqual([theirs]);
    expect(await store.pendingCount()).toBe(1);
  });

  it('refuses a whole file that holds another venue’s record', async () => {
    const { store } = await enrolledDesk();
    const error = await store.importRecords([otherDesks(), otherDesks({ venueId: 'tampere-hall' })]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ kind: 'refused', message: expect.stringMatching(/venue "tampere-hall".*Nothing was imported/) });
    expect(await store.pendingCount()).toBe(0);
  });

  it('refuses records storage could not key or order, and any import before enrolment', async () => {
    const { store } = await enrolledDesk();
    await expect(store.importRecords([otherDesks({ seq: 0 })])).rejects.toMatchObject({ kind: 'refused', message: expect.stringMatching(/"seq"/) });
    await expect(store.importRecords([otherDesks({ at: '22.11.2026' })])).rejects.toMatchObject({ kind: 'refused' });
    const fresh = await openDesk();
    await expect(fresh.store.importRecords([otherDesks()])).rejects.toMatchObject({ kind: 'not-enrolled' });
  });
});

describe('reportRecords', () => {
  it('gives own and other desks\' records of the period, each once, in time order', async () => {
    const { store } = await enrolledDesk();
    const mine = await store.appendRecord(use({ at: new Date(T0 + 1000).toISOString() }));
    const other = { ...mine, id: 'other-1', deviceId: 'd-other', seq: 1, at: new Date(T0 + 500).toISOString() };
    const late = { ...other, id: 'other-2', seq: 2, at: new Date(T0 + 86_400_000).toISOString() };
    await store.putUsage([other, late, mine]);
    const got = await store.reportRecords(T0, T0 + 3_600_000);
    expect(got.map((r) => r.id)).toEqual(['other-1', mine.id]);
  });
});
