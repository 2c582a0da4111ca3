// The decoder's own thread: the page sends video frames one at a time, the worker answers each
// with the code it read (or null) before the page sends the next. Loaded only when the camera is
// on and the browser has no native BarcodeDetector for our formats.

import { decodeFrame } from './decoder/decode-luminance.ts';
import type { Luminance } from './decoder/luminance.ts';
import { rgbaToLuminance } from './decoder/luminance.ts';
import { frameLuminance } from './frame-luminance.ts';
import { ScanPace } from './decoder/scan-pace.ts';
import type { FrameReply, FrameRequest } from './worker-protocol.ts';

// Typed by hand: the project also type-checks src/ with DOM types only, without WebWorker's.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<FrameRequest>) => void) | null;
  postMessage(message: FrameReply): void;
};

let canvas: OffscreenCanvas | null = null;
let context: OffscreenCanvasRenderingContext2D | null = null;
let grey: Uint8ClampedArray | undefined;
// The time budget and the attempts of each frame, from what frames have cost here so far.
const pace = new ScanPace();

scope.onmessage = async (event: MessageEvent<FrameRequest>) => {
  const started = performance.now();
  let text: string | null = null;
  try {
    const luminance = await luminanceOf(event.data.frame);
    const began = performance.now();
    const plan = pace.next(began);
    const outcome = decodeFrame(luminance.data, luminance.width, luminance.height, plan);
    const ended = performance.now();
    pace.record(outcome, ended - began, ended);
    text = outcome.text;
  } catch (error) {
    // A bad frame (zero size, a lost context) is no reason to stop scanning: report nothing.
    console.warn('Kaiku scanner: could not decode a frame', error);
  }
  const reply: FrameReply = { id: event.data.id, text, ms: performance.now() - started };
  scope.postMessage(reply);
};

/** A camera frame's grey picture: read from the frame itself where it can be, else drawn on a canvas. */
async function luminanceOf(frame: FrameRequest['frame']): Promise<Luminance> {
  if (!('copyTo' in frame)) return greyOf(pixels(frame));
  try {
    return (await frameLuminance(frame).catch(() => null)) ?? greyOf(pixels(await createImageBitmap(frame)));
  } finally {
    frame.close();
  }
}

/** Grey from a canvas's pixels, into the same buffer frame after frame. */
function greyOf(image: ImageData): Luminance {
  const luminance = rgbaToLuminance(image.data, image.width, image.height, grey);
  grey = luminance.data as Uint8ClampedArray;
  return luminance;
}

function pixels(frame: ImageBitmap | ImageData): ImageData {
  if (!('close' in frame)) return frame;
  const { width, height } = frame;
  if (!canvas || canvas.width !== width || canvas.height !== height) {
    canvas = new OffscreenCanvas(width, height);
    context = canvas.getContext('2d', { willReadFrequently: true });
  }
  if (!context) throw new Error('no 2D context on OffscreenCanvas');
  context.drawImage(frame, 0, 0);
  frame.close();
  return context.getImageData(0, 0, width, height);
}
