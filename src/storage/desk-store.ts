// The desk's typed storage API over the database: what the app and sync call, one transaction per
// call, every failure a StorageError (or, for a bug, the error itself).
//
// What a check needs (the device, bundle, venue, prefs, writing a record, the limits query, the
// counts, the shares held) is here. The rest is in parts by concept, each loaded by import() the
// first time one of its calls is made (precached, so offline too), so the desk's first screen
// carries none of it: server-rows.ts (enrolment, bundle, other desks' uses), outbox-rows.ts (the
// upload queue), share-rows.ts (a quota share round), record-archive.ts (exports, imports, prune).

import type { CountedRecord } from '../core/counted-record.ts';
import type { DeskShare } from '../core/desk-share.ts';
import type { PoolKey } from '../core/quota-pools.ts';
import { poolsOfRecord } from '../core/quota-pools.ts';
import { refillShare, spendShare } from '../core/share-holding.ts';
import type { ShareAnswer, ShareAsk } from '../core/share-requests.ts';
import type { RedemptionRecord } from '../core/record.ts';
import { cardTickets } from '../core/record.ts';
import { MAX_BATCH } from '../core/sync-limits.ts';
import type { DeskDb } from './db.ts';
import { LimitsCache } from './limits-cache.ts';
import type { RecordDraft } from './record-rows.ts';
import { contractRecord, recordingVenue, recordRow, stateRange } from './record-rows.ts';
import type { BundleRow, DeskPrefs, DeskSchema, DeviceRow, DeviceState, PrefKey, RecordRow, VenueRow } from './schema.ts';
import { CURRENT } from './schema.ts';
import type { SharePlan, ShareSettle } from './share-rows.ts';
import { StorageError, toStorageError } from './storage-error.ts';
import { commit, issueAll } from './transaction.ts';
import type { IDBPObjectStore } from 'idb';

export type { BundleRow, CoordinatorDeviceState, DeskPrefs, DeviceRow, DeviceState, PrefKey, RecordRow, RecordState, VenueDeviceState, VenueRow } from './schema.ts';
export type { RecordDraft } from './record-rows.ts';
export type { SharePlan, ShareSettle } from './share-rows.ts';

export interface ImportResult {
  added: number;
  /** Already here (by id): an import is idempotent. */
  skipped: number;
}

/** Narrows recordsForLimits to one card before today (see there). */
export interface CardWindow {
  cardId: string;
  /** Today's start (helsinkiDayStartMs): from here on every record counts, for the day quota. */
  dayStartMs: number;
}

export interface PruneResult {
  records: number;
  usage: number;
}

/** What the store's parts work with: the database, and the limits held in memory (told of every write). */
export interface StoreCore {
  readonly db: DeskDb;
  readonly limits: LimitsCache;
}

const serverRows = () => import('./server-rows.ts');
const outboxRows = () => import('./outbox-rows.ts');
const shareRows = () => import('./share-rows.ts');
const recordArchive = () => import('./record-archive.ts');

export class DeskStore {
  private readonly limits: LimitsCache;
  private readonly core: StoreCore;

  constructor(private readonly db: DeskDb) {
    this.limits = new LimitsCache(db.idb.name);
    this.core = { db, limits: this.limits };
  }

  getBundle(): Promise<BundleRow | null> {
    return this.run(async () => (await this.db.idb.get('bundle', CURRENT)) ?? null);
  }

  /**
   * Keeps the envelope if its serial is higher than the stored one's and says whether it did. The
   * caller checks replacesBundle first (to tell staff); the check again inside the transaction
   * keeps two tabs from writing an older bundle over a newer one.
   */
  putBundle(row: BundleRow): Promise<boolean> {
    return this.part(serverRows, (m) => m.putBundle(this.core, row));
  }

  getVenue(): Promise<VenueRow | null> {
    return this.run(async () => (await this.db.idb.get('venue', CURRENT)) ?? null);
  }

  putVenue(row: VenueRow): Promise<void> {
    return this.run(async () => {
      await this.db.idb.put('venue', row, CURRENT);
    });
  }

