// QR detection that keeps going where @zxing/library's Detector gives up. Stock zxing-js takes the
// first three finder-pattern look-alikes it likes (sensor noise makes plenty), assumes the code is
// a parallelogram (a tilted card is not), and reads each module from one binarized pixel (noise
// flips it). Here: the plausible triples of finder candidates, most square first; for each, the
// dimension and the fourth corner are searched, scored by the structure every QR code has (timing
// and alignment patterns) and by how clearly modules read; modules are read as grey averages
// against the local mean. zxing's decoder (Reed-Solomon) judges each guess: a wrong one fails, so
// more guesses cost time, not misreads.

import { findFinderPatterns, finderWidth, type FinderCandidate } from './finder-patterns.ts';
import { quadToQuad, type Homography } from './homography.ts';
import { boxMean, integral, type Integral } from './integral-image.ts';
import type { Luminance } from './luminance.ts';
import { BitMatrix, QrDecoder } from './zxing.ts';

/** Finder candidates considered (most often seen first) and triples of them tried. */
const MAX_CANDIDATES = 24;
const MAX_TRIPLES = 10;
/** How far the fourth-corner search reaches, in modules each way. */
const SEARCH = 4;
/** Best coarse guesses refined by half modules. */
const REGIONS = 4;
/** Least structure fit (see `structure`) of a triple's best grid worth decoding. */
const MIN_FIT = 0.4;
/** Decode attempts per dimension of a triple, best-scored guesses first. */
const DECODES_PER_DIMENSION = 6;

const decoder = new QrDecoder();

interface Point {
  x: number;
  y: number;
}

/**
 * Decodes a QR code in `image` given its binarization (`bits`, 1 = dark, same size), or returns
 * null when nothing decodes or `deadline` (performance.now()) passes first.
 */
export function locateAndDecodeQr(image: Luminance, bits: Uint8Array, deadline: number): string | null {
  const triples = rankTriples(findFinderPatterns(bits, image.width, image.height));
  if (triples.length === 0) return null;
  const sums = integral(image);
  for (const [tl, tr, bl, rowModuleSize] of triples) {
    if (performance.now() > deadline) return null;
    const moduleSize = alongSides(bits, image.width, image.height, tl, tr, bl) ?? rowModuleSize;
    const text = decodeTriple(image, sums, tl, tr, bl, moduleSize, deadline);
    if (text !== null) return text;
  }
  return null;
}

type Triple = [tl: Point, tr: Point, bl: Point, moduleSize: number];

/** Module size from the finder patterns' widths along the code's sides (as zxing measures it). */
function alongSides(bits: Uint8Array, w: number, h: number, tl: Point, tr: Point, bl: Point): number | null {
  const widths: number[] = [];
  for (const [p, q] of [[tl, tr], [tr, tl], [tl, bl], [bl, tl]] as const) {
    const d = Math.hypot(q.x - p.x, q.y - p.y);
    const width = finderWidth(bits, w, h, p.x, p.y, (q.x - p.x) / d, (q.y - p.y) / d);
    if (width !== null) widths.push(width);
  }
  if (widths.length < 2) return null;
  widths.sort((a, b) => a - b);
  // The median of the four: one ring broken by a speck or glare does not skew it.
  const mid = widths.length >> 1;
  return (widths.length % 2 ? widths[mid]! : (widths[mid - 1]! + widths[mid]!) / 2) / 7;
}

