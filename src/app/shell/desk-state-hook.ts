// The desk's state as the screen follows it. One change is held back: a check or a confirm marks
// the desk busy before it reads storage, and usually answers within a frame or two. Drawing
// "Checking…" for those few milliseconds costs a whole render and layout of the desk (tens of ms on
// a cheap tablet, before the verdict can be drawn) and flickers. So "busy" alone is shown only when
// it lasts; any other change is shown at once, with busy as it is then.
//
// What decides stays in the session: a second Confirm while busy is refused there, whether or
// not the screen shows it yet.

import { useEffect, useState } from 'preact/hooks';
import type { DeskSession } from '../desk/desk-session.ts';
import type { DeskState } from '../desk/desk-state.ts';

/** A check taking longer than this shows "Checking…" (and disables the buttons). */
export const BUSY_SHOWN_AFTER_MS = 120;

/** Whether `next` differs from what is on screen only by turning busy on (and clearing the notice). */
export function onlyBusyStarted(shown: DeskState, next: DeskState): boolean {
  if (shown.busy || !next.busy) return false;
  for (const key of Object.keys(next) as (keyof DeskState)[]) {
    if (key !== 'busy' && key !== 'notice' && next[key] !== shown[key]) return false;
  }
  return true;
}

export function useDeskState(session: DeskSession): DeskState {
  const [state, setState] = useState(session.snapshot);
  useEffect(() => {
    let shown = session.snapshot;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const show = (s: DeskState) => {
      clearTimeout(timer);
      timer = undefined;
      shown = s;
      setState(s);
    };
    const unsubscribe = session.subscribe((next) => {
      if (!onlyBusyStarted(shown, next)) show(next);
      else timer ??= setTimeout(() => show(session.snapshot), BUSY_SHOWN_AFTER_MS);
    });
    // Catch up with anything that changed between the first render and this subscription.
    show(session.snapshot);
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [session]);
  return state;
}
