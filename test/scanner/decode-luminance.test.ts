// The decoder on single frames a desk will meet: the fake camera's picture from `kaiku qr`, a
// printed card's Code 39, and frames with nothing to read.

import { describe, expect, it } from 'vitest';
import { qrMatrix, renderY4m } from '../../src/node/qr-render.ts';
import { decodeFrame, decodeLuminance } from '../../src/scanner/decoder/decode-luminance.ts';
import { rgbaToLuminance } from '../../src/scanner/decoder/luminance.ts';
import { code39Widths } from '../support/code39.ts';

// Verdicts here must not depend on how busy the test machine is (a cold JIT alone can take the
// default 100 ms on the first frame): a generous budget, except where the budget is the point.
const UNHURRIED = { budgetMs: 10_000 };

const SIGNED = 'KK1.AEAACUINKJ5AAAQIJZATSQZVJ5HFC7WYRRR2NXRNPRRJTV3BAGXLLSQUPBEUMJJBDEKUN2SW3LBHCSB2J5R7NVEYFVUSRUCY72EGYHU2667UJGNYKTSIESJCVAJVFOUMBUCA';

/** The luma plane of the last frame of `kaiku qr TEXT --out x.y4m` (640x480, C420jpeg). */
function fakeCameraFrame(text: string): Uint8Array {
  const y4m = renderY4m(qrMatrix(text), { seconds: 0.1, fps: 10 });
  const frameBytes = 6 + 640 * 480 * 1.5;
  const start = y4m.length - frameBytes + 6;
  return y4m.slice(start, start + 640 * 480);
}

/** A printed card: the ID in Code 39, 3 px per narrow bar, on white, on a grey desk. */
function code39Frame(text: string): Uint8Array {
  const frame = new Uint8Array(640 * 480).fill(150);
  const widths = code39Widths(text);
  const total = widths.reduce((a, b) => a + b, 0) * 3;
  const left = (640 - total) >> 1;
  for (let y = 180; y < 300; y++) frame.fill(245, y * 640 + left - 40, y * 640 + left + total + 40);
  let x = left;
  widths.forEach((w, i) => {
    if (i % 2 === 0) for (let y = 200; y < 280; y++) frame.fill(20, y * 640 + x, y * 640 + x + w * 3);
    x += w * 3;
  });
  return frame;
}

describe('decodeLuminance', () => {
  it('reads a signed code from the fake camera picture that browser tests use', () => {
    expect(decodeLuminance(fakeCameraFrame(SIGNED), 640, 480, UNHURRIED)).toBe(SIGNED);
  });

  it('reads it on the first, cheapest attempt (half size)', () => {
    const outcome = decodeFrame(fakeCameraFrame(SIGNED), 640, 480, UNHURRIED);
    expect(outcome).toMatchObject({ text: SIGNED, attempt: 'qr-half', resumeAt: 0 });
  });

  it('reads a plain card ID as QR and as Code 39', () => {
    expect(decodeLuminance(fakeCameraFrame('NA9C5ONQ'), 640, 480, UNHURRIED)).toBe('NA9C5ONQ');
    expect(decodeLuminance(code39Frame('NA9C5ONQ'), 640, 480, UNHURRIED)).toBe('NA9C5ONQ');
  });

  it('leaves out the attempts it is told to skip, and says what each attempt that ended cost', () => {
    expect(decodeFrame(code39Frame('NA9C5ONQ'), 640, 480, { ...UNHURRIED, skip: new Set(['code39']) }).text).toBeNull();
    const outcome = decodeFrame(code39Frame('NA9C5ONQ'), 640, 480, UNHURRIED);
    expect(outcome).toMatchObject({ text: 'NA9C5ONQ', attempt: 'code39' });
    expect(Object.keys(outcome.attemptMs).sort()).toEqual(['code39', 'qr-full', 'qr-half']);
  });

  it('ignores Code 39 that is not a card ID (cards print nothing else in it)', () => {
    expect(decodeLuminance(code39Frame('ABC-12.3'), 640, 480, UNHURRIED)).toBeNull();
  });

  it('reads a Code 39 card held upside down or sideways', () => {
    const frame = code39Frame('ITM7K');
    const flipped = frame.slice().reverse();
    expect(decodeLuminance(flipped, 640, 480, UNHURRIED)).toBe('ITM7K');
    const sideways = new Uint8Array(640 * 480);
    for (let y = 0; y < 480; y++) for (let x = 0; x < 640; x++) sideways[x * 480 + y] = frame[y * 640 + x]!;
    expect(decodeLuminance(sideways, 480, 640, UNHURRIED)).toBe('ITM7K');
  });

  it('finds nothing in a frame without a code, and says so', () => {
    expect(decodeLuminance(new Uint8Array(640 * 480).fill(200), 640, 480, UNHURRIED)).toBeNull();
    expect(decodeLuminance(new Uint8Array(20 * 20), 20, 20)).toBeNull();
  });

  it('lets the next frame start with the attempt a tight budget cut short', () => {
    let seed = 7;
    const noise = Uint8Array.from({ length: 640 * 480 }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24) & 255);
    const first = decodeFrame(noise, 640, 480, { budgetMs: 0 });
    expect(first.text).toBeNull();
    // The first attempt had the whole (empty) budget to itself, so the next frame moves on.
    expect(first.resumeAt).toBe(1);
    const second = decodeFrame(noise, 640, 480, { budgetMs: 0, firstAttempt: first.resumeAt });
    expect(second.resumeAt).toBe(2);
  });
});

describe('rgbaToLuminance', () => {
  it('weighs red, green and blue as the eye does', () => {
    const rgba = new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]);
    expect([...rgbaToLuminance(rgba, 4, 1).data]).toEqual([76, 149, 29, 255]);
  });
});
