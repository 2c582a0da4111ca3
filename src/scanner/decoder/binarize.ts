// Dark/light per pixel with a threshold local to each 8x8 block: zxing's HybridBinarizer, ported to
// write one byte per pixel (what the finder search reads) instead of a packed BitMatrix that would
// have to be unpacked again, which cost as much as binarizing.

import type { Luminance } from './luminance.ts';

const BLOCK = 8;
/** Blocks with less contrast than this are taken as one colour (zxing's MIN_DYNAMIC_RANGE). */
const MIN_RANGE = 24;

/** 1 = dark. */
export function binarize(image: Luminance): Uint8Array {
  const { width: w, height: h, data } = image;
  const bw = Math.ceil(w / BLOCK);
  const bh = Math.ceil(h / BLOCK);
  const black = new Int32Array(bw * bh);
  for (let by = 0; by < bh; by++) {
    const y0 = Math.min(by * BLOCK, h - BLOCK);
    for (let bx = 0; bx < bw; bx++) {
      const x0 = Math.min(bx * BLOCK, w - BLOCK);
      let sum = 0;
      let min = 255;
      let max = 0;
      for (let y = y0; y < y0 + BLOCK; y++) {
        const row = y * w;
        for (let x = x0; x < x0 + BLOCK; x++) {
          const p = data[row + x]!;
          sum += p;
          if (p < min) min = p;
          if (p > max) max = p;
        }
      }
      let average = sum >> 6;
      if (max - min <= MIN_RANGE) {
        // A flat block: light, unless it is darker than its neighbours' black point (inside a
        // large dark module).
        average = min >> 1;
        if (by > 0 && bx > 0) {
          const neighbours = (black[(by - 1) * bw + bx]! + 2 * black[by * bw + bx - 1]! + black[(by - 1) * bw + bx - 1]!) >> 2;
          if (min < neighbours) average = neighbours;
        }
      }
      black[by * bw + bx] = average;
    }
  }
  const bits = new Uint8Array(w * h);
  for (let by = 0; by < bh; by++) {
    const y0 = Math.min(by * BLOCK, h - BLOCK);
    const top = Math.min(Math.max(by, 2), bh - 3);
    for (let bx = 0; bx < bw; bx++) {
      const x0 = Math.min(bx * BLOCK, w - BLOCK);
      const left = Math.min(Math.max(bx, 2), bw - 3);
      let sum = 0;
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) sum += black[(top + dy) * bw + left + dx]!;
      const threshold = sum / 25;
      for (let y = y0; y < y0 + BLOCK; y++) {
        const row = y * w;
        for (let x = x0; x < x0 + BLOCK; x++) bits[row + x] = data[row + x]! <= threshold ? 1 : 0;
      }
    }
  }
  return bits;
}

/**
 * Each pixel takes the majority of its 3x3 neighbourhood: removes the single dark or light
 * specks that salt-and-pepper noise and a phone's moiré leave inside a finder pattern's rings,
 * which would break the 1:1:3:1:1 runs. Edge pixels are kept.
 */
export function despeckle(bits: Uint8Array, w: number, h: number): Uint8Array {
  const out = bits.slice();
  for (let y = 1; y < h - 1; y++) {
    let i = y * w + 1;
    // Column sums of the 3 rows, slid along the row.
    let left = bits[i - w - 1]! + bits[i - 1]! + bits[i + w - 1]!;
    let mid = bits[i - w]! + bits[i]! + bits[i + w]!;
    for (let x = 1; x < w - 1; x++, i++) {
      const right = bits[i - w + 1]! + bits[i + 1]! + bits[i + w + 1]!;
      out[i] = left + mid + right >= 5 ? 1 : 0;
      left = mid;
      mid = right;
    }
  }
  return out;
}
