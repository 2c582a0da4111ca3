// The event the desk checks cards for: the choices staff see (today's admission and the venue's
// events from today on), the choice kept as a preference, and a default when none is made yet.
// A new choice clears the verdict on screen and counts the event's tickets left again.

import type { VenueEvent } from '../../core/venue.ts';
import { admissionId, findEvent } from '../../core/venue.ts';
import type { ObservableState } from '../shared/observable-state.ts';
import type { DeskClock } from './desk-clock.ts';
import type { DeskCounts } from './desk-counts.ts';
import type { DeskState } from './desk-state.ts';
import type { SessionDeps } from './session-deps.ts';

export class EventChoice {
  constructor(
    private readonly state: ObservableState<DeskState>,
    private readonly deps: Pick<SessionDeps, 'store'>,
    private readonly clock: DeskClock,
    private readonly counts: DeskCounts,
  ) {}

  /** The events staff can choose from: today's admission, and the venue's events from today on. */
  choices(): VenueEvent[] {
    const { venue, eventId } = this.state.snapshot;
    if (!venue) return [];
    const today = this.clock.today();
    const listed = venue.events.filter((e) => e.day >= today || e.id === eventId);
    const chosen = findEvent(venue, eventId);
    const admission = findEvent(venue, admissionId(today))!;
    const all = [admission, ...listed];
    if (chosen && !all.some((e) => e.id === chosen.id)) all.push(chosen);
    return all.sort((a, b) => a.day - b.day || a.start.localeCompare(b.start));
  }

  async choose(eventId: string | null): Promise<void> {
    await this.deps.store.setPref('eventId', eventId);
    this.state.set({ eventId, verdict: { kind: 'idle' } });
    await this.counts.refresh();
  }

  /** With no choice made yet: today's only event, or the daily admission on a day without events. */
  async chooseIfNone(): Promise<void> {
    const { venue, eventId } = this.state.snapshot;
    if (!venue || eventId !== null) return;
    const today = this.clock.today();
    const todays = venue.events.filter((e) => e.day === today && !e.excluded);
    if (todays.length === 1) await this.choose(todays[0]!.id);
    else if (todays.length === 0) await this.choose(admissionId(today));
  }

  current(): VenueEvent | null {
    const { venue, eventId } = this.state.snapshot;
    return venue ? findEvent(venue, eventId) : null;
  }
}
