import { describe, expect, it } from 'vitest';
import { StorageError } from '../../src/storage/storage-error.ts';
import { DEVICE, T0, enrolledDesk, enrolment, openDesk, use, voidOf } from './fixture.ts';

describe('appendRecord', () => {
  it('numbers 50 concurrent appends 1..50 with no gap and no repeat', async () => {
    const { store } = await enrolledDesk();
    const written = await Promise.all(Array.from({ length: 50 }, () => store.appendRecord(use())));
    expect(written.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(written.every((r) => r.deviceId === DEVICE)).toBe(true);
    expect((await store.getDevice())?.seq).toBe(50);
    expect(await store.pendingCount()).toBe(50);
  });

  it('fails clearly on a desk that is not enrolled, and writes nothing', async () => {
    const { store } = await openDesk();
    const error = await store.appendRecord(use()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ kind: 'not-enrolled', message: expect.stringMatching(/not enrolled/) });
    expect(await store.pendingCount()).toBe(0);
  });

  it('refuses a record for another venue without using up a seq', async () => {
    const { store } = await enrolledDesk();
    await expect(store.appendRecord(use({ venueId: 'elsewhere' }))).rejects.toMatchObject({ kind: 'refused' });
    expect((await store.appendRecord(use())).seq).toBe(1);
  });

  it('keeps exactly the contract fields, whatever else the draft carries', async () => {
    const { store } = await enrolledDesk();
    const record = await store.appendRecord({ ...use(), seq: 99, deviceId: 'forged', note: 'x' } as never);
    expect(record.seq).toBe(1);
    expect(record.deviceId).toBe(DEVICE);
    expect(Object.keys(record)).toEqual(['id', 'deviceId', 'seq', 'venueId', 'eventId', 'at', 'outcome', 'reason', 'voids', 'cardId', 'source', 'kid', 'issued', 'adults', 'children', 'assistants', 'category', 'type']);
  });

  it('a void marks its target, and lastUndoable skips it for the use before', async () => {
    const { store } = await enrolledDesk();
    const first = await store.appendRecord(use());
    const second = await store.appendRecord(use());
    await store.appendRecord(use({ outcome: 'declined', reason: 'card-limit' }));
    expect((await store.lastUndoable(DEVICE, T0))?.id).toBe(second.id);

    const undo = await store.appendRecord(voidOf(second));
    expect(undo).toMatchObject({ outcome: 'void', voids: second.id, seq: 4 });
    expect((await store.lastUndoable(DEVICE, T0))?.id).toBe(first.id);
    await store.appendRecord(voidOf(first));
    expect(await store.lastUndoable(DEVICE, T0)).toBeNull();
  });

  it('refuses a second undo of the same use (two tabs) without using up a seq', async () => {
    const { store } = await enrolledDesk();
    const used = await store.appendRecord(use());
    const results = await Promise.allSettled([store.appendRecord(voidOf(used)), store.appendRecord(voidOf(used))]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { kind: 'refused', message: expect.stringMatching(/undone already/) } });
    expect((await store.appendRecord(use())).seq).toBe(3);
  });

  it('refuses a void of a record that is no use', async () => {
    const { store } = await enrolledDesk();
    const declined = await store.appendRecord(use({ outcome: 'declined', reason: 'expired' }));
    await expect(store.appendRecord(voidOf(declined))).rejects.toMatchObject({ kind: 'refused' });
    await expect(store.appendRecord(use({ outcome: 'void', voids: 'nowhere' }))).rejects.toMatchObject({ kind: 'refused' });
  });

  it('lastUndoable looks only at this device, from sinceMs on', async () => {
    const { store } = await enrolledDesk();
    const yesterday = await store.appendRecord(use({ at: new Date(T0 - 86_400_000).toISOString() }));
    expect(await store.lastUndoable(DEVICE, T0)).toBeNull();
    expect((await store.lastUndoable(DEVICE, T0 - 2 * 86_400_000))?.id).toBe(yesterday.id);
    expect(await store.lastUndoable('d-other', 0)).toBeNull();
  });

  it('re-enrolment under a new deviceId starts at seq 1; the same deviceId carries on', async () => {
    const { store } = await enrolledDesk();
    await store.appendRecord(use());
    await store.appendRecord(use());
    await store.putDevice({ ...enrolment, token: 'new-token' });
    expect((await store.appendRecord(use())).seq).toBe(3);
    await store.putDevice({ ...enrolment, deviceId: 'd-new' });
    expect(await store.appendRecord(use())).toMatchObject({ deviceId: 'd-new', seq: 1 });
    // Back to an id we hold records of: after the highest of them, never a seq twice.
    await store.putDevice(enrolment);
    expect((await store.appendRecord(use())).seq).toBe(4);
  });

  it('refuses a record whose time no index can order', async () => {
    const { store } = await enrolledDesk();
    await expect(store.appendRecord(use({ at: 'yesterday' }))).rejects.toMatchObject({ kind: 'refused', message: expect.stringMatching(/no valid time/) });
  });
});
