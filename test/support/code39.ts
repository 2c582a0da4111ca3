// A tiny Code 39 encoder for test frames: @zxing/library 0.21.3 reads Code 39 but cannot write it.
// Same tables as the reader (zxing's Code39Reader), so a clean render must read back exactly.

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%';
// 9 bits per character, first element (a bar) in the most significant bit, 1 = wide.
const ENCODINGS = [
  0x034, 0x121, 0x061, 0x160, 0x031, 0x130, 0x070, 0x025, 0x124, 0x064, 0x109, 0x049, 0x148, 0x019, 0x118,
  0x058, 0x00d, 0x10c, 0x04c, 0x01c, 0x103, 0x043, 0x142, 0x013, 0x112, 0x052, 0x007, 0x106, 0x046, 0x016,
  0x181, 0x0c1, 0x1c0, 0x091, 0x190, 0x0d0, 0x085, 0x184, 0x0c4, 0x0a8, 0x0a2, 0x08a, 0x02a,
];
const ASTERISK = 0x094;

/**
 * Widths of the bars and spaces of `*TEXT*`, alternating and starting with a bar, in narrow
 * units (narrow = 1, wide = `wide`); one narrow space separates characters.
 */
export function code39Widths(text: string, wide = 3): number[] {
  const patterns = [ASTERISK];
  for (const ch of text) {
    const i = ALPHABET.indexOf(ch);
    if (i < 0 || ch === '*') throw new Error(`Code 39 cannot encode ${JSON.stringify(ch)}.`);
    patterns.push(ENCODINGS[i]!);
  }
  patterns.push(ASTERISK);
  const widths: number[] = [];
  patterns.forEach((p, n) => {
    if (n > 0) widths.push(1);
    for (let bit = 8; bit >= 0; bit--) widths.push((p >> bit) & 1 ? wide : 1);
  });
  return widths;
}
