// The usage section of `npm run bench`: 1,000,000 records of one venue in the server's database
// (400 days of a busy venue), then over HTTP to `kaiku serve` in its own process: a desk's usage
// refresh (refreshUsage, every page of its widest window, 31 days) and the worst case, a manager's
// refresh of all 400 days, the whole million. Meanwhile a probe asks GET /v1/venue every 10 ms
// (from a worker thread, so the refresh's JSON parsing cannot delay it). Anchor: the desk's pages
// read straight from the store, no HTTP. Budgets: the desk's refresh within 2 s; no probe answer
// slower than 100 ms behind either refresh.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { helsinkiDay } from '../src/core/calendar.ts';
import type { RedemptionRecord } from '../src/core/record.ts';
import { refreshUsage } from '../src/sync/usage-refresh.ts';
import { makeEnrolCode, saveVenue } from '../server/admin.ts';
import { USAGE_PAGE } from '../src/core/sync-limits.ts';
import { normaliseEnrolCode, sha256Hex } from '../server/secrets.ts';
import type { UsageCursor } from '../server/store/server-store.ts';
import { openSqliteStore } from '../server/store/sqlite-store.ts';
import { benchUse, benchVenue } from './bench-records.ts';
import { errorRow, freePort, repoRoot } from './browser-util.ts';
import type { BenchRow } from './rows.ts';

const COUNT = 1_000_000;
const DEVICES = 40;
const VENUE = 'bench-venue';
const DAYS = 400;
const DESK_DAYS = 31;
const venueSettings = benchVenue(VENUE);
const random = (n: number) => new Uint8Array(randomBytes(n));

/** Record `i` of the million: 40 devices, spread over the last 400 days. */
function recordAt(i: number, deviceIds: readonly string[], fromMs: number): RedemptionRecord {
  const atMs = fromMs + Math.floor((i * DAYS * 86_400_000) / COUNT);
  return benchUse({ venueId: VENUE, deviceId: deviceIds[i % DEVICES]!, seq: Math.floor(i / DEVICES) + 1, atMs, card: i });
}

interface Filled {
  deskCode: string;
  managerCode: string;
  deskSince: number;
  managerSince: number;
}

/** The data folder with the venue, 40 enrolled devices and the million records; codes to enrol readers. */
async function fill(dataDir: string, log: (line: string) => void): Promise<Filled> {
  const store = openSqliteStore(dataDir, { create: true });
  try {
    await saveVenue(store, venueSettings);
    const now = Date.now();
    const deviceIds: string[] = [];
    for (let d = 0; d < DEVICES; d++) {
      const deviceId = `d-bench${d}`;
      const { code } = await makeEnrolCode(store, { venueId: VENUE, role: 'desk', hours: 1, nowMs: now, random });
      await store.claimEnrolCode(sha256Hex(normaliseEnrolCode(code)!), now, { deviceId, name: `bench ${d}`, tokenHash: sha256Hex(`token-${d}`), enrolledAtMs: now });
      deviceIds.push(deviceId);
    }
    const fromMs = now - DAYS * 86_400_000;
    const t0 = performance.now();
    for (let i = 0; i < COUNT; i += 20_000) await store.storeRecords(VENUE, Array.from({ length: 20_000 }, (_, k) => recordAt(i + k, deviceIds, fromMs)));
    log(`usage: stored ${COUNT.toLocaleString('en-US')} records in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const code = async (role: 'desk' | 'manager') => (await makeEnrolCode(store, { venueId: VENUE, role, hours: 1, nowMs: now, random })).code;
    return { deskCode: await code('desk'), managerCode: await code('manager'), deskSince: helsinkiDay(now) - DESK_DAYS, managerSince: helsinkiDay(fromMs) };
  } finally {
    await store.close();
  }
}

/** Reads every page straight from the store: the anchor, and the longest one page holds the thread. */
async function readAllPages(dataDir: string, sinceDay: number): Promise<{ ms: number; records: number; slowestPageMs: number }> {
  const store = openSqliteStore(dataDir);
  try {
    const t0 = performance.now();
    let records = 0;
    let slowestPageMs = 0;
    let after: UsageCursor | null = null;
    do {
      const p0 = performance.now();
      const page = await store.usage(VENUE, sinceDay, after, USAGE_PAGE);
      slowestPageMs = Math.max(slowestPageMs, performance.now() - p0);
      records += page.records.length;
      after = page.next;
    } while (after);
    return { ms: performance.now() - t0, records, slowestPageMs };
  } finally {
    await store.close();
  }
}

// The probe, as plain JavaScript for a worker thread: GET /v1/venue every 10 ms until told to stop.
const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
let stop = false;
const waits = [];
parentPort.on('message', () => { stop = true; });
(async () => {
  while (!stop) {
    const t0 = performance.now();
    const r = await fetch(workerData.url + '/v1/venue', { headers: { Authorization: 'Bearer ' + workerData.token } });
    await r.arrayBuffer();
    waits.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  parentPort.postMessage(waits);
})();
`;

async function serve(dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'kaiku.mjs'), 'serve', '--port', String(port), '--data', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', () => reject(new Error('kaiku serve exited before it printed its URL')));
  });
  return {
    url: (JSON.parse(line) as { url: string }).url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A refresh (every page, as the desk does it) with the probe running; its time and the slowest probe. */
async function refreshWithProbe(url: string, code: string, sinceDay: number): Promise<{ ms: number; fetched: number; slowest: number; probes: number }> {
  const enrolled = await fetch(`${url}/v1/enrol`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, deviceName: 'bench reader' }) });
  const { token } = (await enrolled.json()) as { token: string };
  const probe = new Worker(PROBE, { eval: true, workerData: { url, token } });
  const waits = new Promise<number[]>((resolve) => probe.once('message', resolve));
  try {
    // The probe's first answer is in before the refresh starts.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const t0 = performance.now();
    const done = await refreshUsage({ putUsage: async (records) => records.length }, { serverUrl: url, token }, sinceDay);
    const ms = performance.now() - t0;
    probe.postMessage('stop');
    const samples = await waits;
    return { ms, fetched: done.fetched, slowest: Math.max(...samples), probes: samples.length };
  } finally {
    await probe.terminate();
  }
}

