import { crc32, inflateSync } from 'node:zlib';
import { describe, it, expect } from 'vitest';
import {
  BinaryBitmap,
  HybridBinarizer,
  PlanarYUVLuminanceSource,
  QRCodeReader,
} from '@zxing/library';
import {
  qrFormatOf,
  qrMatrix,
  renderPng,
  renderQr,
  renderSvg,
  renderY4m,
} from '../../src/node/qr-render.ts';

// A real card code: ~140 characters of the QR alphanumeric set.
const CARD =
  'KK1.' +
  'AEAACUINKJ5AAAQIJZATSQZVJ5HFC7WYRRR2NXRNPRRJTV3BAGXLLSQUPBEUMJJBDEKUN2SW3LBHCSB2J5R7NVEYFVUSRUCY72EGYHU2667UJGNYKTSIESJCVAJVFOUMBUCA'.slice(
    4,
  );

const W = 640;
const H = 480;
const HEADER = 'YUV4MPEG2 W640 H480 F15:1 Ip A1:1 C420jpeg\n';
const FRAME_BYTES = 6 + W * H * 1.5;

function decode(luma: Uint8Array, width: number, height: number): string {
  const clamped = new Uint8ClampedArray(luma.buffer, luma.byteOffset, width * height);
  const source = new PlanarYUVLuminanceSource(clamped, width, height, 0, 0, width, height, false);
  return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText();
}

function y4mFrame(y4m: Uint8Array, index: number): { marker: string; luma: Uint8Array; chroma: Uint8Array } {
  const start = HEADER.length + index * FRAME_BYTES;
  return {
    marker: new TextDecoder().decode(y4m.subarray(start, start + 6)),
    luma: y4m.subarray(start + 6, start + 6 + W * H),
    chroma: y4m.subarray(start + 6 + W * H, start + FRAME_BYTES),
  };
}

function darkBox(luma: Uint8Array): { left: number; top: number; right: number; bottom: number } | null {
  let box: { left: number; top: number; right: number; bottom: number } | null = null;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (luma[y * W + x]! >= 128) continue;
      box ??= { left: x, top: y, right: x, bottom: y };
      box.left = Math.min(box.left, x);
      box.right = Math.max(box.right, x);
      box.top = Math.min(box.top, y);
      box.bottom = Math.max(box.bottom, y);
    }
  }
  return box;
}

