// The browser section of `npm run bench`: the production build in Chromium. What the first screen
// downloads (gzip, from Vite's manifest), confirm to durable record on a desk holding 100,000
// records, and scan to verdict through Chromium's fake camera, each beside an anchor measured in
// the same run: a bare strict IndexedDB put, and stock @zxing/browser on the same video.
//
// Every part has time limits and turns a failure into an error row, so one broken part (a build
// that does not resolve, a scanner that never answers) still leaves the other figures printed.

import type { AppBuild, Served, SizedFile } from './browser-build.ts';
import { buildApp, buildSizes, serveBuild } from './browser-build.ts';
import { CONFIRM_BUDGET, CONFIRM_NAME, confirmRows } from './browser-confirm.ts';
import { SCAN_BUDGET, scanRowsInBrowser } from './browser-scan.ts';
import { errorRow, freePort } from './browser-util.ts';
import type { BenchRow, Budget } from './rows.ts';
import { withinBudget } from './rows.ts';

export const INITIAL_JS_BUDGET_KIB = 30;

function sizeRow(name: string, files: readonly SizedFile[], budget: Budget | null = null): BenchRow {
  const gzipKiB = files.reduce((n, f) => n + f.gzipBytes, 0) / 1024;
  const raw = files.reduce((n, f) => n + f.bytes, 0);
  return {
    name: `${name}, gzip -9 (${raw.toLocaleString('en-US')} B raw)`,
    unit: 'KiB',
    median: gzipKiB,
    p95: null,
    ratio: null,
    iterations: null,
    budget,
    within: withinBudget(budget, gzipKiB, null),
  };
}

function sizeRows(outDir: string): BenchRow[] {
  const sizes = buildSizes(outDir);
  const labels = (files: readonly SizedFile[]) => files.map((f) => f.label).join(' + ');
  const rows = [
    sizeRow(`initial JS: ${labels(sizes.initialJs)}`, sizes.initialJs, { max: INITIAL_JS_BUDGET_KIB, of: 'value' }),
    sizeRow(`initial CSS: ${labels(sizes.initialCss) || 'none'}`, sizes.initialCss),
  ];
  if (!sizes.decoder.length) rows.push(errorRow('decoder chunks', 'KiB', null, 'the build has no chunk from src/scanner/'));
  for (const f of sizes.decoder) rows.push(sizeRow(`decoder, lazy: ${f.label}`, [f]));
  if (sizes.decoder.length > 1) rows.push(sizeRow('decoder, lazy: all of it', sizes.decoder));
  if (sizes.otherJs.length) rows.push(sizeRow(`other lazy JS: ${labels(sizes.otherJs)}`, sizes.otherJs));
  rows.push(sizes.serviceWorker ? sizeRow('service worker sw.js', [sizes.serviceWorker]) : errorRow('service worker', 'KiB', null, 'the build has no sw.js'));
  return rows;
}

export async function browserBench(log: (line: string) => void): Promise<BenchRow[]> {
  const started = performance.now();
  const took = () => `${((performance.now() - started) / 1000).toFixed(1)} s in`;
  const rows: BenchRow[] = [];
  let build: AppBuild | null = null;
  let served: Served | null = null;
  try {
    log('browser: vite build (production) into a temporary folder');
    try {
      build = await buildApp(log);
    } catch (e) {
      log(`browser: ${(e as Error).message}`);
      rows.push(errorRow('initial JS', 'KiB', { max: INITIAL_JS_BUDGET_KIB, of: 'value' }, e));
    }
    if (build) {
      try {
        rows.push(...sizeRows(build.outDir));
      } catch (e) {
        rows.push(errorRow('initial JS', 'KiB', { max: INITIAL_JS_BUDGET_KIB, of: 'value' }, e));
      }
      try {
        served = await serveBuild(build.outDir);
        log(`browser: vite preview at ${served.origin} (${took()})`);
      } catch (e) {
        log(`browser: vite preview failed: ${(e as Error).stack ?? String(e)}`);
        rows.push(errorRow('vite preview', 'ms', null, e));
      }
    }
    // The confirm needs an origin, not the app: without a preview it runs on a routed one.
    const origin = served?.origin ?? `http://127.0.0.1:${await freePort().catch(() => 4173)}`;
    try {
      rows.push(...(await confirmRows(origin, log)));
    } catch (e) {
      rows.push(errorRow(CONFIRM_NAME, 'ms', CONFIRM_BUDGET, e));
    }
    log(`browser: confirm done (${took()})`);
    if (served) rows.push(...(await scanRowsInBrowser(served.origin, log)));
    else rows.push(errorRow('scan to verdict, desk camera', 'ms', SCAN_BUDGET, build ? 'no preview server' : 'no build (see the initial JS row)'));
  } finally {
    await served?.close();
    build?.dispose();
    log(`browser: done (${took()})`);
  }
  return rows;
}
