// The grey picture the decoder reads, taken straight from a camera frame (a VideoFrame): the luma
// plane of the camera's own YUV picture as it is, or grey from its RGB pixels. No canvas, no
// colour conversion of the whole frame: on a slow tablet that conversion cost more than decoding.

import type { Luminance } from './decoder/luminance.ts';
import { downsample2, rgbaToLuminance } from './decoder/luminance.ts';

/** Frames larger than this are halved: more pixels cost decode time, not codes. */
export const MAX_SIDE = 1280;

/** What of a VideoFrame this reads: a structural type, so tests in Node can hand in a fake frame. */
export type LumaFrame = Pick<VideoFrame, 'format' | 'visibleRect' | 'allocationSize' | 'copyTo'>;

/**
 * The frame's grey picture, or null when its pixels cannot be read this way (an opaque GPU frame
 * with no format): the caller draws it instead.
 */
export async function frameLuminance(frame: LumaFrame): Promise<Luminance | null> {
  const { format, visibleRect: rect } = frame;
  if (!format || !rect) return null;
  const yuv = /^(I4|NV12)/.test(format);
  if (!yuv && !/^(RGB|BGR)/.test(format)) return null;
  const { width, height } = rect;
  const bytes = new Uint8Array(frame.allocationSize({ rect }));
  const [first] = await frame.copyTo(bytes, { rect });
  if (!first) return null;
  // The first plane: luma for the YUV formats, all four bytes of each pixel for the RGB ones.
  const rowBytes = yuv ? width : 4 * width;
  const plane = first.stride === rowBytes ? bytes.subarray(first.offset, first.offset + rowBytes * height) : packRows(bytes, first.offset, first.stride, rowBytes, height);
  let image: Luminance = yuv ? { data: plane, width, height } : rgbaToLuminance(plane, width, height, undefined, format.startsWith('BGR') ? 2 : 0);
  while (Math.max(image.width, image.height) > MAX_SIDE) image = downsample2(image);
  return image;
}

/** Rows laid out `stride` bytes apart, packed one after the other. */
function packRows(bytes: Uint8Array, offset: number, stride: number, rowBytes: number, rows: number): Uint8Array {
  const out = new Uint8Array(rowBytes * rows);
  for (let y = 0; y < rows; y++) out.set(bytes.subarray(offset + y * stride, offset + y * stride + rowBytes), y * rowBytes);
  return out;
}