  getDevice(): Promise<DeviceRow | null> {
    return this.run(async () => (await this.db.idb.get('device', CURRENT)) ?? null);
  }

  /**
   * Stores an enrolment. The seq counter carries on for the same deviceId and otherwise starts
   * after the highest seq held for that id (0 for a new one): a seq is never given twice.
   */
  putDevice(enrolment: DeviceState): Promise<DeviceRow> {
    return this.part(serverRows, (m) => m.putDevice(this.core, enrolment));
  }

  getPref<K extends PrefKey>(key: K): Promise<DeskPrefs[K] | undefined> {
    return this.run(async () => (await this.db.idb.get('prefs', key)) as DeskPrefs[K] | undefined);
  }

  setPref<K extends PrefKey>(key: K, value: DeskPrefs[K]): Promise<void> {
    return this.run(async () => {
      await this.db.idb.put('prefs', value, key);
    });
  }

  /**
   * Writes a record as pending with the device's next seq, in one strict transaction, and
   * resolves once it is committed: only then may the desk say "redeemed". A void also marks its
   * target, and is refused when the target is already undone (two tabs pressing undo). A use
   * hands its tickets out of this desk's open quota shares in the same transaction (refused with
   * 'share-spent' when one holds too few); undoing one of its own uses gives them back.
   */
  appendRecord(draft: RecordDraft): Promise<RedemptionRecord> {
    return this.run(async () => {
      const tx = this.db.idb.transaction(['device', 'records', 'shares'], 'readwrite', { durability: 'strict' });
      return commit(tx, async () => {
        const devices = tx.objectStore('device');
        const records = tx.objectStore('records');
        const shares = tx.objectStore('shares');
        const device = await devices.get(CURRENT);
        if (!device) throw new StorageError('not-enrolled');
        if (draft.venueId !== recordingVenue(device))
          throw new StorageError('refused', `This record is for venue "${draft.venueId}", but this desk is enrolled at "${device.venueId}".`);
        const record = contractRecord(draft, device.deviceId, device.seq + 1);
        const row = recordRow(record, 'pending');
        const target = record.outcome === 'void' ? undoable(record.voids === null ? undefined : await records.get(record.voids)) : null;
        const shared = await shareChanges(shares, record, target, row.atMs);
        await issueAll([
          () => devices.put({ ...device, seq: record.seq }, CURRENT),
          () => records.add(row),
          ...(target ? [() => records.put({ ...target, voidedBy: record.id })] : []),
          ...shared.map((share) => () => shares.put(share)),
        ]);
        return row;
      }).then((row) => {
        this.limits.added([row]);
        return row.record;
      });
    });
  }

  /**
   * What the limits count: own and other desks' records at this event or made at/after sinceMs
   * (see limitsSinceMs), each once. Declines are left out: they count for nothing.
   *
   * With `card`, records made before today's start come only for that card (and the event): all
   * the tally reads of them. A week or month window then costs the card's few uses, not every
   * record of the venue in that month.
   */
  recordsForLimits(eventId: string | null, sinceMs: number, card?: CardWindow): Promise<CountedRecord[]> {
    return this.run(async () => {
      const narrow = card !== undefined && card.dayStartMs > sinceMs ? card : null;
      // Everything from `from` on; before it, only the event's and the card's: each row read once.
      // The first two, the same for every card all day, come from memory after the first check.
      const from = narrow?.dayStartMs ?? sinceMs;
      const key = { eventId, fromMs: from };
      const kept = this.limits.get(key);
      const mark = this.limits.mark();
      const tx = kept && narrow === null ? null : this.db.idb.transaction(['records', 'usage']);
      const [base, cards] = await Promise.all([
        kept ??
          Promise.all(
            (['records', 'usage'] as const).flatMap((name) => {
              const store = tx!.objectStore(name);
              return [
                store.index('atMs').getAll(IDBKeyRange.lowerBound(from)),
                eventId === null ? [] : store.index('event-at').getAll(IDBKeyRange.bound([eventId, -Infinity], [eventId, from], false, true)),
              ];
            }),
          ).then((lists) => {
            const rows = lists.flat();
            this.limits.fill(key, rows, mark);
            return rows.flatMap((row) => (row.record.outcome === 'declined' ? [] : [row.record]));
          }),
        narrow === null
          ? []
          : Promise.all(
              (['records', 'usage'] as const).map((name) =>
                tx!.objectStore(name).index('card-at').getAll(IDBKeyRange.bound([narrow.cardId, sinceMs], [narrow.cardId, from], false, true)),
              ),
            ).then((lists) => lists.flat().flatMap((row) => (row.record.outcome === 'declined' ? [] : [row.record]))),
      ]);
      const byId = new Map<string, CountedRecord>();
      for (const r of base) byId.set(r.id, r);
      for (const r of cards) byId.set(r.id, r);
      return [...byId.values()];
    });
  }

