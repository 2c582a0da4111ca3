// The sync section of `npm run bench`: 10,000 records queued on a desk in Chromium, drained into
// the reference server by the desk's own DrainLoop (batches of 500 over HTTP, each stored in one
// transaction). Anchor: the same 10,000 records stored straight into the server's database in one
// transaction. Budget: the drain within 10 s. And a confirm that needs a new quota share, online on
// loopback (bench/share-confirm-page.ts), beside a bare loopback GET: within 100 ms.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RedemptionRecord } from '../src/core/record.ts';
import type { DeviceState } from '../src/storage/desk-store.ts';
import { makeEnrolCode, saveVenue } from '../server/admin.ts';
import { startServer } from '../server/start-server.ts';
import { openSqliteStore } from '../server/store/sqlite-store.ts';
import { helsinkiDay } from '../src/core/calendar.ts';
import type { VenueSettings } from '../src/core/venue.ts';
import { benchUse, benchVenue } from './bench-records.ts';
import { errorRow, freePort, pageScript, percentile, withChromium, withTimeout } from './browser-util.ts';
import type { BenchRow } from './rows.ts';
import type { ShareConfirmResult } from './share-confirm-page.ts';

const COUNT = 10_000;
const VENUE = 'bench-venue';
// The server runs on the real clock: the shared event is tomorrow, so its shares are open.
const GALA = 'bench-gala';
const venueSettings: VenueSettings = {
  ...benchVenue(VENUE),
  events: [{ id: GALA, title: 'Gala', day: helsinkiDay(Date.now()) + 1, start: '19:00', category: 'culture', type: 'ticket', quota: 100_000, excluded: false }],
};
const SHARE_CONFIRMS = 100;
const SHARE_BUDGET = { max: 100, of: 'value' } as const;
const SHARE_NAME = 'confirm that needs a new quota share, Chromium ↔ server (loopback)';
const random = (n: number) => new Uint8Array(randomBytes(n));

function records(deviceId: string): RedemptionRecord[] {
  const t0 = Date.parse('2026-11-22T08:00:00.000Z');
  return Array.from({ length: COUNT }, (_, i) => benchUse({ venueId: VENUE, deviceId, seq: i + 1, atMs: t0 + i * 1000, card: i, eventId: 'admission-2026-11-22' }));
}

/** A server data folder with the venue and one enrolled desk (over HTTP, as a desk enrols). */
async function enrolledServer(dataDir: string, staticDir: string) {
  const store = openSqliteStore(dataDir, { create: true });
  await saveVenue(store, venueSettings);
  const { code } = await makeEnrolCode(store, { venueId: VENUE, role: 'desk', hours: 1, nowMs: Date.now(), random });
  await store.close();
  const port = await freePort();
  const server = await startServer({ port, data: { dataDir }, staticDir });
  const r = await fetch(`${server.url}/v1/enrol`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, deviceName: 'bench' }) });
  const enrolment = (await r.json()) as Omit<DeviceState, 'serverUrl' | 'deviceName' | 'enrolledAt'>;
  return { server, device: { ...enrolment, serverUrl: server.url, deviceName: 'bench', enrolledAt: new Date().toISOString() } as DeviceState };
}

