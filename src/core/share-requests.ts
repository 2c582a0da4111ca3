// POST /v1/shares: what a desk asks for each pool and what the server answers, and the checks of
// both as they cross the network. A request carries the revision of the desk's row; one that does
// not match changes nothing (a delayed or repeated request, another tab): "stale", or "released"
// when a manager released the share since. The desk applies an answer only if its row is still at
// the revision it asked from (desk-share.ts).

import type { PoolKey } from './quota-pools.ts';
import { parsePool } from './quota-pools.ts';

/** The most pools one POST /v1/shares may carry. */
export const MAX_SHARE_POOLS = 20;
/** Card tickets any one number in a request may name (the largest quota a venue may set). */
const MAX_TICKETS = 1_000_000;
const MAX_REV = 2 ** 31 - 1;

export interface ShareRelease {
  deviceId: string;
  /** The desk's name, as desks show it. */
  name: string;
  tickets: number;
  atMs: number;
}

/** One pool of a desk's POST /v1/shares. */
export interface ShareAsk {
  pool: PoolKey;
  /** The rev of the desk's row (0 before its first share). */
  rev: number;
  /** Card tickets the desk holds and has not handed out. */
  held: number;
  /** Card tickets of this device's own uses in the pool that stand, uploaded or not. */
  used: number;
  /** Card tickets a card at the desk needs now beyond `held` (0 when none is waiting). */
  need: number;
  /** Also fill up to a fair share (the desk is low on tickets and selling). */
  fill: boolean;
}

export type AnswerStatus = 'granted' | 'stale' | 'released' | 'closed';

export interface ShareAnswer {
  pool: PoolKey;
  status: AnswerStatus;
  rev: number;
  /** Added to `held` ('granted' only). */
  granted: number;
  /** What a desk should hold when it sells: what is left of the quota over the desks that hold any. */
  fair: number;
  /** Tickets no desk holds, after this answer. */
  unheld: number;
  /** Tickets the other desks hold (or have handed out and not uploaded), and how many desks. */
  othersHold: number;
  otherDesks: number;
  /** Give back what you hold: another desk ran dry. */
  giveBack: boolean;
  release: ShareRelease | null;
}

const isCount = (v: unknown, max = MAX_TICKETS): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;

/** Why a POST /v1/shares body cannot be answered; null when it can. */
export function shareRequestProblem(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body must be {"pools": [...]}';
  const pools = (body as { pools?: unknown }).pools;
  if (!Array.isArray(pools)) return 'the body must be {"pools": [...]}';
  if (pools.length > MAX_SHARE_POOLS) return `at most ${MAX_SHARE_POOLS} pools a request, not ${pools.length}`;
  const seen = new Set<string>();
  for (const [i, p] of pools.entries()) {
    const at = `pools[${i}]`;
    if (typeof p !== 'object' || p === null || Array.isArray(p)) return `${at} must be an object`;
    const a = p as Record<string, unknown>;
    if (!parsePool(a.pool)) return `${at}.pool must be "event:<event id>" or "day:<day number>"`;
    if (seen.has(a.pool as string)) return `${at}.pool is named twice`;
    seen.add(a.pool as string);
    if (!isCount(a.rev, MAX_REV)) return `${at}.rev must be a whole number, 0 or more`;
    for (const k of ['held', 'used', 'need'] as const) if (!isCount(a[k])) return `${at}.${k} must be a whole number of 0-${MAX_TICKETS}`;
    if (typeof a.fill !== 'boolean') return `${at}.fill must be true or false`;
  }
  return null;
}

/** Why an answer to POST /v1/shares is not one the desk can apply; null when it is. */
export function shareAnswerProblem(body: unknown, asked: readonly ShareAsk[]): string | null {
  const pools = (body as { pools?: unknown } | null)?.pools;
  if (!Array.isArray(pools) || pools.length !== asked.length) return 'one answer per pool asked';
  for (const [i, p] of pools.entries()) {
    const a = p as Partial<ShareAnswer> | null;
    if (!a || a.pool !== asked[i]!.pool) return 'the answers are not in the order asked';
    if (!['granted', 'stale', 'released', 'closed'].includes(a.status as string)) return 'an unknown status';
    for (const k of ['rev', 'granted', 'fair', 'unheld', 'othersHold', 'otherDesks'] as const) if (!isCount(a[k], MAX_REV)) return `"${k}" is not a whole number`;
    if (typeof a.giveBack !== 'boolean') return '"giveBack" is not true or false';
    const r = a.release;
    if (r !== null && (typeof r !== 'object' || typeof r.deviceId !== 'string' || typeof r.name !== 'string' || !isCount(r.tickets) || !Number.isFinite(r.atMs))) return '"release" is not a release';
  }
  return null;
}
