// What the limits read on every scan and confirm, kept in memory between checks: the records made
// from the start of today on (the day quota) and the event's own (its quota), own and other desks',
// declines left out. Reading them from IndexedDB for every check cost milliseconds per hundred
// records; kept here, a check reads only the card's few older records (see recordsForLimits).
//
// It holds one event's and one day's records, so it grows with the day and starts afresh with the
// next day or event; each cut down to what the limits count (countedRecord), as the day is long. What this tab writes is added as it commits; what another tab of the desk
// writes arrives as a message on a BroadcastChannel, and drops the lot.
//
//   empty --fill(key, generation unchanged)--> filled --write here--> filled (+ the new records)
//   filled --another key / another tab wrote / prune--> empty

import type { CountedRecord } from '../core/counted-record.ts';
import { countedRecord } from '../core/counted-record.ts';
import type { RedemptionRecord } from '../core/record.ts';

export interface LimitsKey {
  eventId: string | null;
  /** Records made at/after this moment count whatever their event. */
  fromMs: number;
}

interface Row {
  id: string;
  record: RedemptionRecord;
  atMs: number;
  eventId: string;
}

export class LimitsCache {
  private key: LimitsKey | null = null;
  private byId = new Map<string, CountedRecord>();
  /** Bumped by every write: a fill that read before a write committed is not kept. */
  private generation = 0;
  private readonly channel: BroadcastChannel | null;

  constructor(name: string) {
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`kaiku-limits:${name}`) : null;
    if (this.channel) {
      this.channel.onmessage = () => this.drop();
      // Node (the tests) would otherwise wait for the channel before exiting.
      (this.channel as { unref?(): void }).unref?.();
    }
  }

  /** The records for `key`, or null when they must be read. */
  get(key: LimitsKey): CountedRecord[] | null {
    return this.key && this.key.eventId === key.eventId && this.key.fromMs === key.fromMs ? [...this.byId.values()] : null;
  }

  /** Where a fill starts: hand it back to fill(). */
  mark(): number {
    return this.generation;
  }

  /** Keeps what a read found for `key`, unless something was written since `mark`. */
  fill(key: LimitsKey, rows: Iterable<Row>, mark: number): void {
    if (mark !== this.generation) return;
    this.key = key;
    this.byId = new Map();
    for (const row of rows) this.keep(row);
  }

  /** Rows this tab has just committed (appended, fetched from other desks, imported). */
  added(rows: Iterable<Row>): void {
    this.generation++;
    for (const row of rows) this.keep(row);
    this.channel?.postMessage('added');
  }

  /** Rows went away (pruned): read again next time, here and in other tabs. */
  removed(): void {
    this.drop();
    this.channel?.postMessage('removed');
  }

  private drop(): void {
    this.generation++;
    this.key = null;
    this.byId = new Map();
  }

  private keep(row: Row): void {
    const key = this.key;
    if (!key || row.record.outcome === 'declined') return;
    if (row.atMs >= key.fromMs || row.eventId === key.eventId) this.byId.set(row.id, countedRecord(row.record));
  }
}