function readPng(png: Uint8Array): { width: number; height: number; colorType: number; bitDepth: number; rows: Uint8Array[]; filters: number[] } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let at = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  let bitDepth = -1;
  const idat: Uint8Array[] = [];
  const types: string[] = [];
  while (at < png.length) {
    const length = view.getUint32(at);
    const type = new TextDecoder().decode(png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    types.push(type);
    // Viewers reject chunks whose CRC (over type + data) is wrong.
    expect(view.getUint32(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      bitDepth = data[8]!;
      colorType = data[9]!;
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  expect(types[0]).toBe('IHDR');
  expect(types.at(-1)).toBe('IEND');
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe(height * (width + 1));
  const rows: Uint8Array[] = [];
  const filters: number[] = [];
  for (let y = 0; y < height; y++) {
    filters.push(raw[y * (width + 1)]!);
    rows.push(raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1)));
  }
  return { width, height, colorType, bitDepth, rows, filters };
}

describe('qrMatrix', () => {
  it('fits a card code of up to 140 characters in version 6 or lower', () => {
    for (const text of [CARD, (CARD + 'KK1.AEAACUIN').slice(0, 140)]) {
      expect(text.length).toBeGreaterThanOrEqual(130);
      const m = qrMatrix(text);
      expect(m.size).toBeLessThanOrEqual(41);
      expect((m.size - 17) % 4).toBe(0);
    }
  });

  it('has finder patterns in three corners and timing patterns between them', () => {
    const m = qrMatrix(CARD);
    for (const [x, y] of [
      [0, 0],
      [m.size - 7, 0],
      [0, m.size - 7],
    ] as const) {
      expect(m.dark(x, y)).toBe(true);
      expect(m.dark(x + 1, y + 1)).toBe(false);
      expect(m.dark(x + 3, y + 3)).toBe(true);
    }
    for (let i = 8; i < m.size - 8; i++) {
      expect(m.dark(i, 6)).toBe(i % 2 === 0);
      expect(m.dark(6, i)).toBe(i % 2 === 0);
    }
  });

  it('refuses empty text with a message saying so', () => {
    expect(() => qrMatrix('')).toThrow(/empty/);
  });

  it('refuses text too long for any QR code with a message saying so', () => {
    expect(() => qrMatrix('A'.repeat(5000))).toThrow(/too long for a QR code \(5000 characters\)/);
  });
});

describe('renderY4m', () => {
  it('writes 3 s at 15 fps of 640x480 4:2:0 frames by default', () => {
    const y4m = renderY4m(qrMatrix(CARD));
    expect(new TextDecoder().decode(y4m.subarray(0, HEADER.length))).toBe(HEADER);
    expect(y4m.length).toBe(HEADER.length + 45 * FRAME_BYTES);
    for (let i = 0; i < 45; i++) {
      const frame = y4mFrame(y4m, i);
      expect(frame.marker).toBe('FRAME\n');
      expect(frame.chroma.every((v) => v === 128)).toBe(true);
    }
  });

  it('shows a code that decodes back to the exact text', () => {
    const y4m = renderY4m(qrMatrix(CARD));
    expect(decode(y4mFrame(y4m, 0).luma, W, H)).toBe(CARD);
    expect(decode(y4mFrame(y4m, 44).luma, W, H)).toBe(CARD);
  });

  it('centres the code, as large as fits in 85% of the height with its quiet zone', () => {
    const m = qrMatrix(CARD);
    const box = darkBox(y4mFrame(renderY4m(m), 0).luma)!;
    const side = box.right - box.left + 1;
    expect(box.bottom - box.top + 1).toBe(side);
    expect(side % m.size).toBe(0);
    const scale = side / m.size;
    expect((m.size + 8) * scale).toBeLessThanOrEqual(0.85 * H);
    expect((m.size + 8) * (scale + 1)).toBeGreaterThan(0.85 * H);
    expect(Math.abs(box.left + box.right + 1 - W)).toBeLessThanOrEqual(1);
    expect(Math.abs(box.top + box.bottom + 1 - H)).toBeLessThanOrEqual(1);
  });

  it('adds plain lead-in frames before the code and honours seconds and fps', () => {
    const y4m = renderY4m(qrMatrix(CARD), { seconds: 1, fps: 10, leadInFrames: 5 });
    const header = 'YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n';
    expect(new TextDecoder().decode(y4m.subarray(0, header.length))).toBe(header);
    expect(y4m.length).toBe(header.length + 15 * FRAME_BYTES);
    for (let i = 0; i < 5; i++) {
      const frame = y4mFrame(y4m, i);
      expect(frame.marker).toBe('FRAME\n');
      expect(darkBox(frame.luma)).toBeNull();
    }
    expect(y4mFrame(y4m, 5).marker).toBe('FRAME\n');
    expect(decode(y4mFrame(y4m, 5).luma, W, H)).toBe(CARD);
    expect(decode(y4mFrame(y4m, 14).luma, W, H)).toBe(CARD);
  });

  it('rejects nonsensical timing options', () => {
    const m = qrMatrix(CARD);
    expect(() => renderY4m(m, { fps: 0 })).toThrow(/fps/);
    expect(() => renderY4m(m, { seconds: -1 })).toThrow(/seconds/);
    expect(() => renderY4m(m, { leadInFrames: 1.5 })).toThrow(/leadInFrames/);
  });
});

describe('renderPng', () => {
  it('writes an 8-bit greyscale PNG at 8 px per module with a 4-module quiet zone', () => {
    const m = qrMatrix(CARD);
    const png = readPng(renderPng(m));
    expect(png.width).toBe((m.size + 8) * 8);
    expect(png.height).toBe(png.width);
    expect(png.bitDepth).toBe(8);
    expect(png.colorType).toBe(0);
    expect(png.filters.every((f) => f === 0)).toBe(true);
    // Quiet zone is white, the top-left finder starts right after it.
    expect(png.rows[31]!.every((v) => v === 255)).toBe(true);
    expect(png.rows[32]![31]).toBe(255);
    expect(png.rows[32]![32]).toBe(0);
  });

  it('decodes back to the exact text', () => {
    const png = readPng(renderPng(qrMatrix(CARD)));
    const luma = new Uint8Array(png.width * png.height);
    png.rows.forEach((row, y) => luma.set(row, y * png.width));
    expect(decode(luma, png.width, png.height)).toBe(CARD);
  });

  it('honours the scale option', () => {
    const m = qrMatrix(CARD);
    expect(readPng(renderPng(m, { scale: 3 })).width).toBe((m.size + 8) * 3);
  });
});

describe('renderSvg', () => {
  it('draws exactly the dark modules in one path inside a quiet zone', () => {
    const m = qrMatrix(CARD);
    const svg = renderSvg(m);
    const total = m.size + 8;
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain(`viewBox="0 0 ${total} ${total}"`);
    expect(svg).toContain('shape-rendering="crispEdges"');
    expect(svg).toMatch(/<rect [^>]*fill="#fff"/);
    expect(svg.match(/<path /g)).toHaveLength(1);

    const d = /<path d="([^"]*)"/.exec(svg)![1]!;
    const drawn = new Set<string>();
    for (const [, x, y, run] of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
      for (let i = 0; i < Number(run); i++) drawn.add(`${Number(x) + i - 4},${Number(y) - 4}`);
    }
    const expected = new Set<string>();
    for (let y = 0; y < m.size; y++) {
      for (let x = 0; x < m.size; x++) if (m.dark(x, y)) expected.add(`${x},${y}`);
    }
    expect(d.replace(/M\d+ \d+h(\d+)v1h-\1z/g, '')).toBe('');
    expect(drawn).toEqual(expected);
  });
});

describe('qrFormatOf / renderQr', () => {
  it('picks the format from the file extension, ignoring case', () => {
    expect(qrFormatOf('card.png')).toBe('png');
    expect(qrFormatOf('out/Card.SVG')).toBe('svg');
    expect(qrFormatOf('/tmp/cam.Y4m')).toBe('y4m');
    expect(qrFormatOf('card.jpg')).toBeNull();
    expect(qrFormatOf('png')).toBeNull();
  });

  it('returns a string for SVG and bytes for PNG and Y4M', () => {
    expect(typeof renderQr(CARD, 'svg')).toBe('string');
    const png = renderQr(CARD, 'png');
    expect(png).toBeInstanceOf(Uint8Array);
    expect(Array.from((png as Uint8Array).subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]);
    const y4m = renderQr(CARD, 'y4m') as Uint8Array;
    expect(new TextDecoder().decode(y4m.subarray(0, 9))).toBe('YUV4MPEG2');
  });

  it('passes on readable errors', () => {
    expect(() => renderQr('', 'png')).toThrow(/empty/);
    expect(() => renderQr('x'.repeat(5000), 'svg')).toThrow(/too long/);
  });
});
