// A deterministic corpus of camera frames (640x480 luminance) showing card codes the way a desk
// camera sees them: sensor noise on busy backgrounds, blur, any rotation, mild tilt, dim or uneven
// light, glare, and phone screens with their pixel grid and moiré. Every frame stays readable in
// principle: module size, blur, noise and glare are bounded against each other (see `honest`).

import { qrMatrix } from '../../src/node/qr-render.ts';
import { toBase32 } from '../../src/core/base32.ts';
import { code39Widths } from './code39.ts';

const FRAME_WIDTH = 640;
const FRAME_HEIGHT = 480;

export interface CorpusFrame {
  name: string;
  text: string;
  format: 'qr' | 'code39';
  width: number;
  height: number;
  luminance: Uint8ClampedArray;
  /** What makes the frame hard, for reports: 'bg-speckle', 'phone-moire', 'blur-gaussian', 'glare', ... */
  traits: readonly string[];
}

export interface CorpusCounts {
  /** QR codes of clean, crisp prints on a noisy background: the case stock zxing-js misses. */
  cleanOnNoise: number;
  signedQr: number;
  plainQr: number;
  code39: number;
}

const DEFAULT_COUNTS: CorpusCounts = { cleanOnNoise: 30, signedQr: 150, plainQr: 36, code39: 24 };

export function generateCorpus(seed = 0x4b4b31, counts: CorpusCounts = DEFAULT_COUNTS): CorpusFrame[] {
  const rng = new Rng(seed);
  const frames: CorpusFrame[] = [];
  const add = (kind: string, n: number, make: (name: string) => CorpusFrame) => {
    for (let i = 0; i < n; i++) frames.push(make(`${kind}-${String(i).padStart(3, '0')}`));
  };
  add('clean-on-noise', counts.cleanOnNoise, (name) => qrFrame(rng, name, signedCode(rng), true));
  add('signed-qr', counts.signedQr, (name) => qrFrame(rng, name, signedCode(rng), false));
  add('plain-qr', counts.plainQr, (name) => qrFrame(rng, name, cardId(rng, 4, 16), false));
  add('code39', counts.code39, (name) => code39Frame(rng, name));
  return frames;
}

// ---- payloads ------------------------------------------------------------------------------

const ID_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function cardId(rng: Rng, min: number, max: number): string {
  let id = '';
  for (let n = rng.int(min, max); n > 0; n--) id += ID_CHARS[rng.int(0, ID_CHARS.length - 1)];
  return id;
}

/** A KK1. code with the real layout (version, kid, days, kind, children, id) and a random signature. */
function signedCode(rng: Rng): string {
  const id = cardId(rng, 4, 16);
  const body = new Uint8Array(10 + id.length + 64);
  const issued = rng.int(20000, 21000);
  body[0] = 1;
  body[2] = rng.int(1, 4);
  body[3] = issued >> 8;
  body[4] = issued & 0xff;
  body[5] = (issued + 365) >> 8;
  body[6] = (issued + 365) & 0xff;
  body[8] = rng.int(0, 3);
  body[9] = id.length;
  for (let i = 0; i < id.length; i++) body[10 + i] = id.charCodeAt(i);
  for (let i = 10 + id.length; i < body.length; i++) body[i] = rng.int(0, 255);
  return `KK1.${toBase32(body)}`;
}

// ---- scene parameters ----------------------------------------------------------------------

/** A barcode in its own plane, in units of one module (QR) or one narrow bar (Code 39). */
interface Symbol2D {
  cols: number;
  rows: number;
  /** White margin around the symbol, in units. */
  marginX: number;
  marginY: number;
  /** Units of the side margins that stay in the frame: QR reads with part of its quiet zone cut off, Code 39 does not. */
  inViewX: number;
  dark(u: number, v: number): boolean;
}

interface Scene {
  symbol: Symbol2D;
  /** Pixels per unit at the centre of the symbol. */
  unitPx: number;
  angle: number;
  tiltX: number;
  tiltY: number;
  background: 'grey' | 'speckle' | 'texture' | 'clutter';
  /** Reflectance of paper and ink (print) or emitted level of white and black (phone). */
  paper: number;
  ink: number;
  /** Illumination: level at the centre (0-1) and change across the frame (fraction). */
  light: number;
  gradient: number;
  phone: null | { screenPx: number; grid: number; moire: number; moirePeriod: number; moireAngle: number };
  glare: null | { amplitude: number; radius: number };
  blur: null | { kind: 'gaussian' | 'box'; size: number };
  noise: number;
  saltPepper: number;
}