/** Triples that could be the three finder patterns of one code, most square-looking first. */
function rankTriples(found: FinderCandidate[]): Triple[] {
  const cands = [...found].sort((a, b) => b.count - a.count).slice(0, MAX_CANDIDATES);
  const ranked: [number, Triple][] = [];
  const n = cands.length;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++)
      for (let k = j + 1; k < n; k++) {
        const c = [cands[i]!, cands[j]!, cands[k]!];
        const sizes = c.map((f) => f.moduleSize);
        const sizeRatio = Math.max(...sizes) / Math.min(...sizes);
        if (sizeRatio > 1.7) continue;
        const [tl, tr, bl] = order(c[0]!, c[1]!, c[2]!);
        const d1 = Math.hypot(tr.x - tl.x, tr.y - tl.y);
        const d2 = Math.hypot(bl.x - tl.x, bl.y - tl.y);
        const sideRatio = Math.max(d1, d2) / Math.min(d1, d2);
        if (sideRatio > 1.5) continue;
        const cos = ((tr.x - tl.x) * (bl.x - tl.x) + (tr.y - tl.y) * (bl.y - tl.y)) / (d1 * d2);
        if (Math.abs(cos) > 0.45) continue;
        // Finder candidates measure their size along a pixel row: at an angle θ the row crosses
        // 1/max(|cos θ|, |sin θ|) times the pattern's width.
        const angle = Math.atan2(tr.y - tl.y, tr.x - tl.x);
        const moduleSize = ((sizes[0]! + sizes[1]! + sizes[2]!) / 3) * Math.max(Math.abs(Math.cos(angle)), Math.abs(Math.sin(angle)));
        const modules = (d1 + d2) / (2 * moduleSize);
        if (modules < 12 || modules > 172) continue;
        const seen = Math.min(c[0]!.count, c[1]!.count, c[2]!.count);
        ranked.push([Math.log(sizeRatio) + Math.log(sideRatio) + Math.abs(cos) - 0.1 * Math.min(4, seen), [tl, tr, bl, moduleSize]]);
      }
  return ranked
    .sort((a, b) => a[0] - b[0])
    .slice(0, MAX_TRIPLES)
    .map((r) => r[1]);
}

/** Top-left is the corner with the right angle (opposite the longest side); then clockwise on screen. */
function order(a: Point, b: Point, c: Point): [Point, Point, Point] {
  const ab = Math.hypot(a.x - b.x, a.y - b.y);
  const bc = Math.hypot(b.x - c.x, b.y - c.y);
  const ac = Math.hypot(a.x - c.x, a.y - c.y);
  let [tl, p, q] = bc >= ab && bc >= ac ? [a, b, c] : ac >= ab && ac >= bc ? [b, a, c] : [c, a, b];
  // y grows downwards: top-right is clockwise from bottom-left around top-left.
  if ((p.x - tl.x) * (q.y - tl.y) - (p.y - tl.y) * (q.x - tl.x) < 0) [p, q] = [q, p];
  return [tl, p, q];
}

interface Guess {
  transform: Homography;
  /** Image positions of the grid points (3.5, 3.5), (d-3.5, 3.5), (d-3.5, d-3.5), (3.5, d-3.5). */
  corners: number[];
  dimension: number;
  score: number;
  /** Offset of the fourth corner from the parallelogram's, in modules. */
  i: number;
  j: number;
}

