// Scan to verdict with Chromium's fake camera: the desk (production build, enrolled at the fixed
// moment of the vectors, event "hamlet") and, as the anchor, stock @zxing/browser with its default
// settings on a blank page at the same origin. Both watch the same y4m with the same browser flags
// and the same in-page probe (bench/browser-probe.ts).
//
// The y4m plays two codes in turn, each for 1 s after 3.3 s of plain grey: case 1 of
// test/vectors/card-codes.json (the code the budget is about) and the first other accepted KK1.
// case that stock zxing-js can read in its own y4m frame. Stock zxing-js cannot read case 1 there
// at all (its detector fails on that clean frame: checked in Node below, and seen in Chromium), so
// without the second code the anchor would have no figure to divide by. The fake camera loops the
// file, so one page gives a sample per showing; 3.3 s of grey between showings is more than the
// desk's 3-second repeat filter, and the verdict needs no reset: every check bumps data-check.

import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { BinaryBitmap, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library';
import { qrMatrix, renderY4m } from '../src/node/qr-render.ts';
import { NOW, cardCases, fakeServer } from '../test/support/desk-fixture.ts';
import { blankPage } from './browser-confirm.ts';
import type { ProbeSnapshot } from './browser-probe.ts';
import { DARK, PROBE_SIDE } from './browser-probe.ts';
import { errorRow, message, pageScript, percentile, sleep, startPageAt, throttle, withChromium, withTimeout } from './browser-util.ts';
import type { BenchRow } from './rows.ts';
import { withinBudget } from './rows.ts';

export const SCAN_BUDGET = { max: 150, of: 'value' } as const;
/** Theirs / ours ≥ 3, as a ratio to the anchor (ours / theirs) of at most 1/3. */
const SPEEDUP_BUDGET = { max: 0.333, of: 'ratio' } as const;
/** Samples wanted per code, per decoder. */
const SAMPLES = 8;
const FPS = 30;
const LEAD_IN_S = 3.3;
const CODE_S = 1;
const PERIOD_S = 2 * (LEAD_IN_S + CODE_S);
/** Frames of the code this y4m shows, 640x480 luma, for the check in Node. */
const Y4M_WIDTH = 640;
const Y4M_HEIGHT = 480;

interface ScanCode {
  /** "case 1": its place in card-codes.json. */
  label: string;
  text: string;
  cardId: string;
}

interface Codes {
  /** The y4m's codes, in the order it shows them. */
  codes: [ScanCode, ScanCode];
  /** Whether stock zxing-js reads each code in the y4m's own frame, in Node: the error if not. */
  zxingInNode: (string | null)[];
}

/** The luma of the frame showing `text` as the y4m draws it. */
function codeFrame(text: string): Uint8ClampedArray {
  const y4m = renderY4m(qrMatrix(text), { leadInFrames: 0, seconds: 1 / FPS, fps: FPS });
  const start = y4m.indexOf(10) + 1 + 'FRAME\n'.length;
  return new Uint8ClampedArray(y4m.subarray(start, start + Y4M_WIDTH * Y4M_HEIGHT));
}

/** Whether the probe's centre square of the frame showing `text` has a dark pixel: else the probe would never see the code. */
function probeSeesCode(text: string): boolean {
  const luma = codeFrame(text);
  const x0 = Math.floor((Y4M_WIDTH - PROBE_SIDE) / 4) * 2;
  const y0 = Math.floor((Y4M_HEIGHT - PROBE_SIDE) / 4) * 2;
  for (let y = y0; y < y0 + PROBE_SIDE; y++) for (let x = x0; x < x0 + PROBE_SIDE; x++) if (luma[y * Y4M_WIDTH + x]! < DARK) return true;
  return false;
}

/** The frame of `text` as the y4m draws it, read by stock zxing-js in Node: null if it reads right. */
function zxingFails(text: string): string | null {
  const luma = codeFrame(text);
  try {
    const got = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luma, Y4M_WIDTH, Y4M_HEIGHT)))).getText();
    return got === text ? null : 'misread';
  } catch (e) {
    return (e as Error).constructor.name.replace(/\d+$/, '');
  }
}

