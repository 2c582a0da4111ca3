// The desk's typed storage API over the database: what the app and sync call, one transaction per
// call, every failure a StorageError (or, for a bug, the error itself).

import { replacesBundle } from '../core/bundle.ts';
import { helsinkiDayStartMs } from '../core/calendar.ts';
import type { DeskShare, PoolKey, ShareAnswer, ShareAsk } from '../core/quota-shares.ts';
import { parsePool, poolTickets, poolsOfRecord, refillShare, spendShare } from '../core/quota-shares.ts';
import type { RedemptionRecord } from '../core/record.ts';
import { cardTickets } from '../core/record.ts';
import { MAX_BATCH } from '../core/sync-limits.ts';
import type { DeskDb } from './db.ts';
import { LimitsCache } from './limits-cache.ts';
import type { RecordDraft } from './record-rows.ts';
import { contractRecord, recordRow, usageRow } from './record-rows.ts';
import type { BundleRow, DeskPrefs, DeskSchema, DeviceRow, DeviceState, PrefKey, RecordRow, RecordState, VenueRow } from './schema.ts';
import { CURRENT } from './schema.ts';
import { StorageError, toStorageError } from './storage-error.ts';
import { commit, issueAll } from './transaction.ts';
import type { IDBPObjectStore } from 'idb';

export type { BundleRow, CoordinatorDeviceState, DeskPrefs, DeviceRow, DeviceState, PrefKey, RecordRow, RecordState, VenueDeviceState, VenueRow } from './schema.ts';
export type { RecordDraft } from './record-rows.ts';

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

/** What the share keeper decides for one pool, given the share and this desk's own uses there. */
export type SharePlan = (share: DeskShare | undefined, used: number, pool: PoolKey) => { share: DeskShare | undefined; ask: ShareAsk };

/** Applies an answer to the share as it is when the answer arrives; null leaves it as it is. */
export type ShareSettle = (share: DeskShare | undefined, ask: ShareAsk, answer: ShareAnswer) => DeskShare | null;

export interface PruneResult {
  records: number;
  usage: number;
}

const stateRange = (state: RecordState) => IDBKeyRange.bound([state, -Infinity], [state, Infinity]);

export class DeskStore {
  private readonly limits: LimitsCache;

  constructor(private readonly db: DeskDb) {
    this.limits = new LimitsCache(db.idb.name);
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
    return this.run(async () => {
      const tx = this.db.idb.transaction('bundle', 'readwrite');
      return commit(tx, async () => {
        const current = (await tx.store.get(CURRENT)) ?? null;
        if (!replacesBundle(current, row)) return false;
        await tx.store.put(row, CURRENT);
        return true;
      });
    });
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
    return this.run(async () => {
      const tx = this.db.idb.transaction(['device', 'records', 'shares'], 'readwrite', { durability: 'strict' });
      return commit(tx, async () => {
        const current = await tx.objectStore('device').get(CURRENT);
        // Shares were granted to the old identity: the new one starts without any.
        if (current && current.deviceId !== enrolment.deviceId) await tx.objectStore('shares').clear();
        const last = await tx
          .objectStore('records')
          .index('device-seq')
          .openKeyCursor(IDBKeyRange.bound([enrolment.deviceId, -Infinity], [enrolment.deviceId, Infinity]), 'prev');
        const held = last ? last.key[1] : 0;
        const kept = current?.deviceId === enrolment.deviceId ? current.seq : 0;
        const row: DeviceRow = { ...enrolment, seq: Math.max(held, kept) };
        await tx.objectStore('device').put(row, CURRENT);
        return row;
      });
    });
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
  recordsForLimits(eventId: string | null, sinceMs: number, card?: CardWindow): Promise<RedemptionRecord[]> {
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
      const byId = new Map<string, RedemptionRecord>();
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
    return this.run(() => this.db.idb.getAllFromIndex('records', 'state-seq', stateRange('attention')));
  }

  /** The next pending records to upload, in seq order. */
  async nextBatch(limit: number = MAX_BATCH): Promise<RedemptionRecord[]> {
    // getAll's count 0 means "all": never let a bad limit turn into the whole queue.
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_BATCH) throw new RangeError(`a batch is 1-${MAX_BATCH} records, not ${limit}`);
    return this.run(async () => {
      const rows = await this.db.idb.getAllFromIndex('records', 'state-seq', stateRange('pending'), limit);
      return rows.map((row) => row.record);
    });
  }

  /** The server answered `stored` or `duplicate`: these leave the queue. Returns how many changed. */
  markUploaded(ids: readonly string[]): Promise<number> {
    return this.updateRows(ids, (row) => (row.state === 'uploaded' ? null : { ...row, state: 'uploaded', error: null }));
  }