function decodeTriple(image: Luminance, sums: Integral, tl: Point, tr: Point, bl: Point, moduleSize: number, deadline: number): string | null {
  /** The grid of `dimension` modules with its fourth corner (i, j) modules from the parallelogram's. */
  const at = (dimension: number, i: number, j: number): Guess | null => {
    const between = dimension - 7;
    const corners = [
      tl.x, tl.y, tr.x, tr.y,
      tr.x + bl.x - tl.x + (i * (tr.x - tl.x) + j * (bl.x - tl.x)) / between,
      tr.y + bl.y - tl.y + (i * (tr.y - tl.y) + j * (bl.y - tl.y)) / between,
      bl.x, bl.y,
    ];
    const transform = gridTransform(corners, dimension);
    const score = structureScore(image, sums, transform, dimension);
    return score === null ? null : { transform, corners, dimension, score, i, j };
  };
  const candidates = dimensions(tl, tr, bl, moduleSize);
  // A code seen square on: the estimated dimension and the parallelogram's corner.
  const quick = at(candidates[1] ?? candidates[0]!, 0, 0);
  const first = quick && decodeGrid(image, sums, quick);
  if (first) return first;
  // The module size, blurred and binarized, is off by up to a tenth, which can make the dimension
  // a version off: of the dimensions near its estimate, the one whose best grid agrees best with
  // the known structure goes first. Perspective moves the fourth corner by a few modules, so
  // grids are tried with it a module apart around the parallelogram's.
  const searches = candidates
    .map((dimension) => {
      const coarse: Guess[] = [];
      for (let i = -SEARCH; i <= SEARCH; i++)
        for (let j = -SEARCH; j <= SEARCH; j++) {
          const g = at(dimension, i, j);
          if (g) coarse.push(g);
        }
      return coarse.sort((a, b) => b.score - a.score);
    })
    // Finder look-alikes in noise make grids whose timing patterns read as noise: drop them.
    .filter((coarse) => coarse.length > 0 && structure(image, sums, coarse[0]!.transform, coarse[0]!.dimension)!.fit >= MIN_FIT)
    .sort((a, b) => b[0]!.score - a[0]!.score)
    .slice(0, 2);
  for (const [n, coarse] of searches.entries()) {
    const dimension = coarse[0]!.dimension;
    if (performance.now() > deadline) return null;
    // In the best regions, half-module steps are also scored on clarity, which peaks sharply
    // where the grid sits right; the best of all are decoded.
    const fine: Guess[] = [];
    for (const g of coarse.slice(0, REGIONS)) {
      for (const [di, dj] of STEPS) {
        const f = di === 0 && dj === 0 ? g : at(dimension, g.i + di, g.j + dj);
        const clear = f && clarity(image, sums, f.transform, dimension);
        if (f && clear !== null) fine.push({ ...f, score: f.score + clear });
      }
      if (performance.now() > deadline) return null;
    }
    fine.sort((a, b) => b.score - a.score);
    for (const g of fine.slice(0, DECODES_PER_DIMENSION)) {
      if (performance.now() > deadline) return null;
      const text = decodeGrid(image, sums, g);
      if (text !== null) return text;
    }
    // Nearly right is not enough when blur or noise also costs modules: nudge all four corners
    // of the best guess (of the likeliest dimension only: it is the slowest step).
    if (n === 0 && fine[0]) {
      const refined = refine(image, sums, fine[0], moduleSize, deadline);
      const text = refined && decodeGrid(image, sums, refined);
      if (text) return text;
    }
    if (performance.now() > deadline) return null;
  }
  return null;
}

function gridTransform(corners: readonly number[], dimension: number): Homography {
  const far = dimension - 3.5;
  return quadToQuad([3.5, 3.5, far, 3.5, far, far, 3.5, far], corners);
}

/**
 * Moves each corner coordinate by a step while that makes the whole grid read clearer, halving
 * the step from a third of a module to a twentieth. Null if the grid leaves the frame.
 */
function refine(image: Luminance, sums: Integral, g: Guess, moduleSize: number, deadline: number): Guess | null {
  const corners = [...g.corners];
  const score = (c: number[]) => clarity(image, sums, gridTransform(c, g.dimension), g.dimension, 0);
  let best = score(corners);
  if (best === null) return null;
  for (let step = moduleSize / 3; step > moduleSize / 20; step /= 2) {
    let moved = true;
    while (moved) {
      moved = false;
      for (let k = 0; k < 8; k++)
        for (const d of [step, -step]) {
          corners[k]! += d;
          const s = score(corners);
          if (s !== null && s > best) {
            best = s;
            moved = true;
          } else corners[k]! -= d;
        }
      if (performance.now() > deadline) return null;
    }
  }
  return { ...g, corners, transform: gridTransform(corners, g.dimension), score: best };
}

/** Half-module steps around a coarse guess (and the guess itself). */
const STEPS = [
  [0, 0],
  [-0.5, -0.5],
  [-0.5, 0],
  [-0.5, 0.5],
  [0, -0.5],
  [0, 0.5],
  [0.5, -0.5],
  [0.5, 0],
  [0.5, 0.5],
] as const;

/** A version below the dimension (1 mod 4) estimated from the finder distances, it, and a version above. */
function dimensions(tl: Point, tr: Point, bl: Point, moduleSize: number): number[] {
  const between = (Math.hypot(tr.x - tl.x, tr.y - tl.y) + Math.hypot(bl.x - tl.x, bl.y - tl.y)) / (2 * moduleSize);
  const base = Math.round((between + 7 - 1) / 4) * 4 + 1;
  return [base - 4, base, base + 4].filter((d) => d >= 21 && d <= 177);
}

