// A grey-scale frame and the clean-ups the decoder tries on it. Pure: runs in the worker and in Node.

export interface Luminance {
  /** One byte per pixel, row by row, 0 = black. */
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

/**
 * Half size, each pixel the mean of a 2x2 block: halves sensor noise, averages a phone screen's
 * pixel grid and moiré away, and makes everything after it 4x faster.
 */
export function downsample2(image: Luminance): Luminance {
  const w = image.width >> 1;
  const h = image.height >> 1;
  const src = image.data;
  const sw = image.width;
  const data = new Uint8ClampedArray(w * h);
  for (let y = 0; y < h; y++) {
    let i = 2 * y * sw;
    for (let x = 0; x < w; x++, i += 2) data[y * w + x] = (src[i]! + src[i + 1]! + src[i + sw]! + src[i + sw + 1]! + 2) >> 2;
  }
  return { data, width: w, height: h };
}

/** 3x3 box blur at full size: takes the edge off sensor noise without losing small modules. */
export function smooth3(image: Luminance): Luminance {
  const { width: w, height: h, data: src } = image;
  const data = new Uint8ClampedArray(w * h);
  // Vertical sums of 3 rows, then horizontal sums of 3 of those; edges keep their pixel.
  const col = new Uint16Array(w);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    if (y === 0 || y === h - 1) {
      data.set(src.subarray(row, row + w), row);
      continue;
    }
    for (let x = 0; x < w; x++) col[x] = src[row - w + x]! + src[row + x]! + src[row + w + x]!;
    data[row] = src[row]!;
    data[row + w - 1] = src[row + w - 1]!;
    for (let x = 1; x < w - 1; x++) data[row + x] = (col[x - 1]! + col[x]! + col[x + 1]! + 4) / 9;
  }
  return { data, width: w, height: h };
}

/**
 * Grey from RGBA pixels (a canvas's ImageData), weighted as the eye and zxing weigh them:
 * (306 R + 601 G + 117 B) / 1024. Reuses `into` when it is the right size. `redAt` 2 reads BGRA
 * pixels (some cameras' frames).
 */
export function rgbaToLuminance(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, into?: Uint8ClampedArray, redAt: 0 | 2 = 0): Luminance {
  const n = width * height;
  const data = into && into.length === n ? into : new Uint8ClampedArray(n);
  const blueAt = 2 - redAt;
  for (let i = 0, j = 0; i < n; i++, j += 4) data[i] = (306 * rgba[j + redAt]! + 601 * rgba[j + 1]! + 117 * rgba[j + blueAt]!) >> 10;
  return { data, width, height };
}
