// Undo: staff take back the last admission made at this desk today by writing a void for it (the
// use itself stays, so every desk and the server see both). The status bar names what Undo would
// void next; after it, the desk is back on its idle screen with a notice saying what was undone.

import type { RedemptionRecord } from '../../core/record.ts';
import { findEvent } from '../../core/venue.ts';
import type { ObservableState } from '../shared/observable-state.ts';
import type { DeskCounts } from './desk-counts.ts';
import type { DeskState } from './desk-state.ts';
import type { RecordWriter } from './record-writer.ts';
import type { SessionDeps } from './session-deps.ts';

export class Undo {
  constructor(
    private readonly state: ObservableState<DeskState>,
    private readonly deps: Pick<SessionDeps, 'now'>,
    private readonly counts: DeskCounts,
    private readonly writer: RecordWriter,
  ) {}

  /** Voids the last use made at this desk today that is not voided yet. */
  async last(): Promise<boolean> {
    const device = this.state.snapshot.device;
    if (!device) return false;
    const now = this.deps.now();
    const target = await this.counts.lastUndoable(device.deviceId, now);
    if (!target) {
      this.state.set({ notice: { tone: 'info', key: 'undo.nothing' } });
      return false;
    }
    const record = await this.writer.append({
      id: this.writer.newId(now),
      venueId: target.venueId,
      eventId: target.eventId,
      at: new Date(now).toISOString(),
      outcome: 'void',
      reason: null,
      voids: target.id,
      cardId: target.cardId,
      source: target.source,
      kid: null,
      issued: null,
      adults: 0,
      children: 0,
      assistants: 0,
      category: target.category,
      type: target.type,
    });
    if (!record) return false;
    this.state.set({ verdict: { kind: 'idle' }, notice: { tone: 'info', key: 'undo.done', params: this.describe(target) } });
    return true;
  }

  /** What Undo names: the card, the event and the people an admission let in. */
  describe(record: RedemptionRecord): Record<string, string | number> {
    const venue = this.state.snapshot.venue;
    const event = venue ? findEvent(venue, record.eventId) : null;
    return { card: record.cardId, event: event?.title ?? record.eventId, adults: record.adults, children: record.children, assistants: record.assistants };
  }
}
