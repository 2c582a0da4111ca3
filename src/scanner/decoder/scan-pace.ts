// How hard the decoder tries on each frame, from what frames cost on this device. Pure: the worker
// keeps one and asks it before every frame.
//
// The budget follows the running cost of the first attempt, the half-size QR search that reads most
// codes: a few times that, within bounds. On a fast laptop a frame without a code then ends in a
// few tens of milliseconds, so the frame that shows the next card is not kept waiting behind a
// long search of the last one; on a slow tablet every frame still has time to finish that first
// attempt, and what the budget cuts short goes first on the next frame. While a card is in view
// (a code read in the last 2.5 s) every frame gets a second and every attempt: a card left lying
// there must go on being seen, or it would count as shown again, even on a tablet that is busy. While no code has been read
// for a while, Code 39 (printed IDs: rarer, and the slowest attempt on a frame without a code) is
// tried on every few frames only.

import type { AttemptName, DecodeOutcome } from './decode-luminance.ts';

export const MIN_BUDGET_MS = 50;
export const MAX_BUDGET_MS = 250;
/** A frame's budget while a card is in view: reading it again matters more than the next card's wait. */
export const IN_VIEW_BUDGET_MS = 1000;
/** A frame's budget is this many times the first attempt's running cost... */
const BUDGET_FACTOR = 4;
/** ...and at least this many times what it cost on a frame where it read a code (several times more). */
const READ_FACTOR = 1.5;
/** How much the newest measurement weighs in the running cost. */
const WEIGHT = 0.25;
/**
 * A card counts as in view this long after its last read: a little longer than the camera's repeat
 * window (2 s away), so a card lying there is looked for with every attempt until it is seen again.
 */
export const IN_VIEW_MS = 2500;
/** With nothing in view, Code 39 is tried on one frame in this many. */
export const CODE39_EVERY = 4;

const NO_CODE39: ReadonlySet<AttemptName> = new Set(['code39']);
const NONE: ReadonlySet<AttemptName> = new Set();

export interface FramePlan {
  budgetMs: number;
  firstAttempt: number;
  skip: ReadonlySet<AttemptName>;
}

export class ScanPace {
  /** Running cost of the first attempt, ms; null until one has been measured. */
  private costMs: number | null = null;
  /** Running cost of the first attempt on frames where it read a code, ms. */
  private readCostMs = 0;
  private lastReadMs = Number.NEGATIVE_INFINITY;
  private frames = 0;
  private plan: FramePlan = { budgetMs: MAX_BUDGET_MS, firstAttempt: 0, skip: NONE };
  private inView = false;

  /** What the next frame may spend and try; `nowMs` is the worker's clock. */
  next(nowMs: number): FramePlan {
    this.frames++;
    this.inView = nowMs - this.lastReadMs < IN_VIEW_MS;
    const wanted = Math.max(BUDGET_FACTOR * (this.costMs ?? 0), READ_FACTOR * this.readCostMs);
    const paced = this.costMs === null ? MAX_BUDGET_MS : Math.min(MAX_BUDGET_MS, Math.max(MIN_BUDGET_MS, Math.round(wanted)));
    const budgetMs = this.inView ? IN_VIEW_BUDGET_MS : paced;
    this.plan = { budgetMs, firstAttempt: this.plan.firstAttempt, skip: this.inView || this.frames % CODE39_EVERY === 0 ? NONE : NO_CODE39 };
    return this.plan;
  }

  /** What the frame planned by the last next() came to, how long it took, and when it ended (ms). */
  record(outcome: Pick<DecodeOutcome, 'text' | 'attemptMs' | 'resumeAt'>, elapsedMs: number, nowMs: number): void {
    if (outcome.text !== null) this.lastReadMs = nowMs;
    const first = outcome.attemptMs['qr-half'];
    let resumeAt = outcome.resumeAt;
    if (first !== undefined) this.costMs = this.costMs === null ? first : this.costMs + WEIGHT * (first - this.costMs);
    // So that the next card's first frame has time to read it, not only to find nothing.
    if (first !== undefined && outcome.text !== null) this.readCostMs = this.readCostMs === 0 ? first : this.readCostMs + WEIGHT * (first - this.readCostMs);
    else if (this.plan.firstAttempt === 0 && outcome.text === null && elapsedMs >= this.plan.budgetMs) {
      // The first attempt began the frame and the budget ran out before it ended (a code in view
      // costs it several times an empty frame, a busy machine more): it costs at least the whole
      // frame's time here, and it goes first again with the larger budget, unless the budget is at
      // its most already and no card is in view to look for.
      this.costMs = Math.max(this.costMs ?? 0, elapsedMs);
      if (this.inView || this.plan.budgetMs < MAX_BUDGET_MS) resumeAt = 0;
    }
    this.plan = { ...this.plan, firstAttempt: resumeAt };
  }
}
