// Quota shares (escrow): how a venue's desks split a quota so that desks offline together never
// hand out more card tickets than it allows. The server hands each desk that asks a share of what is
// left of a pool (an event's `quota`, or the venue's `dayQuota` of one Helsinki day); a desk hands
// out tickets from its own share only. The server and the desk both decide here.
//
// One desk's share of one pool, as the desk keeps it:
//
//               first poll · a card needs tickets                spend t ≤ held
//   (no share) ─────────────────────────────────▶ ┌─────────┐ ◀───────────────┐
//       │                                         │ holding │ ── held < low ──▶ ask to fill up (online)
//       │ 404 (a server without shares)           └─────────┘
//       ▼                                           │     ▲ a card needs tickets: ask (need)
//   counts as before                                │     │
//                    asked back · idle · pool over  ▼     │
//                    released by a manager ──────▶ ┌─────────┐
//                                                  │ resting │ held 0: asks again only when a card needs tickets
//                                                  └─────────┘
//   any ── the server says "closed" (no quota, or its last day has ended) ──▶ closed: counts as before
//
// And one pool on the server: each desk's row keeps a ceiling (what the desk held, plus its own uses
// that stand, as it last reported them, plus what was granted since), so what it may still add is
// out = max(0, ceiling − its uses the server knows); uploads lower `out` without a report.
//
//   unheld = limit − uses that stand − Σ out        a grant never exceeds unheld (never below 0)
//
// A request carries the revision of the desk's row; one that does not match changes nothing
// (a delayed or repeated request, another tab): "stale", or "released" when a manager released the
// share since. The desk applies an answer only if its row is still at the revision it asked from.

import { helsinkiDay, parseIsoTimestamp } from './calendar.ts';
import type { RedemptionRecord } from './record.ts';
import { cardTickets } from './record.ts';
import { standingUses } from './standing-uses.ts';
import type { VenueEvent, VenueSettings } from './venue.ts';
import { findEvent } from './venue.ts';

/** A pool's key: `event:<eventId>` or `day:<Helsinki day number>`. */
export type PoolKey = string;

export type PoolRef = { kind: 'event'; eventId: string } | { kind: 'day'; day: number };

/** The server asks desks to give back for this long after one ran dry (a desk polls every 30 s). */
export const SHORT_MS = 2 * 60_000;
/** A desk that has handed out nothing from a share for this long gives it back. */
export const IDLE_MS = 15 * 60_000;
/** The most pools one POST /v1/shares may carry. */
export const MAX_SHARE_POOLS = 20;
/** Card tickets any one number in a request may name (the largest quota a venue may set). */
const MAX_TICKETS = 1_000_000;
const MAX_REV = 2 ** 31 - 1;

export const eventPool = (eventId: string): PoolKey => `event:${eventId}`;
export const dayPool = (day: number): PoolKey => `day:${day}`;

export function parsePool(key: unknown): PoolRef | null {
  if (typeof key !== 'string') return null;
  if (key.startsWith('event:')) {
    const eventId = key.slice('event:'.length);
    return eventId.length >= 1 && eventId.length <= 128 ? { kind: 'event', eventId } : null;
  }
  const m = /^day:(\d{1,6})$/.exec(key);
  return m ? { kind: 'day', day: Number(m[1]) } : null;
}

/** The pools a use at `event` made at `nowMs` draws on: the event's quota and the day's, where set. */
export function poolsOfUse(venue: VenueSettings, event: VenueEvent, nowMs: number): { event: PoolKey | null; day: PoolKey | null } {
  return { event: event.quota === null ? null : eventPool(event.id), day: venue.dayQuota === null ? null : dayPool(helsinkiDay(nowMs)) };
}

/** The pools a record would draw on if they had quotas: its event's, and its day's. */
export function poolsOfRecord(r: Pick<RedemptionRecord, 'eventId' | 'at'>): PoolKey[] {
  const ms = parseIsoTimestamp(r.at);
  return ms === null ? [eventPool(r.eventId)] : [eventPool(r.eventId), dayPool(helsinkiDay(ms))];
}

export interface PoolTerms {
  limit: number;
  /** The Helsinki day after which the pool's shares lapse: the event's day, or the pool's own. */
  lastDay: number;
}