function qrFrame(rng: Rng, name: string, text: string, cleanOnNoise: boolean): CorpusFrame {
  const m = qrMatrix(text);
  const modules = new Uint8Array(m.size * m.size);
  for (let y = 0; y < m.size; y++) for (let x = 0; x < m.size; x++) modules[y * m.size + x] = m.dark(x, y) ? 1 : 0;
  const symbol: Symbol2D = {
    cols: m.size,
    rows: m.size,
    marginX: 4 + rng.int(0, 2),
    marginY: 4 + rng.int(0, 2),
    inViewX: 2,
    dark: (u, v) => modules[Math.floor(v) * m.size + Math.floor(u)] === 1,
  };
  const scale = rng.range(0.35, 0.85);
  const upright = rng.chance(0.3);
  const scene: Scene = {
    symbol,
    unitPx: (scale * FRAME_HEIGHT) / m.size,
    angle: upright ? rng.range(-0.17, 0.17) : rng.range(0, 2 * Math.PI),
    tiltX: rng.chance(0.6) ? rng.range(-0.3, 0.3) : 0,
    tiltY: rng.chance(0.6) ? rng.range(-0.3, 0.3) : 0,
    background: cleanOnNoise ? rng.pick(['speckle', 'speckle', 'texture', 'clutter']) : rng.pick(['grey', 'speckle', 'speckle', 'texture', 'clutter']),
    paper: rng.range(0.8, 0.95),
    ink: rng.range(0.03, 0.12),
    light: rng.range(0.7, 0.95),
    gradient: 0,
    phone: null,
    glare: null,
    blur: null,
    noise: 0,
    saltPepper: 0,
  };
  if (!cleanOnNoise) roughen(rng, scene);
  return render(name, text, 'qr', scene, rng);
}

function code39Frame(rng: Rng, name: string): CorpusFrame {
  // Mostly level, sometimes upside down or sideways (then shorter IDs, so the bars stay wide enough).
  const turn = rng.pick([0, 0, 0, 0, Math.PI, Math.PI, Math.PI / 2, -Math.PI / 2]);
  const sideways = Math.abs(turn) === Math.PI / 2;
  const text = cardId(rng, 4, sideways ? 8 : 12);
  const wide = rng.range(2.5, 3);
  const widths = code39Widths(text, wide);
  const total = widths.reduce((a, b) => a + b, 0);
  // A lookup of bars at 1/16 unit: fast enough per sample, finer than any camera pixel here.
  const bars = new Uint8Array(Math.ceil(total * 16));
  let at = 0;
  widths.forEach((w, i) => {
    if (i % 2 === 0) bars.fill(1, Math.round(at * 16), Math.round((at + w) * 16));
    at += w;
  });
  const narrowPx = Math.min(rng.range(2, 3.5), (sideways ? 440 : 600) / (total + 20));
  const rows = Math.round(rng.range(60, 140) / narrowPx);
  const symbol: Symbol2D = {
    cols: total,
    rows,
    marginX: 10,
    marginY: 4,
    inViewX: 10,
    dark: (u) => bars[Math.floor(u * 16)] === 1,
  };
  const scene: Scene = {
    symbol,
    unitPx: narrowPx,
    // A linear code is read along its bars: a person holds the card roughly level (or upside down).
    angle: rng.range(-0.14, 0.14) + turn,
    tiltX: rng.chance(0.5) ? rng.range(-0.35, 0.35) : 0,
    tiltY: rng.chance(0.5) ? rng.range(-0.35, 0.35) : 0,
    background: rng.pick(['grey', 'speckle', 'texture', 'clutter']),
    paper: rng.range(0.8, 0.95),
    ink: rng.range(0.03, 0.12),
    light: rng.range(0.7, 0.95),
    gradient: 0,
    phone: null,
    glare: null,
    blur: null,
    noise: 0,
    saltPepper: 0,
  };
  roughen(rng, scene);
  scene.phone = null; // printed cards only: IDs on phones are QR codes
  return render(name, text, 'code39', scene, rng);
}

