// The drain loop with the real DeskStore (in-memory IndexedDB), a stand-in server and a fake clock:
// every record leaves the outbox exactly once, as uploaded or as needing attention, never lost.

import { describe, expect, it } from 'vitest';
import type { RedemptionRecord } from '../../src/core/record.ts';
import type { DeskStore } from '../../src/storage/desk-store.ts';
import { SyncError } from '../../src/sync/api-client.ts';
import { DrainLoop, browserNetwork, systemClock } from '../../src/sync/drain-loop.ts';
import { use } from '../storage/fixture.ts';
import { FakeClock, FakeNetwork, type FakeServer, counts, drain, setup } from './drain-fixture.ts';

describe('drain loop', () => {
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
    expect(loop.status).toMatchObject({ state: 'backing-off', lastError: 'bad-response: the upload results do not match the batch' });
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
    target.dispatchEvent(new Event('offline'));
    expect(seen).toEqual([true, false]);
  });
});

describe('systemClock', () => {
  it('tells the time, runs a timer, and a cleared one never runs', async () => {
    expect(Math.abs(systemClock.now() - Date.now())).toBeLessThan(1000);
    const fired: string[] = [];
    systemClock.clearTimeout(systemClock.setTimeout(() => fired.push('cleared'), 0));
    await new Promise<void>((resolve) =>
      systemClock.setTimeout(() => {
        fired.push('ran');
        resolve();
      }, 1),
    );
    expect(fired).toEqual(['ran']);
  });
});

/** An upload that waits for release() before the stand-in server sees the batch. */
function heldUpload(upload: (records: readonly RedemptionRecord[]) => Promise<unknown>) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return { release, upload: async (records: readonly RedemptionRecord[]) => (await gate, upload(records)) as ReturnType<FakeServer['upload']> };
}

describe('drain loop: what it reports', () => {
  it('starts from the last contact it was given, with nothing refused and nothing to retry', async () => {
    const { store, server } = await setup(0);
    const offline = new DrainLoop({ store, upload: server.upload, clock: new FakeClock(), network: new FakeNetwork(false), lastSuccessMs: 1234 });
    expect(offline.status).toEqual({ pending: 0, attention: 0, lastSuccessMs: 1234, state: 'offline', unauthorized: false, online: false, retryAtMs: null, lastError: null });
    expect(new DrainLoop({ store, upload: server.upload, clock: new FakeClock(), network: new FakeNetwork() }).status).toMatchObject({ lastSuccessMs: null, state: 'idle', online: true });
  });

  it('sends nothing when there is nothing to send, and a drained outbox has no retry time', async () => {
    const { clock, server, loop } = await setup(0);
    loop.start();
    await drain(loop, clock);
    expect(server.requests).toEqual([]);
    expect(loop.status).toMatchObject({ state: 'idle', retryAtMs: null, lastError: null });
  });

  it('counts a new record at once, even while it waits out a failure', async () => {
    const { store, server, loop } = await setup(1);
    server.script = [{ status: 503 }];
    loop.start();
    await loop.settled();
    expect(loop.status).toMatchObject({ state: 'backing-off', pending: 1 });
    await store.appendRecord(use());
    loop.kick();
    await expect.poll(() => loop.status.pending).toBe(2);
  });

  it('says the server asked for smaller batches while it halves them', async () => {
    const { clock, server, loop } = await setup(30);
    server.maxRecords = 10;
    const said = new Set<string | null>();
    loop.subscribe((s) => said.add(s.lastError));
    loop.start();
    await drain(loop, clock);
    expect(said).toContain('too-large: sending smaller batches');
    expect(loop.status.lastError).toBeNull();
  });

  it('a refused token is shown as such, not as an error, and nothing is sent until a new enrolment', async () => {
    const { store, clock, server, loop } = await setup(3);
    server.script = [{ status: 401 }];
    loop.start();
    await drain(loop, clock);
    expect(loop.status).toMatchObject({ unauthorized: true, state: 'stopped-unauthorized', lastError: null, pending: 3 });
    loop.stop();
    loop.start();
    await drain(loop, clock);
    expect(loop.status).toMatchObject({ unauthorized: true, state: 'stopped-unauthorized' });
    expect(server.requests).toHaveLength(1);
    loop.reenrolled();
    expect(loop.status).toMatchObject({ unauthorized: false, pending: 3 });
    await drain(loop, clock);
    expect(await store.pendingCount()).toBe(0);
  });

  it('a jitter source that strays outside [0, 1) counts as the middle of it', async () => {
    for (const [random, waitMs] of [[0, 100], [0.5, 1000], [0.999, 1998], [1, 1000], [-1, 1000], [Number.NaN, 1000], [7, 1000]] as const) {
      const { store, clock, server } = await setup(1);
      server.script = [{ status: 503 }];
      const loop = new DrainLoop({ store, upload: server.upload, clock, network: new FakeNetwork(), random: () => random });
      loop.start();
      await loop.settled();
      expect(loop.status.retryAtMs! - clock.now(), `the first wait with random ${random}`).toBe(waitMs);
    }
  });
});

