// What the browser section's parts share: finding and launching Chromium the way the e2e tests
// do, bundling a script for a page, time limits on every wait, and the row a failed part prints.

import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from '@playwright/test';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import type { BenchRow, Budget, Unit } from './rows.ts';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** As playwright.config.ts: KAIKU_CHROMIUM, else Debian's /usr/bin/chromium, else Playwright's own. */
const executablePath = process.env.KAIKU_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

/** The e2e tests' flags: as root Chromium needs --no-sandbox; the rest keep it off the network. */
const BASE_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-gpu'];

/** Runs `use` with a fresh headless Chromium, closed afterwards whatever happens. */
export async function withChromium<T>(extraArgs: readonly string[], use: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await withTimeout(chromium.launch({ executablePath, headless: true, args: [...BASE_ARGS, ...extraArgs] }), 30_000, 'launching Chromium');
  try {
    return await use(browser);
  } finally {
    // A hung page must not keep the bench waiting: close, but give up on closing after a while.
    await withTimeout(browser.close(), 10_000, 'closing Chromium').catch(() => undefined);
  }
}

export class TimeoutError extends Error {}

/** `promise`, or a TimeoutError after `ms`; the timer never keeps Node alive. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what}: no answer within ${Math.round(ms / 1000)} s`)), ms);
    timer.unref();
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A module bundled into one classic script for a page; its exports land on `window[globalName]`. */
export async function pageScript(entry: string, globalName: string): Promise<string> {
  const out = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    format: 'iife',
    globalName,
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  // Init scripts run inside a function of Playwright's: the `var` esbuild declares stays local.
  return `${out.outputFiles[0]!.text}\nglobalThis[${JSON.stringify(globalName)}] = ${globalName};\n`;
}

/** A port nobody listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

export function message(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  // Playwright and Vite messages carry call logs and colour codes: the first line says it.
  // eslint-disable-next-line no-control-regex
  return (text.replace(/\x1b\[[0-9;]*m/g, '').split('\n').find((l) => l.trim()) ?? 'unknown error').trim();
}

/**
 * The row a part prints when it could not measure: the name says why, the figures are NaN (null in
 * --json), and a budget it has counts as missed, since nothing showed it was met.
 */
export function errorRow(name: string, unit: Unit, budget: Budget | null, e: unknown): BenchRow {
  const why = message(e);
  return {
    name: `${name}: ERROR, ${why.length > 150 ? `${why.slice(0, 147)}...` : why}`,
    unit,
    median: Number.NaN,
    p95: null,
    ratio: null,
    iterations: null,
    budget,
    within: budget ? false : null,
  };
}

/** Nearest-rank percentile, as bench/measure.ts takes them. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * Slows the page's main thread `rate` times through the DevTools protocol, as a cheap tablet would
 * be. Chromium applies the rate to pages only, not to their workers ("Operation is only supported
 * for pages, not workers"): the decoder worker keeps this machine's speed.
 */
export async function throttle(page: Page, rate: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

/**
 * Starts the page's calendar at `at` and lets it run on from there, as a tablet's clock would. The
 * desk's rules need the vectors' moment, but Playwright's page.clock also routes every timer of the
 * page (Preact's effects, the desk's own) through its script, a cost inside the measured path that
 * a tablet does not pay. Only `Date` moves; timers and performance.now stay the browser's.
 */
export async function startPageAt(page: Page, at: Date): Promise<void> {
  // A string, not a function: tsx would wrap a function's classes in helpers the page lacks.
  await page.addInitScript({
    content: `(() => {
      const NativeDate = Date;
      const offset = ${at.getTime()} - NativeDate.now();
      class ShiftedDate extends NativeDate {
        constructor(...args) { if (args.length === 0) super(NativeDate.now() + offset); else super(...args); }
        static now() { return NativeDate.now() + offset; }
      }
      globalThis.Date = ShiftedDate;
    })();`,
  });
}