  /** This device's latest use made at/after sinceMs (today's start) that is not voided yet. */
  lastUndoable(deviceId: string, sinceMs: number): Promise<RedemptionRecord | null> {
    return this.run(async () => {
      const index = this.db.idb.transaction('records').store.index('device-seq');
      let cursor = await index.openCursor(IDBKeyRange.bound([deviceId, -Infinity], [deviceId, Infinity]), 'prev');
      while (cursor) {
        const row = cursor.value;
        // Seq order is the order of making: past the first earlier record, all are earlier, so a
        // day with nothing to undo costs one step, not a walk through the history.
        if (row.atMs < sinceMs) return null;
        if (row.record.outcome === 'redeemed' && row.voidedBy === null) return row.record;
        cursor = await cursor.continue();
      }
      return null;
    });
  }

  /** Records waiting to upload, not counting those that need attention (the `pending` hook). */
  pendingCount(): Promise<number> {
    return this.run(() => this.db.idb.countFromIndex('records', 'state-seq', stateRange('pending')));
  }

  attentionCount(): Promise<number> {
    return this.run(() => this.db.idb.countFromIndex('records', 'state-seq', stateRange('attention')));
  }

  /** The records the server refused, with why, in seq order (for the manager). */
  attentionList(): Promise<RecordRow[]> {
    return this.part(outboxRows, (m) => m.attentionList(this.core));
  }

  /** The next pending records to upload, in seq order. */
  nextBatch(limit: number = MAX_BATCH): Promise<RedemptionRecord[]> {
    return this.part(outboxRows, (m) => m.nextBatch(this.core, limit));
  }

  /** The server answered `stored` or `duplicate`: these leave the queue. Returns how many changed. */
  markUploaded(ids: readonly string[]): Promise<number> {
    return this.part(outboxRows, (m) => m.markUploaded(this.core, ids));
  }

  /** The server answered `conflict` or `invalid`: out of the queue, onto the visible list. */
  moveToAttention(id: string, error: string): Promise<boolean> {
    return this.part(outboxRows, (m) => m.moveToAttention(this.core, id, error));
  }

  /** A manager sends a refused record again: back into the queue. */
  retryAttention(id: string): Promise<boolean> {
    return this.part(outboxRows, (m) => m.retryAttention(this.core, id));
  }

  /** Other desks' records from GET /v1/usage; this desk's own (by id) are held already. */
  putUsage(records: readonly RedemptionRecord[]): Promise<number> {
    return this.part(serverRows, (m) => m.putUsage(this.core, records));
  }

  /** Every quota share this desk keeps (a row per pool: a handful). */
  shares(): Promise<DeskShare[]> {
    return this.run(() => this.db.idb.getAll('shares'));
  }

  /** The shares and whether the server keeps shares at all, in one read (a check asks this first). */
  shareState(): Promise<{ shares: DeskShare[]; serverHasShares: boolean }> {
    return this.run(async () => {
      const tx = this.db.idb.transaction(['shares', 'prefs']);
      const [shares, server] = await Promise.all([tx.objectStore('shares').getAll(), tx.objectStore('prefs').get('sharesServer')]);
      return { shares, serverHasShares: server === true };
    });
  }

