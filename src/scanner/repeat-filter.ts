// The camera sees the same card in frame after frame. A card left on the counter after its
// admission must not turn into "already used" declines every few seconds, so a code stays quiet
// while it is in view, and is a new scan only once it has been out of view for a while (and,
// even then, not too soon after its last report: a flickering read is not a second person).

export interface RepeatWindows {
  /** The code must have gone unseen this long before it counts as shown again. */
  awayMs: number;
  /** And never reported again sooner than this after its last report. */
  minGapMs: number;
}

/** The contract's camera rule (verdicts.md): out of view for 2 s, and at least 3 s apart. */
export const CAMERA_REPEAT: RepeatWindows = { awayMs: 2000, minGapMs: 3000 };

/**
 * `(text, nowMs) => boolean`, called for every frame in which `text` was read: true when it
 * should be reported now. Every sighting, reported or not, keeps the code "in view". Other texts
 * are independent (a second card shown right after the first is reported at once).
 */
export function createRepeatFilter(windows: RepeatWindows = CAMERA_REPEAT): (text: string, nowMs: number) => boolean {
  const seen = new Map<string, { lastSeen: number; lastReport: number }>();
  const forgetAfter = Math.max(windows.awayMs, windows.minGapMs);
  return (text, nowMs) => {
    const entry = seen.get(text);
    const fresh = !entry || (nowMs - entry.lastSeen >= windows.awayMs && nowMs - entry.lastReport >= windows.minGapMs);
    if (fresh) seen.set(text, { lastSeen: nowMs, lastReport: nowMs });
    else entry.lastSeen = nowMs;
    // Forget codes that can no longer be held back, so a long shift does not pile them up.
    for (const [t, e] of seen) if (t !== text && nowMs - e.lastSeen >= forgetAfter && nowMs - e.lastReport >= forgetAfter) seen.delete(t);
    return fresh;
  };
}
