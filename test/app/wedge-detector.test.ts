import { describe, expect, it } from 'vitest';
import { createWedgeDetector } from '../../src/app/wedge-detector.ts';

function type(text: string, gapMs: number, end = 'Enter', start = 1000) {
  const d = createWedgeDetector();
  let t = start;
  for (const ch of text) {
    expect(d.key(ch, t)).toBeNull();
    t += gapMs;
  }
  return d.key(end, t - gapMs + Math.min(gapMs, 20));
}

describe('keyboard-wedge scanner detection', () => {
  it('takes a fast burst ended by Enter or Tab as one scan', () => {
    expect(type('NA9C5ONQ', 8)).toBe('NA9C5ONQ');
    expect(type('KK1.AEAACUINKJ5A', 20, 'Tab')).toBe('KK1.AEAACUINKJ5A');
  });

  it('does not take a person typing at human speed for a scanner', () => {
    expect(type('NA9C5ONQ', 180)).toBeNull();
    expect(type('NA9C5ONQ', 60)).toBeNull();
  });

  it('needs at least four characters', () => {
    expect(type('AB1', 5)).toBeNull();
    expect(type('AB12', 5)).toBe('AB12');
  });

  it('ignores keys that type nothing, and starts over after a pause', () => {
    const d = createWedgeDetector();
    d.key('x', 0);
    d.key('y', 10);
    for (const [k, t] of [['Shift', 1000], ['A', 1001], ['B', 1010], ['1', 1020], ['2', 1030]] as const) d.key(k, t);
    expect(d.key('Enter', 1040)).toBe('AB12');
  });
});
