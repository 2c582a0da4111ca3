// How the server grants quota shares (quota-pools.ts): each desk's row of a pool keeps a ceiling
// (what the desk held, plus its own uses that stand, as it last reported them, plus what was
// granted since), so what it may still add is out = max(0, ceiling − its uses the server knows);
// uploads lower `out` without a report.
//
//   unheld = limit − uses that stand − Σ out        a grant never exceeds unheld (never below 0)
//
// One desk's row of a pool, as the server answers the desk's requests (share-requests.ts):
//
//   (no row: rev 0) ──request at rev 0──▶ rev 1
//   rev n ──request at rev n──▶ rev n + 1: ceiling = held + used (as reported) + granted
//   rev n ──request at another rev──▶ unchanged: "released" if asked from before the last release, else "stale"
//   rev n ──a manager releases it──▶ rev n + 1 = releasedRev: ceiling = its uses the server knows (out 0)
//   any ──the pool has no quota now, or its last day ended──▶ unchanged: "closed"
//
// And the pool: when a desk needs more than can be granted, the other desks are asked to give back
// for SHORT_MS ("giveBack" in their answers); a grant of all that desk needs ends it.

import type { PoolKey, PoolTickets } from './quota-pools.ts';
import type { AnswerStatus, ShareAnswer, ShareAsk, ShareRelease } from './share-requests.ts';

/** The server asks desks to give back for this long after one ran dry (a desk polls every 30 s). */
export const SHORT_MS = 2 * 60_000;

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