describe('drain loop: failures it keeps everything through', () => {
  it('a transport that throws something else than a SyncError counts as no network', async () => {
    for (const [thrown, said] of [[new TypeError('Failed to fetch'), 'offline: Failed to fetch'], ['socket hang up', 'offline: socket hang up']] as const) {
      const { store, clock } = await setup(2);
      const loop = new DrainLoop({ store, upload: () => Promise.reject(thrown), clock, network: new FakeNetwork(), random: () => 0.5 });
      loop.start();
      await loop.settled();
      expect(loop.status).toMatchObject({ state: 'backing-off', lastError: said, pending: 2 });
    }
  });

  it('a storage failure while marking the answers keeps the records; the retry marks them as duplicates', async () => {
    const { store, clock, server } = await setup(3);
    let fail = true;
    const flaky = Object.assign(Object.create(store) as DeskStore, {
      markUploaded: (ids: readonly string[]) => {
        if (!fail) return store.markUploaded(ids);
        fail = false;
        return Promise.reject(new Error('disk full'));
      },
    });
    const loop = new DrainLoop({ store: flaky, upload: server.upload, clock, network: new FakeNetwork(), random: () => 0.5 });
    loop.start();
    await loop.settled();
    expect(loop.status).toMatchObject({ state: 'backing-off', lastError: 'storage: disk full' });
    expect(await store.pendingCount()).toBe(3);
    await drain(loop, clock);
    expect(server.answers[1]!.map((a) => a.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(await counts(store)).toEqual({ pending: 0, attention: 0 });
  });

  it('only a refused token from the interval work stops uploads; other failures of it do not', async () => {
    const failures = [new SyncError('offline', null, 'no network'), new SyncError('forbidden', 403, 'no'), new Error('bug')];
    const { clock, loop } = await setup(0, { onTick: () => Promise.reject(failures.shift()) });
    loop.start();
    await drain(loop, clock);
    for (let i = 0; i < 3; i++) clock.advance(30_000);
    await new Promise((r) => setTimeout(r, 0));
    expect(failures).toEqual([]);
    expect(loop.status.unauthorized).toBe(false);
  });

  it('no interval work while the token is refused', async () => {
    let ticks = 0;
    const { clock, server, loop } = await setup(1, {
      onTick: async () => {
        ticks++;
      },
    });
    server.script = [{ status: 401 }];
    loop.start();
    await drain(loop, clock);
    clock.advance(90_000);
    expect(ticks).toBe(0);
  });
});

describe('drain loop: starting and stopping', () => {
  it('a listener that unsubscribed hears nothing more', async () => {
    const { store, clock, loop } = await setup(2);
    const heard: string[] = [];
    const off = loop.subscribe((s) => heard.push(s.state));
    loop.start();
    await drain(loop, clock);
    expect(heard.length).toBeGreaterThan(0);
    const before = heard.length;
    off();
    await store.appendRecord(use());
    loop.kick('record');
    await drain(loop, clock);
    expect(heard).toHaveLength(before);
  });

  it('start twice is one loop: one interval, one tick of work each time', async () => {
    let ticks = 0;
    const { clock, loop } = await setup(0, {
      onTick: async () => {
        ticks++;
      },
    });
    loop.start();
    loop.start();
    await drain(loop, clock);
    clock.advance(30_000);
    expect(ticks).toBe(1);
  });

  it('a kick after stop sends nothing', async () => {
    const { store, clock, server, loop } = await setup(0);
    loop.start();
    await drain(loop, clock);
    loop.stop();
    await store.appendRecord(use());
    loop.kick('record');
    await new Promise((r) => setTimeout(r, 0));
    expect(server.requests).toEqual([]);
  });

  it('stopping with a batch in flight is idle and settled at once; the batch still lands, deciding nothing', async () => {
    const { store, clock, server } = await setup(2);
    const held = heldUpload(server.upload);
    const loop = new DrainLoop({ store, upload: held.upload, clock, network: new FakeNetwork(), random: () => 0.5 });
    loop.start();
    expect(loop.status.state).toBe('draining');
    loop.stop();
    expect(loop.status.state).toBe('idle');
    await loop.settled();
    held.release();
    await expect.poll(() => store.pendingCount()).toBe(0);
    expect(loop.status.state).toBe('idle');
    expect(server.requests).toHaveLength(1);
  });

  it('settled waits for the batch in flight, whatever else changes meanwhile', async () => {
    const { store, clock, server, network } = await setup(2);
    const held = heldUpload(server.upload);
    const loop = new DrainLoop({ store, upload: held.upload, clock, network, random: () => 0.5 });
    loop.start();
    let settled = false;
    const waiting = loop.settled().then(() => (settled = true));
    network.set(true);
    loop.kick('record');
    await new Promise((r) => setTimeout(r, 0));
    expect(settled).toBe(false);
    held.release();
    await waiting;
    await drain(loop, clock);
    expect(await store.pendingCount()).toBe(0);
  });
});
