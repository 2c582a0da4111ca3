// Finds QR finder patterns (the three nested squares) in a binarized frame. Unlike zxing-js's
// FinderPatternFinder it never skips rows or stops early on look-alikes: sensor noise on a busy
// background yields hundreds of tiny 1:1:3:1:1 runs, and stopping at the first few confirmed ones
// is how stock zxing-js misses a clean code. A real pattern is hit on many rows and also shows
// 1:1:3:1:1 down its column and along a diagonal; noise rarely does all that, so `count` ranks them.

export interface FinderCandidate {
  x: number;
  y: number;
  moduleSize: number;
  /** Rows on which the pattern was found: real patterns are found on about 3 rows per module. */
  count: number;
}

/** `bits`: one byte per pixel, 1 = dark. */
export function findFinderPatterns(bits: Uint8Array, w: number, h: number): FinderCandidate[] {
  const found: FinderCandidate[] = [];
  const runs = new Int32Array(w + 1);
  for (let y = 0; y < h; y++) {
    // Run lengths of the row, starting with a light run (possibly empty).
    let n = 0;
    let len = 0;
    let dark = 0;
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const b = bits[row + x]!;
      if (b === dark) len++;
      else {
        runs[n++] = len;
        len = 1;
        dark = b;
      }
    }
    runs[n++] = len;
    // Odd indexes are dark runs; a pattern is dark-light-dark-light-dark starting at one.
    let end = 0;
    for (let i = 0; i < n; i++) {
      end += runs[i]!;
      if (i < 5 || (i & 1) === 0) continue;
      const a = runs[i - 4]!;
      const b = runs[i - 3]!;
      const c = runs[i - 2]!;
      const d = runs[i - 1]!;
      const e = runs[i]!;
      if (!isPattern(a, b, c, d, e)) continue;
      const total = a + b + c + d + e;
      const cx = end - e - d - c / 2;
      const cy = crossCheck(bits, w, h, Math.floor(cx), y, 0, 1, c, total);
      if (Number.isNaN(cy)) continue;
      const rx = crossCheck(bits, w, h, Math.floor(cx), Math.floor(cy), 1, 0, c, total);
      if (Number.isNaN(rx)) continue;
      if (!diagonalsAgree(bits, w, h, Math.floor(rx), Math.floor(cy), c, total)) continue;
      add(found, rx, cy, total / 7);
    }
  }
  return found;
}

/** Within 50% (or `slack`) of 1:1:3:1:1, as zxing allows. */
function isPattern(a: number, b: number, c: number, d: number, e: number, slack = 0.5): boolean {
  const total = a + b + c + d + e;
  if (total < 7) return false;
  const m = total / 7;
  const v = m * slack;
  return Math.abs(m - a) < v && Math.abs(m - b) < v && Math.abs(3 * m - c) < 3 * v && Math.abs(m - d) < v && Math.abs(m - e) < v;
}

/**
 * Walks from (x, y) both ways along (dx, dy) through the dark centre, light ring and dark ring;
 * returns the centre coordinate along the walk if the runs fit the pattern, else NaN.
 */
function crossCheck(bits: Uint8Array, w: number, h: number, x: number, y: number, dx: number, dy: number, centre: number, total: number): number {
  const counts = walk(bits, w, h, x, y, dx, dy, centre);
  if (!counts) return Number.NaN;
  const sum = counts[0] + counts[1] + counts[2] + counts[3] + counts[4];
  // The walk across must be about as wide as the run along the row (zxing's 40% rule).
  if (5 * Math.abs(sum - total) >= 2 * total) return Number.NaN;
  if (!isPattern(counts[0], counts[1], counts[2], counts[3], counts[4])) return Number.NaN;
  return (dx ? x : y) + counts[5];
}

/**
 * The pattern is concentric squares: through the centre, every direction sees 1:1:3:1:1. Blur
 * rounds the light ring's corners, so a diagonal near a corner is allowed more slack, and one of
 * the two diagonals is enough (zxing checks one).
 */