function chooseCodes(): Codes {
  const accepted = cardCases
    .map((c, i) => ({ c, label: `case ${i + 1}` }))
    .filter(({ c }) => c.input.startsWith('KK1.') && c.today === 20779 && c.expect.verdict === 'accepted' && typeof c.expect.cardId === 'string');
  const first = cardCases[0];
  if (!first || accepted[0]?.c !== first) throw new Error('case 1 of card-codes.json is no longer an accepted KK1. code on 2026-11-22');
  const a: ScanCode = { label: 'case 1', text: first.input, cardId: first.expect.cardId as string };
  const other = accepted.slice(1).find(({ c }) => zxingFails(c.input) === null);
  if (!other) throw new Error('no other accepted KK1. case that stock zxing-js reads');
  const b: ScanCode = { label: other.label, text: other.c.input, cardId: other.c.expect.cardId as string };
  for (const c of [a, b]) if (!probeSeesCode(c.text)) throw new Error(`the probe's centre square of ${c.label}'s frame is all light: it would never see that code`);
  return { codes: [a, b], zxingInNode: [zxingFails(a.text), null] };
}

/**
 * Both codes in turn, each after a grey lead-in, as one y4m (the header once). The second lead-in
 * is one frame longer: with an odd number of frames per loop, a code's first frame alternates
 * between odd and even frames from one loop to the next. A scanner that keeps up with every other
 * frame only would otherwise always catch one code at once and always skip the other's first frame.
 */
function writeY4m(codes: readonly ScanCode[]): string {
  const parts = codes.map((c, i) => renderY4m(qrMatrix(c.text), { leadInFrames: Math.round(LEAD_IN_S * FPS) + i, seconds: CODE_S, fps: FPS }));
  const headerEnd = parts[0]!.indexOf(10) + 1;
  const bodies = parts.map((p) => p.subarray(p.indexOf(10) + 1));
  const out = new Uint8Array(headerEnd + bodies.reduce((n, b) => n + b.length, 0));
  out.set(parts[0]!.subarray(0, headerEnd));
  let at = headerEnd;
  for (const b of bodies) {
    out.set(b, at);
    at += b.length;
  }
  const file = join(tmpdir(), `kaiku-bench-${process.pid}-${Date.now()}.y4m`);
  writeFileSync(file, out);
  return file;
}