/** The random mix of camera trouble for one frame. */
function roughen(rng: Rng, s: Scene): void {
  if (rng.chance(0.3)) {
    s.phone = {
      screenPx: rng.range(0.7, 1.6),
      grid: rng.range(0.15, 0.4),
      moire: rng.range(0.08, 0.2),
      moirePeriod: rng.range(4, 14),
      moireAngle: rng.range(0, Math.PI),
    };
    s.paper = rng.range(0.75, 0.95);
    s.ink = rng.range(0.06, 0.18); // a lit screen's black is grey
  }
  if (rng.chance(0.35)) s.light = rng.range(0.3, 0.55);
  if (rng.chance(0.3)) s.ink = rng.range(0.3, 0.45);
  if (rng.chance(0.4)) s.gradient = rng.range(0.3, 0.6);
  if (rng.chance(s.phone ? 0.5 : 0.25)) s.glare = { amplitude: rng.range(0.25, 0.7), radius: rng.range(0.08, 0.2) };
  if (rng.chance(0.5)) s.blur = rng.chance(0.7) ? { kind: 'gaussian', size: rng.range(0.5, 1.6) } : { kind: 'box', size: rng.int(1, 2) };
  if (rng.chance(0.75)) s.noise = rng.range(2, 16);
  if (rng.chance(0.25)) s.saltPepper = rng.range(0.002, 0.02);
}

/**
 * Bounds the trouble so a person could still read the code: blur (σ) at most 0.4 of a module, a
 * visible step between ink and paper even after blur, noise well under it, and glare that does
 * not wash the ink out.
 */
function honest(s: Scene): void {
  const unit = s.unitPx * Math.cos(Math.max(Math.abs(s.tiltX), Math.abs(s.tiltY)));
  if (s.blur) {
    const limit = 0.4 * unit;
    s.blur = s.blur.kind === 'gaussian' ? { kind: 'gaussian', size: Math.min(s.blur.size, limit) } : { kind: 'box', size: Math.min(s.blur.size, Math.floor(unit / 2)) };
    if (s.blur.size < 0.3 || (s.blur.kind === 'box' && s.blur.size < 1)) s.blur = null;
  }
  // Blur takes contrast from a lone module before noise is added: what is left of it, in the
  // dimmest part of the frame, must be a visible step (24 grey levels, zxing's minimum too) and
  // stand well above the noise.
  const sigma = !s.blur ? 0 : s.blur.kind === 'gaussian' ? s.blur.size : s.blur.size * 0.8;
  const kept = (sigma ? erf(unit / (2 * Math.SQRT2 * sigma)) : 1) * 255 * (s.paper - s.ink);
  if (!s.phone && s.light * (1 - s.gradient) * kept < MIN_STEP) s.light = MIN_STEP / ((1 - s.gradient) * kept);
  const contrast = (s.phone ? 0.9 : s.light * (1 - s.gradient)) * kept;
  s.noise = Math.min(s.noise, contrast / 5);
  // Under glare the ink must stay 35 grey levels below white, where the light is brightest.
  const brightest = s.phone ? 0.95 : s.light * (1 + s.gradient);
  if (s.glare) s.glare.amplitude = Math.min(s.glare.amplitude, 1 - s.ink * brightest - 35 / 255);
}

/** Grey levels: zxing's minimum step too (MIN_DYNAMIC_RANGE). */
const MIN_STEP = 24;

/** Abramowitz-Stegun 7.1.26, good to 1.5e-7. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * x);
  return 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
}

// ---- rendering -----------------------------------------------------------------------------

const FOCAL = 600;
/** A screen pixel's dark gap profile, 0.5 - 0.5 cos(2πt), tabulated over one pixel. */
const GRID = Float32Array.from({ length: 256 }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / 256));
const EDGE = 4;

