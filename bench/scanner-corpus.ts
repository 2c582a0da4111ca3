// The camera decoder on the generated corpus (test/support/corpus.ts), beside stock @zxing/browser
// on the same frames: decode rates, misreads, and milliseconds per 640x480 frame in Node.
// `npm run bench` can call scannerCorpusRows(); `npx tsx bench/scanner-corpus.ts` prints them.

import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { qrMatrix, renderY4m } from '../src/node/qr-render.ts';
import { ATTEMPTS, DEFAULT_BUDGET_MS, decodeFrame } from '../src/scanner/decoder/decode-luminance.ts';
import { generateCorpus } from '../test/support/corpus.ts';
import { stockDecode } from '../test/support/stock-zxing.ts';

export interface ScannerRow {
  name: string;
  value: number;
  unit: '%' | 'ms' | 'frames';
  /** For timings: the 95th percentile beside the median in `value`. */
  p95?: number;
  note?: string;
}

const UNHURRIED_MS = 10_000;

export async function scannerCorpusRows(log: (line: string) => void = () => {}): Promise<ScannerRow[]> {
  log('scanner: generating the corpus');
  const corpus = generateCorpus();
  const n = corpus.length;
  const rows: ScannerRow[] = [];
  const pct = (k: number) => Math.round((1000 * k) / n) / 10;

  log('scanner: decoding with the default budget');
  warmUp();
  const ours = corpus.map((f) => timed(() => decodeFrame(f.luminance, f.width, f.height)));
  const read = ours.filter((r, i) => r.value.text === corpus[i]!.text).length;
  const wrong = ours.filter((r, i) => r.value.text !== null && r.value.text !== corpus[i]!.text).length;
  rows.push({ name: `Kaiku decoder, ${DEFAULT_BUDGET_MS} ms budget per frame: decode rate`, value: pct(read), unit: '%', note: `${read}/${n}` });
  rows.push({ name: 'Kaiku decoder: misreads (wrong text)', value: wrong, unit: 'frames' });
  rows.push({ name: 'Kaiku decoder: per 640x480 frame', ...stats(ours.map((r) => r.ms)) });
  for (const a of ATTEMPTS) {
    const k = ours.filter((r, i) => r.value.attempt === a.name && r.value.text === corpus[i]!.text).length;
    rows.push({ name: `Kaiku decoder: read by attempt '${a.name}'`, value: k, unit: 'frames' });
  }

  log('scanner: decoding without a budget');
  const unhurried = corpus.filter((f) => decodeFrame(f.luminance, f.width, f.height, { budgetMs: UNHURRIED_MS }).text === f.text).length;
  rows.push({ name: 'Kaiku decoder, no budget: decode rate', value: pct(unhurried), unit: '%', note: `${unhurried}/${n}` });

  log('scanner: decoding with stock @zxing/browser');
  const stock = corpus.map((f) => timed(() => stockDecode(f.luminance, f.width, f.height)));
  const stockRead = stock.filter((r, i) => r.value === corpus[i]!.text).length;
  rows.push({ name: 'stock @zxing/browser defaults: decode rate', value: pct(stockRead), unit: '%', note: `${stockRead}/${n}` });
  rows.push({ name: 'stock @zxing/browser defaults: per 640x480 frame', ...stats(stock.map((r) => r.ms)) });
  const hard = corpus.filter((f) => f.name.startsWith('clean-on-noise'));
  const hardStock = hard.filter((f) => stockDecode(f.luminance, f.width, f.height) === f.text).length;
  const hardOurs = hard.filter((f) => decodeFrame(f.luminance, f.width, f.height).text === f.text).length;
  rows.push({ name: 'clean QR on a noisy background: Kaiku decoder', value: hardOurs, unit: 'frames', note: `of ${hard.length}` });
  rows.push({ name: 'clean QR on a noisy background: stock @zxing/browser', value: hardStock, unit: 'frames', note: `of ${hard.length}` });

  log('scanner: frames a desk camera sends most');
  const fake = fakeCameraFrame();
  rows.push({ name: "Kaiku decoder: the fake camera's frame (kaiku qr, 640x480)", ...stats(repeat(30, () => decodeFrame(fake, 640, 480))) });
  const grey = new Uint8Array(640 * 480).fill(200);
  rows.push({ name: 'Kaiku decoder: blank frame (no code)', ...stats(repeat(30, () => decodeFrame(grey, 640, 480))) });
  // The corpus's own pixels shuffled: a worst case of busy frames with nothing to read.
  const busy = shuffled(corpus[0]!.luminance);
  rows.push({ name: 'Kaiku decoder: busy frame without a code', ...stats(repeat(10, () => decodeFrame(busy, 640, 480))) });
  return rows;
}

function warmUp(): void {
  const fake = fakeCameraFrame();
  for (let i = 0; i < 5; i++) decodeFrame(fake, 640, 480);
}

function timed<T>(run: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = run();
  return { value, ms: performance.now() - t0 };
}

function repeat(times: number, run: () => unknown): number[] {
  return Array.from({ length: times }, () => timed(run).ms);
}

function stats(ms: number[]): { value: number; p95: number; unit: 'ms' } {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
  return { value: round(at(0.5)), p95: round(at(0.95)), unit: 'ms' };
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

/** The luma plane of a frame of `kaiku qr KK1.… --out card.y4m`, as Chromium's fake camera shows it. */
function fakeCameraFrame(): Uint8Array {
  const text = 'KK1.AEAACUINKJ5AAAQIJZATSQZVJ5HFC7WYRRR2NXRNPRRJTV3BAGXLLSQUPBEUMJJBDEKUN2SW3LBHCSB2J5R7NVEYFVUSRUCY72EGYHU2667UJGNYKTSIESJCVAJVFOUMBUCA';
  const y4m = renderY4m(qrMatrix(text), { seconds: 0.1, fps: 10 });
  const start = y4m.length - 640 * 480 * 1.5;
  return y4m.slice(start, start + 640 * 480);
}

function shuffled(pixels: Uint8ClampedArray): Uint8ClampedArray {
  const out = new Uint8ClampedArray(pixels.length);
  for (let i = 0; i < out.length; i++) out[i] = pixels[(i * 7919) % pixels.length]!;
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await scannerCorpusRows((line) => process.stderr.write(`${line}\n`));
  for (const r of rows) {
    const value = r.unit === 'ms' ? `${r.value} ms (p95 ${r.p95} ms)` : `${r.value}${r.unit === '%' ? '%' : ` ${r.unit}`}`;
    process.stdout.write(`${r.name.padEnd(62)} ${value}${r.note ? `  (${r.note})` : ''}\n`);
  }
}
