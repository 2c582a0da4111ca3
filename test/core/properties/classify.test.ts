// Property tests of classify: whatever a scanner, a keyboard or a paste produces, the answer is a
// code, a plain card ID or not a card, exactly as card-codes.md's rules say.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/core/classify.ts';
import type { Classified } from '../../../src/core/classify.ts';
import { BASE32, CARD_ID, ID_CHARS, anyString, cardIdArb, scannerChar, scannerString } from './shared.ts';

/** card-codes.md "what the desk reads", steps 1-3, written out character by character. */
function specClassify(input: string): Classified {
  let text = '';
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c <= 0x1f || c === 0x7f) continue;
    text += c >= 0x61 && c <= 0x7a ? String.fromCharCode(c - 0x20) : input[i];
  }
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === ' ') start++;
  while (end > start && text[end - 1] === ' ') end--;
  text = text.slice(start, end);
  if (text.startsWith('KK1.')) return { kind: 'code', text };
  let id = '';
  for (const ch of text) if (ch !== ' ' && ch !== '-') id += ch;
  if (id.length >= 4 && id.length <= 16 && [...id].every((ch) => ID_CHARS.includes(ch))) return { kind: 'plain', id };
  return { kind: 'not-a-card' };
}

describe('classify', () => {
  const inputs = fc.oneof(
    anyString,
    fc.string({ unit: 'binary', maxLength: 300 }),
    cardIdArb.chain((id) => fc.tuple(fc.constant(id), fc.array(fc.tuple(fc.nat(), scannerChar), { maxLength: 4 }))).map(([id, inserts]) =>
      inserts.reduce((s, [at, ch]) => s.slice(0, at % (s.length + 1)) + ch + s.slice(at % (s.length + 1)), id),
    ),
    fc.mixedCase(cardIdArb),
    fc.tuple(scannerString, fc.string({ unit: fc.constantFrom(...BASE32, ...BASE32.toLowerCase()), maxLength: 30 })).map(([a, b]) => `${a}KK1.${b}`),
  );

  it('never throws, answers one of the three kinds, and does what card-codes.md says', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const got = classify(input);
        expect(['code', 'plain', 'not-a-card']).toContain(got.kind);
        if (got.kind === 'plain') expect(got.id).toMatch(CARD_ID);
        if (got.kind === 'code') {
          expect(got.text.startsWith('KK1.')).toBe(true);
          expect(got.text).not.toMatch(/[\u0000-\u001f\u007fa-z]|^ | $/);
        }
        expect(got).toEqual(specClassify(input));
      }),
      { numRuns: 2500 },
    );
  });

  it('is idempotent: the canonical form classifies to itself', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const got = classify(input);
        if (got.kind === 'plain') expect(classify(got.id)).toEqual(got);
        if (got.kind === 'code') expect(classify(got.text)).toEqual(got);
      }),
      { numRuns: 2500 },
    );
  });
});

describe('classify, what scanners add around a code', () => {
  // A wedge scanner set up with a suffix, or a paste from a message, brings several spaces and a
  // line end after the code: all of them go, or the code's signature check fails on a space.
  it('drops every space and line end around a KK1. code, however many', () => {
    expect(classify('  kk1.abcd234  \r\n')).toEqual({ kind: 'code', text: 'KK1.ABCD234' });
    expect(classify('KK1.ABCD234   ')).toEqual({ kind: 'code', text: 'KK1.ABCD234' });
  });
});