function render(name: string, text: string, format: CorpusFrame['format'], s: Scene, rng: Rng): CorpusFrame {
  const W = FRAME_WIDTH;
  const H = FRAME_HEIGHT;
  const img = new Float32Array(W * H);
  paintBackground(img, s.background, rng);
  const inv = place(s, rng);
  honest(s);
  const sym = s.symbol;
  const cx = W / 2;
  const cy = H / 2;
  const diag = Math.hypot(cx, cy);
  const gdir = rng.range(0, 2 * Math.PI);
  const gx = Math.cos(gdir);
  const gy = Math.sin(gdir);
  const bezel = s.phone ? 6 : 0;
  const ph = s.phone;
  const mcos = ph ? Math.cos(ph.moireAngle) : 0;
  const msin = ph ? Math.sin(ph.moireAngle) : 0;
  const mphase = rng.range(0, 2 * Math.PI);
  const screenPerUnit = ph ? s.unitPx / ph.screenPx : 0; // screen pixels per symbol unit

  // Only pixels near the card need the supersampled projection; the rest is background.
  const fwd = invert3(inv);
  const reach = [sym.marginX + bezel + 1, sym.marginY + bezel + 1];
  const box = [
    [-sym.cols / 2 - reach[0]!, -sym.rows / 2 - reach[1]!],
    [sym.cols / 2 + reach[0]!, -sym.rows / 2 - reach[1]!],
    [sym.cols / 2 + reach[0]!, sym.rows / 2 + reach[1]!],
    [-sym.cols / 2 - reach[0]!, sym.rows / 2 + reach[1]!],
  ].map(([a, b]) => apply(fwd, a!, b!));
  const x0 = Math.max(0, Math.floor(Math.min(...box.map((p) => p[0]))));
  const x1 = Math.min(W, Math.ceil(Math.max(...box.map((p) => p[0]))));
  const y0 = Math.max(0, Math.floor(Math.min(...box.map((p) => p[1]))));
  const y1 = Math.min(H, Math.ceil(Math.max(...box.map((p) => p[1]))));
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const illum = Math.max(0.15, s.light * (1 + (s.gradient * ((x - cx) * gx + (y - cy) * gy)) / diag));
      if (x < x0 || x >= x1 || y < y0 || y >= y1) {
        img[i] = img[i]! * illum * 255;
        continue;
      }
      let sum = 0;
      let onCard = 0;
      for (let k = 0; k < 4; k++) {
        // 2x2 supersampling: edges are anti-aliased and a phone's pixel grid aliases into moiré.
        const sx = x + 0.25 + 0.5 * (k & 1);
        const sy = y + 0.25 + 0.5 * (k >> 1);
        const w = inv[6]! * sx + inv[7]! * sy + inv[8]!;
        const u = (inv[0]! * sx + inv[1]! * sy + inv[2]!) / w + sym.cols / 2;
        const v = (inv[3]! * sx + inv[4]! * sy + inv[5]!) / w + sym.rows / 2;
        const inCard = u >= -sym.marginX && u < sym.cols + sym.marginX && v >= -sym.marginY && v < sym.rows + sym.marginY;
        if (inCard) {
          const dark = u >= 0 && v >= 0 && u < sym.cols && v < sym.rows && sym.dark(u, v);
          let val = dark ? s.ink : s.paper;
          if (ph) {
            // Position within the screen pixel, in 256ths (& 255 also wraps negative positions).
            const gu = GRID[Math.floor(u * screenPerUnit * 256) & 255]!;
            const gv = GRID[Math.floor(v * screenPerUnit * 256) & 255]!;
            val *= (1 - ph.grid * gu) * (1 - ph.grid * gv);
            sum += val * 0.95;
          } else {
            sum += val * illum;
          }
          onCard++;
        } else if (bezel && u >= -sym.marginX - bezel && u < sym.cols + sym.marginX + bezel && v >= -sym.marginY - bezel && v < sym.rows + sym.marginY + bezel) {
          sum += 0.04 * illum;
          onCard++;
        } else {
          sum += img[i]! * illum;
        }
      }
      let val = sum / 4;
      if (ph && onCard) val *= 1 + ph.moire * Math.sin((2 * Math.PI * (x * mcos + y * msin)) / ph.moirePeriod + mphase);
      img[i] = val * 255;
    }
  }
  if (s.glare) addGlare(img, s, inv, rng);
  if (s.blur) (s.blur.kind === 'gaussian' ? gaussianBlur : boxBlur)(img, W, H, s.blur.size);
  const luminance = new Uint8ClampedArray(W * H);
  for (let i = 0; i < W * H; i++) {
    let v = img[i]! + (s.noise ? s.noise * rng.gauss() : 0);
    if (s.saltPepper && rng.next() < s.saltPepper) v = rng.chance(0.5) ? 0 : 255;
    luminance[i] = Math.round(v); // clamps like a sensor
  }
  return { name, text, format, width: W, height: H, luminance, traits: traitsOf(s, format) };
}

