// The figures the desk keeps on screen between checks: records waiting to upload, records that need
// attention, the admission Undo would void, and the chosen event's tickets left today. Counted
// again after every write, event choice and refresh, from storage only, so they hold offline.

import { helsinkiDay, helsinkiDayStartMs } from '../../core/calendar.ts';
import { tally, ticketsLeftEach } from '../../core/limits.ts';
import { poolsOfUse } from '../../core/quota-pools.ts';
import { sharesOfUse } from '../../core/share-holding.ts';
import type { RedemptionRecord } from '../../core/record.ts';
import { findEvent } from '../../core/venue.ts';
import type { ObservableState } from '../shared/observable-state.ts';
import type { DeskState, EventStanding } from './desk-state.ts';
import type { SessionDeps } from './session-deps.ts';

export class DeskCounts {
  constructor(
    private readonly state: ObservableState<DeskState>,
    private readonly deps: Pick<SessionDeps, 'store' | 'now'>,
  ) {}

  async refresh(): Promise<void> {
    const device = this.state.snapshot.device;
    const now = this.deps.now();
    const [pending, attention, undoable, standing] = await Promise.all([
      this.deps.store.pendingCount(),
      this.deps.store.attentionCount(),
      device ? this.lastUndoable(device.deviceId, now) : null,
      this.eventStanding(now),
    ]);
    this.state.set({ pending, attention, undoable, standing });
  }

  // "Last" means this desk's latest admission today that has not been undone yet.
  lastUndoable(deviceId: string, now: number): Promise<RedemptionRecord | null> {
    return this.deps.store.lastUndoable(deviceId, helsinkiDayStartMs(helsinkiDay(now)));
  }

  private async eventStanding(now: number): Promise<EventStanding | null> {
    const { venue, eventId } = this.state.snapshot;
    const event = venue ? findEvent(venue, eventId) : null;
    if (!venue || !event) return null;
    const [records, { shares, serverHasShares }] = await Promise.all([this.deps.store.recordsForLimits(event.id, helsinkiDayStartMs(helsinkiDay(now))), this.deps.store.shareState()]);
    // No card yet: the tally's per-card count stays 0 and is not read.
    const t = tally(records, venue, event, '', now);
    const left = ticketsLeftEach(venue, event, t);
    const mine = sharesOfUse(venue, event, now, shares, serverHasShares);
    const held = [mine.event, mine.day].filter((n): n is number => n !== null);
    const pools = poolsOfUse(venue, event, now);
    const heldHeard = [pools.event, pools.day].every((p) => p === null || shares.some((s) => s.pool === p));
    return { event, eventLeft: left.event, dayLeft: left.day, dayTickets: t.dayTickets, held: held.length ? Math.min(...held) : null, heldHeard };
  }
}