/** Each confirm needs a new share from the server (one round), beside a loopback GET taken in turn with it. */
async function shareConfirmRows(url: string, device: DeviceState, log: (line: string) => void): Promise<BenchRow[]> {
  try {
    const script = await pageScript('./share-confirm-page.ts', 'kaikuShares');
    const result = await withChromium([], async (browser) => {
      const page = await browser.newPage({ bypassCSP: true });
      await page.goto(`${url}/bench`);
      await page.addScriptTag({ content: script });
      return withTimeout(
        page.evaluate(
          ([d, v, e, n]) => (globalThis as unknown as { kaikuShares: typeof import('./share-confirm-page.ts') }).kaikuShares.shareConfirms(d, v, e, n, 10),
          [device, venueSettings, GALA, SHARE_CONFIRMS] as const,
        ),
        120_000,
        'confirms that need a new share',
      ) as Promise<ShareConfirmResult>;
    });
    const anchor = percentile(result.anchors, 50);
    const median = percentile(result.confirms, 50);
    log(`sync: ${result.confirms.length} confirms each with a new share, median ${median.toFixed(1)} ms (loopback GET ${anchor.toFixed(1)} ms)`);
    return [
      { name: 'anchor: GET /v1/health from the page (loopback round trip)', unit: 'ms', median: anchor, p95: percentile(result.anchors, 95), ratio: 1, iterations: result.anchors.length, budget: null, within: null },
      { name: SHARE_NAME, unit: 'ms', median, p95: percentile(result.confirms, 95), ratio: median / anchor, iterations: result.confirms.length, budget: SHARE_BUDGET, within: median <= SHARE_BUDGET.max },
    ];
  } catch (e) {
    log(`sync: share confirms failed: ${(e as Error).stack ?? String(e)}`);
    return [errorRow(SHARE_NAME, 'ms', SHARE_BUDGET, e)];
  }
}

export async function syncBench(log: (line: string) => void): Promise<BenchRow[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'kaiku-bench-sync-'));
  const emptyStatic = mkdtempSync(join(tmpdir(), 'kaiku-bench-static-'));
  try {
    // Anchor: one transaction straight into SQLite.
    const anchorDir = join(scratch, 'anchor');
    const anchor = await enrolledServer(anchorDir, emptyStatic);
    await anchor.server.close();
    const anchorStore = openSqliteStore(anchorDir);
    const anchorRecords = records(anchor.device.deviceId);
    const a0 = performance.now();
    const outcomes = await anchorStore.storeRecords(VENUE, anchorRecords);
    const anchorMs = performance.now() - a0;
    await anchorStore.close();
    if (outcomes.some((o) => o !== 'stored')) throw new Error('the anchor did not store every record');
    log(`sync: anchor, ${COUNT} records in one transaction: ${anchorMs.toFixed(0)} ms`);

    const { server, device } = await enrolledServer(join(scratch, 'drain'), emptyStatic);
    try {
      const script = await pageScript('./sync-drain-page.ts', 'kaikuDrain');
      const result = await withChromium([], async (browser) => {
        // The bench injects its own script, which the server's policy would refuse.
        const page = await browser.newPage({ bypassCSP: true });
        await page.goto(`${server.url}/bench`);
        await page.addScriptTag({ content: script });
        return withTimeout(
          page.evaluate(
            ([d, rs]) => (globalThis as unknown as { kaikuDrain: typeof import('./sync-drain-page.ts') }).kaikuDrain.drainAll(d, rs),
            [device, records(device.deviceId)] as const,
          ),
          120_000,
          'draining 10,000 records',
        );
      });
      if (result.left !== 0) throw new Error(`${result.left} records were left in the outbox`);
      log(`sync: drained ${COUNT} records in ${result.batches} batches, ${result.ms.toFixed(0)} ms`);
      const shares = await shareConfirmRows(server.url, device, log);
      return [
        ...shares,
        { name: `store ${COUNT.toLocaleString('en-US')} records, one SQLite transaction (anchor)`, unit: 'ms', median: anchorMs, p95: null, ratio: 1, iterations: 1, budget: null, within: null },
        {
          name: `drain ${COUNT.toLocaleString('en-US')} records, Chromium → server`,
          unit: 'ms',
          median: result.ms,
          p95: null,
          ratio: result.ms / anchorMs,
          iterations: 1,
          budget: { max: 10_000, of: 'value' },
          within: result.ms <= 10_000,
        },
      ];
    } finally {
      await server.close();
    }
  } catch (e) {
    return [errorRow(`drain ${COUNT} records, Chromium → server`, 'ms', { max: 10_000, of: 'value' }, e)];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(emptyStatic, { recursive: true, force: true });
  }
}
