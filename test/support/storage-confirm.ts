// The confirm budget: appendRecord from confirm to durable (≤ 15 ms median in Chromium) on a desk
// that already holds 100,000 records, and, beside it, the limits query a scan makes first and the
// same confirm at an event whose quota this desk holds a share of (reading the shares, then the
// append that hands tickets out of the share), alternated with the plain one in the same loop.
//
// Made to run inside a browser page (Playwright's Chromium gives the budget's figures): no Node
// APIs, and IndexedDB is the globalThis.indexedDB of wherever it runs. Under fake-indexeddb in Node
// it runs too, but those timings say nothing about a tablet.

import { helsinkiDay, helsinkiDayStartMs } from '../../src/core/calendar.ts';
import { admissionId } from '../../src/core/venue.ts';
import { deleteDeskDb, openDeskDb } from '../../src/storage/db.ts';
import { DeskStore } from '../../src/storage/desk-store.ts';
import type { RecordDraft, RecordRow } from '../../src/storage/desk-store.ts';
import { limitsSinceMs } from '../../src/core/limits.ts';
import type { DeskShare } from '../../src/core/desk-share.ts';
import { deskAsk } from '../../src/core/desk-share.ts';
import { eventPool } from '../../src/core/quota-pools.ts';
import { sharesOfUse } from '../../src/core/share-holding.ts';
import type { VenueSettings } from '../../src/core/venue.ts';
import { recordRow } from '../../src/storage/record-rows.ts';

export interface ConfirmBenchOptions {
  /** Records already held (default 100,000, spread over the last 400 days). */
  seed?: number;
  /** Timed appends (default 200), after `warmup` untimed ones (default 20). */
  appends?: number;
  warmup?: number;
  /** Awaited between seeding and timing (the tablet bench slows the CPU there). */
  afterSeed?: () => Promise<void>;
}

export interface Timing {
  median: number;
  p95: number;
}

export interface ConfirmBenchResult extends Timing {
  /** recordsForLimits for today's event and one card, with a month-long per-card window. */
  limits: Timing;
  /** The confirm at an event this desk holds a share of: the shares read and decided on, then the append spending from it. */
  shared: Timing;
  seeded: number;
  appends: number;
  seedMs: number;
  /** Each timed append, ms. */
  samples: number[];
}

const VENUE = 'bench-venue';
const DEVICE = 'bench-desk';
const DAY_MS = 86_400_000;
const SEED_BATCH = 10_000;
const CARDS = 5_000;

export async function storageConfirmBench(options: ConfirmBenchOptions = {}): Promise<ConfirmBenchResult> {
  const { seed = 100_000, appends = 200, warmup = 20, afterSeed } = options;
  const name = `kaiku-bench-${Date.now()}-${Math.floor(Math.random() * 1e9)}`;
  const db = await openDeskDb(name);
  try {
    const store = new DeskStore(db);
    const now = Date.now();

    const seedStart = performance.now();
    for (let from = 0; from < seed; from += SEED_BATCH) {
      const tx = db.idb.transaction('records', 'readwrite');
      for (let i = from; i < Math.min(seed, from + SEED_BATCH); i++) void tx.store.put(seeded(i, seed, now));
      await tx.done;
    }
    const seedMs = performance.now() - seedStart;
    // After the seeding, so the seq counter carries on from the seeded records.
    await store.putDevice({ deviceId: DEVICE, venueId: VENUE, role: 'desk', token: 'bench', serverUrl: 'https://bench.invalid', deviceName: 'bench', enrolledAt: new Date(now).toISOString() });

    await afterSeed?.();
    const eventId = admissionId(helsinkiDay(now));
    const since = limitsSinceMs({ perCard: { max: 4, window: 'month' } }, now);
    const card = { cardId: 'C000007', dayStartMs: helsinkiDayStartMs(helsinkiDay(now)) };
    // An event with a quota this desk holds a share of, big enough for every append.
    const gala = { id: 'bench-gala', title: 'Gala', day: helsinkiDay(now), start: '19:00', category: 'culture' as const, type: 'ticket' as const, quota: 100_000, excluded: false };
    const venue: VenueSettings = { venueId: VENUE, name: VENUE, defaultCategory: 'culture', allowOverride: true, fastMode: false, perCard: null, dayQuota: null, events: [gala] };
    const share: DeskShare = { pool: eventPool(gala.id), status: 'open', rev: 1, held: 100_000, resting: false, fair: 100_000, othersHold: 0, otherDesks: 0, giveBack: false, activeMs: now, releaseSeenMs: 0 };
    await store.shareRound(DEVICE, [share.pool], (_s, used, pool) => ({ share, ask: deskAsk(share, pool, used, 0) }));
    await store.setPref('sharesServer', true);
    const appendTimes: number[] = [];
    const limitTimes: number[] = [];
    const sharedTimes: number[] = [];
    for (let i = 0; i < warmup + appends; i++) {
      let t0 = performance.now();
      await store.recordsForLimits(eventId, since, card);
      const limits = performance.now() - t0;
      t0 = performance.now();
      await store.appendRecord(draft(`bench-new-${i}`, eventId, i));
      const append = performance.now() - t0;
      // What the desk adds at a shared quota: read its shares (share-keeper.ts sharesFor), decide, spend in the append.
      t0 = performance.now();
      const { shares, serverHasShares } = await store.shareState();
      const held = sharesOfUse(venue, gala, now, shares, serverHasShares);
      if (held.event === null || held.event < 3) throw new Error('the bench share ran out');
      await store.appendRecord(draft(`bench-shared-${i}`, gala.id, i));
      const shared = performance.now() - t0;
      if (i < warmup) continue;
      limitTimes.push(limits);
      appendTimes.push(append);
      sharedTimes.push(shared);
    }
    return { ...timing(appendTimes), limits: timing(limitTimes), shared: timing(sharedTimes), seeded: seed, appends, seedMs, samples: appendTimes };
  } finally {
    db.close();
    await deleteDeskDb(name);
  }
}

/** Seeded record i of n: spread evenly over the last 400 days, all uploaded but the last 100. */
function seeded(i: number, n: number, now: number): RecordRow {
  const atMs = now - 400 * DAY_MS + Math.floor(((i + 1) * 400 * DAY_MS) / (n + 1));
  const record = { ...draft(`bench-${i}`, admissionId(helsinkiDay(atMs)), i), at: new Date(atMs).toISOString(), deviceId: DEVICE, seq: i + 1 };
  return recordRow(record, i >= n - 100 ? 'pending' : 'uploaded');
}

function draft(id: string, eventId: string, i: number): RecordDraft {
  return {
    id,
    venueId: VENUE,
    eventId,
    at: new Date().toISOString(),
    outcome: i % 50 === 0 ? 'declined' : 'redeemed',
    reason: i % 50 === 0 ? 'card-limit' : null,
    voids: null,
    cardId: `C${String(i % CARDS).padStart(6, '0')}`,
    source: 'code',
    kid: 1,
    issued: 20750,
    adults: 1,
    children: i % 3,
    assistants: 0,
    category: 'culture',
    type: 'ticket',
  };
}

/** Median and p95 by nearest rank, as the other benches take them. */
function timing(samples: readonly number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
  return { median: at(50), p95: at(95) };
}
