import { describe, expect, it } from 'vitest';
import { dayFromIsoDate, helsinkiDay, helsinkiDayStartMs } from '../../src/core/calendar.ts';
import { limitsSinceMs, tally } from '../../src/core/limits.ts';
import { findEvent } from '../../src/core/venue.ts';
import { aVenue, anEvent } from '../support/venues.ts';
import { openDeskDb } from '../../src/storage/db.ts';
import { DeskStore } from '../../src/storage/desk-store.ts';
import { T0, enrolledDesk, otherDesks, use, voidOf } from './fixture.ts';

const DAY = 86_400_000;

describe('recordsForLimits', () => {
  it('gives own and other desks’ records at the event or since the window start, each once', async () => {
    const { store } = await enrolledDesk();
    const since = T0 - DAY;
    const atEventLongAgo = await store.appendRecord(use({ at: new Date(T0 - 30 * DAY).toISOString() }));
    const otherEventToday = await store.appendRecord(use({ eventId: 'other-event' }));
    const both = await store.appendRecord(use());
    await store.appendRecord(use({ eventId: 'other-event', at: new Date(T0 - 30 * DAY).toISOString() }));
    const voided = await store.appendRecord(use());
    const undo = await store.appendRecord(voidOf(voided));
    await store.appendRecord(use({ outcome: 'declined', reason: 'card-limit' }));

    const theirs = otherDesks();
    const theirsOld = otherDesks({ at: new Date(T0 - 60 * DAY).toISOString() });
    await store.putUsage([theirs, theirsOld, otherDesks({ eventId: 'x', at: new Date(T0 - 60 * DAY).toISOString() })]);

    const got = await store.recordsForLimits('hamlet-2026-11-22', since);
    expect(got.map((r) => r.id).sort()).toEqual([atEventLongAgo.id, otherEventToday.id, both.id, voided.id, undo.id, theirs.id, theirsOld.id].sort());

    // No event chosen: only the window.
    expect((await store.recordsForLimits(null, since)).map((r) => r.id).sort()).toEqual([otherEventToday.id, both.id, voided.id, undo.id, theirs.id].sort());
  });

  it('keeps no own record in usage, so nothing is counted from both', async () => {
    const { store } = await enrolledDesk();
    const mine = await store.appendRecord(use());
    expect(await store.putUsage([mine, otherDesks()])).toBe(1);
    expect(await store.recordsForLimits('hamlet-2026-11-22', 0)).toHaveLength(2);
  });
});

// The day's and the event's records are kept in memory after the first check (limits-cache.ts):
// whatever is written afterwards, here or in another tab, the next check must count it.
describe('recordsForLimits from memory', () => {
  const ids = (records: { id: string }[]) => records.map((r) => r.id).sort();
  const card = { cardId: 'AB12345', dayStartMs: T0 - 3_600_000 };
  const since = T0 - 20 * DAY;

  it('counts what this desk records, fetches and imports after the first check', async () => {
    const { store } = await enrolledDesk();
    const first = await store.appendRecord(use());
    expect(ids(await store.recordsForLimits('hamlet-2026-11-22', since, card))).toEqual([first.id]);

    const second = await store.appendRecord(use());
    const declined = await store.appendRecord(use({ outcome: 'declined', reason: 'card-limit' }));
    const theirs = otherDesks();
    await store.putUsage([theirs]);
    const imported = { ...otherDesks({ deviceId: 'd-broken' }), seq: 1 };
    await store.importRecords([imported]);
    const got = ids(await store.recordsForLimits('hamlet-2026-11-22', since, card));
    expect(got).toEqual([first.id, second.id, theirs.id, imported.id].sort());
    expect(got).not.toContain(declined.id);
    // The card's own older uses are still read each time.
    const older = await store.appendRecord(use({ cardId: 'AB12345', eventId: 'other-event', at: new Date(T0 - 5 * DAY).toISOString() }));
    expect(ids(await store.recordsForLimits('hamlet-2026-11-22', since, card))).toContain(older.id);
    expect(ids(await store.recordsForLimits('hamlet-2026-11-22', since, { ...card, cardId: 'ZZ99999' }))).not.toContain(older.id);
  });

  it('counts what another tab of the desk records', async () => {
    const { store, factory } = await enrolledDesk();
    const otherTab = new DeskStore(await openDeskDb('kaiku-desk', { factory }));
    const mine = await store.appendRecord(use());
    expect(ids(await store.recordsForLimits('hamlet-2026-11-22', since, card))).toEqual([mine.id]);
    const theirs = await otherTab.appendRecord(use());
    await expect.poll(async () => ids(await store.recordsForLimits('hamlet-2026-11-22', since, card))).toEqual([mine.id, theirs.id].sort());
  });

  it('forgets what was pruned', async () => {
    const { store } = await enrolledDesk();
    const old = await store.appendRecord(use({ at: new Date(T0 - 500 * DAY).toISOString() }));
    await store.markUploaded([old.id]);
    expect(ids(await store.recordsForLimits('hamlet-2026-11-22', since, card))).toEqual([old.id]);
    await store.pruneUploaded(T0 - 400 * DAY);
    expect(await store.recordsForLimits('hamlet-2026-11-22', since, card)).toEqual([]);
  });
});