  /**
   * The first half of a share round: for each pool, `plan` gets this desk's share and its own uses
   * there that stand (by the core's rule), and its share is written before the ask goes out, so
   * what it gives back is gone from here at once. Closed shares of pools not asked about are dropped.
   */
  shareRound(deviceId: string, pools: readonly PoolKey[], plan: SharePlan): Promise<ShareAsk[]> {
    return this.part(shareRows, (m) => m.shareRound(this.core, deviceId, pools, plan));
  }

  /** The second half: each answer applied by `settle` to the share as it is now. Returns every share after. */
  settleShares(answered: readonly { ask: ShareAsk; answer: ShareAnswer }[], settle: ShareSettle): Promise<DeskShare[]> {
    return this.part(shareRows, (m) => m.settleShares(this.core, answered, settle));
  }

  /** A server without shares: the desk counts as before (and holds nothing) until it hears otherwise. */
  forgetShares(): Promise<void> {
    return this.part(shareRows, (m) => m.forgetShares(this.core));
  }

  /** Own and imported records made in [fromMs, toMs), in time order, for a JSON export. */
  exportRecords(fromMs: number, toMs: number): Promise<RedemptionRecord[]> {
    return this.part(recordArchive, (m) => m.exportRecords(this.core, fromMs, toMs));
  }

  /** Every record the desk knows of made in [fromMs, toMs): its own, imported and other desks' (for reports). */
  reportRecords(fromMs: number, toMs: number): Promise<RedemptionRecord[]> {
    return this.part(recordArchive, (m) => m.reportRecords(this.core, fromMs, toMs));
  }

  /**
   * Takes another desk's export (a broken tablet's) to upload from here: each record keeps its own
   * deviceId and seq and is pending. Records held already are skipped, so importing twice is
   * harmless. All or nothing: one record of another venue refuses the whole file.
   */
  importRecords(records: readonly RedemptionRecord[]): Promise<ImportResult> {
    return this.part(recordArchive, (m) => m.importRecords(this.core, records));
  }

  /**
   * Deletes uploaded records made before olderThanMs (the 400-day limit), never a pending or
   * refused one, and other desks' records of that age (the server holds both).
   */
  pruneUploaded(olderThanMs: number): Promise<PruneResult> {
    return this.part(recordArchive, (m) => m.pruneUploaded(this.core, olderThanMs));
  }

  /** A call made by one of the store's parts, loaded first if it is not yet. */
  private part<M, T>(load: () => Promise<M>, work: (part: M) => Promise<T>): Promise<T> {
    return this.run(async () => work(await load()));
  }

  private async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      throw toStorageError(e, this.db.lost);
    }
  }
}

/**
 * What a new record does to this desk's open quota shares: a use hands its tickets out of each
 * (refused when one holds too few); undoing one of this device's own uses gives them back.
 */
async function shareChanges(
  shares: IDBPObjectStore<DeskSchema, ('device' | 'records' | 'shares')[], 'shares', 'readwrite'>,
  record: RedemptionRecord,
  target: RecordRow | null,
  atMs: number,
): Promise<DeskShare[]> {
  const use = record.outcome === 'redeemed' ? record : target && target.deviceId === record.deviceId ? target.record : null;
  if (!use) return [];
  const tickets = cardTickets(use);
  const rows = await issueAll(poolsOfRecord(use).map((pool) => () => shares.get(pool)));
  return rows.flatMap((share) => {
    if (!share || share.status !== 'open') return [];
    if (record.outcome === 'void') return [refillShare(share, tickets)];
    const spent = spendShare(share, tickets, atMs);
    if (!spent) throw new StorageError('share-spent');
    return [spent];
  });
}

/** The use a void undoes; refused when there is none or it is undone already. */
function undoable(target: RecordRow | undefined): RecordRow {
  if (!target || target.record.outcome !== 'redeemed') throw new StorageError('refused', 'There is no such use at this desk to undo.');
  if (target.voidedBy !== null) throw new StorageError('refused', 'This use was undone already (perhaps in another tab).');
  return target;
}