/**
 * How well a grid agrees with the parts of every QR code that are known in advance: the timing
 * patterns (alternating modules between the finder patterns, whose spacing shows the
 * perspective) and, from version 2, the alignment pattern near the corner. Null if the grid
 * leaves the frame.
 */
function structureScore(image: Luminance, sums: Integral, t: Homography, dimension: number): number | null {
  return structure(image, sums, t, dimension)?.agree ?? null;
}

/**
 * The structure's agreement per module in grey levels (`agree`), and as a fraction of the
 * readings' size (`fit`, 1 when every known module reads as it should, about 0 for noise).
 */
function structure(image: Luminance, sums: Integral, t: Homography, dimension: number): { agree: number; fit: number } | null {
  let agree = 0;
  let size = 0;
  let n = 0;
  for (let k = 8; k < dimension - 8; k++) {
    const a = readModule(image, sums, t, k, 6);
    const b = readModule(image, sums, t, 6, k);
    if (a === null || b === null) return null;
    // Even modules are dark (negative readings).
    agree += k % 2 === 0 ? -a - b : a + b;
    size += Math.abs(a) + Math.abs(b);
    n += 2;
  }
  if (dimension > 21) {
    // Alignment pattern centred on module (d-7, d-7): dark centre, light ring, dark ring.
    for (let dy = -2; dy <= 2; dy++)
      for (let dx = -2; dx <= 2; dx++) {
        const m = readModule(image, sums, t, dimension - 7 + dx, dimension - 7 + dy);
        if (m === null) return null;
        agree += Math.max(Math.abs(dx), Math.abs(dy)) === 1 ? m : -m;
        size += Math.abs(m);
        n++;
      }
  }
  return { agree: agree / n, fit: size ? agree / size : 0 };
}

/**
 * A grid that sits right reads every module clearly dark or light; one that is off by part of a
 * module straddles module edges and reads greys. Measured from module `from` on in both
 * directions (the half near the guessed corner, or all). Null if the grid leaves the frame.
 */
function clarity(image: Luminance, sums: Integral, t: Homography, dimension: number, from = dimension >> 1): number | null {
  let clear = 0;
  let n = 0;
  for (let y = from; y < dimension; y++)
    for (let x = from; x < dimension; x++) {
      const m = readModule(image, sums, t, x, y, 0.7);
      if (m === null) return null;
      clear += Math.abs(m);
      n++;
    }
  return clear / n;
}

/**
 * Module (x, y): the mean grey of its middle (`size` of a module square) minus the mean of the
 * 6x6 modules around it, in grey levels; negative = dark. Null if its centre is outside the frame.
 */
function readModule(image: Luminance, sums: Integral, t: Homography, x: number, y: number, size = 0.5): number | null {
  const cx = x + 0.5;
  const cy = y + 0.5;
  const w = t[6] * cx + t[7] * cy + t[8];
  const px = (t[0] * cx + t[1] * cy + t[2]) / w;
  const py = (t[3] * cx + t[4] * cy + t[5]) / w;
  if (!(px >= 0 && py >= 0 && px < image.width && py < image.height)) return null;
  // Local scale of one module in pixels, from the neighbouring module's position.
  const w1 = t[6] * (cx + 1) + t[7] * cy + t[8];
  const unit = Math.hypot((t[0] * (cx + 1) + t[1] * cy + t[2]) / w1 - px, (t[3] * (cx + 1) + t[4] * cy + t[5]) / w1 - py);
  const r = Math.max(0.5, (unit * size) / 2);
  const R = Math.max(2, unit * 3);
  return boxMean(sums, px - r, py - r, px + r, py + r) - boxMean(sums, px - R, py - R, px + R, py + R);
}

function decodeGrid(image: Luminance, sums: Integral, g: Guess): string | null {
  const grid = new BitMatrix(g.dimension);
  for (let y = 0; y < g.dimension; y++)
    for (let x = 0; x < g.dimension; x++) {
      const m = readModule(image, sums, g.transform, x, y);
      if (m !== null && m < 0) grid.set(x, y);
    }
  try {
    return decoder.decodeBitMatrix(grid).getText();
  } catch {
    return null; // Reed-Solomon or the format information said no
  }
}
