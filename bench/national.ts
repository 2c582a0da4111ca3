// The national section of `npm run bench`: the service of many venues (issue 11).
// - Upload throughput: 200 simulated desks, each sending 50-record batches back to back for
//   KAIKU_BENCH_SECONDS (20 s), to one `kaiku serve` on SQLite, and to two processes on one
//   PostgreSQL database (the batches alternate between them). Budget on PostgreSQL: at least
//   5,000 records/s, p99 of a batch at most 250 ms.
// - Statistics: 1,000,000 records in the database, then the figures of a locality of 50 venues
//   over a year, straight from the store. Budget: 200 ms on both stores, with the records laid out
//   as the network makes them: 450 venues over three years (the whole network makes about 51,000
//   uses a year, so even this is 6 years' worth). A second row, without a budget, packs the million
//   into 200 venues and 400 days, so the locality's year holds 228,000 records: the worst case.
// PostgreSQL is KAIKU_BENCH_DATABASE_URL (else KAIKU_TEST_DATABASE_URL): a database in which the
// bench may make and drop schemas. Without one those rows say so. The anchor is the bench's usual
// native Ed25519 verify, measured in the same run, so the figures can be set beside other runs.

import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { helsinkiDay } from '../src/core/calendar.ts';
import type { RedemptionRecord } from '../src/core/record.ts';
import { saveLocality, saveVenue } from '../server/admin.ts';
import { sha256Hex } from '../server/secrets.ts';
import { type StoreLocation, openStore } from '../server/store/open-store.ts';
import type { ServerStore } from '../server/store/server-store.ts';
import { nativeVerifyAnchor } from './anchor.ts';
import { benchUse, benchVenue } from './bench-records.ts';
import { errorRow, freePort, percentile, repoRoot } from './browser-util.ts';
import type { BenchRow, Budget } from './rows.ts';
import { withinBudget } from './rows.ts';

const DESKS = 200;
const BATCH = 50;
const SECONDS = Number(process.env.KAIKU_BENCH_SECONDS ?? 20);
const STATS_RECORDS = Number(process.env.KAIKU_BENCH_STATS_RECORDS ?? 1_000_000);
const LOCALITY_VENUES = 50;
interface Layout {
  venues: number;
  days: number;
  budget: Budget | null;
}
const LAYOUTS: readonly Layout[] = [
  { venues: 450, days: 3 * 365, budget: { max: 200, of: 'value' } },
  { venues: 200, days: 400, budget: null },
];
const venue = benchVenue;

const THROUGHPUT: Budget = { max: 5000, of: 'value', atLeast: true };
const P99: Budget = { max: 250, of: 'value' };

interface Place {
  name: string;
  data: StoreLocation;
  drop(): Promise<void>;
}

