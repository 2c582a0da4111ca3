// Two `kaiku serve` processes on one database (one PostgreSQL database, or one SQLite data folder)
// behave as one server: a batch sent to both
// at once is stored once, a code spent on one is spent on the other, a stale tag from one is stale
// on the other, the enrolment limit counts on both, and when one is killed the other goes on with
// everything either acknowledged.

import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEnrolCode, saveVenue } from '../../server/admin.ts';
import { openStore } from '../../server/store/open-store.ts';
import type { ServerStore } from '../../server/store/server-store.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreLocation } from '../../server/store/open-store.ts';
import { type TestStore, testStore } from '../support/test-store.ts';
import { TODAY, record, venueSettings } from './harness.ts';
import { helsinkiDay } from '../../src/core/calendar.ts';
import { anEvent } from '../support/venues.ts';
import type { RedemptionRecord } from '../../src/core/record.ts';

interface Serving {
  url: string;
  child: ChildProcess;
}

function serve(data: StoreLocation): Promise<Serving> {
  const where = data.databaseUrl !== undefined ? ['--database', data.databaseUrl] : ['--data', data.dataDir];
  const child = spawn(process.execPath, ['scripts/kaiku.mjs', 'serve', '--quiet', '--port', '0', ...where], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve({ url: (JSON.parse(line) as { url: string }).url, child }));
  });
}

const random = (n: number) => new Uint8Array(globalThis.crypto.getRandomValues(new Uint8Array(n)));

async function call(base: string, method: string, path: string, { token, body, headers = {} }: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const all: Record<string, string> = { Connection: 'close', ...headers };
  if (token) all.Authorization = `Bearer ${token}`;
  if (body !== undefined) all['Content-Type'] = 'application/json';
  return fetch(base + path, { method, headers: all, body: body === undefined ? undefined : JSON.stringify(body) });
}

