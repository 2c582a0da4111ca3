// Every record the desk makes (a use, a decline, a void) goes through here: written durably with
// its seq, then the upload loop is told and the counts are redone. A storage failure (a full disk
// above all) becomes a notice, and the caller gets null: nothing is shown as done that is not kept.

import type { CardCheck } from '../../core/card-check.ts';
import type { RedemptionRecord } from '../../core/record.ts';
import { newRecordId } from '../../core/record-id.ts';
import type { VenueEvent } from '../../core/venue.ts';
import type { ObservableState } from '../shared/observable-state.ts';
import type { DeskCounts } from './desk-counts.ts';
import type { DeskState } from './desk-state.ts';
import type { SessionDeps } from './session-deps.ts';

export type RecordDraft = Omit<RedemptionRecord, 'seq' | 'deviceId'>;

export class RecordWriter {
  constructor(
    private readonly state: ObservableState<DeskState>,
    private readonly deps: Pick<SessionDeps, 'store' | 'random' | 'drain'>,
    private readonly counts: DeskCounts,
  ) {}

  /** A record of this card at this event, at `now`: a use or a decline (`what` says which). */
  forCard(
    check: CardCheck,
    event: VenueEvent,
    now: number,
    what: Pick<RedemptionRecord, 'outcome' | 'reason' | 'adults' | 'children' | 'assistants'>,
  ): Promise<RedemptionRecord | null> {
    const device = this.state.snapshot.device;
    // Not enrolled, or a coordinator's browser (no venue): nothing is recorded.
    if (!device || device.venueId === null) return Promise.resolve(null);
    return this.append({
      id: this.newId(now),
      venueId: device.venueId,
      eventId: event.id,
      at: new Date(now).toISOString(),
      voids: null,
      cardId: check.cardId!,
      source: check.source!,
      kid: check.source === 'code' ? check.kid : null,
      issued: check.source === 'code' ? check.issued : null,
      category: event.category,
      type: event.type,
      ...what,
    });
  }

  newId(now: number): string {
    return newRecordId(now, this.deps.random(10));
  }

  /** Writes durably; a storage failure becomes a notice and nothing is shown as done. */
  async append(draft: RecordDraft): Promise<RedemptionRecord | null> {
    try {
      const record = await this.deps.store.appendRecord(draft);
      await this.outboxChanged();
      return record;
    } catch (e) {
      // Another tab handed out this desk's share first: the check flow decides again and says so.
      if ((e as { kind?: string }).kind === 'share-spent') return null;
      const quota = (e as { kind?: string }).kind === 'quota';
      this.state.set({ notice: { tone: 'error', key: quota ? 'storage.quota' : 'storage.error', params: { message: (e as Error).message } } });
      return null;
    }
  }

  /** Records were added or put back in the queue: upload them, and count again. */
  async outboxChanged(): Promise<void> {
    this.deps.drain?.kick('record');
    await this.counts.refresh();
  }
}