async function sqlitePlace(): Promise<Place> {
  const dir = mkdtempSync(join(tmpdir(), 'kaiku-bench-national-'));
  return { name: 'SQLite', data: { dataDir: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function postgresPlace(): Promise<Place | null> {
  const base = process.env.KAIKU_BENCH_DATABASE_URL ?? process.env.KAIKU_TEST_DATABASE_URL;
  if (!base) return null;
  const schema = `bench_${Date.now().toString(36)}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE SCHEMA ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { name: 'PostgreSQL', data: { databaseUrl: url.toString() }, drop: () => admin(`DROP SCHEMA ${schema} CASCADE`) };
}

/** Devices enrolled straight in the store (200 enrolments over HTTP would meet the enrolment limit). */
async function devices(store: ServerStore, venueId: string, n: number): Promise<{ deviceId: string; token: string }[]> {
  const out: { deviceId: string; token: string }[] = [];
  for (let i = 0; i < n; i++) {
    const token = randomBytes(24).toString('base64url');
    const codeHash = sha256Hex(`bench-${venueId}-${i}-${token}`);
    const deviceId = `d-${venueId}-${i}`;
    await store.addEnrolCode({ codeHash, venueId, localityId: null, role: 'desk', createdAtMs: 0, expiresAtMs: Number.MAX_SAFE_INTEGER });
    await store.claimEnrolCode(codeHash, 1, { deviceId, name: deviceId, tokenHash: sha256Hex(token), enrolledAtMs: 1 });
    out.push({ deviceId, token });
  }
  return out;
}

function aRecord(venueId: string, deviceId: string, seq: number, atMs: number, card: number): RedemptionRecord {
  return benchUse({ venueId, deviceId, seq, atMs, card, category: card % 5 === 0 ? 'sports' : 'culture' });
}

function serve(data: StoreLocation, port: number): Promise<ChildProcess> {
  const where = data.databaseUrl !== undefined ? ['--database', data.databaseUrl] : ['--data', data.dataDir];
  const child = spawn(process.execPath, ['scripts/kaiku.mjs', 'serve', '--port', String(port), ...where], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`kaiku serve exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', () => resolve(child));
  });
}

/**
 * 200 desks uploading to the processes in turn for SECONDS, in two runs: back to back (the most
 * records a second the service takes; each answer then waits behind the others, so its latency is
 * the queue's), and paced at the budget's 5,000 records a second (a batch per desk every 2 s, from
 * random starts), where the p99 of a batch says how long a desk waits at that load.
 */
async function throughput(place: Place, processes: number, log: (line: string) => void): Promise<BenchRow[]> {
  const store = await openStore(place.data, { create: true });
  const children: ChildProcess[] = [];
  try {
    await saveVenue(store, venue('bench-venue'));
    const desks = await devices(store, 'bench-venue', DESKS);
    const ports = await Promise.all(Array.from({ length: processes }, () => freePort()));
    children.push(...(await Promise.all(ports.map((p) => serve(place.data, p)))));
    const label = `upload, ${DESKS} desks × ${BATCH}-record batches, ${processes} process${processes > 1 ? 'es' : ''} on ${place.name}`;
    const bound = place.name === 'PostgreSQL';
    const seqs = desks.map(() => 0);
    const closed = await load(desks, ports, seqs, null, log, place.name);
    const paced = await load(desks, ports, seqs, (DESKS * BATCH * 1000) / THROUGHPUT.max, log, place.name);
    const p99 = percentile(paced.latencies, 99);
    return [
      { name: `${label}, back to back: records stored a second`, unit: 'rec/s', median: closed.perSecond, p95: null, ratio: null, iterations: closed.latencies.length, budget: bound ? THROUGHPUT : null, within: bound ? withinBudget(THROUGHPUT, closed.perSecond, null) : null },
      { name: `${label}, paced at ${THROUGHPUT.max} records/s: p99 of a batch`, unit: 'ms', median: p99, p95: null, ratio: null, iterations: paced.latencies.length, budget: bound ? P99 : null, within: bound ? withinBudget(P99, p99, null) : null },
    ];
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await store.close();
  }
}

async function load(desks: { deviceId: string; token: string }[], ports: number[], seqs: number[], paceMs: number | null, log: (line: string) => void, name: string) {
  log(`national: ${desks.length} desks uploading ${paceMs === null ? 'back to back' : `a batch each every ${paceMs} ms`} to ${ports.length} process(es) on ${name} for ${SECONDS} s`);
  const latencies: number[] = [];
  let stored = 0;
  let turn = 0;
  const start = Date.now();
  const end = start + SECONDS * 1000;
  await Promise.all(
    desks.map(async (desk, d) => {
      let next = start + (paceMs === null ? 0 : Math.random() * paceMs);
      for (;;) {
        if (paceMs !== null) {
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
          next += paceMs;
        }
        if (Date.now() >= end) return;
        const seq = seqs[d]!;
        seqs[d] = seq + BATCH;
        const records = Array.from({ length: BATCH }, (_, k) => aRecord('bench-venue', desk.deviceId, seq + k + 1, Date.now(), d));
        const url = `http://127.0.0.1:${ports[turn++ % ports.length]}/v1/redemptions`;
        const t = performance.now();
        const r = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${desk.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ records }) });
        const body = (await r.json()) as { results?: { status: string }[] };
        latencies.push(performance.now() - t);
        if (r.status !== 200) throw new Error(`upload answered ${r.status}`);
        stored += body.results!.filter((x) => x.status === 'stored').length;
      }
    }),
  );
  return { perSecond: stored / ((Date.now() - start) / 1000), latencies };
}

