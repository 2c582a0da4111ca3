// What the desk screen shows, as data: the UI renders it, tests and the session reason about it.

import type { CardCheck } from '../../core/card-check.ts';
import type { LimitReason, Reason } from '../../core/reasons.ts';
import type { RedemptionRecord } from '../../core/record.ts';
import type { VenueEvent } from '../../core/venue.ts';

/** A refusal because this desk's quota share is spent: what the other desks hold, as last heard. */
export interface ShareShortage {
  othersHold: number;
  otherDesks: number;
  /** false: the server has never answered this desk about that quota (it was never online at it). */
  heard: boolean;
}

export type VerdictView =
  | { kind: 'idle' }
  | {
      kind: 'accepted';
      check: CardCheck;
      event: VenueEvent;
      ticketsLeft: number | null;
      /** Set when a confirm was refused (counts too high): the card stays on screen. */
      confirmReason: LimitReason | null;
      /** Set with confirmReason when the desk's share was what ran out. */
      share?: ShareShortage | null;
    }
  | {
      kind: 'rejected';
      /** null for input that is no card at all. */
      check: CardCheck | null;
      reason: Reason;
      ticketsLeft: number | null;
      suggestions: string[];
      overridable: boolean;
      /** Set when the desk's share was what ran out (event-full or day-full). */
      share?: ShareShortage | null;
    }
  | { kind: 'redeemed'; record: RedemptionRecord; check: CardCheck };

export type InputVia = 'camera' | 'wedge' | 'typed';
