// Confirm to durable record in Chromium: test/support/storage-confirm.ts's storageConfirmBench (100,000
// records held, then timed appendRecord calls) on a blank page at the preview origin, its anchor
// (a bare strict IndexedDB put in a fresh database) taken before and after it in the same page.

import type { Browser } from '@playwright/test';
import type { idbPutAnchor } from './browser-confirm-page.ts';
import { errorRow, pageScript, percentile, throttle, withChromium, withTimeout } from './browser-util.ts';
import type { BenchRow, Budget } from './rows.ts';
import { withinBudget } from './rows.ts';
import type { ConfirmBenchResult, storageConfirmBench } from '../test/support/storage-confirm.ts';

export const CONFIRM_BUDGET = { max: 15, of: 'value' } as const;
/** The limits query a scan makes first, with 100,000 records held (the day's come from memory). */
export const LIMITS_BUDGET = { max: 2, of: 'value' } as const;
/** The quota share check may add this much to a confirm (issue 12). */
export const SHARE_CHECK_BUDGET = { max: 1, of: 'value' } as const;
const SEED = 100_000;
/** Anchor puts before and after the confirm run, each after a warm-up. */
const ANCHOR_PUTS = 100;
const ANCHOR_WARMUP = 20;
const CONFIRM_TIMEOUT_MS = 150_000;

export const CONFIRM_NAME = `confirm to durable record, ${SEED / 1000}k records held`;
const ANCHOR_NAME = 'anchor: bare IndexedDB put, strict, fresh DB';

/** A blank HTML page at `origin`, answered by the browser context itself (nothing of the app runs). */
export async function blankPage(browser: Browser, origin: string, html = '') {
  // The bench injects its own measuring script, which the server's policy would refuse.
  const context = await browser.newContext({ bypassCSP: true });
  const url = `${origin}/__kaiku-bench/blank.html`;
  await context.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: `<!doctype html><html lang="en"><title>bench</title>${html}</html>` }));
  const page = await context.newPage();
  await page.goto(url, { timeout: 15_000 });
  return { context, page };
}

export interface PageResult {
  anchors: number[];
  confirm: ConfirmBenchResult;
}

/**
 * The confirm run in a blank page at `origin`: anchors, 100,000 records seeded, timed appends,
 * anchors again. With `cpuRate` above 1 the page's CPU is slowed that many times once the records
 * are seeded (the tablet section), so the seeding does not take four times as long.
 */
export async function confirmRun(origin: string, log: (line: string) => void, cpuRate = 1): Promise<PageResult> {
  const script = await pageScript('./browser-confirm-page.ts', '__kaikuConfirm');
  return withChromium([], async (browser) => {
    const { page } = await blankPage(browser, origin);
    await page.addScriptTag({ content: script });
    log(`browser: confirm, seeding ${SEED.toLocaleString('en-US')} records into IndexedDB, then timing appendRecord${cpuRate === 1 ? '' : ` at ${cpuRate}x CPU`}`);
    // One evaluate: anchors, the confirm run, anchors again, so slow spells hit both.
    const run = page.evaluate(`(async () => {
      const k = globalThis.__kaikuConfirm;
      const slow = ${cpuRate !== 1};
      const before = slow ? [] : await k.idbPutAnchor(${ANCHOR_PUTS}, ${ANCHOR_WARMUP});
      const afterSeed = slow ? () => new Promise((resume) => { globalThis.__kaikuSeeded = resume; }) : undefined;
      const confirm = await k.storageConfirmBench({ seed: ${SEED}, afterSeed });
      const after = await k.idbPutAnchor(${ANCHOR_PUTS}, ${ANCHOR_WARMUP});
      return { anchors: [...before, ...after], confirm };
    })()`) as Promise<PageResult>;
    if (cpuRate !== 1) {
      await withTimeout(page.waitForFunction('typeof globalThis.__kaikuSeeded === "function"', null, { timeout: 0, polling: 500 }), CONFIRM_TIMEOUT_MS, 'seeding the records');
      await throttle(page, cpuRate);
      await page.evaluate('globalThis.__kaikuSeeded()');
    }
    return withTimeout(run, CONFIRM_TIMEOUT_MS, 'the confirm run in Chromium');
  });
}

export async function confirmRows(origin: string, log: (line: string) => void): Promise<BenchRow[]> {
  try {
    const { anchors, confirm } = await confirmRun(origin, log);
    log(`browser: confirm, seeded ${confirm.seeded.toLocaleString('en-US')} records in ${(confirm.seedMs / 1000).toFixed(1)} s`);
    const anchorMedian = percentile(anchors, 50);
    const row = (name: string, t: { median: number; p95: number }, iterations: number, budget: Budget | null): BenchRow => ({
      name,
      unit: 'ms',
      median: t.median,
      p95: t.p95,
      ratio: t.median / anchorMedian,
      iterations,
      budget,
      within: withinBudget(budget, t.median, t.median / anchorMedian),
    });
    // The share check's cost: the same confirm at a shared quota, less the plain one, same loop.
    const added = confirm.shared.median - confirm.median;
    return [
      { ...row(ANCHOR_NAME, { median: anchorMedian, p95: percentile(anchors, 95) }, anchors.length, null), ratio: 1 },
      row(CONFIRM_NAME, confirm, confirm.appends, CONFIRM_BUDGET),
      row(`  limits query before it, ${SEED / 1000}k records`, confirm.limits, confirm.appends, LIMITS_BUDGET),
      row('  the same confirm at a quota this desk holds a share of (shares read + spent)', confirm.shared, confirm.appends, null),
      { ...row('  share check added to the confirm (median with − median without)', { median: added, p95: Number.NaN }, confirm.appends, SHARE_CHECK_BUDGET), p95: null },
    ];
  } catch (e) {
    log(`browser: confirm failed: ${(e as Error).stack ?? String(e)}`);
    return [errorRow(CONFIRM_NAME, 'ms', CONFIRM_BUDGET, e)];
  }
}

// The page script's exports, for the reader of the string above.
export type ConfirmPage = { idbPutAnchor: typeof idbPutAnchor; storageConfirmBench: typeof storageConfirmBench };
