// classify by example: the length and the characters of a plain card ID at their edges, and the
// "KK1." that makes a string a code. The property tests (properties/classify.test.ts) try random
// input against card-codes.md; these pin each edge down.

import { describe, expect, it } from 'vitest';
import { classify, isCardId } from '../../src/core/classify.ts';

describe('a plain card ID at its edges', () => {
  it('is 4 to 16 characters long: 3 and 17 are not a card', () => {
    expect(classify('ABC')).toEqual({ kind: 'not-a-card' });
    expect(classify('ABCD')).toEqual({ kind: 'plain', id: 'ABCD' });
    expect(classify('0123456789ABCDEF')).toEqual({ kind: 'plain', id: '0123456789ABCDEF' });
    expect(classify('0123456789ABCDEFG')).toEqual({ kind: 'not-a-card' });
  });

  it.each(['.ABCD', 'ABCD.', '/NA9C5ONQ', 'NA9C5ONQ/', 'ÄBCD', 'ABCÄ', 'ABCD_', '#ABCD'])(
    '%j, a card ID with a symbol before or after it, is not a card (no ID is read out of it)',
    (input) => {
      expect(classify(input)).toEqual({ kind: 'not-a-card' });
    },
  );

  it('isCardId takes only the canonical form: upper case, no lower-case letter at either end', () => {
    // issueCode and the register check IDs with isCardId unfolded: "aBCDE" must not pass as "BCDE".
    expect(isCardId('ABCD')).toBe(true);
    expect(isCardId('aBCDE')).toBe(false);
    expect(isCardId('ABCDe')).toBe(false);
    expect(isCardId('abcd')).toBe(false);
    expect(isCardId('ABC')).toBe(false);
    expect(isCardId('A'.repeat(17))).toBe(false);
    expect(isCardId('')).toBe(false);
  });
});

describe('what makes a string a code', () => {
  it('only a leading "KK1." does: a card ID or "KK1" without the dot is read as a plain ID', () => {
    expect(classify('NA9C5ONQ')).toEqual({ kind: 'plain', id: 'NA9C5ONQ' });
    expect(classify('KK1ABCD')).toEqual({ kind: 'plain', id: 'KK1ABCD' });
    expect(classify('KK1-ABCD')).toEqual({ kind: 'plain', id: 'KK1ABCD' });
    expect(classify('kk1.abcd')).toEqual({ kind: 'code', text: 'KK1.ABCD' });
    expect(classify('https://example.org')).toEqual({ kind: 'not-a-card' });
    expect(classify('')).toEqual({ kind: 'not-a-card' });
  });
});