function traitsOf(s: Scene, format: CorpusFrame['format']): string[] {
  const t = [`bg-${s.background}`];
  // A version 6 code under half the frame's height: modules of 3-5 pixels.
  if (format === 'qr' && s.symbol.rows > 21 && s.unitPx * s.symbol.rows < 0.5 * FRAME_HEIGHT) t.push('small');
  if (Math.abs(s.tiltX) > 0.15 || Math.abs(s.tiltY) > 0.15) t.push('tilt');
  if (s.phone) t.push('phone-moire');
  if (s.light < 0.6) t.push('dim');
  if (s.ink > 0.25) t.push('low-contrast');
  if (s.gradient) t.push('uneven-light');
  if (s.glare) t.push('glare');
  if (s.blur) t.push(`blur-${s.blur.kind}`);
  if (s.noise) t.push('sensor-noise');
  if (s.saltPepper) t.push('salt-pepper');
  return t;
}

/**
 * Chooses where the symbol sits and returns the inverse homography, image -> symbol plane
 * (centred units), shrinking the symbol until it fits with its margins inside the frame.
 */
function place(s: Scene, rng: Rng): number[] {
  const sym = s.symbol;
  const hx = sym.cols / 2 + Math.min(sym.inViewX, sym.marginX);
  const hy = sym.rows / 2 + Math.min(2, sym.marginY);
  const corners = [
    [-hx, -hy],
    [hx, -hy],
    [hx, hy],
    [-hx, hy],
  ] as const;
  const shift = [rng.next(), rng.next()];
  for (;;) {
    let fwd = homography(s, 0, 0);
    const pts = corners.map(([a, b]) => apply(fwd, a, b));
    const minX = Math.min(...pts.map((p) => p[0]));
    const maxX = Math.max(...pts.map((p) => p[0]));
    const minY = Math.min(...pts.map((p) => p[1]));
    const maxY = Math.max(...pts.map((p) => p[1]));
    if (maxX - minX > FRAME_WIDTH - 2 * EDGE || maxY - minY > FRAME_HEIGHT - 2 * EDGE) {
      s.unitPx *= 0.96;
      continue;
    }
    // Anywhere in the frame where it fits, as a hand holds it.
    const dx = EDGE - minX + shift[0]! * (FRAME_WIDTH - 2 * EDGE - (maxX - minX));
    const dy = EDGE - minY + shift[1]! * (FRAME_HEIGHT - 2 * EDGE - (maxY - minY));
    fwd = homography(s, dx, dy);
    const moved = corners.map(([a, b]) => apply(fwd, a, b));
    if (moved.every(([x, y]) => x >= 1 && y >= 1 && x < FRAME_WIDTH - 1 && y < FRAME_HEIGHT - 1)) return invert3(fwd);
    s.unitPx *= 0.96;
  }
}

/** Pinhole camera looking at the symbol's plane, rotated in plane then tilted about x and y. */
function homography(s: Scene, dx: number, dy: number): number[] {
  const D = FOCAL / s.unitPx;
  const [ca, sa] = [Math.cos(s.angle), Math.sin(s.angle)];
  const [cx, sx] = [Math.cos(s.tiltX), Math.sin(s.tiltX)];
  const [cy, sy] = [Math.cos(s.tiltY), Math.sin(s.tiltY)];
  // R = Rx * Ry * Rz; only its first two columns matter for a plane.
  const rz = [
    [ca, -sa, 0],
    [sa, ca, 0],
    [0, 0, 1],
  ];
  const ry = [
    [cy, 0, sy],
    [0, 1, 0],
    [-sy, 0, cy],
  ];
  const rx = [
    [1, 0, 0],
    [0, cx, -sx],
    [0, sx, cx],
  ];
  const r = mul3(rx, mul3(ry, rz));
  const tx = (dx * D) / FOCAL;
  const ty = (dy * D) / FOCAL;
  const ex = FRAME_WIDTH / 2;
  const ey = FRAME_HEIGHT / 2;
  // K * [r1 r2 t], K = [[f,0,ex],[0,f,ey],[0,0,1]]
  const col = (j: number) => [r[0]![j]!, r[1]![j]!, r[2]![j]!];
  const c1 = col(0);
  const c2 = col(1);
  const t = [tx, ty, D];
  const k = (v: number[]) => [FOCAL * v[0]! + ex * v[2]!, FOCAL * v[1]! + ey * v[2]!, v[2]!];
  const [a, b, c] = [k(c1), k(c2), k(t)];
  return [a[0]!, b[0]!, c[0]!, a[1]!, b[1]!, c[1]!, a[2]!, b[2]!, c[2]!];
}

