// The upload route: one answer per record, exactly once, conflicts and refusals named. Two uploads of
// one batch racing each other are in store-guards.test.ts (two processes) and two-processes.test.ts:
// in one process better-sqlite3 runs them one after the other, so a race here would prove nothing.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RedemptionRecord } from '../../src/core/record.ts';
import type { Harness } from './harness.ts';
import { TODAY, errorOf, harness, record } from './harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

type Device = Awaited<ReturnType<Harness['enrol']>>;
const upload = async (device: Device, records: unknown[]) => {
  const r = await h.call('POST', '/v1/redemptions', { token: device.token, body: { records } });
  expect(r.status).toBe(200);
  return ((await r.json()) as { results: { id: string | null; status: string; error?: string }[] }).results;
};
const statuses = (results: { status: string }[]) => results.map((r) => r.status);
const stored = async (device: Device) =>
  ((await (await h.call('GET', `/v1/usage?since=${TODAY - 30}`, { token: device.token })).json()) as { records: RedemptionRecord[] }).records;

describe('POST /v1/redemptions', () => {
  it('stores a batch and answers one result per record, in order', async () => {
    const d = await h.enrol('venue-a');
    const batch = [record(d, 1), record(d, 2, { outcome: 'declined', reason: 'card-limit' }), record(d, 3)];
    batch.push(record(d, 4, { outcome: 'void', voids: batch[0]!.id, adults: 0 }));
    const results = await upload(d, batch);
    expect(results).toEqual(batch.map((r) => ({ id: r.id, status: 'stored' })));
    expect(await stored(d)).toEqual(batch);
  });

  it('stores exactly once: the same batch again is all duplicates', async () => {
    const d = await h.enrol('venue-a');
    const batch = [record(d, 1), record(d, 2)];
    await upload(d, batch);
    expect(statuses(await upload(d, batch))).toEqual(['duplicate', 'duplicate']);
    // Within one batch too.
    const third = record(d, 3);
    expect(statuses(await upload(d, [third, third]))).toEqual(['stored', 'duplicate']);
    expect(await stored(d)).toHaveLength(3);
  });

  it('answers conflict for the same id with other content, and for the same (deviceId, seq) under another id', async () => {
    const d = await h.enrol('venue-a');
    const first = record(d, 1);
    await upload(d, [first]);
    const results = await upload(d, [{ ...first, children: 2 }, record(d, 1)]);
    expect(statuses(results)).toEqual(['conflict', 'conflict']);
    expect(results[0]!.error).toMatch(/this id/);
    expect(results[1]!.error).toMatch(/deviceId and seq/);
    expect(await stored(d)).toEqual([first]);
  });

  it('answers invalid, with a reason, for a bad record, another venue, or a device never enrolled at this venue', async () => {
    const d = await h.enrol('venue-a');
    const colleague = await h.enrol('venue-a');
    const stranger = await h.enrol('venue-b');
    const results = await upload(d, [
      { ...record(d, 1), name: 'Maija Meikäläinen' },
      record(d, 2, { venueId: 'venue-b' }),
      record(stranger, 1, { venueId: 'venue-a' }),
      record({ deviceId: 'd-never', venueId: 'venue-a' }, 1),
      'not a record',
      record(colleague, 1),
    ]);
    expect(statuses(results)).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'stored']);
    expect(results[0]!.error).toMatch(/"name"/);
    expect(results[1]!.error).toMatch(/"venueId"/);
    expect(results[2]!.error).toMatch(/"deviceId"/);
    expect(results[4]!.id).toBeNull();
    // A record made by another desk of the venue (an imported export) is accepted.
    expect(await stored(d)).toHaveLength(1);
  });

  it('keeps the records of a device that was re-enrolled', async () => {
    const old = await h.enrol('venue-a');
    await upload(old, [record(old, 1)]);
    const fresh = await h.enrol('venue-a');
    expect(statuses(await upload(fresh, [record(fresh, 1), record(old, 2)]))).toEqual(['stored', 'stored']);
  });

  it('answers 413 for more than 500 records or a body over 1 MB, and 400 for a body of another shape', async () => {
    const d = await h.enrol('venue-a');
    const many = Array.from({ length: 501 }, (_, i) => record(d, i + 1));
    expect(await errorOf(await h.call('POST', '/v1/redemptions', { token: d.token, body: { records: many } }))).toMatchObject({ status: 413, code: 'too-large' });
    expect((await h.call('POST', '/v1/redemptions', { token: d.token, body: { records: many.slice(0, 500) } })).status).toBe(200);
    const huge = JSON.stringify({ records: [], padding: 'x'.repeat(1024 * 1024) });
    expect(await errorOf(await h.call('POST', '/v1/redemptions', { token: d.token, body: huge }))).toMatchObject({ status: 413, code: 'too-large' });
    expect(await errorOf(await h.call('POST', '/v1/redemptions', { token: d.token, body: 'nope' }))).toMatchObject({ status: 400, code: 'bad-request' });
    expect((await h.call('POST', '/v1/redemptions', { token: d.token, body: { records: {} } })).status).toBe(400);
    expect((await h.call('POST', '/v1/redemptions', { token: d.token, body: [] })).status).toBe(400);
    // The server is still well after all that.
    expect((await h.call('GET', '/v1/venue', { token: d.token })).status).toBe(200);
  });
});
