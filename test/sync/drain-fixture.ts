// The drain loop's surroundings for its tests: the real DeskStore (in-memory IndexedDB), a stand-in
// server that answers as sync-api.md says, a fake clock and a switchable network.

import type { RedemptionRecord } from '../../src/core/record.ts';
import { sameContent } from '../../src/core/record-shape.ts';
import { SyncError } from '../../src/sync/api-client.ts';
import type { DrainClock, Network } from '../../src/sync/drain-loop.ts';
import { DrainLoop } from '../../src/sync/drain-loop.ts';
import type { RecordResult } from '../../src/sync/upload.ts';
import type { DeskStore } from '../../src/storage/desk-store.ts';
import { enrolledDesk, use } from '../storage/fixture.ts';

export class FakeClock implements DrainClock {
  t = Date.parse('2026-11-22T10:00:00.000Z');
  private next = 1;
  timers = new Map<number, { at: number; fn: () => void }>();
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.next++;
    this.timers.set(id, { at: this.t + ms, fn });
    return id;
  };
  clearTimeout = (id: unknown) => {
    this.timers.delete(id as number);
  };
  /** Moves time on, firing due timers in order. */
  advance(ms: number): void {
    const until = this.t + ms;
    for (;;) {
      const due = [...this.timers].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = due[1].at;
      due[1].fn();
    }
    this.t = until;
  }
}

export class FakeNetwork implements Network {
  private listeners = new Set<(online: boolean) => void>();
  constructor(public up = true) {}
  online = () => this.up;
  subscribe = (l: (online: boolean) => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  set(up: boolean): void {
    this.up = up;
    for (const l of this.listeners) l(up);
  }
}

type Script = 'ok' | { status: number } | 'drop-after-store' | 'wrong-shape' | ((records: readonly RedemptionRecord[]) => void);

const KIND: Record<number, SyncError['kind']> = { 401: 'unauthorized', 413: 'too-large', 429: 'rate-limited' };

/** The server's side of POST /v1/redemptions, as sync-api.md says it behaves. */
export class FakeServer {
  readonly held = new Map<string, RedemptionRecord>();
  private readonly bySeq = new Map<string, string>();
  readonly requests: RedemptionRecord[][] = [];
  readonly answers: RecordResult[][] = [];
  script: Script[] = [];
  maxRecords = 500;
  refuse: (r: RedemptionRecord) => RecordResult | null = () => null;

  upload = async (records: readonly RedemptionRecord[]): Promise<RecordResult[]> => {
    await Promise.resolve();
    this.requests.push([...records]);
    const next = this.script.shift();
    if (typeof next === 'function') next(records);
    else if (typeof next === 'object') throw new SyncError(KIND[next.status] ?? 'server', next.status, `HTTP ${next.status}`);
    if (records.length > this.maxRecords) throw new SyncError('too-large', 413, 'more than the server takes');
    const results = records.map((r) => this.take(r));
    this.answers.push(results);
    if (next === 'drop-after-store') throw new SyncError('offline', null, 'the connection dropped');
    if (next === 'wrong-shape') return results.slice(1);
    return results;
  };

  private take(r: RedemptionRecord): RecordResult {
    const refused = this.refuse(r);
    if (refused) return refused;
    const held = this.held.get(r.id);
    // The stores' own comparison: field by field, whatever order the fields came in.
    if (held) return sameContent(held, r) ? { id: r.id, status: 'duplicate' } : { id: r.id, status: 'conflict', error: 'different content' };
    const key = `${r.deviceId}/${r.seq}`;
    if (this.bySeq.has(key)) return { id: r.id, status: 'conflict', error: `seq ${r.seq} is held under another id` };
    this.held.set(r.id, r);
    this.bySeq.set(key, r.id);
    return { id: r.id, status: 'stored' };
  }

  /** How often each id was answered stored. */
  storedCount(): Map<string, number> {
    const m = new Map<string, number>();
    for (const rs of this.answers) for (const r of rs) if (r.status === 'stored') m.set(r.id, (m.get(r.id) ?? 0) + 1);
    return m;
  }
}

export async function setup(count: number, options: { online?: boolean; onTick?: () => Promise<unknown> } = {}) {
  const { store } = await enrolledDesk();
  // As if imported from a broken tablet of the venue: this desk's own seq counter is untouched.
  const records: RedemptionRecord[] = Array.from({ length: count }, (_, i) => ({ ...use(), deviceId: 'd-broken', seq: i + 1 }));
  if (count) await store.importRecords(records);
  const clock = new FakeClock();
  const network = new FakeNetwork(options.online ?? true);
  const server = new FakeServer();
  const loop = new DrainLoop({ store, upload: server.upload, clock, network, random: () => 0.5, onTick: options.onTick });
  return { store, records, clock, network, server, loop };
}

/** Runs the loop until it rests (idle, offline or stopped), moving the clock over backoffs. */
export async function drain(loop: DrainLoop, clock: FakeClock, rounds = 100): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await loop.settled();
    // Let the batch's count refresh land.
    await new Promise((r) => setTimeout(r, 0));
    const s = loop.status;
    if (s.state === 'backing-off') clock.advance(s.retryAtMs! - clock.now());
    else if (s.state !== 'draining') return;
  }
  throw new Error('the loop did not come to rest');
}

export async function counts(store: DeskStore) {
  return { pending: await store.pendingCount(), attention: await store.attentionCount() };
}
