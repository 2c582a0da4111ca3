// The drain loop with the real DeskStore (in-memory IndexedDB), a stand-in server and a fake clock:
// every record leaves the outbox exactly once, as uploaded or as needing attention, never lost.

import { describe, expect, it } from 'vitest';
import type { RedemptionRecord } from '../../src/core/record.ts';
import { sameContent } from '../../src/core/record-shape.ts';
import { SyncError } from '../../src/sync/api-client.ts';
import type { DrainClock, Network } from '../../src/sync/drain-loop.ts';
import { DrainLoop, browserNetwork } from '../../src/sync/drain-loop.ts';
import type { RecordResult } from '../../src/sync/upload.ts';
import type { DeskStore } from '../../src/storage/desk-store.ts';
import { enrolledDesk, use } from '../storage/fixture.ts';

class FakeClock implements DrainClock {
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

class FakeNetwork implements Network {
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
class FakeServer {
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

async function setup(count: number, options: { online?: boolean; onTick?: () => Promise<unknown> } = {}) {
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
async function drain(loop: DrainLoop, clock: FakeClock, rounds = 100): Promise<void> {
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

async function counts(store: DeskStore) {
  return { pending: await store.pendingCount(), attention: await store.attentionCount() };
}

describe('drain loop', () => {
  it('drains 10,000 records in batches of at most 500, in seq order, each once', async () => {
    const { store, records, clock, server, loop } = await setup(10_000);
    loop.start();
    await drain(loop, clock);
    expect(server.requests.length).toBe(20);
    expect(server.requests.every((b) => b.length <= 500)).toBe(true);
    expect(server.requests.flat().map((r) => r.seq)).toEqual(records.map((r) => r.seq));
    expect(server.held.size).toBe(10_000);
    expect([...server.storedCount().values()].every((n) => n === 1)).toBe(true);
    expect(await counts(store)).toEqual({ pending: 0, attention: 0 });
    expect(loop.status).toMatchObject({ pending: 0, attention: 0, state: 'idle', unauthorized: false, lastSuccessMs: clock.now() });
  }, 60_000);

  it('a 500 then success: waits, retries, all uploaded exactly once', async () => {
    const { store, clock, server, loop } = await setup(1200);
    server.script = [{ status: 503 }];
    loop.start();
    await loop.settled();
    expect(loop.status.state).toBe('backing-off');
    expect(loop.status.retryAtMs).toBe(clock.now() + 1000);
    expect(loop.status.lastError).toMatch(/503/);
    expect(await store.pendingCount()).toBe(1200);
    await drain(loop, clock);
    expect(server.held.size).toBe(1200);
    expect([...server.storedCount().values()].every((n) => n === 1)).toBe(true);
    expect(await counts(store)).toEqual({ pending: 0, attention: 0 });
    expect(loop.status.lastError).toBeNull();
  });

  it('429 and timeouts back off with growing waits, then drain', async () => {
    const { store, clock, server, loop } = await setup(10);
    server.script = [{ status: 429 }, () => {
      throw new SyncError('offline', null, 'timed out');
    }, { status: 502 }];
    const waits: number[] = [];
    loop.subscribe((s) => {
      if (s.state === 'backing-off' && s.retryAtMs !== null && waits.at(-1) !== s.retryAtMs - clock.now()) waits.push(s.retryAtMs - clock.now());
    });
    loop.start();
    await drain(loop, clock);
    expect(waits).toEqual([1000, 2000, 4000]);
    expect(await store.pendingCount()).toBe(0);
  });

  it('a connection dropped after the server stored the batch: the retry gets duplicate and marks uploaded', async () => {
    const { store, clock, server, loop } = await setup(700);
    server.script = ['drop-after-store'];
    loop.start();
    await loop.settled();
    expect(loop.status.state).toBe('backing-off');
    expect(server.held.size).toBe(500);
    expect(await store.pendingCount()).toBe(700);
    await drain(loop, clock);
    expect(server.answers[1]!.every((r) => r.status === 'duplicate')).toBe(true);
    expect(server.answers[1]!.length).toBe(500);
    expect(server.held.size).toBe(700);
    expect([...server.storedCount().values()].every((n) => n === 1)).toBe(true);
    expect(await counts(store)).toEqual({ pending: 0, attention: 0 });
  });

  it('records the server holds already, sent again from a file with their fields in another order, leave as uploaded', async () => {
    const { store, clock, server, loop } = await setup(0);
    // The broken tablet uploaded them before it broke; its export lists each record's fields backwards.
    const uploaded: RedemptionRecord[] = Array.from({ length: 3 }, (_, i) => ({ ...use(), deviceId: 'd-broken', seq: i + 1 }));
    for (const r of uploaded) server.held.set(r.id, r);
    await store.importRecords(uploaded.map((r) => Object.fromEntries(Object.entries(r).reverse()) as unknown as RedemptionRecord));
    loop.start();
    await drain(loop, clock);
    expect(server.answers.flat().map((a) => a.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(await counts(store)).toEqual({ pending: 0, attention: 0 });
  });

  it('an answer of the wrong shape applies nothing and is retried', async () => {
    const { store, clock, server, loop } = await setup(5);
    server.script = ['wrong-shape'];
    loop.start();
    await loop.settled();
    expect(loop.status.state).toBe('backing-off');
    expect(await store.pendingCount()).toBe(5);
    await drain(loop, clock);
    expect(await counts(store)).toEqual({ pending: 0, attention: 0 });
  });

  it('going offline in the middle stops after the batch in flight and resumes when back', async () => {
    const { store, clock, server, network, loop } = await setup(1800);
    server.script = ['ok', () => network.set(false)];
    loop.start();
    await drain(loop, clock);
    expect(loop.status).toMatchObject({ state: 'offline', online: false });
    expect(server.requests.length).toBe(2);
    expect(await store.pendingCount()).toBe(800);
    loop.kick('record');
    clock.advance(120_000);
    await loop.settled();
    expect(server.requests.length).toBe(2);
    network.set(true);
    await drain(loop, clock);
    expect(server.held.size).toBe(1800);
    expect(await counts(store)).toEqual({ pending: 0, attention: 0 });
  });

  it('starting offline waits for the network', async () => {
    const { store, clock, server, network, loop } = await setup(3, { online: false });
    loop.start();
    await drain(loop, clock);
    expect(loop.status.state).toBe('offline');
    expect(server.requests.length).toBe(0);
    network.set(true);
    await drain(loop, clock);
    expect(await store.pendingCount()).toBe(0);
  });

  it('401: stops, keeps everything, reports unauthorized; a re-enrolment drains', async () => {
    const { store, clock, server, loop } = await setup(800);
    server.script = [{ status: 401 }];
    const seen: boolean[] = [];
    loop.subscribe((s) => seen.push(s.unauthorized));
    loop.start();
    await drain(loop, clock);
    expect(loop.status).toMatchObject({ state: 'stopped-unauthorized', unauthorized: true, pending: 800 });
    expect(seen).toContain(true);
    expect(await counts(store)).toEqual({ pending: 800, attention: 0 });
    loop.kick('record');
    clock.advance(10 * 60_000);
    await drain(loop, clock);
    expect(server.requests.length).toBe(1);
    loop.reenrolled();
    await drain(loop, clock);
    expect(loop.status.unauthorized).toBe(false);
    expect(await counts(store)).toEqual({ pending: 0, attention: 0 });
  });

  it('conflict and invalid go to needs attention with the server\'s words; nothing is lost', async () => {
    const { store, records, clock, server, loop } = await setup(600);
    const bad = new Set([records[3]!.id, records[550]!.id]);
    server.refuse = (r) => (r.id === records[7]!.id ? { id: r.id, status: 'conflict', error: 'seq 8 is held under another id' } : bad.has(r.id) ? { id: r.id, status: 'invalid', error: 'unknown event' } : null);
    loop.start();
    await drain(loop, clock);
    expect(await counts(store)).toEqual({ pending: 0, attention: 3 });
    expect(loop.status).toMatchObject({ pending: 0, attention: 3 });
    const attention = await store.attentionList();
    expect(attention.map((r) => [r.seq, r.error])).toEqual([
      [4, 'unknown event'],
      [8, 'seq 8 is held under another id'],
      [551, 'unknown event'],
    ]);
    expect(server.held.size + attention.length).toBe(600);
    const exported = await store.exportRecords(0, Number.MAX_SAFE_INTEGER);
    expect(exported.length).toBe(600);
  });

  it('413: halves the batch until the server takes it, and every record still goes once', async () => {
    const { store, clock, server, loop } = await setup(450);
    server.maxRecords = 100;
    loop.start();
    await drain(loop, clock);
    const sizes = server.requests.map((b) => b.length);
    // Halved at once on each 413; after RECOVER_AFTER good batches it tries double again (413 once).
    expect(sizes).toEqual([450, 250, 125, 62, 62, 62, 62, 124, 62, 62, 62, 16]);
    expect(server.answers.map((a) => a.length)).toEqual([62, 62, 62, 62, 62, 62, 62, 16]);
    expect(server.held.size).toBe(450);
    expect(await store.pendingCount()).toBe(0);
  });

  it('kick after a new record uploads it; the interval finds what a missed kick left', async () => {
    const { store, clock, server, loop } = await setup(0);
    loop.start();
    await drain(loop, clock);
    const a = await store.appendRecord(use());
    loop.kick('record');
    await drain(loop, clock);
    expect(server.held.has(a.id)).toBe(true);
    const b = await store.appendRecord(use());
    await new Promise((r) => setTimeout(r, 0));
    expect(server.held.has(b.id)).toBe(false);
    clock.advance(30_000);
    await drain(loop, clock);
    expect(server.held.has(b.id)).toBe(true);
    expect(await store.pendingCount()).toBe(0);
  });

  it('records made while a batch is in flight are sent after it', async () => {
    const { store, clock, server, loop } = await setup(3);
    let late: RedemptionRecord | null = null;
    let lateWrite: Promise<void> | null = null;
    server.script = [
      () => {
        lateWrite = store.appendRecord(use()).then((r) => {
          late = r;
          loop.kick('record');
        });
      },
    ];
    loop.start();
    await drain(loop, clock);
    await lateWrite;
    await drain(loop, clock);
    expect(late).not.toBeNull();
    expect(server.held.has(late!.id)).toBe(true);
    expect(await store.pendingCount()).toBe(0);
  });

  it('the interval runs onTick while online; a 401 from it stops uploads', async () => {
    let ticks = 0;
    const { clock, loop, network } = await setup(0, {
      onTick: async () => {
        ticks++;
        if (ticks === 3) throw new SyncError('unauthorized', 401, 'revoked');
      },
    });
    loop.start();
    await drain(loop, clock);
    clock.advance(30_000);
    clock.advance(30_000);
    expect(ticks).toBe(2);
    network.set(false);
    clock.advance(30_000);
    expect(ticks).toBe(2);
    network.set(true);
    await drain(loop, clock);
    clock.advance(30_000);
    await new Promise((r) => setTimeout(r, 0));
    expect(ticks).toBe(3);
    expect(loop.status.unauthorized).toBe(true);
  });

  it('stop ends timers and listening; start again resumes', async () => {
    const { store, clock, server, network, loop } = await setup(10);
    server.script = [{ status: 500 }];
    loop.start();
    await loop.settled();
    expect(loop.status.state).toBe('backing-off');
    loop.stop();
    expect(clock.timers.size).toBe(0);
    network.set(false);
    network.set(true);
    loop.kick('record');
    clock.advance(600_000);
    expect(server.requests.length).toBe(1);
    loop.start();
    await drain(loop, clock);
    expect(await store.pendingCount()).toBe(0);
    loop.stop();
  });

  it('a storage failure while reading the batch backs off and loses nothing', async () => {
    const { store, clock, server } = await setup(4);
    let fail = true;
    const flaky = Object.assign(Object.create(store) as DeskStore, {
      nextBatch: (limit: number) => {
        if (fail) {
          fail = false;
          return Promise.reject(new Error('disk says no'));
        }
        return store.nextBatch(limit);
      },
    });
    const loop = new DrainLoop({ store: flaky, upload: server.upload, clock, network: new FakeNetwork(), random: () => 0.5 });
    loop.start();
    await loop.settled();
    expect(loop.status).toMatchObject({ state: 'backing-off', lastError: 'storage: disk says no' });
    await drain(loop, clock);
    expect(await store.pendingCount()).toBe(0);
  });
});

describe('browserNetwork', () => {
  it('reads onLine and listens to online/offline', () => {
    const target = new EventTarget();
    const nav = { onLine: false };
    const net = browserNetwork(target as unknown as Window, nav);
    expect(net.online()).toBe(false);
    const seen: boolean[] = [];
    const off = net.subscribe((o) => seen.push(o));
    target.dispatchEvent(new Event('online'));
    target.dispatchEvent(new Event('offline'));
    off();
    target.dispatchEvent(new Event('online'));
    expect(seen).toEqual([true, false]);
  });
});
