// Summed-area table: the mean grey of any rectangle in four reads, which makes "average of this
// module" and "average of the area around it" cheap enough to do for every module of every guess.

import type { Luminance } from './luminance.ts';

export interface Integral {
  width: number;
  height: number;
  /** (width + 1) x (height + 1); sums[y * (width + 1) + x] = sum of pixels above and left of (x, y). */
  sums: Float64Array;
}

export function integral(image: Luminance): Integral {
  const { width: w, height: h, data } = image;
  const stride = w + 1;
  const sums = new Float64Array(stride * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += data[y * w + x]!;
      sums[(y + 1) * stride + x + 1] = sums[y * stride + x + 1]! + row;
    }
  }
  return { width: w, height: h, sums };
}

/** Mean of the pixels whose centres fall in [x0, x1) x [y0, y1), clipped to the image; at least one pixel. */
export function boxMean(s: Integral, x0: number, y0: number, x1: number, y1: number): number {
  const l = clamp(Math.round(x0), 0, s.width - 1);
  const t = clamp(Math.round(y0), 0, s.height - 1);
  const r = clamp(Math.round(x1), l + 1, s.width);
  const b = clamp(Math.round(y1), t + 1, s.height);
  const stride = s.width + 1;
  const sum = s.sums[b * stride + r]! - s.sums[t * stride + r]! - s.sums[b * stride + l]! + s.sums[t * stride + l]!;
  return sum / ((r - l) * (b - t));
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