describe('recordsForLimits for one card', () => {
  const venue = aVenue({ allowOverride: false, perCard: { max: 3, window: 'month' }, dayQuota: 100, events: [anEvent({ quota: 50 })] });

  it('reads before today only the card’s and the event’s records, and the tally comes out the same', async () => {
    const { store } = await enrolledDesk();
    const now = T0 + 3_600_000;
    const cards = ['AB12345', 'CD67890', 'EF11111'];
    const events = ['hamlet-2026-11-22', 'admission-2026-11-10', 'admission-2026-10-30'];
    // Three weeks of records of three cards at three events, some undone, here and at other desks.
    for (let i = 0; i < 60; i++) {
      const at = new Date(T0 - (i % 20) * DAY + i * 1000).toISOString();
      const draft = use({ at, cardId: cards[i % 3], eventId: events[i % 3] });
      if (i % 4 === 0) await store.putUsage([{ ...draft, deviceId: 'd-other', seq: i + 1 }]);
      else {
        const made = await store.appendRecord(draft);
        if (i % 5 === 0) await store.appendRecord(voidOf(made, { at }));
      }
    }
    const since = limitsSinceMs(venue, now);
    const dayStartMs = helsinkiDayStartMs(helsinkiDay(now));
    const wide = await store.recordsForLimits('hamlet-2026-11-22', since);
    const event = findEvent(venue, 'hamlet-2026-11-22')!;
    for (const cardId of cards) {
      const narrow = await store.recordsForLimits('hamlet-2026-11-22', since, { cardId, dayStartMs });
      expect(narrow.length).toBeLessThan(wide.length);
      expect(narrow.every((r) => r.cardId === cardId || r.eventId === event.id || Date.parse(r.at) >= dayStartMs)).toBe(true);
      expect(tally(narrow, venue, event, cardId, now)).toEqual(tally(wide, venue, event, cardId, now));
    }
    expect(tally(wide, venue, event, 'AB12345', now).cardUses).toBeGreaterThan(0);
  });
});

describe('the window the limits need', () => {
  it('starts at Helsinki midnight, winter and summer, across both clock changes', () => {
    for (const iso of ['2026-01-15', '2026-03-29', '2026-03-30', '2026-07-01', '2026-10-25', '2026-10-26']) {
      const day = dayFromIsoDate(iso)!;
      const start = helsinkiDayStartMs(day);
      expect(helsinkiDay(start)).toBe(day);
      expect(helsinkiDay(start - 1)).toBe(day - 1);
    }
  });

  it('reaches back to the start of the per-card day, Mon-Sun week or month', () => {
    const now = Date.parse('2026-11-26T10:00:00Z'); // a Thursday
    const start = (iso: string) => helsinkiDayStartMs(dayFromIsoDate(iso)!);
    expect(limitsSinceMs({ perCard: null }, now)).toBe(start('2026-11-26'));
    expect(limitsSinceMs({ perCard: { max: 1, window: 'event' } }, now)).toBe(start('2026-11-26'));
    expect(limitsSinceMs({ perCard: { max: 1, window: 'day' } }, now)).toBe(start('2026-11-26'));
    expect(limitsSinceMs({ perCard: { max: 1, window: 'week' } }, now)).toBe(start('2026-11-23'));
    expect(limitsSinceMs({ perCard: { max: 1, window: 'month' } }, now)).toBe(start('2026-11-01'));
    // 23:30 UTC on 30 Nov is already 1 December in Helsinki.
    expect(limitsSinceMs({ perCard: { max: 1, window: 'month' } }, Date.parse('2026-11-30T23:30:00Z'))).toBe(start('2026-12-01'));
  });
});
