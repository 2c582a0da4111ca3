import { describe, expect, it } from 'vitest';
import { createRepeatFilter } from '../../src/scanner/repeat-filter.ts';

describe('createRepeatFilter', () => {
  it('reports a card once while it stays in front of the camera, and again 3 s after', () => {
    const fresh = createRepeatFilter();
    expect(fresh('KK1.A', 0)).toBe(true);
    expect(fresh('KK1.A', 40)).toBe(false);
    expect(fresh('KK1.A', 2999)).toBe(false);
    expect(fresh('KK1.A', 3000)).toBe(true);
    expect(fresh('KK1.A', 3100)).toBe(false);
  });

  it('reports a different card at once', () => {
    const fresh = createRepeatFilter();
    expect(fresh('NA9C5ONQ', 0)).toBe(true);
    expect(fresh('ITM7K', 10)).toBe(true);
    expect(fresh('NA9C5ONQ', 20)).toBe(false);
  });

  it('takes another window', () => {
    const fresh = createRepeatFilter(500);
    expect(fresh('X', 0)).toBe(true);
    expect(fresh('X', 499)).toBe(false);
    expect(fresh('X', 500)).toBe(true);
  });
});