/** 1 M records of `layout.venues` venues over `layout.days` days, then a 50-venue locality's year of figures. */
async function statsTime(place: Place, layout: Layout, log: (line: string) => void): Promise<BenchRow> {
  const store = await openStore(place.data, { create: true });
  try {
    const venues = Array.from({ length: layout.venues }, (_, i) => `v${String(i).padStart(3, '0')}`);
    const deviceOf = new Map<string, string>();
    for (const v of venues) {
      await saveVenue(store, venue(v));
      deviceOf.set(v, (await devices(store, v, 1))[0]!.deviceId);
    }
    const to = Date.parse('2026-12-01T08:00:00.000Z');
    const span = layout.days * 86_400_000;
    const from = to - span;
    const perVenue = Math.ceil(STATS_RECORDS / layout.venues);
    log(`national: ${STATS_RECORDS.toLocaleString('en-US')} records into ${place.name} for the statistics`);
    const seeded = performance.now();
    for (const v of venues) {
      for (let i = 0; i < perVenue; i += 500) {
        const batch = Array.from({ length: Math.min(500, perVenue - i) }, (_, k) => aRecord(v, deviceOf.get(v)!, i + k + 1, from + Math.floor(((i + k) * span) / perVenue), (i + k) % 5000));
        await store.storeRecords(v, batch);
      }
    }
    log(`national: seeded in ${Math.round((performance.now() - seeded) / 1000)} s`);
    await saveLocality(store, { localityId: 'bench', name: 'Bench', venues: venues.slice(0, LOCALITY_VENUES) });
    const locality = (await store.locality('bench'))!.venues;
    const toDay = helsinkiDay(Date.parse('2026-10-31T12:00:00.000Z'));
    const samples: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      const { rows } = await store.stats(locality, toDay - 364, toDay);
      samples.push(performance.now() - t);
      if (rows.length === 0) throw new Error('the statistics came back empty');
    }
    const median = percentile(samples.slice(2), 50);
    const name = `statistics of ${LOCALITY_VENUES} venues for a year: ${STATS_RECORDS.toLocaleString('en-US')} records of ${layout.venues} venues over ${layout.days} days, ${place.name}`;
    return { name, unit: 'ms', median, p95: percentile(samples.slice(2), 95), ratio: null, iterations: samples.length - 2, budget: layout.budget, within: withinBudget(layout.budget, median, null) };
  } finally {
    await store.close();
  }
}

export async function nationalBench(log: (line: string) => void): Promise<BenchRow[]> {
  const anchor = nativeVerifyAnchor(Math.random);
  const t = performance.now();
  for (let i = 0; i < 2000; i++) anchor();
  const anchorUs = ((performance.now() - t) / 2000) * 1000;
  const rows: BenchRow[] = [{ name: 'anchor: node:crypto Ed25519 verify, 100 B', unit: 'µs', median: anchorUs, p95: null, ratio: 1, iterations: 2000, budget: null, within: null }];
  const runs: [string, (p: Place) => Promise<BenchRow[]>, boolean][] = [
    ['SQLite upload', (p) => throughput(p, 1, log), false],
    ['PostgreSQL upload', (p) => throughput(p, 2, log), true],
    ...LAYOUTS.flatMap((layout): [string, (p: Place) => Promise<BenchRow[]>, boolean][] => [
      [`SQLite statistics (${layout.venues} venues)`, async (p) => [await statsTime(p, layout, log)], false],
      [`PostgreSQL statistics (${layout.venues} venues)`, async (p) => [await statsTime(p, layout, log)], true],
    ]),
  ];
  for (const [name, run, onPostgres] of runs) {
    const place = onPostgres ? await postgresPlace() : await sqlitePlace();
    if (place === null) {
      rows.push(errorRow(name, 'ms', null, new Error('set KAIKU_BENCH_DATABASE_URL (or KAIKU_TEST_DATABASE_URL) to a PostgreSQL database to measure this')));
      continue;
    }
    try {
      rows.push(...(await run(place)));
    } catch (e) {
      rows.push(errorRow(name, 'ms', null, e));
    } finally {
      await place.drop();
    }
  }
  return rows;
}
