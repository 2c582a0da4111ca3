// What the desk screen shows, as data: the UI renders it, tests and the session reason about it.

import type { CardCheck } from '../../core/card-check.ts';
import type { LimitReason, Reason } from '../../core/reasons.ts';
import type { RedemptionRecord } from '../../core/record.ts';
import type { VenueEvent } from '../../core/venue.ts';

export type VerdictView =
  | { kind: 'idle' }
  | {
      kind: 'accepted';
      check: CardCheck;
      event: VenueEvent;
      ticketsLeft: number | null;
      /** Set when a confirm was refused (counts too high): the card stays on screen. */
      confirmReason: LimitReason | null;
    }
  | {
      kind: 'rejected';
      /** null for input that is no card at all. */
      check: CardCheck | null;
      reason: Reason;
      ticketsLeft: number | null;
      suggestions: string[];
      overridable: boolean;
    }
  | { kind: 'redeemed'; record: RedemptionRecord; check: CardCheck };

export type InputVia = 'camera' | 'wedge' | 'typed';
