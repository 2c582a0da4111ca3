// The day and the time as the desk may trust them. The desk decides on a Helsinki day that is never
// before its bundle was made (a tablet whose clock went back cannot revive expired cards); a bundle
// grows stale with age; and a clock far from the server's, or before the bundle, is a problem to show.

import type { ClockProblem } from '../../core/bundle.ts';
import { clockProblem, deskToday, isStaleAt } from '../../core/bundle.ts';
import type { Observable } from '../shared/observable-state.ts';
import type { DeskState } from './desk-state.ts';
import type { SessionDeps } from './session-deps.ts';

export class DeskClock {
  constructor(
    private readonly state: Observable<DeskState>,
    private readonly deps: Pick<SessionDeps, 'now'>,
  ) {}

  /** The Helsinki day the desk decides on (never before its bundle was made). */
  today(): number {
    return deskToday(this.state.snapshot.bundle, this.deps.now());
  }

  isStale(): boolean {
    const bundle = this.state.snapshot.bundle;
    return bundle !== null && isStaleAt(bundle, this.deps.now());
  }

  problem(): ClockProblem {
    // The offset measured when online stays true offline: compare with the server's clock as it is now.
    const now = this.deps.now();
    const { bundle, serverOffsetMs } = this.state.snapshot;
    return clockProblem(now, bundle, serverOffsetMs === null ? null : now + serverOffsetMs);
  }
}
