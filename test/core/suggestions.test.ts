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

  it('offers nothing when two registered cards are equally close', () => {
    const register = { count: 2, lookup: (id: string) => (id === 'AB13' || id === 'AB14' ? { issued: 1, expires: 2, children: 0, kind: 0 as const } : null) };
    expect(suggestCardIds(register, 'AB12')).toEqual([]);
    expect(suggestCardIds({ ...register, lookup: (id: string) => (id === 'AB13' ? register.lookup(id) : null) }, 'AB12')).toEqual(['AB13']);
  });
});
