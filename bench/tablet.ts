// The tablet section of `npm run bench`: the desk on a cheap tablet and through a long day. Each
// figure twice in Chromium, as it is and with the page's CPU slowed 4x through the DevTools
// protocol (Emulation.setCPUThrottlingRate), the unthrottled run being the 4x row's anchor: scan
// to verdict (the fake camera), typed check to verdict, and confirm to durable record with
// 100,000 records held. Then a compressed shift (bench/shift.ts).
//
// Chromium slows only the page's main thread this way, never a worker: the decoder worker keeps
// this machine's speed, so the 4x scan figure holds the main thread's share (frame grab, check,
// render), and the decoder's own pace on a slow device is test/scanner/scan-pace.test.ts's part.

import type { AppBuild, Served } from './browser-build.ts';
import { buildApp, serveBuild } from './browser-build.ts';
import { confirmRun } from './browser-confirm.ts';
import { deskScanSamples } from './browser-scan.ts';
import type { TypedSamples } from './browser-typed.ts';
import { typedSamples } from './browser-typed.ts';
import { errorRow, percentile } from './browser-util.ts';
import type { BenchRow, Budget } from './rows.ts';
import { withinBudget } from './rows.ts';
import { shiftRows } from './shift.ts';

const RATE = 4;
const SCAN_BUDGET: Budget = { max: 150, of: 'value' };
const TYPED_BUDGET: Budget = { max: 50, of: 'value' };
const CONFIRM_BUDGET: Budget = { max: 20, of: 'value' };

/** The 1x row (the anchor) and the 4x row with its budget. */
function pairRows(name: string, plain: readonly number[] | Error, slow: readonly number[] | Error, budget: Budget | null): BenchRow[] {
  const row = (label: string, samples: readonly number[], ratio: number, b: Budget | null): BenchRow => {
    const median = percentile(samples, 50);
    return { name: label, unit: 'ms', median, p95: percentile(samples, 95), ratio, iterations: samples.length, budget: b, within: withinBudget(b, median, ratio) };
  };
  const anchorName = `anchor: ${name}, unthrottled`;
  const slowName = `${name}, CPU ${RATE}x slower`;
  const out: BenchRow[] = [];
  out.push(plain instanceof Error ? errorRow(anchorName, 'ms', null, plain) : row(anchorName, plain, 1, null));
  if (slow instanceof Error) out.push(errorRow(slowName, 'ms', budget, slow));
  else out.push(row(slowName, slow, plain instanceof Error ? Number.NaN : percentile(slow, 50) / percentile(plain, 50), budget));
  return out;
}

async function attempt<T>(what: string, log: (line: string) => void, run: () => Promise<T>): Promise<T | Error> {
  try {
    return await run();
  } catch (e) {
    log(`tablet: ${what} failed: ${(e as Error).stack ?? String(e)}`);
    return e instanceof Error ? e : new Error(String(e));
  }
}

export async function tabletBench(log: (line: string) => void): Promise<BenchRow[]> {
  let build: AppBuild | null = null;
  let served: Served | null = null;
  const rows: BenchRow[] = [];
  try {
    log('tablet: vite build (production) into a temporary folder');
    build = await buildApp(log);
    served = await serveBuild(build.outDir);
    const origin = served.origin;

    const scan: (number[] | Error)[] = [];
    for (const rate of [1, RATE]) scan.push(await attempt(`scan at ${rate}x`, log, () => deskScanSamples(origin, rate, log)));
    rows.push(...pairRows('scan to verdict, desk camera, case 1', scan[0]!, scan[1]!, SCAN_BUDGET));

    const typed: (TypedSamples | Error)[] = [];
    for (const rate of [1, RATE]) typed.push(await attempt(`typed at ${rate}x`, log, () => typedSamples(origin, rate, log)));
    const part = (t: TypedSamples | Error, k: keyof TypedSamples) => (t instanceof Error ? t : t[k]);
    rows.push(...pairRows('typed check to verdict, card number', part(typed[0]!, 'plain'), part(typed[1]!, 'plain'), TYPED_BUDGET));
    rows.push(...pairRows('typed check to verdict, KK1. code (wedge scanner)', part(typed[0]!, 'code'), part(typed[1]!, 'code'), TYPED_BUDGET));

    const confirm: (number[] | Error)[] = [];
    for (const rate of [1, RATE]) {
      confirm.push(
        await attempt(`confirm at ${rate}x`, log, async () => {
          const r = await confirmRun(origin, log, rate);
          return r.confirm.samples;
        }),
      );
    }
    rows.push(...pairRows('confirm to durable record, 100k records held', confirm[0]!, confirm[1]!, CONFIRM_BUDGET));

    rows.push(...(await shiftRows(origin, log)));
  } catch (e) {
    log(`tablet: ${(e as Error).stack ?? String(e)}`);
    rows.push(errorRow('tablet section', 'ms', null, e));
  } finally {
    await served?.close();
    build?.dispose();
  }
  return rows;
}
