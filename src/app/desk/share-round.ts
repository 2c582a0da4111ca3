// One round of the desk's quota shares with its server (share-keeper.ts runs them, one at a time):
// give back what is due (idle, asked, the event over), report what the desk holds and has used, ask
// to fill up or for what a card needs, and apply each answer to the share it was asked from. The
// notices of a manager's release come from here. Loaded when the first round runs, not with the
// desk's first screen.

import type { DeskShare } from '../../core/desk-share.ts';
import { again, deskAsk, dueBack, gaveBack, settleAnswer } from '../../core/desk-share.ts';
import type { PoolKey } from '../../core/quota-pools.ts';
import { poolTerms, poolsOfUse } from '../../core/quota-pools.ts';
import type { ShareAnswer } from '../../core/share-requests.ts';
import { MAX_SHARE_POOLS } from '../../core/share-requests.ts';
import { SyncError } from '../../sync/api-client.ts';
import { askShares } from '../../sync/shares.ts';
import type { ObservableState } from '../shared/observable-state.ts';
import type { DeskState } from './desk-state.ts';
import type { EventChoice } from './event-choice.ts';
import type { SessionDeps } from './session-deps.ts';

export interface RoundContext {
  state: ObservableState<DeskState>;
  deps: Pick<SessionDeps, 'store' | 'now' | 'fetch' | 'drain'>;
  events: Pick<EventChoice, 'current'>;
  /** Told after a round that heard from the server. */
  changed: () => Promise<void>;
}

/** One round; true when an answer says to go again at once (stale, or give back). */
export async function shareRound({ state, deps, events, changed }: RoundContext, need: number, waitMs: number): Promise<boolean> {
  const { device, venue } = state.snapshot;
  if (!device) return false;
  const { store } = deps;
  const now = deps.now();
  const event = events.current();
  const current = venue && event ? poolsOfUse(venue, event, now) : { event: null, day: null };
  const before = await store.shares();
  // The chosen event's quotas, and every other share still holding tickets (to give them back).
  const held = before.filter((s) => s.status === 'open' && s.held > 0).map((s) => s.pool);
  const pools = [...new Set<PoolKey | null>([current.event, current.day, ...held])].filter((p): p is PoolKey => p !== null).slice(0, MAX_SHARE_POOLS);
  const asks = await store.shareRound(device.deviceId, pools, (share, used, pool) => {
    const next = share && gaveBack(share, dueBack(share, venue ? poolTerms(venue, pool) : null, now));
    return { share: next, ask: deskAsk(next, pool, used, pool === current.event || pool === current.day ? need : 0) };
  });
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), waitMs);
  let answers: ShareAnswer[];
  try {
    const reply = await askShares(device, asks, deps.fetch, abort.signal);
    if (reply.kind === 'no-shares') {
      // A server without shares: count as before, as every desk did until now.
      await store.forgetShares();
      return false;
    }
    answers = reply.answers;
  } catch (e) {
    if (e instanceof SyncError && e.kind === 'unauthorized') deps.drain?.reportUnauthorized();
    // Offline, or the server failed: the desk goes on with what it holds, and the next round tries again.
    return false;
  } finally {
    clearTimeout(timer);
  }
  const after = await store.settleShares(
    asks.map((ask, i) => ({ ask, answer: answers[i]! })),
    (share, ask, answer) => settleAnswer(share, ask, answer, deps.now()),
  );
  tell(state, before, answers, device.deviceId);
  await changed();
  return answers.some((answer) =>
    again(
      after.find((s) => s.pool === answer.pool),
      answer.status,
      venue ? poolTerms(venue, answer.pool) : null,
      deps.now(),
    ),
  );
}

/**
 * The notices of a round: this desk's shares released by a manager, or another desk's. One release
 * takes a desk's share of each quota (the event's and the day's), which overlap: the notice names
 * the largest.
 */
function tell(state: ObservableState<DeskState>, before: readonly DeskShare[], answers: readonly ShareAnswer[], deviceId: string): void {
  let mine = -1;
  let other: { n: number; name: string } | null = null;
  for (const answer of answers) {
    const had = before.find((s) => s.pool === answer.pool);
    if (answer.status === 'released') mine = Math.max(mine, had?.held ?? 0);
    const release = answer.release;
    if (had && release && release.deviceId !== deviceId && release.atMs > had.releaseSeenMs && release.tickets > (other?.n ?? -1)) other = { n: release.tickets, name: release.name };
  }
  if (mine >= 0) state.set({ notice: { tone: 'info', key: 'shares.released', params: { n: mine } } });
  else if (other) state.set({ notice: { tone: 'info', key: 'shares.releasedOther', params: other } });
}
