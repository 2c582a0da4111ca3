// Strict base32, the text of a KK1. code, by example: every character of the alphabet, every
// length a code's text can and cannot have, and characters outside the alphabet. The property
// tests (properties/encodings.test.ts) try random strings; these pin each rule down.

import { describe, expect, it } from 'vitest';
import { fromBase32, toBase32 } from '../../src/core/base32.ts';

// RFC 4648 §6, written out here rather than taken from the code under test.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

describe('base32 by example', () => {
  it('reads and writes the RFC 4648 test vectors (without padding)', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    for (const [plain, text] of vectors) {
      const bytes = new TextEncoder().encode(plain);
      expect(toBase32(bytes)).toBe(text);
      expect(fromBase32(text)).toEqual(bytes);
    }
  });

  it('reads every character of the alphabet as its own value, first and last in a group', () => {
    // Eight characters are five bytes: the first character is the top five bits of byte 0, the
    // last the low five bits of byte 4.
    for (let v = 0; v < 32; v++) {
      const c = ALPHABET[v]!;
      expect(fromBase32(`${c}AAAAAAA`), c).toEqual(new Uint8Array([v << 3, 0, 0, 0, 0]));
      expect(fromBase32(`AAAAAAA${c}`), c).toEqual(new Uint8Array([0, 0, 0, 0, v]));
    }
  });

  it('refuses every other character, ASCII or not, so a misread code is never decoded', () => {
    // Lower case, 0, 1, 8, 9, padding and the rest: a scanner's misread must not become bytes.
    const others: string[] = [];
    for (let c = 0; c < 256; c++) if (!ALPHABET.includes(String.fromCharCode(c))) others.push(String.fromCharCode(c));
    others.push('\u0100', 'Ａ', '\ufeff');
    const decoded = others.filter((c) => fromBase32(`AAAAAAA${c}`) !== null || fromBase32(`${c}AAAAAAA`) !== null);
    expect(decoded).toEqual([]);
  });

  it('refuses U+0080, the first character past ASCII, where "A" would be', () => {
    expect(fromBase32('AA')).toEqual(new Uint8Array([0]));
    expect(fromBase32('\u0080A')).toBeNull();
    expect(fromBase32('A\u0080')).toBeNull();
  });

  it('reads exactly the lengths some byte string has: never 1, 3 or 6 characters past a group of 8', () => {
    // n bytes are ceil(8n/5) characters: 0, 2, 4, 5, 7, 8, 10, ... and never 1, 3, 6, 9, 11, 14.
    const got: [number, number | null][] = [];
    for (let n = 0; n <= 17; n++) got.push([n, fromBase32('A'.repeat(n))?.length ?? null]);
    expect(got).toEqual([
      [0, 0],
      [1, null],
      [2, 1],
      [3, null],
      [4, 2],
      [5, 3],
      [6, null],
      [7, 4],
      [8, 5],
      [9, null],
      [10, 6],
      [11, null],
      [12, 7],
      [13, 8],
      [14, null],
      [15, 9],
      [16, 10],
      [17, null],
    ]);
  });

  it('refuses a last character with padding bits set: one spelling per code', () => {
    // "MY" is "f"; "MZ" carries the same byte with a stray low bit.
    expect(fromBase32('MZ')).toBeNull();
    expect(fromBase32('MZXW6YTBOJ')).toBeNull();
  });
});
