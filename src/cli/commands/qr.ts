// kaiku qr: render text as a QR code for printing (.png, .svg) or a fake camera (.y4m).

import { writeFileSync } from 'node:fs';
import { qrFormatOf, renderQr } from '../../node/qr-render.ts';
import { required } from '../../node/inputs.ts';
import { emit } from '../../node/output.ts';
import { UsageError } from '../../node/usage-error.ts';

export function runQr(text: string | undefined, out: string | undefined): void {
  const path = required(out, '--out FILE');
  const format = qrFormatOf(path);
  if (!format) throw new UsageError(`--out must end in .png, .svg or .y4m, not "${path}"`);
  let data: Uint8Array | string;
  try {
    data = renderQr(required(text, 'the TEXT to encode'), format);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  try {
    writeFileSync(path, data);
  } catch (e) {
    throw new UsageError(`cannot write ${path}: ${(e as Error).message}`);
  }
  emit({ out: path });
}
