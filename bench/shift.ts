// A shift at the gate, compressed: the desk (production build) with its camera on, a card shown,
// read, checked and confirmed every 2 s for 10 minutes (`--shift-minutes N` for a quick run), the
// network dropping for 15 s every 90 s, and the page hidden for 10 s half way, after a warm-up of
// three minutes (which drops the network and hides the page once too). What a long day must not do: grow
// the JS heap or the DOM (both read after a garbage collection forced through the DevTools
// protocol, at the start, once the warm-up has run everything once, and at the end), slow the scan
// to verdict (the last minute's median against the first minute's, which is the anchor), or keep the
// camera running while nobody can see the desk.
//
// The y4m plays four cards in turn, each 1 s in view after 1 s of grey: a card is away for 7 s
// before it is shown again, longer than the desk's repeat window, so every showing is a new check.
// The venue has no limits, so each check is accepted and each confirm records a use.

import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import { qrMatrix, renderY4m } from '../src/node/qr-render.ts';
import { NOW, TODAY, cardCases, fakeServer, venue } from '../test/support/desk-fixture.ts';
import { anEvent } from '../test/support/venues.ts';
import type { ProbeSnapshot, Show } from './browser-probe.ts';
import { errorRow, pageScript, percentile, sleep, startPageAt, withChromium, withTimeout } from './browser-util.ts';
import type { BenchRow } from './rows.ts';
import { withinBudget } from './rows.ts';

const FPS = 10;
const DROP_EVERY_MS = 90_000;
const DROP_FOR_MS = 15_000;
const HIDDEN_FOR_MS = 10_000;
// Three minutes, not one: measured with heap snapshots (2026-12-07), V8 goes on compiling optimised
// code for the per-card paths through the first minutes at a card every 2 s. Of the +0.37 MiB a
// shift measured after a one-minute warm-up grew in 3 minutes, 0.33 MiB was compiled code (which
// levels off: +0.48 MiB after 10 minutes), the rest the browser's own capped buffers (layout-shift
// and resource-timing entries) and DevTools' network records; the desk's objects grew by 15 KB.
const WARM_UP_MS = 180_000;
/** The heap is also read (and logged) this far into the warm-up, where a shorter one would start. */
const EARLY_FOOTPRINT_MS = 60_000;
/** The warm-up's network drop and hidden page, each this long. */
const WARM_UP_EVENT_MS = 5_000;
const POLL_MS = 10_000;
const GROWTH_BUDGET = { max: 10, of: 'value' } as const;
const SLOWDOWN_BUDGET = { max: 1.5, of: 'ratio' } as const;

export function shiftMinutes(argv: readonly string[] = process.argv): number {
  const at = argv.findIndex((a) => a === '--shift-minutes' || a.startsWith('--shift-minutes='));
  if (at < 0) return 10;
  const value = Number(argv[at]!.includes('=') ? argv[at]!.split('=')[1] : argv[at + 1]);
  if (!(value >= 2)) throw new Error(`--shift-minutes: at least 2 (a first and a last minute), got ${argv[at + 1]}`);
  return value;
}

function shiftCards(): string[] {
  const accepted = cardCases.filter((c) => c.today === TODAY && c.expect.verdict === 'accepted');
  const codes = accepted.filter((c) => c.input.startsWith('KK1.')).slice(0, 2);
  const plain = accepted.filter((c) => !c.input.startsWith('KK1.')).slice(0, 2);
  if (codes.length < 2 || plain.length < 2) throw new Error('card-codes.json has too few accepted cards for 2026-11-22');
  return [...codes, ...plain].map((c) => c.input);
}

/** The four cards in turn, each after 1 s of grey, as one y4m (the header once). */
function writeShiftY4m(texts: readonly string[]): string {
  const parts = texts.map((t) => renderY4m(qrMatrix(t), { leadInFrames: FPS, seconds: 1, fps: FPS }));
  const headerEnd = parts[0]!.indexOf(10) + 1;
  const bodies = parts.map((p) => p.subarray(p.indexOf(10) + 1));
  const out = new Uint8Array(headerEnd + bodies.reduce((n, b) => n + b.length, 0));
  out.set(parts[0]!.subarray(0, headerEnd));
  let at = headerEnd;
  for (const b of bodies) {
    out.set(b, at);
    at += b.length;
  }
  const file = join(tmpdir(), `kaiku-shift-${process.pid}-${Date.now()}.y4m`);
  writeFileSync(file, out);
  return file;
}

