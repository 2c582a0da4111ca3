// What a desk may hand out of its quota shares (desk-share.ts), at every check and in the write of
// every use: what it holds for the pools of a use, a use spending from it, an undo giving back.

import type { DeskShare } from './desk-share.ts';
import type { PoolKey } from './quota-pools.ts';
import { poolsOfUse } from './quota-pools.ts';
import type { VenueEvent, VenueSettings } from './venue.ts';

/** Below this many tickets a selling desk asks for more, before a card has to wait for them. */
export function lowWater(share: Pick<DeskShare, 'fair'>): number {
  return Math.max(1, Math.floor(share.fair / 2));
}

/** What a desk may hand out of a pool, by its share: null when no share applies (count as before). */
export function heldFor(share: DeskShare | undefined, serverHasShares: boolean): number | null {
  if (!share) return serverHasShares ? 0 : null;
  return share.status === 'open' ? share.held : null;
}

/** What a desk may hand out for a use at `event` now, by its shares of the event's and the day's quota (decideLimits' `shares`). */
export function sharesOfUse(venue: VenueSettings, event: VenueEvent, nowMs: number, shares: readonly DeskShare[], serverHasShares: boolean): { event: number | null; day: number | null } {
  const pools = poolsOfUse(venue, event, nowMs);
  const of = (pool: PoolKey | null) => (pool === null ? null : heldFor(shares.find((s) => s.pool === pool), serverHasShares));
  return { event: of(pools.event), day: of(pools.day) };
}

/** Hands out `tickets` from an open share; null when it holds too few. */
export function spendShare(share: DeskShare, tickets: number, nowMs: number): DeskShare | null {
  if (share.status !== 'open') return share;
  return share.held < tickets ? null : { ...share, held: share.held - tickets, activeMs: nowMs };
}

/**
 * Undoing one of this desk's own uses gives its tickets back to the share. The server's ceiling for
 * the desk still counts them (its uses drop by as much once the void is uploaded), so handing them
 * out again adds nothing the server does not count.
 */
export function refillShare(share: DeskShare, tickets: number): DeskShare {
  return share.status === 'open' ? { ...share, held: share.held + tickets } : share;
}
