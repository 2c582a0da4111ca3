// The decoder's pace on a fast and on a slow device: a budget that follows what frames cost, a
// card in view looked for with every attempt, and Code 39 on fewer frames while nothing is in view.

import { describe, expect, it } from 'vitest';
import { CODE39_EVERY, IN_VIEW_BUDGET_MS, IN_VIEW_MS, MAX_BUDGET_MS, MIN_BUDGET_MS, ScanPace } from '../../src/scanner/decoder/scan-pace.ts';

const empty = (halfMs: number | undefined, resumeAt = 0) => ({ text: null, attemptMs: halfMs === undefined ? {} : { 'qr-half': halfMs }, resumeAt });
const read = { text: 'NA9C5ONQ', attemptMs: { 'qr-half': 5 }, resumeAt: 0 };

/** A pace and a clock: each frame takes `ms` of it. */
function paced() {
  const pace = new ScanPace();
  let now = 1000;
  return {
    pace,
    frame(outcome: Parameters<ScanPace['record']>[0], ms: number) {
      const plan = pace.next(now);
      now += ms;
      pace.record(outcome, ms, now);
      return plan;
    },
    wait(ms: number) {
      now += ms;
    },
    next: () => pace.next(now),
  };
}

describe('ScanPace', () => {
  it('gives the first frame the most time, then a few times what the first attempt costs here', () => {
    const fast = paced();
    expect(fast.frame(empty(3), 10).budgetMs).toBe(MAX_BUDGET_MS);
    expect(fast.next().budgetMs).toBe(MIN_BUDGET_MS);
    const slow = paced();
    slow.frame(empty(40), 90);
    const budget = slow.next().budgetMs;
    expect(budget).toBeGreaterThan(4 * 30);
    expect(budget).toBeLessThanOrEqual(MAX_BUDGET_MS);
  });

  it('follows the device getting slower (4x throttled), and faster again', () => {
    const p = paced();
    p.frame(empty(15), 40);
    const fast = p.next().budgetMs;
    for (let i = 0; i < 20; i++) p.frame(empty(60), 160);
    const slow = p.next().budgetMs;
    expect(slow).toBeGreaterThanOrEqual(3.5 * fast);
    for (let i = 0; i < 20; i++) p.frame(empty(15), 40);
    expect(p.next().budgetMs).toBeLessThanOrEqual(fast + 2);
  });

  it('gives more time, and the first attempt again, when the budget ran out before that attempt ended', () => {
    const p = paced();
    p.frame(empty(5), 12);
    const before = p.next().budgetMs;
    // The decoder would move on to the next attempt; a card just held up needs the first one.
    p.frame(empty(undefined, 1), before + 1);
    const after = p.next();
    expect(after.budgetMs).toBeGreaterThan(before);
    expect(after.firstAttempt).toBe(0);
  });

  it('looks for a card in view with every attempt and a whole second a frame, even when frames fail on a busy machine', () => {
    const p = paced();
    p.frame(empty(3), 10);
    expect(p.next().budgetMs).toBe(MIN_BUDGET_MS);
    p.frame(read, 10);
    const plan = p.next();
    expect(plan.budgetMs).toBe(IN_VIEW_BUDGET_MS);
    expect(plan.skip.size).toBe(0);
    // The first attempt runs out of even that time: it goes first again, as long as the card counts as in view.
    expect(p.frame(empty(undefined, 1), IN_VIEW_BUDGET_MS).budgetMs).toBe(IN_VIEW_BUDGET_MS);
    expect(p.next().firstAttempt).toBe(0);
    p.wait(IN_VIEW_MS);
    expect(p.next().budgetMs).toBeLessThanOrEqual(MAX_BUDGET_MS);
  });

  it('tries Code 39 on one frame in few while nothing is read, and on every frame while a card is in view', () => {
    const p = paced();
    const withCode39 = (frames: number) => {
      let n = 0;
      for (let i = 0; i < frames; i++) if (!p.frame(empty(5), 10).skip.has('code39')) n++;
      return n;
    };
    expect(withCode39(4 * CODE39_EVERY)).toBe(4);
    p.frame(read, 10);
    // 2 s of frames after the read: every one tries Code 39.
    expect(withCode39(200)).toBe(200);
    p.wait(IN_VIEW_MS);
    expect(withCode39(4 * CODE39_EVERY)).toBe(4);
  });

  it('leaves the first frame of the next card time to read it, as long as reading took here', () => {
    const p = paced();
    p.frame(empty(3), 10);
    expect(p.next().budgetMs).toBe(MIN_BUDGET_MS);
    p.frame({ text: 'NA9C5ONQ', attemptMs: { 'qr-half': 100 }, resumeAt: 0 }, 100);
    p.wait(IN_VIEW_MS);
    expect(p.next().budgetMs).toBeGreaterThanOrEqual(150);
  });

  it('starts the next frame where the budget cut the last one short', () => {
    const p = paced();
    p.frame({ text: null, attemptMs: { 'qr-half': 5 }, resumeAt: 1 }, 30);
    expect(p.next().firstAttempt).toBe(1);
  });
});