interface Footprint {
  heapBytes: number;
  nodes: number;
}

async function footprint(cdp: CDPSession): Promise<Footprint> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  return { heapBytes: value('JSHeapUsedSize'), nodes: value('Nodes') };
}

// Page scripts as strings, not functions: tsx names functions with a helper the page lacks.

/** As test/e2e/support/page-visibility.ts: headless Chromium never hides a page by itself. */
const visibility = (state: 'hidden' | 'visible') => `(() => {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => '${state}' });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => ${state === 'hidden'} });
  document.dispatchEvent(new Event('visibilitychange'));
})()`;
const HIDE = visibility('hidden');
const SHOW = visibility('visible');

/** Confirms every accepted card as soon as it shows, and counts. */
const DRIVER = `(() => {
  const counts = (globalThis.__kaikuShift = { confirmed: 0, rejected: 0 });
  const verdict = document.querySelector('[data-testid="verdict"]');
  let last = verdict.getAttribute('data-check');
  new MutationObserver(() => {
    const check = verdict.getAttribute('data-check');
    if (check === last) return;
    last = check;
    const kind = verdict.getAttribute('data-verdict');
    if (kind === 'accepted') document.querySelector('[data-testid="confirm"]')?.click();
    else if (kind === 'redeemed') counts.confirmed++;
    else if (kind === 'rejected') counts.rejected++;
  }).observe(verdict, { attributes: true, attributeFilter: ['data-check'] });
})()`;

function liveTracks(page: Page): Promise<number> {
  return page.evaluate(`(() => {
    const stream = document.querySelector('video.preview')?.srcObject;
    return stream ? stream.getVideoTracks().filter((t) => t.readyState === 'live').length : 0;
  })()`);
}

/** The gate's wifi drops for `ms`: checks and confirms go on offline, uploads wait. */
async function dropNetwork(context: BrowserContext, ms: number): Promise<void> {
  await context.setOffline(true);
  await sleep(ms);
  await context.setOffline(false);
}

/** The page hidden for `ms`, then shown, the camera on again; the camera's live tracks while hidden. */
async function hideAWhile(page: Page, ms: number): Promise<number> {
  await page.evaluate(HIDE);
  await page.locator('.camera[data-scan="hidden"]').waitFor();
  await sleep(ms);
  const tracks = await liveTracks(page);
  await page.evaluate(SHOW);
  await page.locator('.camera[data-scan="on"]').waitFor();
  return tracks;
}

interface ShiftResult {
  minutes: number;
  confirmed: number;
  rejected: number;
  start: Footprint;
  end: Footprint;
  firstMinute: number[];
  lastMinute: number[];
  /** The median scan to verdict of each minute of the shift, in order. */
  minuteMedians: number[];
  tracksWhileHidden: number;
  drops: number;
}

