// The desk's quota share of one pool (quota-pools.ts) and its rounds with the server: what it
// gives back before it reports, what it asks for, and how an answer changes it. What it hands out at
// a check and a confirm is share-holding.ts's.
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

import { helsinkiDay } from './calendar.ts';
import type { PoolKey, PoolTerms } from './quota-pools.ts';
import { lowWater } from './share-holding.ts';
import type { AnswerStatus, ShareAnswer, ShareAsk } from './share-requests.ts';

/** A desk that has handed out nothing from a share for this long gives it back. */
export const IDLE_MS = 15 * 60_000;

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
