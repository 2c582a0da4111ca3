import { describe, expect, it } from 'vitest';
import { createRepeatFilter } from '../../src/scanner/repeat-filter.ts';

// Frames of one card every `step` ms from `from` to `to` (inclusive): how many were reported.
function hold(fresh: (t: string, now: number) => boolean, text: string, from: number, to: number, step = 33): number {
  let reported = 0;
  for (let t = from; t <= to; t += step) if (fresh(text, t)) reported++;
  return reported;
}

describe('the camera repeat filter', () => {
  it('reports a card left in front of the camera once, however long it stays there', () => {
    const fresh = createRepeatFilter();
    // Half a minute on the counter after its admission: one check, not one every 3 s.
    expect(hold(fresh, 'KK1.A', 0, 30_000)).toBe(1);
  });

  it('reports the card again once it has been out of view for 2 s', () => {
    const fresh = createRepeatFilter();
    expect(hold(fresh, 'KK1.A', 0, 5000)).toBe(1);
    // Away 1.9 s (the card was only tilted away): still the same showing.
    expect(fresh('KK1.A', 5000 + 1900)).toBe(false);
    // Away 2 s and more: the card is shown again, a new scan.
    expect(fresh('KK1.A', 6900 + 2000)).toBe(true);
  });

  it('never reports the same code twice within 3 s, even after it left the view', () => {
    const fresh = createRepeatFilter();
    expect(fresh('KK1.A', 0)).toBe(true);
    expect(fresh('KK1.A', 2500)).toBe(false);
    // Seen last at 2500, away until 5000 (2.5 s), last report at 0: 3 s passed too.
    expect(fresh('KK1.A', 5000)).toBe(true);
    const other = createRepeatFilter();
    expect(other('KK1.B', 0)).toBe(true);
    // Out of view 2.9 s but only 2.9 s since the report: still held.
    expect(other('KK1.B', 2900)).toBe(false);
  });

  it('reports a different card at once', () => {
    const fresh = createRepeatFilter();
    expect(fresh('NA9C5ONQ', 0)).toBe(true);
    expect(fresh('ITM7K', 10)).toBe(true);
    expect(fresh('NA9C5ONQ', 20)).toBe(false);
  });

  it('takes other windows', () => {
    const fresh = createRepeatFilter({ awayMs: 100, minGapMs: 500 });
    expect(fresh('X', 0)).toBe(true);
    expect(fresh('X', 499)).toBe(false);
    expect(fresh('X', 560)).toBe(false);
    expect(fresh('X', 700)).toBe(true);
  });
});