function diagonalsAgree(bits: Uint8Array, w: number, h: number, x: number, y: number, centre: number, total: number): boolean {
  // Diagonal steps are √2 long: crossing the pattern takes 0.5-1x the steps of a row, by angle.
  for (const sx of [1, -1]) {
    const counts = walk(bits, w, h, x, y, sx, 1, centre);
    if (!counts || !isPattern(counts[0], counts[1], counts[2], counts[3], counts[4], 0.75)) continue;
    const sum = counts[0] + counts[1] + counts[2] + counts[3] + counts[4];
    if (sum > total * 0.45 && sum < total * 1.6) return true;
  }
  return false;
}

/** Runs of the 5 rings along a line through (x, y), then the offset of the centre run's middle. */
type Counts = [number, number, number, number, number, number];

/**
 * Counts the rings crossed walking both ways from (x, y) along (dx, dy). Specks a third of a
 * module or smaller (salt-and-pepper noise, a glint) do not end a run.
 */
function walk(bits: Uint8Array, w: number, h: number, x: number, y: number, dx: number, dy: number, centre: number): Counts | null {
  if (bits[y * w + x] !== 1) return null;
  const tol = Math.floor(centre / 9);
  const max = Math.ceil(centre * 1.6) + 2;
  const colour = (i: number): number => {
    const px = x + i * dx;
    const py = y + i * dy;
    return px >= 0 && py >= 0 && px < w && py < h ? bits[py * w + px]! : -1;
  };
  // Length of the run of `c` from step i in direction s (±1), absorbing short interruptions.
  const run = (i: number, s: number, c: number, limit: number): number => {
    let n = 0;
    for (;;) {
      if (colour(i + s * n) === c) {
        n++;
      } else {
        let gap = 1;
        while (gap <= tol && colour(i + s * (n + gap)) !== c && colour(i + s * (n + gap)) !== -1) gap++;
        if (gap > tol || colour(i + s * (n + gap)) !== c) return n;
        n += gap;
      }
      if (n > limit) return n;
    }
  };
  const back2 = run(0, -1, 1, 4 * max);
  const c1 = run(-back2, -1, 0, max);
  const c0 = run(-back2 - c1, -1, 1, max);
  const fwd2 = run(1, 1, 1, 4 * max);
  const c3 = run(1 + fwd2, 1, 0, max);
  const c4 = run(1 + fwd2 + c3, 1, 1, max);
  if (c1 > max || c0 > max || c3 > max || c4 > max) return null;
  // Pixel i covers [i, i + 1): the centre run covers [-back2 + 1, fwd2 + 1).
  return [c0, c1, back2 + fwd2, c3, c4, 1 + (fwd2 - back2) / 2];
}

function add(found: FinderCandidate[], x: number, y: number, moduleSize: number): void {
  for (const f of found) {
    if (Math.abs(f.x - x) <= f.moduleSize && Math.abs(f.y - y) <= f.moduleSize) {
      const r = moduleSize / f.moduleSize;
      if (r < 1.5 && r > 1 / 1.5) {
        const n = f.count;
        f.x = (f.x * n + x) / (n + 1);
        f.y = (f.y * n + y) / (n + 1);
        f.moduleSize = (f.moduleSize * n + moduleSize) / (n + 1);
        f.count = n + 1;
        return;
      }
    }
  }
  found.push({ x, y, moduleSize, count: 1 });
}

/**
 * Width in pixels of the finder pattern centred at (x, y), measured along the unit vector
 * (dx, dy): 7 modules when the direction is along the code's side. Rows cross a turned pattern
 * off its axes, so their runs misjudge the module size; the line to another finder pattern does
 * not. Null if the runs there do not look like a finder pattern.
 */
export function finderWidth(bits: Uint8Array, w: number, h: number, x: number, y: number, dx: number, dy: number): number | null {
  const at = (t: number): number => {
    const px = Math.floor(x + t * dx);
    const py = Math.floor(y + t * dy);
    return px >= 0 && py >= 0 && px < w && py < h ? bits[py * w + px]! : -1;
  };
  // From the centre outwards each way: dark centre, light ring, dark ring, then light.
  const edge = (s: number): number | null => {
    let t = 0;
    for (const colour of [1, 0, 1]) {
      let n = 0;
      while (at(s * t) === colour) (t++, n++);
      if (n === 0) return null;
    }
    return t;
  };
  const a = edge(1);
  const b = edge(-1);
  // Each count runs from the centre pixel to the first light pixel beyond: the centre is in both.
  return a === null || b === null ? null : a + b - 1;
}
