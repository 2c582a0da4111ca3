// Strict base64url, the text of a signed bundle's fields, by example: every character of the URL
// alphabet, the characters of plain base64 and padding, and the tails. The property tests
// (properties/encodings.test.ts) try random strings; these pin each rule down.

import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from '../../src/core/base64url.ts';

// RFC 4648 §5, written out here rather than taken from the code under test.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('base64url by example', () => {
  it('reads and writes the RFC 4648 test vectors (without padding)', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'Zg'],
      ['fo', 'Zm8'],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg'],
      ['fooba', 'Zm9vYmE'],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, text] of vectors) {
      const bytes = new TextEncoder().encode(plain);
      expect(toBase64url(bytes)).toBe(text);
      expect(fromBase64url(text)).toEqual(bytes);
    }
  });

  it('reads every character of the alphabet as its own value, first and last in a group', () => {
    // Four characters are three bytes: the first is the top six bits of byte 0, the last the low
    // six bits of byte 2.
    for (let v = 0; v < 64; v++) {
      const c = ALPHABET[v]!;
      expect(fromBase64url(`${c}AAA`), c).toEqual(new Uint8Array([v << 2, 0, 0]));
      expect(fromBase64url(`AAA${c}`), c).toEqual(new Uint8Array([0, 0, v]));
    }
  });

  it('refuses every other character, "+", "/" and "=" of plain base64 among them', () => {
    // A bundle copied through a tool that re-encodes it as plain base64 must fail, not be misread.
    const others: string[] = [];
    for (let c = 0; c < 256; c++) if (!ALPHABET.includes(String.fromCharCode(c))) others.push(String.fromCharCode(c));
    others.push('\u0100', 'Ａ', '\ufeff');
    expect(others).toContain('+');
    const decoded = others.filter((c) => fromBase64url(`AAA${c}`) !== null || fromBase64url(`${c}AAA`) !== null);
    expect(decoded).toEqual([]);
  });

  it('refuses U+0080, the first character past ASCII, where "A" would be', () => {
    expect(fromBase64url('AA')).toEqual(new Uint8Array([0]));
    expect(fromBase64url('\u0080A')).toBeNull();
    expect(fromBase64url('A\u0080')).toBeNull();
  });

  it('refuses a last character with padding bits set: one spelling per byte string', () => {
    // "Zg" is "f"; "Zh" carries the same byte with a stray low bit.
    expect(fromBase64url('Zh')).toBeNull();
    expect(fromBase64url('Zm9')).toBeNull();
    expect(fromBase64url('A')).toBeNull();
  });
});
