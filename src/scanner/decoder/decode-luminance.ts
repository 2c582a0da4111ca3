// Reads a card code (QR or Code 39) from one grey-scale camera frame. Pure, no DOM: the decoder
// worker calls it for every frame, and the corpus test calls it in Node.
//
// A frame gets a series of attempts until one reads a code or its time budget is spent. Their
// order was measured on the test corpus (bench/scanner-corpus.ts prints the figures): most codes
// read at half size, small ones at full size; Code 39 (printed IDs, rarer, the slowest scan when
// there is none) after those; unsmoothed full size last, for the odd code the others miss. When
// the budget cuts an attempt short, the next frame starts with it, so on a slow phone every
// attempt still gets its turn within a few frames.

import { binarize, despeckle } from './binarize.ts';
import { decodeCode39 } from './code39-rows.ts';
import { downsample2, smooth3, type Luminance } from './luminance.ts';
import { locateAndDecodeQr } from './qr-locate.ts';

export const DEFAULT_BUDGET_MS = 100;
/** Smaller frames cannot hold a readable card code (and the binarizer needs 5x5 blocks of 8). */
const MIN_SIDE = 40;

export interface DecodeOptions {
  /** Milliseconds one frame may take before the remaining attempts wait for the next frame. */
  budgetMs?: number;
  /** Index into ATTEMPTS to start with: the `resumeAt` of the previous frame's outcome. */
  firstAttempt?: number;
  /** Attempts left out of this frame (scan-pace.ts leaves Code 39 out of most empty frames). */
  skip?: ReadonlySet<AttemptName>;
}

export interface DecodeOutcome {
  text: string | null;
  /** The attempt that read the code. */
  attempt: AttemptName | null;
  /** Where the next frame should start (0 after a read or a complete pass). */
  resumeAt: number;
  /** How long each attempt that ran to its end took, ms. */
  attemptMs: Partial<Record<AttemptName, number>>;
}

export type AttemptName = 'qr-half' | 'qr-full' | 'code39' | 'qr-raw';

export interface Attempt {
  name: AttemptName;
  run(frame: Frame, deadline: number): string | null;
}

/** A frame and the derived images attempts share, each made on first use. */
export class Frame {
  private half?: Luminance;
  private smooth?: Luminance;
  constructor(readonly image: Luminance) {}
  halfSize(): Luminance {
    return (this.half ??= downsample2(this.image));
  }
  smoothed(): Luminance {
    return (this.smooth ??= smooth3(this.image));
  }
}

export const ATTEMPTS: readonly Attempt[] = [
  // A 2x2 mean halves sensor noise and averages a screen's moiré away; 4x cheaper than full size.
  { name: 'qr-half', run: (f, deadline) => qr(f.halfSize(), deadline) },
  // Small or distant codes need every pixel; a 3x3 mean still takes the edge off the noise.
  { name: 'qr-full', run: (f, deadline) => qr(f.smoothed(), deadline) },
  { name: 'code39', run: (f, deadline) => decodeCode39(f.image, deadline) },
  // Fine modules that even the 3x3 mean blurs too much.
  { name: 'qr-raw', run: (f, deadline) => qr(f.image, deadline) },
];

function qr(image: Luminance, deadline: number): string | null {
  return locateAndDecodeQr(image, despeckle(binarize(image), image.width, image.height), deadline);
}

/** The text of the card code in the frame, or null. `data`: one byte of luminance per pixel, row by row. */
export function decodeLuminance(data: Uint8Array | Uint8ClampedArray, width: number, height: number, options: DecodeOptions = {}): string | null {
  return decodeFrame(data, width, height, options).text;
}

/** As `decodeLuminance`, saying which attempt read the code and where the next frame should start. */
export function decodeFrame(
  data: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  options: DecodeOptions = {},
  attempts: readonly Attempt[] = ATTEMPTS,
): DecodeOutcome {
  if (width < MIN_SIDE || height < MIN_SIDE || data.length < width * height) return { text: null, attempt: null, resumeAt: 0, attemptMs: {} };
  const start = performance.now();
  const deadline = start + (options.budgetMs ?? DEFAULT_BUDGET_MS);
  const first = (options.firstAttempt ?? 0) % attempts.length;
  const frame = new Frame({ data, width, height });
  // zxing reports every failed guess by throwing; V8 capturing a stack for each one was most of
  // the time spent on a frame without a code.
  const limits = Error as { stackTraceLimit?: number };
  const stackTraceLimit = limits.stackTraceLimit;
  limits.stackTraceLimit = 0;
  try {
    const attemptMs: DecodeOutcome['attemptMs'] = {};
    for (let n = 0; n < attempts.length; n++) {
      const k = (first + n) % attempts.length;
      const attempt = attempts[k]!;
      if (options.skip?.has(attempt.name)) continue;
      const began = performance.now();
      const text = attempt.run(frame, deadline);
      const ended = performance.now();
      if (text !== null) return { text, attempt: attempt.name, resumeAt: 0, attemptMs: { ...attemptMs, [attempt.name]: ended - began } };
      if (ended > deadline) {
        // Cut short: it goes first next time, unless it already had the whole budget to itself.
        return { text: null, attempt: null, resumeAt: n === 0 ? (k + 1) % attempts.length : k, attemptMs };
      }
      attemptMs[attempt.name] = ended - began;
    }
    return { text: null, attempt: null, resumeAt: 0, attemptMs };
  } finally {
    limits.stackTraceLimit = stackTraceLimit;
  }
}
