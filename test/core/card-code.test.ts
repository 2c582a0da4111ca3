// The KK1. code layout (src/core/card-code.ts) on its own: what `kaiku issue` refuses and why, and
// the exact bytes an issuer signs. The checks of whole codes against a bundle are in
// card-codes.test.ts.

import { describe, expect, it } from 'vitest';
import { fromBase32 } from '../../src/core/base32.ts';
import type { CardFacts } from '../../src/core/card-code.ts';
import { cardFactsProblem, decodeCode } from '../../src/core/card-code.ts';
import { vector } from '../support/vectors.ts';

const { cases } = vector<{ cases: { name: string; input: string }[] }>('card-codes.json');

describe('what `kaiku issue` says about card facts that do not fit a code', () => {
  // The CLI prints "cannot issue this card: <message>", and issueCode throws only on a non-empty
  // message: an empty one would mint the code. So every message is checked word for word.
  const fits: CardFacts = { kid: 1, issued: 20000, expires: 20365, kind: 0, children: 2, id: 'NA9C5ONQ' };
  const problem = (change: Partial<CardFacts>) => cardFactsProblem({ ...fits, ...change });

  it('accepts facts that fit, up to the limits of every field', () => {
    expect(problem({})).toBeNull();
    expect(problem({ kid: 0 })).toBeNull();
    expect(problem({ kid: 65535 })).toBeNull();
    expect(problem({ issued: 65535, expires: 65535 })).toBeNull();
    expect(problem({ issued: 0, expires: 400 })).toBeNull();
    expect(problem({ children: 0 })).toBeNull();
    expect(problem({ children: 20 })).toBeNull();
    expect(problem({ kind: 1, children: 0 })).toBeNull();
    expect(problem({ id: 'ABCD' })).toBeNull();
    expect(problem({ id: '0123456789ABCDEF' })).toBeNull();
  });

  it.each<[string, Partial<CardFacts>]>([
    ['lower case (a code carries the ID as printed)', { id: 'na9c5onq' }],
    ['three characters', { id: 'ABC' }],
    ['seventeen characters', { id: '0123456789ABCDEFG' }],
    ['a leading lower-case letter', { id: 'aBCDE' }],
    ['a trailing lower-case letter', { id: 'ABCDe' }],
    ['a leading symbol', { id: '.ABCD' }],
    ['a trailing symbol', { id: 'ABCD.' }],
    ['a space inside', { id: 'AB CD' }],
  ])('a card ID with %s is refused with a message naming the rule', (_what, change) => {
    expect(problem(change)).toBe('the card ID must be 4-16 characters of 0-9 and A-Z');
  });

  it.each([65536, -1, 1.5, Number.NaN])('a key id of %s is refused with a message naming the key id', (kid) => {
    expect(problem({ kid })).toBe('the key id must be 0-65535');
  });

  it.each<[string, Partial<CardFacts>]>([
    ['an expiry day past 65535', { issued: 65500, expires: 65536 }],
    ['an issue day below 0', { issued: -1, expires: 10 }],
    ['a fractional expiry day', { expires: 20365.5 }],
    ['a fractional issue day', { issued: 20000.5 }],
  ])('%s is refused: both days must be day numbers', (_what, change) => {
    // Only one of the two is wrong each time: either one alone is enough to refuse.
    expect(problem(change)).toBe('issued and expires must be day numbers 0-65535');
  });

  it('a card issued after it expires is refused', () => {
    expect(problem({ issued: 20366, expires: 20365 })).toBe('the card is issued after it expires');
  });

  it('a card valid for more than 400 days is refused with the limit in the message', () => {
    expect(problem({ issued: 20000, expires: 20401 })).toBe('a card may be valid at most 400 days');
  });

  it('a kind other than personal (0) or community (1) is refused', () => {
    expect(problem({ kind: 2 as CardFacts['kind'] })).toBe('kind must be 0 (personal) or 1 (community)');
  });

  it.each([21, -1, 1.5, 255])('%s children are refused with the allowed range in the message', (children) => {
    expect(problem({ children })).toBe('children must be 0-20');
  });

  it('a community card with children is refused', () => {
    expect(problem({ kind: 1, children: 2 })).toBe('a community card records no children');
  });
});

describe('what an issuer signs', () => {
  it('signs "KK1" and the body, so a signature made for another format never passes for a card', () => {
    const code = cases.find((c) => c.name.startsWith('valid personal code'))!.input;
    const decoded = decodeCode(code);
    if (!decoded.ok) throw new Error(decoded.reason);
    const raw = fromBase32(code.slice('KK1.'.length))!;
    const body = raw.subarray(0, raw.length - 64);
    // The domain tag, spelt out here as bytes: "K", "K", "1".
    expect([...decoded.code.signed]).toEqual([0x4b, 0x4b, 0x31, ...body]);
    expect([...decoded.code.signature]).toEqual([...raw.subarray(raw.length - 64)]);
  });
});