/** The quota a pool splits and its last day; null when the settings give it no quota (or no such event). */
export function poolTerms(venue: VenueSettings, key: PoolKey): PoolTerms | null {
  const ref = parsePool(key);
  if (!ref) return null;
  if (ref.kind === 'day') return venue.dayQuota === null ? null : { limit: venue.dayQuota, lastDay: ref.day };
  const event = findEvent(venue, ref.eventId);
  return !event || event.quota === null || event.excluded ? null : { limit: event.quota, lastDay: event.day };
}

/** The terms of a pool whose shares apply at `nowMs` (its last day has not ended); null otherwise. */
export function openTerms(venue: VenueSettings, key: PoolKey, nowMs: number): PoolTerms | null {
  const terms = poolTerms(venue, key);
  return terms && helsinkiDay(nowMs) <= terms.lastDay ? terms : null;
}

export interface PoolTickets {
  /** Card tickets of the pool's uses that stand, all desks together. */
  total: number;
  /** The same by the deviceId of the use. */
  byDevice: Map<string, number>;
}

/** Counts a pool's uses by the one rule of which uses stand (standing-uses.ts). */
export function poolTickets(records: Iterable<RedemptionRecord>, key: PoolKey): PoolTickets {
  const ref = parsePool(key);
  const out: PoolTickets = { total: 0, byDevice: new Map() };
  if (!ref) return out;
  for (const r of standingUses(records)) {
    if (ref.kind === 'event' ? r.eventId !== ref.eventId : helsinkiDay(parseIsoTimestamp(r.at) ?? NaN) !== ref.day) continue;
    const t = cardTickets(r);
    out.total += t;
    out.byDevice.set(r.deviceId, (out.byDevice.get(r.deviceId) ?? 0) + t);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The server's side

/** One desk's share of one pool, as the server keeps it. */
export interface ShareRow {
  deviceId: string;
  /** What the desk held plus its own uses that stand, as it last reported them, plus grants since. */
  ceiling: number;
  /** Grows with every change; a request must name the current one. */
  rev: number;
  /** The rev a manual release left; a request from before it forfeits what it held. */
  releasedRev: number;
  /** Card tickets granted, given back, and released by a manager, all told (for the report). */
  granted: number;
  returned: number;
  released: number;
  /** The server's clock at the desk's last report. */
  seenMs: number;
}

export interface ShareRelease {
  deviceId: string;
  /** The desk's name, as desks show it. */
  name: string;
  tickets: number;
  atMs: number;
}

/** What the server keeps of a pool besides the rows. */
export interface PoolFlags {
  /** Until when desks are asked to give back, because `shortDevice` ran dry. */
  shortUntilMs: number;
  shortDevice: string | null;
  /** The latest manual release, shown to every desk once. */
  release: ShareRelease | null;
}

export const NO_FLAGS: PoolFlags = { shortUntilMs: 0, shortDevice: null, release: null };

/** A pool as the server sees it in one transaction. */
export interface PoolView {
  key: PoolKey;
  /** The quota, or null when shares do not apply (no quota, no such event, its last day ended). */
  limit: number | null;
  uses: PoolTickets;
  rows: readonly ShareRow[];
  flags: PoolFlags;
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

/** What a desk may still add to the pool's uses, as far as the server knows. */
export function outOf(row: ShareRow, uses: PoolTickets): number {
  return Math.max(0, row.ceiling - (uses.byDevice.get(row.deviceId) ?? 0));
}

export function newShareRow(deviceId: string): ShareRow {
  return { deviceId, ceiling: 0, rev: 0, releasedRev: 0, granted: 0, returned: 0, released: 0, seenMs: 0 };
}

export interface AskOutcome {
  answer: ShareAnswer;
  /** The row to write, or null for none. */
  row: ShareRow | null;
  /** The pool's flags to write, or null when unchanged. */
  flags: PoolFlags | null;
}

/** The server's answer to one pool of a desk's request, and what to write. */
export function answerAsk(view: PoolView, deviceId: string, ask: ShareAsk, nowMs: number): AskOutcome {
  const closed: ShareAnswer = { pool: ask.pool, status: 'closed', rev: 0, granted: 0, fair: 0, unheld: 0, othersHold: 0, otherDesks: 0, giveBack: false, release: null };
  if (view.limit === null) return { answer: closed, row: null, flags: null };
  const limit = view.limit;
  const row = view.rows.find((r) => r.deviceId === deviceId) ?? newShareRow(deviceId);
  const others = view.rows.filter((r) => r.deviceId !== deviceId).map((r) => outOf(r, view.uses));
  const othersHold = others.reduce((a, b) => a + b, 0);
  const otherDesks = others.filter((n) => n > 0).length;
  const giveBackFor = (flags: PoolFlags) => flags.shortUntilMs > nowMs && flags.shortDevice !== deviceId;
  const left = limit - view.uses.total;
  if (ask.rev !== row.rev) {
    const status: AnswerStatus = ask.rev < row.releasedRev ? 'released' : 'stale';
    const answer: ShareAnswer = { ...closed, status, rev: row.rev, unheld: Math.max(0, left - othersHold - outOf(row, view.uses)), othersHold, otherDesks, giveBack: giveBackFor(view.flags), release: view.flags.release };
    return { answer, row: null, flags: null };
  }
  const mine = view.uses.byDevice.get(deviceId) ?? 0;
  const reported = Math.max(0, ask.held + ask.used - mine);
  const unheld = left - othersHold - reported;
  const fair = Math.max(0, Math.ceil(left / (1 + otherDesks)));
  const wanted = Math.max(ask.need, ask.fill ? fair - ask.held : 0);
  const granted = Math.max(0, Math.min(wanted, unheld));
  let flags: PoolFlags | null = null;
  if (ask.need > granted) flags = { ...view.flags, shortUntilMs: nowMs + SHORT_MS, shortDevice: deviceId };
  else if (ask.need > 0 && view.flags.shortDevice === deviceId) flags = { ...view.flags, shortUntilMs: 0, shortDevice: null };
  const after = flags ?? view.flags;
  const next: ShareRow = {
    ...row,
    ceiling: ask.held + ask.used + granted,
    rev: row.rev + 1,
    granted: row.granted + granted,
    returned: row.returned + Math.max(0, outOf(row, view.uses) - reported),
    seenMs: nowMs,
  };
  const answer: ShareAnswer = {
    pool: ask.pool,
    status: 'granted',
    rev: next.rev,
    granted,
    fair,
    unheld: Math.max(0, unheld - granted),
    othersHold,
    otherDesks,
    giveBack: giveBackFor(after),
    release: after.release,
  };
  return { answer, row: next, flags };
}

/** A manager takes back what a desk holds; null when the desk has no share of the pool. */
export function releaseShare(view: PoolView, desk: { deviceId: string; name: string }, nowMs: number): { row: ShareRow; flags: PoolFlags; tickets: number } | null {
  const { deviceId, name } = desk;
  const row = view.rows.find((r) => r.deviceId === deviceId);
  if (!row) return null;
  const tickets = view.limit === null ? 0 : outOf(row, view.uses);
  const rev = row.rev + 1;
  // The ceiling drops to the uses the server knows of: what the desk may add is nothing from now on.
  const next: ShareRow = { ...row, ceiling: view.uses.byDevice.get(deviceId) ?? 0, rev, releasedRev: rev, released: row.released + tickets };
  return { row: next, flags: { ...view.flags, release: { deviceId, name, tickets, atMs: nowMs } }, tickets };
}

/** One desk's figures in a pool, for the manager: granted, handed out, given back, holding now. */
export interface DeskShareFigures {
  deviceId: string;
  granted: number;
  spent: number;
  gaveBack: number;
  holds: number;
  seenMs: number;
}

/** A pool's figures for a manager (GET /v1/shares): its quota, the uses that stand, what no desk holds, and each desk by name. */
export interface PoolFigures {
  pool: PoolKey;
  /** The day it is listed under: its event's day, or its own. */
  day: number;
  /** The quota in the settings now, or null for none. */
  quota: number | null;
  /** Shares apply now (a quota, and its last day has not ended). */
  open: boolean;
  used: number;
  unheld: number;
  desks: (DeskShareFigures & { name: string })[];
}

/** `view.limit` is the quota while the pool is open, null after; `quota` the one in the settings. */
export function poolFigures(view: PoolView, day: number, quota: number | null, names: ReadonlyMap<string, string>): PoolFigures {
  const desks = deskFigures(view).map((d) => ({ ...d, name: names.get(d.deviceId) ?? d.deviceId }));
  const held = desks.reduce((n, d) => n + d.holds, 0);
  const unheld = view.limit === null ? 0 : Math.max(0, view.limit - view.uses.total - held);
  return { pool: view.key, day, quota, open: view.limit !== null, used: view.uses.total, unheld, desks };
}

export function deskFigures(view: PoolView): DeskShareFigures[] {
  return view.rows.map((r) => ({
    deviceId: r.deviceId,
    granted: r.granted,
    spent: view.uses.byDevice.get(r.deviceId) ?? 0,
    // A pool whose shares lapsed (last day over) counts what was held as given back.
    gaveBack: r.returned + r.released + (view.limit === null ? outOf(r, view.uses) : 0),
    holds: view.limit === null ? 0 : outOf(r, view.uses),
    seenMs: r.seenMs,
  }));
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

// ---------------------------------------------------------------------------------------------
// The desk's side

/** One pool's share as the desk keeps it. */
export interface DeskShare {
  pool: PoolKey;
  /** open: the desk hands out from `held`; closed: the server keeps no shares of it, the desk counts as before. */
  status: 'open' | 'closed';
  rev: number;
  held: number;
  /** Gave everything back (asked to, idle, released): asks again only when a card needs tickets. */
  resting: boolean;
  /** From the last answer: a fair holding, what the others hold, whether to give back. */
  fair: number;
  othersHold: number;
  otherDesks: number;
  giveBack: boolean;
  /** Desk clock: the last ticket handed out from the share, or when it was taken (the idle rule). */
  activeMs: number;
  /** The latest manual release this desk has shown, so each is shown once. */
  releaseSeenMs: number;
}

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

/** Tickets the desk gives back before it reports: everything, when over, idle, asked, or closed by its own settings. */
export function dueBack(share: DeskShare, terms: PoolTerms | null, nowMs: number): number {
  if (share.status !== 'open' || share.held === 0) return 0;
  const over = terms === null || helsinkiDay(nowMs) > terms.lastDay;
  const idle = nowMs - share.activeMs >= IDLE_MS;
  return over || idle || share.giveBack ? share.held : 0;
}

/** The share after giving back `tickets`: it rests until a card needs tickets again. */
export function gaveBack(share: DeskShare, tickets: number): DeskShare {
  return tickets > 0 ? { ...share, held: share.held - tickets, resting: true, giveBack: false } : share;
}

/** The ask for a pool: report, and ask to fill up when selling and low, or for what a card needs. */
export function deskAsk(share: DeskShare | undefined, pool: PoolKey, used: number, need: number): ShareAsk {
  const held = share?.status === 'open' ? share.held : 0;
  const fill = need > 0 || (!share ? true : share.status === 'open' && !share.resting && held < lowWater(share));
  return { pool, rev: share?.status === 'open' ? share.rev : 0, held, used, need: Math.max(0, need - held), fill };
}

/** The desk's share after an answer, given its row now; null to leave the row (it moved on meanwhile). */
export function settleAnswer(current: DeskShare | undefined, ask: ShareAsk, answer: ShareAnswer, nowMs: number): DeskShare | null {
  const fresh: DeskShare = { pool: ask.pool, status: 'open', rev: 0, held: 0, resting: false, fair: 0, othersHold: 0, otherDesks: 0, giveBack: false, activeMs: nowMs, releaseSeenMs: 0 };
  const base = current ?? fresh;
  if (answer.status === 'closed') return { ...base, status: 'closed', rev: 0, held: 0, resting: false, giveBack: false };
  // Another tab applied an answer since this one was asked: its state stands (what it holds may be less than the server counts: safe).
  if ((current?.status === 'open' ? current.rev : 0) !== ask.rev) return null;
  const news = { fair: answer.fair, othersHold: answer.othersHold, otherDesks: answer.otherDesks, giveBack: answer.giveBack, rev: answer.rev, releaseSeenMs: Math.max(base.releaseSeenMs, answer.release?.atMs ?? 0) };
  const opened = { ...base, status: 'open' as const, ...news };
  if (answer.status === 'released') return { ...opened, held: 0, resting: true };
  if (answer.status === 'stale') return opened;
  const asked = ask.need > 0;
  return { ...opened, held: opened.held + answer.granted, resting: opened.resting && !asked && !ask.fill, activeMs: asked || !current ? nowMs : base.activeMs };
}

/**
 * Whether the desk should ask again at once: the answer was stale (now it knows the rev), or it
 * says to give back what the desk holds (the report that gives it back goes straight away).
 */
export function again(share: DeskShare | undefined, status: AnswerStatus, terms: PoolTerms | null, nowMs: number): boolean {
  if (status === 'stale') return true;
  return share !== undefined && dueBack(share, terms, nowMs) > 0;
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
