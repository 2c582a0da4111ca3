// How hard the decoder tries on each frame, from what frames cost on this device. Pure: the worker
// keeps one and asks it before every frame.
//
// The budget follows the running cost of the first attempt, the half-size QR search that reads most
// codes: a few times that, within bounds. On a fast laptop a frame without a code then ends in a
// few tens of milliseconds, so the frame that shows the next card is not kept waiting behind a
// long search of the last one; on a slow tablet every frame still has time to finish that first
// attempt, and what the budget cuts short goes first on the next frame. While a card is in view
// (a code read in the last frames) every frame gets the most time and every attempt: a card left
// lying there must go on being seen, or it would count as shown again. While no code has been read
// for a while, Code 39 (printed IDs: rarer, and the slowest attempt on a frame without a code) is
// tried on every few frames only.

import type { AttemptName, DecodeOutcome } from './decode-luminance.ts';

export const MIN_BUDGET_MS = 50;
export const MAX_BUDGET_MS = 250;
/** A frame's budget is this many times the first attempt's running cost. */
const BUDGET_FACTOR = 4;
/** How much the newest measurement weighs in the running cost. */
const WEIGHT = 0.25;
/** Frames after a read during which every attempt runs on every frame: a card is in view. */
export const IN_VIEW_FRAMES = 30;
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
  private framesSinceRead = Number.POSITIVE_INFINITY;
  private frames = 0;
  private plan: FramePlan = { budgetMs: MAX_BUDGET_MS, firstAttempt: 0, skip: NONE };

  /** What the next frame may spend and try. */
  next(): FramePlan {
    this.frames++;
    const inView = this.framesSinceRead < IN_VIEW_FRAMES;
    const budgetMs = this.costMs === null || inView ? MAX_BUDGET_MS : Math.min(MAX_BUDGET_MS, Math.max(MIN_BUDGET_MS, Math.round(BUDGET_FACTOR * this.costMs)));
    this.plan = { budgetMs, firstAttempt: this.plan.firstAttempt, skip: inView || this.frames % CODE39_EVERY === 0 ? NONE : NO_CODE39 };
    return this.plan;
  }

  /** What the frame planned by the last next() came to, and how long it took, ms. */
  record(outcome: Pick<DecodeOutcome, 'text' | 'attemptMs' | 'resumeAt'>, elapsedMs: number): void {
    this.framesSinceRead = outcome.text === null ? this.framesSinceRead + 1 : 0;
    const first = outcome.attemptMs['qr-half'];
    let resumeAt = outcome.resumeAt;
    if (first !== undefined) this.costMs = this.costMs === null ? first : this.costMs + WEIGHT * (first - this.costMs);
    else if (this.plan.firstAttempt === 0 && outcome.text === null && elapsedMs >= this.plan.budgetMs) {
      // The first attempt began the frame and the budget ran out before it ended (a code in view
      // costs it several times an empty frame): it costs at least the whole frame's time here, and
      // it goes first again with the larger budget, unless the budget is already at its most.
      this.costMs = Math.max(this.costMs ?? 0, elapsedMs);
      if (this.plan.budgetMs < MAX_BUDGET_MS) resumeAt = 0;
    }
    this.plan = { ...this.plan, firstAttempt: resumeAt };
  }
}
