// The in-memory copy of what the limits read (src/storage/limits-cache.ts), on its own: a read that
// raced a write is not kept, what is written here joins the copy, and another tab's write or a
// prune drops it, so a check never counts from a stale copy. recordsForLimits' own tests are in
// limits-query.test.ts.

import { describe, expect, it } from 'vitest';
import type { RedemptionRecord } from '../../src/core/record.ts';
import { LimitsCache } from '../../src/storage/limits-cache.ts';
import { aRecord } from '../support/records.ts';

const FROM = Date.parse('2026-11-21T22:00:00.000Z'); // the start of 22.11.2026 in Helsinki
const key = { eventId: 'hamlet', fromMs: FROM };

function row(id: string, over: Partial<RedemptionRecord> = {}) {
  const record = aRecord({ id, eventId: 'hamlet', at: new Date(FROM + 3_600_000).toISOString(), ...over });
  return { id, record, atMs: Date.parse(record.at), eventId: record.eventId };
}

let n = 0;
/** A cache of its own tab group, so tests do not hear each other. */
const cache = (name = `test-${++n}`) => new LimitsCache(name);
const ids = (c: LimitsCache) => c.get(key)?.map((r) => r.id).sort() ?? null;

describe('limits cache', () => {
  it('keeps what a read found, for that event and day only', () => {
    const c = cache();
    expect(c.get(key)).toBeNull();
    c.fill(key, [row('a'), row('b')], c.mark());
    expect(ids(c)).toEqual(['a', 'b']);
    expect(c.get({ ...key, eventId: 'other' })).toBeNull();
    expect(c.get({ ...key, fromMs: FROM + 86_400_000 })).toBeNull();
  });

  it('keeps today\'s records of any event from the first moment of the day, older ones only of its event, and no declines', () => {
    const c = cache();
    c.fill(key, [
      row('today-other-event', { eventId: 'matinee', at: new Date(FROM).toISOString() }),
      row('yesterday-other-event', { eventId: 'matinee', at: new Date(FROM - 1).toISOString() }),
      row('yesterday-this-event', { at: new Date(FROM - 1).toISOString() }),
      row('declined', { outcome: 'declined', reason: 'card-limit' }),
    ], c.mark());
    expect(ids(c)).toEqual(['today-other-event', 'yesterday-this-event']);
  });

  it('a read that began before a write is not kept: the next check reads again', () => {
    const c = cache();
    const mark = c.mark();
    c.added([row('written-meanwhile')]);
    c.fill(key, [row('a')], mark);
    expect(c.get(key)).toBeNull();
  });

  it('nor one that began before a write and a prune, however many there were', () => {
    const c = cache();
    const mark = c.mark();
    c.added([row('x')]);
    c.removed();
    c.fill(key, [row('a')], mark);
    expect(c.get(key)).toBeNull();
    const again = c.mark();
    c.removed();
    c.added([row('y')]);
    c.fill(key, [row('a')], again);
    expect(c.get(key)).toBeNull();
  });

  it('what this tab writes joins the copy; a prune drops it', () => {
    const c = cache();
    c.fill(key, [row('a')], c.mark());
    c.added([row('b')]);
    expect(ids(c)).toEqual(['a', 'b']);
    c.removed();
    expect(c.get(key)).toBeNull();
  });

  it("another tab's write or prune drops this tab's copy", async () => {
    const here = cache('desk-1');
    const there = cache('desk-1');
    const elsewhere = cache('desk-2');
    here.fill(key, [row('a')], here.mark());
    elsewhere.fill(key, [row('a')], elsewhere.mark());
    there.added([row('b')]);
    await expect.poll(() => here.get(key)).toBeNull();
    // Another desk's database is another matter.
    expect(ids(elsewhere)).toEqual(['a']);
    here.fill(key, [row('a'), row('b')], here.mark());
    there.removed();
    await expect.poll(() => here.get(key)).toBeNull();
  });
});