export async function usageBench(log: (line: string) => void): Promise<BenchRow[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'kaiku-bench-usage-'));
  const deskName = `desk usage refresh, 31 days of ${COUNT.toLocaleString('en-US')} records (all pages)`;
  const probeName = 'slowest other request behind the desk refresh';
  const row = (name: string, value: number, ratioTo: number, iterations: number, max: number | null): BenchRow => ({
    name,
    unit: 'ms',
    median: value,
    p95: null,
    ratio: value / ratioTo,
    iterations,
    budget: max === null ? null : { max, of: 'value' },
    within: max === null ? null : value <= max,
  });
  try {
    const filled = await fill(scratch, log);
    const anchor = await readAllPages(scratch, filled.deskSince);
    log(`usage: anchor, the desk's ${anchor.records} records read from the store: ${anchor.ms.toFixed(0)} ms, slowest page ${anchor.slowestPageMs.toFixed(1)} ms`);
    const server = await serve(scratch);
    try {
      const desk = await refreshWithProbe(server.url, filled.deskCode, filled.deskSince);
      log(`usage: desk refresh ${desk.ms.toFixed(0)} ms for ${desk.fetched} records; ${desk.probes} probes, slowest ${desk.slowest.toFixed(1)} ms`);
      const all = await refreshWithProbe(server.url, filled.managerCode, filled.managerSince);
      log(`usage: manager refresh ${all.ms.toFixed(0)} ms for ${all.fetched} records; ${all.probes} probes, slowest ${all.slowest.toFixed(1)} ms`);
      if (all.fetched !== COUNT) throw new Error(`the manager's refresh fetched ${all.fetched} records, not ${COUNT}`);
      return [
        row(`read the desk's ${anchor.records.toLocaleString('en-US')} records page by page from the store (anchor)`, anchor.ms, anchor.ms, 1, null),
        row('slowest 5,000-record page read from the store (the server reads it in slices of 1,000)', anchor.slowestPageMs, anchor.ms, 1, null),
        row(deskName, desk.ms, anchor.ms, 1, 2000),
        row(probeName, desk.slowest, anchor.ms, desk.probes, 100),
        row(`worst case: manager refresh of all ${COUNT.toLocaleString('en-US')} records (all pages)`, all.ms, anchor.ms, 1, null),
        row('slowest other request behind the worst case', all.slowest, anchor.ms, all.probes, 100),
      ];
    } finally {
      await server.stop();
    }
  } catch (e) {
    return [errorRow(deskName, 'ms', { max: 2000, of: 'value' }, e), errorRow(probeName, 'ms', { max: 100, of: 'value' }, e)];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