  /** The server answered `conflict` or `invalid`: out of the queue, onto the visible list. */
  async moveToAttention(id: string, error: string): Promise<boolean> {
    return (await this.updateRows([id], (row) => (row.state === 'pending' ? { ...row, state: 'attention', error } : null))) === 1;
  }

  /** A manager sends a refused record again: back into the queue. */
  async retryAttention(id: string): Promise<boolean> {
    return (await this.updateRows([id], (row) => (row.state === 'attention' ? { ...row, state: 'pending', error: null } : null))) === 1;
  }

  /** Other desks' records from GET /v1/usage; this desk's own (by id) are held already. */
  putUsage(records: readonly RedemptionRecord[]): Promise<number> {
    return this.run(async () => {
      const rows = records.map(usageRow);
      const tx = this.db.idb.transaction(['records', 'usage'], 'readwrite');
      return commit(tx, async () => {
        const own = await issueAll(rows.map((row) => () => tx.objectStore('records').getKey(row.id)));
        const others = rows.filter((_, i) => own[i] === undefined);
        await issueAll(others.map((row) => () => tx.objectStore('usage').put(row)));
        return others;
      }).then((others) => {
        this.limits.added(others);
        return others.length;
      });
    });
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
    return this.run(async () => {
      const tx = this.db.idb.transaction(['shares', 'records'], 'readwrite');
      return commit(tx, async () => {
        const shares = tx.objectStore('shares');
        const records = tx.objectStore('records');
        const held = await shares.getAll();
        const stale = held.filter((share) => share.status === 'closed' && !pools.includes(share.pool));
        await issueAll(stale.map((share) => () => shares.delete(share.pool)));
        const asks: ShareAsk[] = [];
        for (const pool of pools) {
          const ref = parsePool(pool);
          if (!ref) continue;
          const rows =
            ref.kind === 'event'
              ? await records.index('event-at').getAll(IDBKeyRange.bound([ref.eventId, -Infinity], [ref.eventId, Infinity]))
              : await records.index('atMs').getAll(IDBKeyRange.bound(helsinkiDayStartMs(ref.day), helsinkiDayStartMs(ref.day + 1), false, true));
          const used = poolTickets(
            rows.map((r) => r.record),
            pool,
          ).byDevice.get(deviceId) ?? 0;
          const before = held.find((share) => share.pool === pool);
          const { share, ask } = plan(before, used, pool);
          if (share && share !== before) await shares.put(share);
          asks.push(ask);
        }
        return asks;
      });
    });
  }

  /** The second half: each answer applied by `settle` to the share as it is now. Returns every share after. */
  settleShares(answered: readonly { ask: ShareAsk; answer: ShareAnswer }[], settle: ShareSettle): Promise<DeskShare[]> {
    return this.run(async () => {
      // The server's answer also says it keeps shares: written with the shares in one transaction,
      // so a check never reads "the server has shares" without this desk's share beside it.
      const tx = this.db.idb.transaction(['shares', 'prefs'], 'readwrite');
      const shares = tx.objectStore('shares');
      return commit(tx, async () => {
        await tx.objectStore('prefs').put(true, 'sharesServer');
        for (const { ask, answer } of answered) {
          const next = settle(await shares.get(ask.pool), ask, answer);
          if (next) await shares.put(next);
        }
        return shares.getAll();
      });
    });
  }

  /** A server without shares: the desk counts as before (and holds nothing) until it hears otherwise. */
  forgetShares(): Promise<void> {
    return this.run(async () => {
      const tx = this.db.idb.transaction(['shares', 'prefs'], 'readwrite');
      await commit(tx, async () => {
        await tx.objectStore('shares').clear();
        await tx.objectStore('prefs').put(false, 'sharesServer');
      });
    });
  }

  /** Own and imported records made in [fromMs, toMs), in time order, for a JSON export. */
  exportRecords(fromMs: number, toMs: number): Promise<RedemptionRecord[]> {
    return this.run(async () => {
      if (!(fromMs < toMs)) return [];
      const rows = await this.db.idb.getAllFromIndex('records', 'atMs', IDBKeyRange.bound(fromMs, toMs, false, true));
      return rows.map((row) => row.record);
    });
  }

  /** Every record the desk knows of made in [fromMs, toMs): its own, imported and other desks' (for reports). */
  reportRecords(fromMs: number, toMs: number): Promise<RedemptionRecord[]> {
    return this.run(async () => {
      if (!(fromMs < toMs)) return [];
      const range = IDBKeyRange.bound(fromMs, toMs, false, true);
      const [own, others] = await Promise.all([this.db.idb.getAllFromIndex('records', 'atMs', range), this.db.idb.getAllFromIndex('usage', 'atMs', range)]);
      // putUsage never keeps an own record in usage, so the two lists do not overlap.
      return [...own, ...others].sort((a, b) => a.atMs - b.atMs).map((row) => row.record);
    });
  }

