// Renders QR codes for `kaiku qr TEXT --out FILE`: SVG for print, PNG for screens and
// Y4M for Chromium's fake camera, which lets browser tests "show" a card to the scanner.
import { extname } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { create, type BitMatrix } from 'qrcode';

export interface QrMatrix {
  readonly size: number;
  dark(x: number, y: number): boolean;
}

export type QrFormat = 'png' | 'svg' | 'y4m';

export interface SvgOptions {
  /** Quiet zone in modules; scanners need 4 to find the code reliably. */
  margin?: number;
}

export interface PngOptions extends SvgOptions {
  /** Pixels per module. */
  scale?: number;
}

export interface Y4mOptions {
  seconds?: number;
  fps?: number;
  /** Plain grey frames before the code appears, so a benchmark can time detection. */
  leadInFrames?: number;
}

const QUIET_ZONE = 4;
const BLACK = 0;
const WHITE = 255;
const GREY = 200;

const Y4M_WIDTH = 640;
const Y4M_HEIGHT = 480;
// Leaves a border of background around the code, as a phone held up to a camera would.
const Y4M_FILL = 0.85;

export function qrMatrix(text: string): QrMatrix {
  if (text.length === 0) {
    throw new Error('Nothing to encode: the QR code text is empty.');
  }
  const modules = encode(text);
  return {
    size: modules.size,
    dark: (x, y) => modules.get(y, x) === 1,
  };
}

function encode(text: string): BitMatrix {
  try {
    return create(text, { errorCorrectionLevel: 'M' }).modules;
  } catch (cause) {
    // Non-empty input with our fixed options can only fail by not fitting in version 40.
    throw new Error(
      `Text is too long for a QR code (${text.length} characters). At error-correction level M ` +
        'a QR code holds at most 2,331 bytes, or 3,391 characters if it uses only 0-9, A-Z, ' +
        'space and $%*+-./: — shorten the text.',
      { cause },
    );
  }
}

export function renderSvg(matrix: QrMatrix, opts: SvgOptions = {}): string {
  const margin = wholeNumber('margin', opts.margin ?? QUIET_ZONE, 0);
  const total = matrix.size + 2 * margin;
  // One rectangle per horizontal run of dark modules keeps the path short.
  let d = '';
  for (let y = 0; y < matrix.size; y++) {
    let x = 0;
    while (x < matrix.size) {
      if (!matrix.dark(x, y)) {
        x++;
        continue;
      }
      const start = x;
      while (x < matrix.size && matrix.dark(x, y)) x++;
      const run = x - start;
      d += `M${start + margin} ${y + margin}h${run}v1h-${run}z`;
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${total} ${total}" shape-rendering="crispEdges">` +
    `<rect width="${total}" height="${total}" fill="#fff"/>` +
    `<path d="${d}" fill="#000"/>` +
    '</svg>\n'
  );
}

export function renderPng(matrix: QrMatrix, opts: PngOptions = {}): Uint8Array {
  const scale = wholeNumber('scale', opts.scale ?? 8, 1);
  const margin = wholeNumber('margin', opts.margin ?? QUIET_ZONE, 0);
  const side = (matrix.size + 2 * margin) * scale;
  const pixels = new Uint8Array(side * side).fill(WHITE);
  paintModules(pixels, side, matrix, margin * scale, margin * scale, scale);

  // Each scanline is prefixed with filter type 0 (None): deflate alone compresses
  // large flat areas well enough.
  const raw = new Uint8Array(side * (side + 1));
  for (let y = 0; y < side; y++) {
    raw.set(pixels.subarray(y * side, (y + 1) * side), y * (side + 1) + 1);
  }

  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, side);
  view.setUint32(4, side);
  ihdr.set([8, 0, 0, 0, 0], 8); // bit depth 8, greyscale, deflate, filter method 0, no interlace

  return concat([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

export function renderY4m(matrix: QrMatrix, opts: Y4mOptions = {}): Uint8Array {
  const fps = wholeNumber('fps', opts.fps ?? 15, 1);
  const seconds = opts.seconds ?? 3;
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(`seconds must be a positive number, got ${seconds}.`);
  }
  const leadIn = wholeNumber('leadInFrames', opts.leadInFrames ?? 0, 0);
  const codeFrames = Math.max(1, Math.round(seconds * fps));

  const lumaSize = Y4M_WIDTH * Y4M_HEIGHT;
  const chromaSize = lumaSize / 4;
  const frameSize = 6 + lumaSize + 2 * chromaSize;

  const blank = new Uint8Array(frameSize);
  blank.set(ascii('FRAME\n'));
  blank.fill(GREY, 6, 6 + lumaSize);
  blank.fill(128, 6 + lumaSize); // neutral chroma: a pure grey-scale picture

  const code = blank.slice();
  const modules = matrix.size + 2 * QUIET_ZONE;
  const scale = Math.floor((Y4M_HEIGHT * Y4M_FILL) / modules);
  const side = modules * scale;
  const left = Math.floor((Y4M_WIDTH - side) / 2);
  const top = Math.floor((Y4M_HEIGHT - side) / 2);
  const luma = code.subarray(6, 6 + lumaSize);
  for (let y = top; y < top + side; y++) {
    luma.fill(WHITE, y * Y4M_WIDTH + left, y * Y4M_WIDTH + left + side);
  }
  const offset = QUIET_ZONE * scale;
  paintModules(luma, Y4M_WIDTH, matrix, left + offset, top + offset, scale);

  const header = ascii(`YUV4MPEG2 W${Y4M_WIDTH} H${Y4M_HEIGHT} F${fps}:1 Ip A1:1 C420jpeg\n`);
  const out = new Uint8Array(header.length + (leadIn + codeFrames) * frameSize);
  out.set(header);
  for (let i = 0; i < leadIn + codeFrames; i++) {
    out.set(i < leadIn ? blank : code, header.length + i * frameSize);
  }
  return out;
}

export function qrFormatOf(outPath: string): QrFormat | null {
  const ext = extname(outPath).toLowerCase();
  return ext === '.png' ? 'png' : ext === '.svg' ? 'svg' : ext === '.y4m' ? 'y4m' : null;
}

export function renderQr(text: string, format: QrFormat): Uint8Array | string {
  const matrix = qrMatrix(text);
  switch (format) {
    case 'png':
      return renderPng(matrix);
    case 'svg':
      return renderSvg(matrix);
    case 'y4m':
      return renderY4m(matrix);
  }
}

function paintModules(
  pixels: Uint8Array,
  stride: number,
  matrix: QrMatrix,
  left: number,
  top: number,
  scale: number,
): void {
  for (let my = 0; my < matrix.size; my++) {
    for (let mx = 0; mx < matrix.size; mx++) {
      if (!matrix.dark(mx, my)) continue;
      for (let dy = 0; dy < scale; dy++) {
        const row = (top + my * scale + dy) * stride + left + mx * scale;
        pixels.fill(BLACK, row, row + scale);
      }
    }
  }
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set(ascii(type), 4);
  chunk.set(data, 8);
  // The CRC covers the chunk type and data, not the length.
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  return chunk;
}

function wholeNumber(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be a whole number of at least ${min}, got ${value}.`);
  }
  return value;
}

function ascii(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