async function runShift(origin: string, minutes: number, y4m: string, log: (line: string) => void): Promise<ShiftResult> {
  const probe = await pageScript('./browser-probe.ts', '__kaikuProbe');
  const args = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`];
  return withChromium(args, async (browser) => {
    const context = await browser.newContext({ baseURL: origin, permissions: ['camera'], bypassCSP: true });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.addInitScript({ content: probe });
    await startPageAt(page, NOW);
    const events = [anEvent({ id: 'hamlet', day: TODAY, quota: null })];
    const server = await fakeServer(context, { venue: venue({ perCard: null, dayQuota: null, events }) });
    await page.goto('/');
    await page.getByTestId('enrol-code').fill('DESK-CODE-1');
    await page.getByTestId('enrol-submit').click();
    await page.locator('[data-testid="verdict"][data-verdict=""]').waitFor();
    await page.getByTestId('event').selectOption('hamlet');
    await page.evaluate('globalThis.__kaikuProbe.watchVerdict(document.querySelector(\'[data-testid="verdict"]\'))');
    await page.evaluate('globalThis.__kaikuProbe.watchFrames(document.querySelector("video.preview"))');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.getByTestId('camera').click();
    await page.locator('.camera[data-scan="on"]').waitFor();

    // Staff, in the page: confirm each accepted card as it shows. Driving it from here through
    // Playwright would compile new code in the page for every card and grow the very heap measured.
    await page.evaluate(DRIVER);
    const counts = () => page.evaluate('({ ...globalThis.__kaikuShift })') as Promise<{ confirmed: number; rejected: number }>;
    const until = async (done: () => Promise<boolean>, what: string) => {
      for (const deadline = Date.now() + 60_000; !(await done()); await sleep(500)) if (Date.now() > deadline) throw new Error(`the shift stalled: ${what}`);
    };

    // The warm-up: every chunk loaded, the JIT settled, and once each what the shift then does
    // again and again (the network dropping, the page hidden): code a desk loads or compiles the
    // first time is not a pile-up. The shift is measured after it.
    const warmedAt = Date.now();
    await until(async () => (await counts()).confirmed >= 3, 'no card confirmed while warming up');
    await dropNetwork(context, WARM_UP_EVENT_MS);
    await hideAWhile(page, WARM_UP_EVENT_MS);
    await sleep(warmedAt + EARLY_FOOTPRINT_MS - Date.now());
    const early = await footprint(cdp);
    log(`shift: ${EARLY_FOOTPRINT_MS / 60_000} min into the warm-up: JS heap ${(early.heapBytes / 1048576).toFixed(2)} MiB, ${early.nodes} DOM nodes`);
    await sleep(warmedAt + WARM_UP_MS - Date.now());
    const start = await footprint(cdp);
    const probeAt = () => page.evaluate('globalThis.__kaikuProbe.snapshot()') as Promise<ProbeSnapshot>;
    const startedAt = (await probeAt()).now;
    const began = Date.now();
    const endsAt = began + minutes * 60_000;
    let nextDrop = began + DROP_EVERY_MS;
    let hiddenDone = false;
    let tracksWhileHidden = -1;
    let drops = 0;
    let lastLog = began;
    let seen = (await counts()).confirmed;
    let seenAt = Date.now();
    while (Date.now() < endsAt) {
      // Seldom: every call into the page compiles a script there that DevTools keeps, growing the heap measured.
      await sleep(POLL_MS);
      const now = Date.now();
      if (now >= nextDrop) {
        drops++;
        await dropNetwork(context, DROP_FOR_MS);
        nextDrop = Date.now() + DROP_EVERY_MS;
      }
      if (!hiddenDone && now - began >= (minutes * 60_000) / 2) {
        hiddenDone = true;
        tracksWhileHidden = await hideAWhile(page, HIDDEN_FOR_MS);
        seenAt = Date.now();
      }
      const c = await counts();
      if (c.confirmed > seen) {
        seen = c.confirmed;
        seenAt = Date.now();
      } else if (Date.now() - seenAt > 30_000) throw new Error(`no card confirmed for 30 s (${c.confirmed} confirmed, ${c.rejected} rejected)`);
      if (Date.now() - lastLog > 60_000) {
        lastLog = Date.now();
        log(`shift: ${((Date.now() - began) / 60_000).toFixed(1)} min, ${c.confirmed} confirmed, ${c.rejected} rejected, ${server.uploads.flat().length} uploaded`);
      }
    }
    const { confirmed, rejected } = await counts();
    const end = await footprint(cdp);
    const snapshot = await probeAt();
    const samples = snapshot.shows.filter((s) => s.ms !== null && s.at >= startedAt);
    const lastAt = samples.at(-1)?.at ?? startedAt;
    const decoder = snapshot.decoder.slice(Math.floor(startedAt / 60_000)).filter((m) => m.frames > 0);
    // Each minute's showings, once: the scan's median of each (the budget's figures) and, to tell
    // a slower desk from a drifting clock, the medians of its steps.
    const byMinute = Array.from({ length: Math.ceil((lastAt - startedAt) / 60_000) }, (_, m) =>
      samples.filter((s) => s.at >= startedAt + m * 60_000 && s.at < startedAt + (m + 1) * 60_000),
    );
    const medianOf = (shows: Show[], f: (s: Show) => number | null) => percentile(shows.map(f).filter((v): v is number => v !== null), 50);
    const steps = byMinute.map((shows) => [(s: Show) => s.lagMs, (s: Show) => s.sentMs, (s: Show) => s.decodedMs].map((f) => medianOf(shows, f).toFixed(1)).join('/'));
    log(`shift: each minute's step medians, ms from the code frame's presentation (its callback's start / frame sent / decoded): ${steps.join(', ')}`);
    log(`shift: decoder, each minute: frames answered / mean ms in the worker / mean ms from sending to answer: ${decoder.map((m) => `${m.frames}/${(m.decodeMs / m.frames).toFixed(1)}/${(m.roundTripMs / m.frames).toFixed(1)}`).join(', ')}`);
    await context.close();
    return {
      minutes,
      confirmed,
      rejected,
      start,
      end,
      firstMinute: samples.filter((s) => s.at < startedAt + 60_000).map((s) => s.ms!),
      lastMinute: samples.filter((s) => s.at > lastAt - 60_000).map((s) => s.ms!),
      minuteMedians: byMinute.map((shows) => medianOf(shows, (s) => s.ms)),
      tracksWhileHidden,
      drops,
    };
  });
}