  /**
   * Takes another desk's export (a broken tablet's) to upload from here: each record keeps its own
   * deviceId and seq and is pending. Records held already are skipped, so importing twice is
   * harmless. All or nothing: one record of another venue refuses the whole file.
   */
  importRecords(records: readonly RedemptionRecord[]): Promise<ImportResult> {
    return this.run(async () => {
      const { importProblem } = await import('./import-problem.ts');
      const problem = records.map(importProblem).find((p) => p !== null);
      if (problem) throw new StorageError('refused', `This export cannot be imported: ${problem}. Nothing was imported.`);
      const tx = this.db.idb.transaction(['device', 'records', 'usage'], 'readwrite', { durability: 'strict' });
      return commit(tx, async () => {
        const device = await tx.objectStore('device').get(CURRENT);
        if (!device) throw new StorageError('not-enrolled');
        const venueId = recordingVenue(device);
        const foreign = records.find((r) => r.venueId !== venueId);
        if (foreign)
          throw new StorageError('refused', `This export holds records of venue "${foreign.venueId}", but this desk is enrolled at "${device.venueId}". Nothing was imported.`);
        const store = tx.objectStore('records');
        const held = await issueAll(records.map((r) => () => store.getKey(r.id)));
        const fresh = new Map<string, RedemptionRecord>();
        records.forEach((r, i) => held[i] === undefined && fresh.set(r.id, r));
        await issueAll<unknown>(
          [...fresh.values()].flatMap((r) => [
            () => store.add(recordRow(r, 'pending')),
            // Held as our own now: the same record must not sit in usage too.
            () => tx.objectStore('usage').delete(r.id),
          ]),
        );
        // After the adds, so a void finds a target from the same file.
        const voids = [...fresh.values()].filter((r) => r.outcome === 'void' && r.voids !== null);
        const targets = await issueAll(voids.map((v) => () => store.get(v.voids!)));
        const marks = targets.flatMap((t, i) => (t && t.voidedBy === null ? [{ ...t, voidedBy: voids[i]!.id }] : []));
        await issueAll(marks.map((row) => () => store.put(row)));
        return { added: fresh.size, skipped: records.length - fresh.size, rows: [...fresh.values()].map((r) => recordRow(r, 'pending')) };
      }).then(({ rows, ...result }) => {
        this.limits.added(rows);
        return result;
      });
    });
  }

  /**
   * Deletes uploaded records made before olderThanMs (the 400-day limit), never a pending or
   * refused one, and other desks' records of that age (the server holds both).
   */
  pruneUploaded(olderThanMs: number): Promise<PruneResult> {
    return this.run(async () => {
      const tx = this.db.idb.transaction(['records', 'usage'], 'readwrite');
      return commit(tx, async () => {
        const before = IDBKeyRange.upperBound(olderThanMs, true);
        const pruned: PruneResult = { records: 0, usage: 0 };
        for (let c = await tx.objectStore('records').index('atMs').openCursor(before); c; c = await c.continue()) {
          if (c.value.state !== 'uploaded') continue;
          await c.delete();
          pruned.records++;
        }
        for (let c = await tx.objectStore('usage').index('atMs').openCursor(before); c; c = await c.continue()) {
          await c.delete();
          pruned.usage++;
        }
        return pruned;
      }).then((pruned) => {
        if (pruned.records + pruned.usage > 0) this.limits.removed();
        return pruned;
      });
    });
  }

  /** Changes rows by id in one transaction; `change` returns the new row, or null to leave it. */
  private updateRows(ids: readonly string[], change: (row: RecordRow) => RecordRow | null): Promise<number> {
    return this.run(async () => {
      const tx = this.db.idb.transaction('records', 'readwrite');
      return commit(tx, async () => {
        const rows = await issueAll([...new Set(ids)].map((id) => () => tx.store.get(id)));
        const changed = rows.flatMap((row) => (row ? (change(row) ?? []) : []));
        await issueAll(changed.map((row) => () => tx.store.put(row)));
        return changed.length;
      });
    });
  }

  private async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      throw toStorageError(e, this.db.lost);
    }
  }
}

/** The venue whose records a device keeps; a coordinator's browser has none and keeps no records. */
function recordingVenue(device: DeviceRow): string {
  if (device.venueId === null) throw new StorageError('refused', "This browser is a coordinator's: it keeps no records. Records belong on a desk of their venue.");
  return device.venueId;
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