const cameraArgs = (y4m: string) => ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`];

// ── reading the probe ─────────────────────────────────────────────────────────────────────────

interface CodeResult {
  code: ScanCode;
  samples: number[];
  /** Showings that ended (the next code appeared) with no right answer. */
  missed: number;
  /** Answers naming the other code (a showing out of the expected order). */
  crossed: number;
}

interface RunResult {
  perCode: CodeResult[];
  probe: ProbeSnapshot;
}

/** Sorts the showings to their codes: they come in the y4m's order, the first one first. */
function byCode(probe: ProbeSnapshot, codes: readonly ScanCode[]): CodeResult[] {
  const results = codes.map((code) => ({ code, samples: [] as number[], missed: 0, crossed: 0 }));
  probe.shows.forEach((show, i) => {
    const r = results[i % codes.length]!;
    if (show.answer === null) {
      if (i < probe.shows.length - 1) r.missed++;
    } else if (show.answer !== r.code.cardId) r.crossed++;
    else r.samples.push(show.ms!);
  });
  return results;
}

/** Enough: every code has its samples, or has shown often enough to say this decoder never reads it. */
function enough(perCode: readonly CodeResult[]): boolean {
  return perCode.every((r) => r.samples.length >= SAMPLES || (r.samples.length === 0 && r.missed >= SAMPLES));
}

/** Polls the probe until enough or the deadline; `check` throws when the page has given up. */
async function collect(page: Page, codes: readonly ScanCode[], check: () => Promise<void>, log: (line: string) => void, what: string): Promise<RunResult> {
  const deadline = Date.now() + (LEAD_IN_S + (SAMPLES + 1.5) * PERIOD_S + 5) * 1000;
  let last = '';
  for (;;) {
    await sleep(1000);
    const probe = await withTimeout(page.evaluate('globalThis.__kaikuProbe.snapshot()') as Promise<ProbeSnapshot>, 10_000, `${what}: reading the probe`);
    if (!probe.realClock) throw new Error('the probe got a fake performance.now: timings would be void');
    const perCode = byCode(probe, codes);
    const progress = perCode.map((r) => `${r.code.label} ${r.samples.length} read${r.missed ? `, ${r.missed} missed` : ''}`).join('; ');
    if (progress !== last) log(`browser: ${what}: ${progress}`);
    last = progress;
    if (enough(perCode) || Date.now() > deadline) {
      if (probe.frames === 0) throw new Error(`no video frame was presented (${probe.errors.join('; ') || 'the camera did not start'})`);
      return { perCode, probe };
    }
    await check();
  }
}

// ── the desk ──────────────────────────────────────────────────────────────────────────────────

async function deskRun(browser: Browser, origin: string, codes: readonly ScanCode[], probe: string, log: (line: string) => void, cpuRate = 1): Promise<RunResult> {
  // The bench injects its probe and decoder scripts, which a server's policy would refuse.
  const context = await browser.newContext({ baseURL: origin, permissions: ['camera'], bypassCSP: true });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  const scripts: string[] = [];
  context.on('request', (r) => {
    // The service worker precaching the whole build is not the page loading it.
    if (r.serviceWorker()) return;
    const url = new URL(r.url());
    if (url.origin === origin && url.pathname.endsWith('.js')) scripts.push(url.pathname.replace(/^\//, ''));
  });

  // The probe first, so it holds the browser's own performance.now; then the desk at the vectors' moment.
  await page.addInitScript({ content: probe });
  await startPageAt(page, NOW);
  await fakeServer(context);
  await page.goto('/');
  await page.getByTestId('enrol-code').fill('DESK-CODE-1');
  await page.getByTestId('enrol-submit').click();
  await page.locator('[data-testid="verdict"][data-verdict=""]').waitFor();
  await page.getByTestId('event').selectOption('hamlet');
  await page.evaluate('globalThis.__kaikuProbe.watchVerdict(document.querySelector(\'[data-testid="verdict"]\'))');
  await page.evaluate('globalThis.__kaikuProbe.watchFrames(document.querySelector("video.preview"))');
  if (cpuRate !== 1) await throttle(page, cpuRate);
  log(`browser: JS the desk fetched before the camera: ${[...new Set(scripts)].join(', ') || 'none'}`);
  const before = scripts.length;

  await page.getByTestId('camera').click();
  let wasOn = false;
  const check = async () => {
    const alert = page.locator('.camera [role="alert"]');
    if (await alert.count()) throw new Error(`the desk says: ${await alert.first().innerText()}`);
    const state = await page.getByTestId('camera').getAttribute('data-state');
    if (state === 'on') wasOn = true;
    else if (wasOn) throw new Error('the camera turned itself off');
  };
  try {
    const result = await collect(page, codes, check, log, 'desk');
    log(`browser: JS the camera fetched: ${[...new Set(scripts.slice(before))].join(', ') || 'none'}`);
    return result;
  } catch (e) {
    throw new Error(`${message(e)}${problems.length ? ` [${problems.slice(0, 3).join(' | ')}]` : ''}`);
  } finally {
    if (problems.length) log(`browser: desk page problems: ${problems.slice(0, 5).join(' | ')}`);
  }
}

// ── the anchor: stock @zxing/browser ──────────────────────────────────────────────────────────

async function zxingRun(browser: Browser, origin: string, codes: readonly ScanCode[], probe: string, zxing: string, log: (line: string) => void): Promise<RunResult> {
  // The same <video> the desk has: 100% of a column, 4:3. Autoplay and muted, as zxing wants.
  const { context, page } = await blankPage(browser, origin, '<body style="margin:0;width:720px"><video class="preview" muted playsinline autoplay style="width:100%;aspect-ratio:4/3;object-fit:cover"></video></body>');
  await context.grantPermissions(['camera'], { origin });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  // The blank page is already loaded: the probe goes in as a script, before anything starts.
  await page.addScriptTag({ content: probe });
  await page.addScriptTag({ content: zxing });
  const ids = Object.fromEntries(codes.map((c) => [c.text, c.cardId]));
  await page.evaluate('globalThis.__kaikuProbe.watchFrames(document.querySelector("video"))');
  await page.evaluate(`(() => {
    const ids = ${JSON.stringify(ids)};
    globalThis.__kaikuZxing.start(document.querySelector('video'), (text) => globalThis.__kaikuProbe.answered(text in ids, ids[text] ?? text.slice(0, 24)))
      .catch((e) => { globalThis.__kaikuZxingError = String(e && e.message || e); });
  })()`);
  const check = async () => {
    const error = await page.evaluate('globalThis.__kaikuZxingError ?? null');
    if (error) throw new Error(`zxing: ${String(error)}`);
    if (problems.length) throw new Error(`page error: ${problems[0]}`);
  };
  return collect(page, codes, check, log, 'stock zxing');
}

// ── rows ──────────────────────────────────────────────────────────────────────────────────────

function count(r: CodeResult): string {
  return `n=${r.samples.length}${r.missed ? `, ${r.missed} missed` : ''}${r.crossed ? `, ${r.crossed} out of order` : ''}`;
}

function timingRow(name: string, r: CodeResult, anchor: CodeResult | null, budget: typeof SCAN_BUDGET | null): BenchRow {
  const median = percentile(r.samples, 50);
  const theirs = anchor && anchor.samples.length ? percentile(anchor.samples, 50) : null;
  const ratio = theirs === null ? null : median / theirs;
  // Fewer samples than asked for cannot show a budget is met.
  const within = budget ? r.samples.length >= SAMPLES && withinBudget(budget, median, ratio) === true : null;
  return { name, unit: 'ms', median, p95: percentile(r.samples, 95), ratio, iterations: r.samples.length, budget, within };
}

function scanRows(desk: RunResult | Error, zxing: RunResult | Error, codes: Codes): BenchRow[] {
  const [a, b] = codes.codes;
  const rows: BenchRow[] = [];
  const zx = zxing instanceof Error ? null : zxing.perCode;
  const ours = desk instanceof Error ? null : desk.perCode;
  const deskName = (c: ScanCode) => `scan to verdict, desk camera, ${c.label}`;
  const zxName = (c: ScanCode) => `anchor: stock @zxing/browser BrowserQRCodeReader, defaults, ${c.label}`;

  // The anchor's rows first, as the core section does.
  for (const [i, c] of [a, b].entries()) {
    if (!zx) rows.push(errorRow(zxName(c), 'ms', null, zxing));
    else if (!zx[i]!.samples.length) {
      const node = codes.zxingInNode[i] ? `; in Node too: ${codes.zxingInNode[i]}` : '';
      rows.push(errorRow(zxName(c), 'ms', null, `read 0 of ${zx[i]!.missed} showings${node}`));
    } else rows.push({ ...timingRow(`${zxName(c)} (${count(zx[i]!)})`, zx[i]!, null, null), ratio: 1 });
  }
  for (const [i, c] of [a, b].entries()) {
    if (!ours) rows.push(errorRow(deskName(c), 'ms', SCAN_BUDGET, desk));
    else if (!ours[i]!.samples.length) rows.push(errorRow(deskName(c), 'ms', SCAN_BUDGET, `read 0 of ${ours[i]!.missed} showings`));
    else rows.push(timingRow(`${deskName(c)} (${count(ours[i]!)})`, ours[i]!, zx?.[i] ?? null, SCAN_BUDGET));
  }

  // The speed-up, on case 1 if stock zxing read it often enough to have a median, else on the other.
  const at = zx && zx[0]!.samples.length >= 3 ? 0 : 1;
  const name = `scan speed-up over stock zxing, ${[a, b][at]!.label}`;
  if (!ours?.[at]?.samples.length || !zx?.[at]?.samples.length) {
    rows.push(errorRow(name, 'ms', SPEEDUP_BUDGET, !ours ? desk : !zx ? zxing : 'no samples to compare'));
  } else {
    const row = timingRow(name, ours[at]!, zx[at]!, null);
    const speedup = 1 / row.ratio!;
    const enoughBoth = ours[at]!.samples.length >= SAMPLES && zx[at]!.samples.length >= SAMPLES;
    rows.push({
      ...row,
      name: `${name}: ${speedup.toFixed(1)}x faster (budget ≥ 3x)`,
      budget: SPEEDUP_BUDGET,
      within: enoughBoth && withinBudget(SPEEDUP_BUDGET, row.median, row.ratio) === true,
    });
  }
  return rows;
}

export async function scanRowsInBrowser(origin: string, log: (line: string) => void): Promise<BenchRow[]> {
  let codes: Codes;
  let y4m: string | null = null;
  try {
    codes = chooseCodes();
    const [a, b] = codes.codes;
    log(`browser: scan codes: ${a.label} (${a.cardId}, stock zxing-js in Node: ${codes.zxingInNode[0] ?? 'reads it'}), ${b.label} (${b.cardId})`);
    y4m = writeY4m(codes.codes);
  } catch (e) {
    log(`browser: scan set-up failed: ${(e as Error).stack ?? String(e)}`);
    return [errorRow('scan to verdict, desk camera', 'ms', SCAN_BUDGET, e)];
  }
  try {
    const probe = await pageScript('./browser-probe.ts', '__kaikuProbe');
    const zxing = await pageScript('./browser-zxing.ts', '__kaikuZxing');
    const run = async (what: string, body: (browser: Browser) => Promise<RunResult>): Promise<RunResult | Error> => {
      log(`browser: scan, ${what}: ${LEAD_IN_S} s grey, then a code for ${CODE_S} s, ${codes.codes.length} codes in turn, ${FPS} fps`);
      try {
        const result = await withChromium(cameraArgs(y4m!), body);
        const p = result.probe;
        log(
          `browser: scan, ${what}: ${p.frames} frames presented every ${p.frameIntervalMs?.toFixed(1)} ms, probe ${p.probeMeanMs?.toFixed(2)} ms mean / ${p.probeMaxMs.toFixed(1)} ms max per frame, ` +
            `${p.shows.length} showings, ${p.repeats} repeats, ${p.strays} strays${p.wrong.length ? `, wrong: ${p.wrong.join(', ')}` : ''}, ` +
            `first code frames' callbacks start ${percentile(p.shows.map((s) => s.lagMs), 50).toFixed(1)} ms (median) after their presentationTime`,
        );
        log(`browser: scan, ${what}: samples ${result.perCode.map((r) => `${r.code.label} [${r.samples.map((s) => s.toFixed(0)).join(', ')}]`).join('; ')}`);
        return result;
      } catch (e) {
        log(`browser: scan, ${what} failed: ${(e as Error).stack ?? String(e)}`);
        return e instanceof Error ? e : new Error(String(e));
      }
    };
    const desk = await run('desk', (browser) => deskRun(browser, origin, codes.codes, probe, log));
    const anchor = await run('stock zxing', (browser) => zxingRun(browser, origin, codes.codes, probe, zxing, log));
    return scanRows(desk, anchor, codes);
  } catch (e) {
    log(`browser: scan failed: ${(e as Error).stack ?? String(e)}`);
    return [errorRow('scan to verdict, desk camera', 'ms', SCAN_BUDGET, e)];
  } finally {
    if (y4m) rmSync(y4m, { force: true });
  }
}