function apply(h: number[], a: number, b: number): [number, number] {
  const w = h[6]! * a + h[7]! * b + h[8]!;
  return [(h[0]! * a + h[1]! * b + h[2]!) / w, (h[3]! * a + h[4]! * b + h[5]!) / w];
}

function mul3(a: number[][], b: number[][]): number[][] {
  return a.map((row) => [0, 1, 2].map((j) => row[0]! * b[0]![j]! + row[1]! * b[1]![j]! + row[2]! * b[2]![j]!));
}

function invert3(m: number[]): number[] {
  const [a, b, c, d, e, f, g, h, i] = m as [number, number, number, number, number, number, number, number, number];
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [A, -(b * i - c * h), b * f - c * e, B, a * i - c * g, -(a * f - c * d), C, -(a * h - b * g), a * e - b * d].map((v) => v / det);
}

// ---- backgrounds, glare, blur --------------------------------------------------------------

function paintBackground(img: Float32Array, kind: Scene['background'], rng: Rng): void {
  const W = FRAME_WIDTH;
  const H = FRAME_HEIGHT;
  switch (kind) {
    case 'grey': {
      const base = rng.range(0.35, 0.7);
      const soft = valueNoise(rng, 96);
      for (let i = 0; i < W * H; i++) img[i] = base + 0.1 * (soft[i]! - 0.5);
      return;
    }
    case 'speckle': {
      // Coarse sensor-like grain on a dark or busy surface: the case stock zxing-js misses.
      const grain = rng.int(1, 2);
      const spread = rng.range(0.5, 0.9);
      const base = rng.range(0.35, 0.6);
      for (let y = 0; y < H; y += grain)
        for (let x = 0; x < W; x += grain) {
          const v = base + spread * (rng.next() - 0.5);
          for (let yy = y; yy < Math.min(H, y + grain); yy++) img.fill(v, yy * W + x, yy * W + Math.min(W, x + grain));
        }
      return;
    }
    case 'texture': {
      const coarse = valueNoise(rng, 48);
      const mid = valueNoise(rng, 12);
      const fine = valueNoise(rng, 3);
      for (let i = 0; i < W * H; i++) img[i] = 0.15 + 0.4 * coarse[i]! + 0.25 * mid[i]! + 0.2 * fine[i]!;
      return;
    }
    case 'clutter': {
      // Paper with print on it: lines of letter-sized strokes and a few dark boxes.
      img.fill(rng.range(0.7, 0.9));
      for (let line = rng.int(0, 12); line < H; line += rng.int(10, 18)) {
        const size = rng.int(5, 9);
        for (let x = rng.int(0, 20); x < W; x += rng.int(3, 9)) {
          if (rng.chance(0.15)) {
            x += rng.int(4, 12);
            continue;
          }
          rect(img, x, line, rng.int(1, 3), rng.int(size - 3, size), rng.range(0.05, 0.3));
        }
      }
      for (let n = rng.int(4, 10); n > 0; n--) {
        const side = rng.int(6, 40);
        rect(img, rng.int(0, W), rng.int(0, H), side, side, rng.range(0.05, 0.3));
      }
      return;
    }
  }
}

function rect(img: Float32Array, x0: number, y0: number, w: number, h: number, v: number): void {
  for (let y = Math.max(0, y0); y < Math.min(FRAME_HEIGHT, y0 + h); y++)
    img.fill(v, y * FRAME_WIDTH + Math.max(0, x0), y * FRAME_WIDTH + Math.min(FRAME_WIDTH, x0 + w));
}