function growthRow(name: string, from: number, to: number, unit: string): BenchRow {
  const growth = ((to - from) / from) * 100;
  const show = (n: number) => (unit === 'MiB' ? (n / 1048576).toFixed(2) : n.toLocaleString('en-US'));
  return {
    name: `${name}: ${show(from)} -> ${show(to)} ${unit}, growth`,
    unit: '%',
    median: growth,
    p95: null,
    ratio: null,
    iterations: null,
    budget: GROWTH_BUDGET,
    within: withinBudget(GROWTH_BUDGET, growth, null),
  };
}

export async function shiftRows(origin: string, log: (line: string) => void, minutes = shiftMinutes()): Promise<BenchRow[]> {
  const label = `shift of ${minutes} min`;
  let y4m: string | null = null;
  try {
    y4m = writeShiftY4m(shiftCards());
    log(`shift: ${minutes} min, a card every 2 s, the network down ${DROP_FOR_MS / 1000} s every ${DROP_EVERY_MS / 1000} s, hidden ${HIDDEN_FOR_MS / 1000} s half way`);
    const r = await withTimeout(runShift(origin, minutes, y4m, log), (minutes + 4) * 60_000 + WARM_UP_MS, 'the shift');
    log(`shift: ${r.confirmed} confirmed, ${r.rejected} rejected, ${r.drops} network drops; first minute [${r.firstMinute.map((s) => s.toFixed(0)).join(', ')}], last minute [${r.lastMinute.map((s) => s.toFixed(0)).join(', ')}]`);
    log(`shift: scan to verdict, median of each minute: ${r.minuteMedians.map((m) => m.toFixed(1)).join(', ')} ms`);
    const first = percentile(r.firstMinute, 50);
    const last = percentile(r.lastMinute, 50);
    const tracksBudget = { max: 0, of: 'value' } as const;
    return [
      { name: `${label}: anchor, scan to verdict in the first minute (${r.confirmed} cards confirmed in all)`, unit: 'ms', median: first, p95: percentile(r.firstMinute, 95), ratio: 1, iterations: r.firstMinute.length, budget: null, within: null },
      {
        name: `${label}: scan to verdict in the last minute`,
        unit: 'ms',
        median: last,
        p95: percentile(r.lastMinute, 95),
        ratio: last / first,
        iterations: r.lastMinute.length,
        budget: SLOWDOWN_BUDGET,
        within: r.lastMinute.length >= 5 && withinBudget(SLOWDOWN_BUDGET, last, last / first) === true,
      },
      growthRow(`${label}: JS heap after GC`, r.start.heapBytes, r.end.heapBytes, 'MiB'),
      growthRow(`${label}: DOM nodes after GC`, r.start.nodes, r.end.nodes, 'nodes'),
      {
        name: `${label}: live camera tracks while the page was hidden`,
        unit: 'count',
        median: r.tracksWhileHidden,
        p95: null,
        ratio: null,
        iterations: null,
        budget: tracksBudget,
        within: r.tracksWhileHidden === 0,
      },
    ];
  } catch (e) {
    log(`shift failed: ${(e as Error).stack ?? String(e)}`);
    return [errorRow(label, 'ms', SLOWDOWN_BUDGET, e)];
  } finally {
    if (y4m) rmSync(y4m, { force: true });
  }
}