/**
 * Scan to verdict of the desk alone for case 1, the page's CPU slowed `cpuRate` times (1: not at
 * all): the tablet section's figures. The same y4m, probe and desk as above.
 */
export async function deskScanSamples(origin: string, cpuRate: number, log: (line: string) => void): Promise<number[]> {
  const codes = chooseCodes();
  const y4m = writeY4m(codes.codes);
  try {
    const probe = await pageScript('./browser-probe.ts', '__kaikuProbe');
    const result = await withChromium(cameraArgs(y4m), (browser) => deskRun(browser, origin, codes.codes, probe, log, cpuRate));
    const p = result.probe;
    log(`tablet: scan at ${cpuRate}x: ${p.frames} frames every ${p.frameIntervalMs?.toFixed(1)} ms, probe ${p.probeMeanMs?.toFixed(2)} ms mean per frame, callbacks ${percentile(p.shows.map((s) => s.lagMs), 50).toFixed(1)} ms after presentation`);
    log(`tablet: scan at ${cpuRate}x: samples ${result.perCode.map((r) => `${r.code.label} [${r.samples.map((s) => s.toFixed(0)).join(', ')}]`).join('; ')}`);
    return result.perCode[0]!.samples;
  } finally {
    rmSync(y4m, { force: true });
  }
}