/** Smooth random texture with features about `cell` pixels across, values 0-1. */
function valueNoise(rng: Rng, cell: number): Float32Array {
  const gw = Math.ceil(FRAME_WIDTH / cell) + 2;
  const gh = Math.ceil(FRAME_HEIGHT / cell) + 2;
  const grid = Float32Array.from({ length: gw * gh }, () => rng.next());
  const out = new Float32Array(FRAME_WIDTH * FRAME_HEIGHT);
  const smooth = (t: number) => t * t * (3 - 2 * t);
  for (let y = 0; y < FRAME_HEIGHT; y++) {
    const gy = Math.floor(y / cell);
    const ty = smooth(y / cell - gy);
    for (let x = 0; x < FRAME_WIDTH; x++) {
      const gx = Math.floor(x / cell);
      const tx = smooth(x / cell - gx);
      const i = gy * gw + gx;
      const top = grid[i]! + (grid[i + 1]! - grid[i]!) * tx;
      const bottom = grid[i + gw]! + (grid[i + gw + 1]! - grid[i + gw]!) * tx;
      out[y * FRAME_WIDTH + x] = top + (bottom - top) * ty;
    }
  }
  return out;
}

function addGlare(img: Float32Array, s: Scene, inv: number[], rng: Rng): void {
  const glare = s.glare!;
  // Somewhere over the code: invert the inverse to find where a symbol point lands.
  const fwd = invert3(inv);
  const [gx, gy] = apply(fwd, (rng.next() - 0.5) * s.symbol.cols * 0.8, (rng.next() - 0.5) * s.symbol.rows * 0.8);
  const r = glare.radius * s.unitPx * Math.max(s.symbol.cols, s.symbol.rows);
  const stretch = rng.range(1, 2.5);
  const dir = rng.range(0, Math.PI);
  const [dc, ds] = [Math.cos(dir), Math.sin(dir)];
  for (let y = 0; y < FRAME_HEIGHT; y++)
    for (let x = 0; x < FRAME_WIDTH; x++) {
      const a = ((x - gx) * dc + (y - gy) * ds) / stretch;
      const b = -(x - gx) * ds + (y - gy) * dc;
      const d2 = (a * a + b * b) / (r * r);
      const i = y * FRAME_WIDTH + x;
      if (d2 < 9) img[i] = img[i]! + 255 * glare.amplitude * Math.exp(-d2 / 2);
    }
}

function gaussianBlur(img: Float32Array, w: number, h: number, sigma: number): void {
  const radius = Math.ceil(3 * sigma);
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const total = kernel.reduce((a, b) => a + b, 0);
  convolve(img, w, h, kernel.map((k) => k / total));
}

function boxBlur(img: Float32Array, w: number, h: number, radius: number): void {
  convolve(img, w, h, new Array(2 * radius + 1).fill(1 / (2 * radius + 1)));
}

/** Separable convolution with clamped edges, rows then columns. */
function convolve(img: Float32Array, w: number, h: number, kernel: number[]): void {
  const r = (kernel.length - 1) / 2;
  const tmp = new Float32Array(img.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let acc = 0;
      for (let k = -r; k <= r; k++) acc += kernel[k + r]! * img[y * w + Math.min(w - 1, Math.max(0, x + k))]!;
      tmp[y * w + x] = acc;
    }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let acc = 0;
      for (let k = -r; k <= r; k++) acc += kernel[k + r]! * tmp[Math.min(h - 1, Math.max(0, y + k)) * w + x]!;
      img[y * w + x] = acc;
    }
}

// ---- seeded randomness ---------------------------------------------------------------------

class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** mulberry32: tiny, fast and good enough for test scenes. */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  range(a: number, b: number): number {
    return a + (b - a) * this.next();
  }
  int(a: number, b: number): number {
    return a + Math.floor((b - a + 1) * this.next());
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(items.length * this.next())]!;
  }
  private spare: number | null = null;
  /** Standard normal, Box-Muller (both of each pair). */
  gauss(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    const r = Math.sqrt(-2 * Math.log(1 - this.next()));
    const a = 2 * Math.PI * this.next();
    this.spare = r * Math.sin(a);
    return r * Math.cos(a);
  }
}
