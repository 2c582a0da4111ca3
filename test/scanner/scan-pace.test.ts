// The decoder's pace on a fast and on a slow device: a budget that follows what frames cost, and
// Code 39 on fewer frames while nothing is in view.

import { describe, expect, it } from 'vitest';
import { CODE39_EVERY, IN_VIEW_FRAMES, MAX_BUDGET_MS, MIN_BUDGET_MS, ScanPace } from '../../src/scanner/decoder/scan-pace.ts';

const empty = (halfMs: number | undefined) => ({ text: null, attemptMs: halfMs === undefined ? {} : { 'qr-half': halfMs }, resumeAt: 0 });

describe('ScanPace', () => {
  it('gives the first frame the most time, then a few times what the first attempt costs here', () => {
    const pace = new ScanPace();
    expect(pace.next().budgetMs).toBe(MAX_BUDGET_MS);
    pace.record(empty(3), 10);
    expect(pace.next().budgetMs).toBe(MIN_BUDGET_MS); // a fast laptop
    const slow = new ScanPace();
    slow.next();
    slow.record(empty(40), 90);
    const budget = slow.next().budgetMs;
    expect(budget).toBeGreaterThan(4 * 30);
    expect(budget).toBeLessThanOrEqual(MAX_BUDGET_MS);
  });

  it('follows the device getting slower (4x throttled), and faster again', () => {
    const pace = new ScanPace();
    pace.next();
    pace.record(empty(15), 40);
    const fast = pace.next().budgetMs;
    for (let i = 0; i < 20; i++) {
      pace.record(empty(60), 160);
      pace.next();
    }
    const slow = pace.next().budgetMs;
    expect(slow).toBeGreaterThanOrEqual(3.5 * fast);
    for (let i = 0; i < 20; i++) {
      pace.record(empty(15), 40);
      pace.next();
    }
    expect(pace.next().budgetMs).toBeLessThanOrEqual(fast + 2);
  });

  it('gives more time, and the first attempt again, when the budget ran out before that attempt ended', () => {
    const pace = new ScanPace();
    pace.next();
    pace.record(empty(5), 12);
    const before = pace.next().budgetMs;
    // The decoder would move on to the next attempt; a card just held up needs the first one.
    pace.record({ text: null, attemptMs: {}, resumeAt: 1 }, before + 1);
    const after = pace.next();
    expect(after.budgetMs).toBeGreaterThan(before);
    expect(after.firstAttempt).toBe(0);
  });

  it('tries Code 39 on one frame in few while nothing is read, and on every frame while a card is in view', () => {
    const pace = new ScanPace();
    const withCode39 = () => {
      let n = 0;
      for (let i = 0; i < 4 * CODE39_EVERY; i++) {
        if (!pace.next().skip.has('code39')) n++;
        pace.record(empty(5), 10);
      }
      return n;
    };
    expect(withCode39()).toBe(4);
    pace.next();
    pace.record({ text: 'NA9C5ONQ', attemptMs: {}, resumeAt: 0 }, 10);
    let every = 0;
    for (let i = 0; i < IN_VIEW_FRAMES - 1; i++) {
      if (!pace.next().skip.has('code39')) every++;
      pace.record(empty(5), 10);
    }
    expect(every).toBe(IN_VIEW_FRAMES - 1);
    expect(withCode39()).toBeLessThan(4 * CODE39_EVERY);
  });

  it('gives a card lying in view the whole time of every frame, so it goes on being seen', () => {
    const pace = new ScanPace();
    pace.next();
    pace.record(empty(3), 10);
    expect(pace.next().budgetMs).toBe(MIN_BUDGET_MS);
    pace.record({ text: 'NA9C5ONQ', attemptMs: { 'qr-half': 3 }, resumeAt: 0 }, 10);
    expect(pace.next().budgetMs).toBe(MAX_BUDGET_MS);
  });

  it('starts the next frame where the budget cut the last one short', () => {
    const pace = new ScanPace();
    pace.next();
    pace.record({ text: null, attemptMs: { 'qr-half': 5 }, resumeAt: 1 }, 30);
    expect(pace.next().firstAttempt).toBe(1);
  });
});
