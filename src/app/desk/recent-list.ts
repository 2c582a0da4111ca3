// The desk's short list of what it just showed, newest first, so staff can look back after the
// next card. The same card checked and then confirmed (or corrected) is one line that moves on,
// not two. Pure.

import type { VerdictView } from './desk-view.ts';

export interface RecentCheck {
  /** The data-check number of the verdict it was last shown as. */
  checkNo: number;
  atMs: number;
  cardId: string | null;
  kind: 'accepted' | 'rejected' | 'redeemed';
  reason: string | null;
}

/** How many checks the recent list keeps. */
export const RECENT_CHECKS = 5;

/** The list with a verdict just shown as `checkNo` at `atMs` put on top. */
export function withRecent(recent: readonly RecentCheck[], verdict: Exclude<VerdictView, { kind: 'idle' }>, checkNo: number, atMs: number): RecentCheck[] {
  const cardId = verdict.check?.cardId ?? null;
  const reason = verdict.kind === 'rejected' ? verdict.reason : verdict.kind === 'accepted' ? verdict.confirmReason : null;
  const entry: RecentCheck = { checkNo, atMs, cardId, kind: verdict.kind, reason };
  const [top, ...rest] = recent;
  const sameCard = top && cardId !== null && top.cardId === cardId && top.kind === 'accepted';
  return [entry, ...(sameCard ? rest : recent)].slice(0, RECENT_CHECKS);
}
