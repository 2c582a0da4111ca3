// The sync section of `npm run bench`: 10,000 records queued on a desk in Chromium, drained into
// the reference server by the desk's own DrainLoop (batches of 500 over HTTP, each stored in one
// transaction). Anchor: the same 10,000 records stored straight into the server's database in one
// transaction. Budget: the drain within 10 s.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RedemptionRecord } from '../src/core/record.ts';
import type { DeviceState } from '../src/storage/desk-store.ts';
import { makeEnrolCode, saveVenue } from '../server/admin.ts';
import { startServer } from '../server/start-server.ts';
import { openSqliteStore } from '../server/store/sqlite-store.ts';
import { benchUse, benchVenue } from './bench-records.ts';
import { errorRow, freePort, pageScript, withChromium, withTimeout } from './browser-util.ts';
import type { BenchRow } from './rows.ts';

const COUNT = 10_000;
const VENUE = 'bench-venue';
const venueSettings = benchVenue(VENUE);
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
      return [
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
