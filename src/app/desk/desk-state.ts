// What the desk knows and shows, in one object the screens follow (src/app/shared's
// observable-state): the device, bundle, venue and chosen event, the verdict on screen, the counts
// and the one-line notice. Every piece of the session reads and sets this one state.

import type { TrustBundle } from '../../core/bundle.ts';
import type { RedemptionRecord } from '../../core/record.ts';
import type { VenueEvent, VenueSettings } from '../../core/venue.ts';
import type { DeviceState } from '../../storage/desk-store.ts';
import type { VerdictView } from './desk-view.ts';
import type { RecentCheck } from './recent-list.ts';

export interface DeskState {
  ready: boolean;
  device: DeviceState | null;
  bundle: TrustBundle | null;
  venue: VenueSettings | null;
  eventId: string | null;
  verdict: VerdictView;
  /** Grows with every check and every confirm (the test hook data-check). */
  checkNo: number;
  busy: boolean;
  pending: number;
  attention: number;
  lastSyncMs: number | null;
  /** How far the server's clock (its Date header) was ahead of the device's when last heard from. */
  serverOffsetMs: number | null;
  /** The server refused this device's token: it must be enrolled again. Nothing is lost meanwhile. */
  unauthorized: boolean;
  /** What the idle screen shows about the chosen event: tickets left, and today's card tickets so far. */
  standing: EventStanding | null;
  /** Seconds after which a shown verdict clears itself (a desk preference); 0 for never. */
  clearAfterS: number;
  /** The latest checks, newest first, so staff can look back at what just happened. */
  recent: RecentCheck[];
  /** The admission Undo would void next (this desk's latest today that stands), so the button can name it. */
  undoable: RedemptionRecord | null;
  /** A one-line notice: undo done, a refused file, a storage failure. Params named `…Day` are Helsinki day numbers, shown as dates. */
  notice: Notice | null;
}

export interface Notice {
  tone: 'info' | 'error';
  key: NoticeKey;
  params?: Record<string, string | number>;
}

export interface EventStanding {
  event: VenueEvent;
  eventLeft: number | null;
  dayLeft: number | null;
  /** Card tickets of uses that stand today across the venue (all desks this desk knows of). */
  dayTickets: number;
  /** What this desk holds of those tickets (its quota shares), or null when no share applies. */
  held: number | null;
  /** The server has answered for every quota of the event (else `held` is 0 until it does). */
  heldHeard: boolean;
}

export type NoticeKey =
  | 'import.done'
  | 'import.refused'
  | 'attention.retried'
  | 'undo.done'
  | 'undo.nothing'
  | 'bundle.loaded'
  | 'bundle.refused'
  | 'bundle.notNewer'
  | 'storage.error'
  | 'storage.quota'
  | 'enrol.error.bundle'
  | 'enrol.error.records'
  | 'shares.released'
  | 'shares.releasedOther';

/** A verdict clears itself after this long unless the desk is set otherwise (pretixSCAN does the same). */
export const DEFAULT_CLEAR_AFTER_S = 15;

/** The desk before start() has read what the device stored. */
export function initialDeskState(): DeskState {
  return {
    ready: false,
    device: null,
    bundle: null,
    venue: null,
    eventId: null,
    verdict: { kind: 'idle' },
    checkNo: 0,
    busy: false,
    pending: 0,
    attention: 0,
    lastSyncMs: null,
    serverOffsetMs: null,
    unauthorized: false,
    undoable: null,
    standing: null,
    clearAfterS: DEFAULT_CLEAR_AFTER_S,
    recent: [],
    notice: null,
  };
}
