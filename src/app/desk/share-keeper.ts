// This desk's quota shares (docs/limits.md): what it may hand out of each quota, asked for before a
// card needs it, filled up while selling, and given back when idle, asked, or the event is over.
// The core decides every step (desk-share.ts, share-holding.ts); storage keeps the shares with the records; the
// rounds with the server are share-round.ts's. One round at a time per tab; a stale answer or a
// request to give back goes round again at once.

import type { DeskShares } from '../../core/limits.ts';
import { poolsOfUse } from '../../core/quota-pools.ts';
import { lowWater, sharesOfUse } from '../../core/share-holding.ts';
import type { LimitReason } from '../../core/reasons.ts';
import type { VenueEvent } from '../../core/venue.ts';
import type { ObservableState } from '../shared/observable-state.ts';
import type { DeskState } from './desk-state.ts';
import type { ShareShortage } from './desk-view.ts';
import type { EventChoice } from './event-choice.ts';
import type { RoundContext } from './share-round.ts';
import type { SessionDeps } from './session-deps.ts';

/** How long a card waits for a share at most: one short round trip, or the desk decides on what it holds. */
export const SHARE_WAIT_MS = 3_000;
/** A background round gives up after this long (the next tick tries again). */
const ROUND_MS = 10_000;
/** Rounds in a row when an answer says go again (stale, give back). */
const ROUNDS = 3;

export class ShareKeeper {
  /** The round in progress, so rounds of one tab never overlap. */
  private queue: Promise<unknown> = Promise.resolve();

  private readonly roundContext: RoundContext;

  constructor(
    private readonly state: ObservableState<DeskState>,
    private readonly deps: Pick<SessionDeps, 'store' | 'now' | 'fetch' | 'online' | 'drain'>,
    events: EventChoice,
    /** Told after every round that heard from the server (the idle screen shows what the desk holds). */
    changed: () => Promise<void>,
  ) {
    this.roundContext = { state, deps, events, changed };
  }

  /**
   * What this desk may hand out for a use of `tickets` at `event` now (null for each quota no share
   * applies to). Online, when a quota of the use holds fewer here, one round asks for them first,
   * waiting one short round trip at most. The common case is one read of the stored shares.
   */
  async ensure(event: VenueEvent, tickets: number, now: number): Promise<DeskShares> {
    const held = await this.sharesFor(event, now);
    if (this.deps.online?.() === false || ((held.event ?? Infinity) >= tickets && (held.day ?? Infinity) >= tickets)) return held;
    await this.round(tickets, SHARE_WAIT_MS);
    return this.sharesFor(event, now);
  }

  private async sharesFor(event: VenueEvent, now: number): Promise<DeskShares> {
    const venue = this.state.snapshot.venue;
    if (!venue || (event.quota === null && venue.dayQuota === null)) return { event: null, day: null };
    const { shares, serverHasShares } = await this.deps.store.shareState();
    return sharesOfUse(venue, event, now, shares, serverHasShares);
  }

  /** What the other desks hold of the quota a refusal names, as this desk last heard. */
  async shortage(event: VenueEvent, reason: LimitReason, now: number): Promise<ShareShortage> {
    const venue = this.state.snapshot.venue;
    const pools = venue ? poolsOfUse(venue, event, now) : { event: null, day: null };
    const share = (await this.deps.store.shares()).find((s) => s.pool === (reason === 'day-full' ? pools.day : pools.event));
    return { othersHold: share?.othersHold ?? 0, otherDesks: share?.otherDesks ?? 0, heard: share !== undefined };
  }

  /** The regular round (refresh tick, back online, another event chosen): give back what is due, fill up, hear the news. */
  poll(): Promise<void> {
    return this.round(0, ROUND_MS);
  }

  /** After a use: a share below its low-water mark fills up in the background, before the next card needs it. */
  async afterUse(): Promise<void> {
    const low = (await this.deps.store.shares()).some((s) => s.status === 'open' && !s.resting && s.held < lowWater(s));
    if (low) void this.poll();
  }

  private round(need: number, waitMs: number): Promise<void> {
    const run = this.queue.then(async () => {
      // The round's code loads when first needed (precached): the desk's first screen does without it.
      const { shareRound } = await import('./share-round.ts');
      for (let i = 0; i < ROUNDS && (await shareRound(this.roundContext, need, waitMs)); i++);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
