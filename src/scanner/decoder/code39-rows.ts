// Code 39 (printed cards' plain IDs) read across rows. zxing-js thresholds a whole row at one
// level, which uneven light or glare breaks, and reads single pixel rows, which sensor noise
// breaks. Here each scan line is the trimmed mean of 10 rows stacked along the bars (so it only
// averages noise away), thresholded against a moving local mean; lines are also drawn a few
// degrees off level, and across the frame turned a quarter, for a card held sideways.

import { isCardId } from '../../core/classify.ts';
import type { Luminance } from './luminance.ts';
import { BitArray, Code39Reader } from './zxing.ts';

/** Rows averaged into one scan line, and pixels between scan lines: bars are much taller. */
const ROWS_PER_LINE = 10;
const LINE_STEP = 8;
/** Slopes of the scan lines: a level line misses some bars of a long code held a few degrees off. */
const SKEWS = [0, 0.12, -0.12];
/** Pixels each side for the local mean: wider than a wide bar, so a bar never sets its own level. */
const WINDOW = 24;
/** Grey levels between the darkest and lightest pixel of a row that could cross a barcode. */
const MIN_CONTRAST = 16;
/** The shortest ID (4 characters and the start and stop characters) has 60 bar edges. */
const MIN_EDGES = 60;

const reader = new Code39Reader();
const NO_HINTS = new Map();

/** The card ID in a Code 39 barcode, or null. Only 4-16 of 0-9 A-Z count: cards print nothing else. */
export function decodeCode39(image: Luminance, deadline: number): string | null {
  let turned: Luminance | undefined;
  for (const skew of SKEWS) {
    for (const sideways of [false, true]) {
      const text = readLines(sideways ? (turned ??= quarterTurn(image)) : image, skew, deadline);
      if (text !== null) return text;
      if (performance.now() > deadline) return null;
    }
  }
  return null;
}

function readLines(image: Luminance, skew: number, deadline: number): string | null {
  const { width: w, height: h, data } = image;
  const line = new Float32Array(w);
  const sums = new Float64Array(w + 1);
  const bits = new BitArray(w);
  const lines = Math.floor((h - ROWS_PER_LINE) / LINE_STEP);
  const shift = Int32Array.from({ length: ROWS_PER_LINE }, (_, r) => Math.round(-r * skew));
  // From the middle out: that is where people hold the code.
  for (let k = 0; k < lines; k++) {
    if ((k & 7) === 7 && performance.now() > deadline) return null;
    const y0 = (Math.floor(lines / 2) + (k & 1 ? (k + 1) >> 1 : -(k >> 1))) * LINE_STEP;
    if (flat(data, w, Math.min(h - 1, y0 + (ROWS_PER_LINE >> 1)))) continue;
    for (let x = 0; x < w; x++) {
      const y = Math.min(h - ROWS_PER_LINE, Math.max(0, Math.round(y0 + (x - w / 2) * skew)));
      // Rows are stacked along the bars (perpendicular to the line), so stacking never blurs them.
      // Their mean without the darkest and lightest: a salt-and-pepper speck drops out.
      let v = 0;
      let lo = 255;
      let hi = 0;
      for (let r = 0; r < ROWS_PER_LINE; r++) {
        const px = x + shift[r]!;
        const p = data[(y + r) * w + (px < 0 ? 0 : px >= w ? w - 1 : px)]!;
        v += p;
        if (p < lo) lo = p;
        if (p > hi) hi = p;
      }
      v -= lo + hi;
      line[x] = v;
      sums[x + 1] = sums[x]! + v;
    }
    bits.clear();
    let edges = 0;
    let dark = false;
    for (let x = 0; x < w; x++) {
      const lo = Math.max(0, x - WINDOW);
      const hi = Math.min(w, x + WINDOW + 1);
      const isDark = line[x]! * (hi - lo) < sums[hi]! - sums[lo]!;
      if (isDark) bits.set(x);
      if (isDark !== dark) edges++;
      dark = isDark;
    }
    if (edges < MIN_EDGES) continue;
    for (let turn = 0; turn < 2; turn++) {
      if (turn) bits.reverse(); // upside down
      try {
        const text = reader.decodeRow(y0, bits, NO_HINTS).getText();
        if (isCardId(text)) return text;
      } catch {
        // no barcode on this line
      }
    }
  }
  return null;
}

/** Whether a pixel row is too even to cross any bars (a blank wall, the fake camera's grey). */
function flat(data: Luminance['data'], w: number, y: number): boolean {
  let lo = 255;
  let hi = 0;
  for (let i = y * w, end = i + w; i < end; i++) {
    const p = data[i]!;
    if (p < lo) lo = p;
    if (p > hi) hi = p;
  }
  return hi - lo < MIN_CONTRAST;
}

/** The image turned 90° clockwise. */
function quarterTurn(image: Luminance): Luminance {
  const { width: w, height: h, data: src } = image;
  const data = new Uint8ClampedArray(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[x * h + (h - 1 - y)] = src[y * w + x]!;
  return { data, width: h, height: w };
}
