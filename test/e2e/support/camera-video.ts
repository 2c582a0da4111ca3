// A .y4m video of a code for Chromium's fake camera, made with `kaiku qr` as a person would.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qrMatrix, renderY4m } from '../../../src/node/qr-render.ts';
import { kaiku } from '../../support/kaiku.ts';

export function cameraVideo(name: string, code: string): string {
  const out = join(mkdtempSync(join(tmpdir(), 'kaiku-camera-')), `${name}.y4m`);
  const made = kaiku(['qr', code, '--out', out]);
  if (made.status !== 0) throw new Error(`kaiku qr failed: ${made.stderr}`);
  return out;
}

/** A .y4m of an empty counter (plain grey, a second long; the fake camera loops it): nothing to read. */
export function blankCameraVideo(): string {
  // The header and the grey lead-in frames of a rendered code, without the code's frame.
  const y4m = renderY4m(qrMatrix('BLANK'), { leadInFrames: 15, seconds: 1 / 15, fps: 15 });
  const frameBytes = 6 + 640 * 480 * 1.5;
  const out = join(mkdtempSync(join(tmpdir(), 'kaiku-camera-')), 'blank.y4m');
  writeFileSync(out, y4m.subarray(0, y4m.length - frameBytes));
  return out;
}
