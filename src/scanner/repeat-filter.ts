// The camera sees the same card in frame after frame: report a code once, and again only after
// it has been out of sight (or unreported) for a while, so one card is not checked in twice.

/**
 * `(text, nowMs) => boolean`: true when `text` should be reported now, i.e. it was not reported
 * within the last `windowMs`. Each report restarts the window for that text; other texts are
 * independent (a second card shown right after the first is reported at once).
 */
export function createRepeatFilter(windowMs = 3000): (text: string, nowMs: number) => boolean {
  const lastReport = new Map<string, number>();
  return (text, nowMs) => {
    const last = lastReport.get(text);
    if (last !== undefined && nowMs - last < windowMs) return false;
    lastReport.set(text, nowMs);
    // Forget codes whose window is over, so a long session does not pile them up.
    for (const [t, at] of lastReport) if (nowMs - at >= windowMs && t !== text) lastReport.delete(t);
    return true;
  };
}