describe('two serve processes on one database', () => {
  let db: TestStore;
  let store: ServerStore;
  let a: Serving;
  let b: Serving;
  let desk: { deviceId: string; venueId: string; token: string };
  const code = async (role: 'desk' | 'manager' = 'desk') => (await makeEnrolCode(store, { venueId: 'venue-a', role, hours: 1, nowMs: Date.now(), random })).code;
  const enrol = async (on: Serving, role: 'desk' | 'manager' = 'desk') => (await call(on.url, 'POST', '/v1/enrol', { body: { code: await code(role), deviceName: 'gate' } })).json();

  beforeAll(async () => {
    db = await testStore(join(mkdtempSync(join(tmpdir(), 'kaiku-two-')), 'data'));
    store = await openStore(db.data, { create: true });
    await saveVenue(store, venueSettings('venue-a'));
    [a, b] = await Promise.all([serve(db.data), serve(db.data)]);
    // Enrolled before the limits test shuts enrolment for a minute.
    desk = await enrol(b);
  }, 60_000);
  afterAll(async () => {
    for (const s of [a, b]) s?.child.kill('SIGKILL');
    await store?.close();
    await db?.drop();
  });

  it('both answer their health check with the store kind', async () => {
    for (const s of [a, b]) expect(await (await call(s.url, 'GET', '/v1/health')).json()).toEqual({ ok: true, store: store.kind });
  });

  it('stores a batch sent to both at once exactly once', async () => {
    const desk = await enrol(a);
    const batch = Array.from({ length: 50 }, (_, i) => record(desk, i + 1, { at: '2026-11-22T09:00:00.000Z' }));
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => call(i % 2 ? b.url : a.url, 'POST', '/v1/redemptions', { token: desk.token, body: { records: batch } }).then((r) => r.json())));
    const stored = answers.flatMap((x) => x.results).filter((r: { status: string }) => r.status === 'stored').map((r: { id: string }) => r.id);
    expect(stored.sort()).toEqual(batch.map((r) => r.id).sort());
    expect(answers.flatMap((x) => x.results).every((r: { status: string }) => r.status === 'stored' || r.status === 'duplicate')).toBe(true);
    const held = await store.usage('venue-a', TODAY, null, 1000);
    expect(held.records).toHaveLength(50);
  });

  it('spends a code on both when it is used on one, even at the same moment', async () => {
    const once = await code();
    const both = await Promise.all([a, b].map((s) => call(s.url, 'POST', '/v1/enrol', { body: { code: once, deviceName: 'x' } })));
    expect(both.map((r) => r.status).sort()).toEqual([201, 403]);
    expect((await call(b.url, 'POST', '/v1/enrol', { body: { code: once, deviceName: 'y' } })).status).toBe(403);
  });

  it('answers 412 on one to a tag that a change on the other made stale', async () => {
    const manager = await enrol(a, 'manager');
    const read = await call(a.url, 'GET', '/v1/venue', { token: manager.token });
    const tag = read.headers.get('ETag')!;
    const settings = await read.json();
    const first = await call(a.url, 'PUT', '/v1/venue', { token: manager.token, body: { ...settings, dayQuota: 30 }, headers: { 'If-Match': tag } });
    expect(first.status).toBe(200);
    const stale = await call(b.url, 'PUT', '/v1/venue', { token: manager.token, body: { ...settings, dayQuota: 20 }, headers: { 'If-Match': tag } });
    expect(stale.status).toBe(412);
    expect((await (await call(b.url, 'GET', '/v1/venue', { token: manager.token })).json()).dayQuota).toBe(30);
  });

  it('grants quota shares asked of both at once no further than the quota', async () => {
    // The processes run on the real clock: an event of tomorrow, whose shares are open.
    const later = anEvent({ id: 'later', day: helsinkiDay(Date.now()) + 1, quota: 10 });
    await saveVenue(store, { ...venueSettings('venue-a'), events: [later] });
    const desks = await Promise.all(Array.from({ length: 8 }, (_, i) => enrol(i % 2 ? b : a)));
    const ask = { pool: 'event:later', rev: 0, held: 0, used: 0, need: 2, fill: true };
    const answers = await Promise.all(desks.map((d, i) => call(i % 2 ? a.url : b.url, 'POST', '/v1/shares', { token: d.token, body: { pools: [ask] } }).then((r) => r.json())));
    const granted = answers.map((x: { pools: { granted: number }[] }) => x.pools[0]!.granted);
    expect(granted.reduce((n, g) => n + g, 0)).toBe(10);
  });

  it('counts failed enrolments on both against one limit', async () => {
    // Wrong codes, alternating between the processes, until one says 429: however they are spread,
    // at most 10 a minute are checked (the earlier tests' failures count too), and then both refuse.
    const statuses: number[] = [];
    for (let i = 0; i < 12 && !statuses.includes(429); i++)
      statuses.push((await call(i % 2 ? b.url : a.url, 'POST', '/v1/enrol', { body: { code: 'AAAAA-AAAAA', deviceName: 'guess' } })).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 403).length).toBeLessThanOrEqual(10);
    for (const s of [a, b]) expect((await call(s.url, 'POST', '/v1/enrol', { body: { code: 'AAAAA-AAAAA', deviceName: 'guess' } })).status).toBe(429);
  });

  it('keeps serving on one when the other is killed mid-upload, with nothing acknowledged lost', async () => {
    const acknowledged: string[] = [];
    let seq = 1000;
    const send = async (on: Serving) => {
      for (;;) {
        const batch: RedemptionRecord[] = Array.from({ length: 20 }, () => record(desk, ++seq, { at: '2026-11-22T09:30:00.000Z' }));
        let r: Response;
        try {
          r = await call(on.url, 'POST', '/v1/redemptions', { token: desk.token, body: { records: batch } });
        } catch {
          return; // the process is gone
        }
        if (r.status !== 200) return;
        for (const x of (await r.json()).results) if (x.status === 'stored') acknowledged.push(x.id);
        if (acknowledged.length > 400) return;
      }
    };
    const onA = send(a);
    await new Promise<void>((resolve) => {
      const wait = () => (acknowledged.length > 60 ? resolve() : setImmediate(wait));
      wait();
    });
    a.child.kill('SIGKILL');
    await onA;
    await send(b);
    expect((await call(b.url, 'GET', '/v1/health')).status).toBe(200);
    const ids = new Set<string>();
    let after = null;
    do {
      const page = await store.usage('venue-a', TODAY, after, 1000);
      for (const text of page.records) ids.add((JSON.parse(text) as { id: string }).id);
      after = page.next;
    } while (after);
    expect(acknowledged.filter((id) => !ids.has(id))).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(400);
  });

});
