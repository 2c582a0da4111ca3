// A .y4m video of a code for Chromium's fake camera, made with `kaiku qr` as a person would.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kaiku } from '../../support/kaiku.ts';

export function cameraVideo(name: string, code: string): string {
  const out = join(mkdtempSync(join(tmpdir(), 'kaiku-camera-')), `${name}.y4m`);
  const made = kaiku(['qr', code, '--out', out]);
  if (made.status !== 0) throw new Error(`kaiku qr failed: ${made.stderr}`);
  return out;
}
