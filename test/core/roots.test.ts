// The root keys a build trusts (KAIKU_ROOTS): what a roots file must hold, the word-for-word
// message a person gets when it does not, and when the desk must say it trusts the demo keys.

import { describe, expect, it } from 'vitest';
import { toBase64url } from '../../src/core/base64url.ts';
import { DEMO_ROOT_JSON, parseRoots, rootConfig } from '../../src/core/roots.ts';

const DEMO_KEY = 'ZQK440NSSmf_iBg2JB5gfNHa2UtvhI_9Z5reBVAmvhA';
const ownKey = toBase64url(new Uint8Array(32).fill(7));
const otherKey = toBase64url(new Uint8Array(32).fill(9));
const shortKey = toBase64url(new Uint8Array(31).fill(7));
const SHAPE = 'the root keys must be a non-empty JSON array of {"id", "publicKey"}, or an object with one under "roots"';
const entry = (n: number) => `root key ${n} needs an "id" and a "publicKey" of 32 bytes in base64url`;
const roots = (list: unknown) => parseRoots(JSON.stringify(list));

describe('reading a roots file', () => {
  it('reads a bare list and the demo keys file form, keeping every root in order', () => {
    const list = [
      { id: 'venue-root', publicKey: ownKey },
      { id: 'spare-root', publicKey: otherKey },
    ];
    const expected = [
      { id: 'venue-root', publicKey: new Uint8Array(32).fill(7) },
      { id: 'spare-root', publicKey: new Uint8Array(32).fill(9) },
    ];
    expect(roots(list)).toEqual(expected);
    expect(roots({ note: 'keys', roots: list })).toEqual(expected);
  });

  it('a file that is not JSON is refused as such', () => {
    expect(() => parseRoots('[{"id": "venue-root",')).toThrow(new Error('the root keys are not valid JSON'));
    expect(() => parseRoots('')).toThrow(new Error('the root keys are not valid JSON'));
  });

  it('an empty list, a list-less object, null or a lone root are refused with the shape expected', () => {
    expect(() => parseRoots('[]')).toThrow(new Error(SHAPE));
    expect(() => parseRoots('{"roots": []}')).toThrow(new Error(SHAPE));
    expect(() => parseRoots('{"keys": [1]}')).toThrow(new Error(SHAPE));
    expect(() => parseRoots('null')).toThrow(new Error(SHAPE));
    expect(() => roots({ id: 'venue-root', publicKey: ownKey })).toThrow(new Error(SHAPE));
  });

  it.each<[string, unknown]>([
    ['no id', { publicKey: ownKey }],
    ['an empty id', { id: '', publicKey: ownKey }],
    ['a numeric id', { id: 7, publicKey: ownKey }],
    ['no public key', { id: 'venue-root' }],
    ['a public key that is not a string', { id: 'venue-root', publicKey: 7 }],
    ['a public key that is not base64url', { id: 'venue-root', publicKey: ownKey.slice(0, 42) + '+' }],
    ['a public key of 31 bytes', { id: 'venue-root', publicKey: shortKey }],
    ['a public key of 33 bytes', { id: 'venue-root', publicKey: toBase64url(new Uint8Array(33)) }],
    ['null in place of a root', null],
  ])('a root with %s is refused, naming its place in the list', (_, bad) => {
    expect(() => roots([bad])).toThrow(new Error(entry(1)));
    expect(() => roots([{ id: 'venue-root-0', publicKey: otherKey }, bad])).toThrow(new Error(entry(2)));
  });

  it('a roots file listing the same root twice is refused, naming it', () => {
    expect(() => roots([{ id: 'a', publicKey: ownKey }, { id: 'b', publicKey: ownKey }, { id: 'a', publicKey: otherKey }])).toThrow(new Error('root "a" is listed twice'));
    expect(() => roots([{ id: 'x', publicKey: ownKey }, { id: 'y', publicKey: ownKey }, { id: 'y', publicKey: ownKey }])).toThrow(new Error('root "y" is listed twice'));
  });
});

describe('the roots a build trusts', () => {
  const demo = { roots: [{ id: 'demo-root-1', publicKey: expect.any(Uint8Array) }], demo: true };

  it('without KAIKU_ROOTS, or with it blank, only the demo root, and the desk says "demo keys"', () => {
    for (const given of [undefined, '', '  ', '\n\t ']) {
      const config = rootConfig(given);
      expect(config).toEqual(demo);
      expect(toBase64url(config.roots[0]!.publicKey)).toBe(DEMO_KEY);
    }
    expect(DEMO_ROOT_JSON).toEqual([{ id: 'demo-root-1', publicKey: DEMO_KEY }]);
  });

  it("a venue's own roots are trusted alone, and the desk does not say demo keys", () => {
    expect(rootConfig(JSON.stringify([{ id: 'venue-root', publicKey: ownKey }]))).toEqual({
      roots: [{ id: 'venue-root', publicKey: new Uint8Array(32).fill(7) }],
      demo: false,
    });
    expect(rootConfig(` ${JSON.stringify({ roots: [{ id: 'a', publicKey: ownKey }, { id: 'b', publicKey: otherKey }] })}\n`).demo).toBe(false);
  });

  it('the demo key among a venue\'s roots, under any name, still makes the desk say demo keys', () => {
    const config = rootConfig(JSON.stringify([{ id: 'venue-root', publicKey: ownKey }, { id: 'renamed', publicKey: DEMO_KEY }]));
    expect(config.roots.map((r) => r.id)).toEqual(['venue-root', 'renamed']);
    expect(config.demo).toBe(true);
    expect(rootConfig(JSON.stringify([{ id: 'renamed', publicKey: DEMO_KEY }, { id: 'venue-root', publicKey: ownKey }])).demo).toBe(true);
  });

  it('a broken KAIKU_ROOTS is refused rather than replaced by the demo root', () => {
    expect(() => rootConfig('[]')).toThrow(new Error(SHAPE));
    expect(() => rootConfig('demo')).toThrow(new Error('the root keys are not valid JSON'));
  });
});
