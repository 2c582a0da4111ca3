// The decoder's grey picture read straight from a camera frame, with fake VideoFrames laid out as
// browsers lay them out: the luma plane as it is, grey from RGBA and BGRA, padded rows, large
// frames halved, and null where only drawing the frame can read it.

import { expect, it } from 'vitest';
import type { LumaFrame } from '../../src/scanner/frame-luminance.ts';
import { MAX_SIDE, frameLuminance } from '../../src/scanner/frame-luminance.ts';

/** A frame whose first plane holds `rows` (each padded to `stride` bytes), then a chroma plane of 128s. */
function fakeFrame(format: VideoPixelFormat | null, width: number, rows: number[][], stride?: number): LumaFrame {
  const rowBytes = rows[0]!.length;
  const pitch = stride ?? rowBytes;
  const chroma = format?.startsWith('I4') || format === 'NV12' ? (width * rows.length) / 2 : 0;
  return {
    format,
    visibleRect: { x: 0, y: 0, width, height: rows.length } as DOMRectReadOnly,
    allocationSize: () => pitch * rows.length + chroma,
    async copyTo(into) {
      const bytes = into as Uint8Array;
      rows.forEach((row, y) => bytes.set(row, y * pitch));
      bytes.fill(128, pitch * rows.length);
      return [{ offset: 0, stride: pitch }, ...(chroma ? [{ offset: pitch * rows.length, stride: width / 2 }] : [])];
    },
  };
}

it('takes the luma plane of a YUV frame as the grey picture, byte for byte', async () => {
  const luma = [
    [0, 50, 100, 150],
    [200, 250, 10, 20],
  ];
  for (const format of ['I420', 'NV12'] as const) {
    const image = await frameLuminance(fakeFrame(format, 4, luma));
    expect(image && { width: image.width, height: image.height, data: [...image.data] }).toEqual({ width: 4, height: 2, data: luma.flat() });
  }
});

it('leaves out the padding at the end of each row', async () => {
  const image = await frameLuminance(fakeFrame('I420', 2, [[1, 2], [3, 4]], 4));
  expect([...image!.data]).toEqual([1, 2, 3, 4]);
});

it('weighs red, green and blue as zxing does, whichever comes first in the pixel', async () => {
  const rgba = [[255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255]];
  const bgra = [[0, 0, 255, 255, 0, 255, 0, 255, 255, 0, 0, 255]];
  const red = (306 * 255) >> 10;
  const green = (601 * 255) >> 10;
  const blue = (117 * 255) >> 10;
  expect([...(await frameLuminance(fakeFrame('RGBA', 3, rgba)))!.data]).toEqual([red, green, blue]);
  expect([...(await frameLuminance(fakeFrame('BGRX', 3, bgra)))!.data]).toEqual([red, green, blue]);
});

it('halves a frame larger than the decoder needs, averaging each 2x2 block', async () => {
  const small = await frameLuminance(fakeFrame('I420', MAX_SIDE + 2, [Array.from({ length: MAX_SIDE + 2 }, (_, x) => (x % 2 ? 100 : 0)), Array(MAX_SIDE + 2).fill(100)]));
  expect([small!.width, small!.height]).toEqual([MAX_SIDE / 2 + 1, 1]);
  expect([...small!.data].every((v) => v === 75)).toBe(true);
});

it('answers null for a frame it cannot read directly (no format: a GPU texture), so the worker draws it', async () => {
  expect(await frameLuminance(fakeFrame(null, 2, [[1, 2]]))).toBeNull();
});
