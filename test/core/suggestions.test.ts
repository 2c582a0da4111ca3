import { describe, expect, it } from 'vitest';
import { openBundle } from '../../src/core/bundle.ts';
import { oneEditAway, suggestCardIds } from '../../src/core/suggestions.ts';
import { bundleEnvelope, demoRoots, engines, vector } from '../support/vectors.ts';

const { cases } = vector<{ cases: { name: string; input: string; expect: string[] }[] }>('suggestions.json');

describe('suggestions.json through the core', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const opened = await openBundle(bundleEnvelope, demoRoots, engines[0]![1]);
    if (!opened.ok) throw new Error(opened.error);
    expect(suggestCardIds(opened.bundle.register, c.input)).toEqual(c.expect);
  });
});

describe('one edit away', () => {
  it('covers substitution, insertion, deletion and neighbour swaps, and not the ID itself', () => {
    const n = oneEditAway('AB12');
    expect(n.has('AB12')).toBe(false);
    expect(n.has('XB12')).toBe(true);
    expect(n.has('AB123')).toBe(true);
    expect(n.has('B12')).toBe(true);
    expect(n.has('BA12')).toBe(true);
    expect(n.has('A1B2')).toBe(true);
    expect(n.has('21BA')).toBe(false);
  });

  it('offers only IDs of card characters, one character longer, shorter or the same length', () => {
    for (const id of ['AB12', 'ABA', 'A', 'AAB']) {
      for (const n of oneEditAway(id)) {
        expect(n, `${id} -> ${n}`).toMatch(/^[0-9A-Z]*$/);
        expect(Math.abs(n.length - id.length), `${id} -> ${n}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('counts every distinct neighbour once: 140 substituted, 176 inserted, 4 left out, 3 swapped for AB12', () => {
    // 4 places x 35 other characters; 5 gaps x 36 characters less the 4 that repeat a neighbour.
    expect(oneEditAway('AB12').size).toBe(4 * 35 + (5 * 36 - 4) + 4 + 3);
  });

  it('swaps each pair of different neighbours, wherever they stand', () => {
    const n = oneEditAway('ABA');
    expect(n.has('BAA')).toBe(true);
    expect(n.has('AAB')).toBe(true);
    const tail = oneEditAway('XY7Q');
    expect(tail.has('XYQ7')).toBe(true);
    expect(tail.has('YX7Q')).toBe(true);
  });

  it('knows every card character: digits and A-Z, at the start, in the middle and at the end', () => {
    const n = oneEditAway('AB12');
    for (const c of '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
      expect(n.has(c + 'AB12'), c).toBe(true);
      expect(n.has('AB12' + c), c).toBe(true);
      if (c !== 'B') expect(n.has('A' + c + '12'), c).toBe(true);
    }
  });

  it('offers nothing when two registered cards are equally close', () => {
    const register = { count: 2, lookup: (id: string) => (id === 'AB13' || id === 'AB14' ? { issued: 1, expires: 2, children: 0, kind: 0 as const } : null) };
    expect(suggestCardIds(register, 'AB12')).toEqual([]);
    expect(suggestCardIds({ ...register, lookup: (id: string) => (id === 'AB13' ? register.lookup(id) : null) }, 'AB12')).toEqual(['AB13']);
  });
});
