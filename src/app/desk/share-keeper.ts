// This desk's quota shares (docs/limits.md): what it may hand out of each quota, asked for before a
// card needs it, filled up while selling, and given back when idle, asked, or the event is over.
// The core decides every step (quota-shares.ts); storage keeps the shares with the records; sync
// talks to the server. One round at a time per tab: a round gives back what is due, reports, asks,
// and applies the answers; a stale answer or a request to give back goes round again at once.

import type { DeskShares } from '../../core/limits.ts';
import type { DeskShare, PoolKey, ShareAnswer } from '../../core/quota-shares.ts';
import { MAX_SHARE_POOLS, again, deskAsk, dueBack, gaveBack, lowWater, poolTerms, poolsOfUse, settleAnswer, sharesOfUse } from '../../core/quota-shares.ts';
import type { LimitReason } from '../../core/reasons.ts';
import type { VenueEvent } from '../../core/venue.ts';
import { SyncError } from '../../sync/api-client.ts';
import { askShares } from '../../sync/shares.ts';
import type { ObservableState } from '../shared/observable-state.ts';
import type { DeskState } from './desk-state.ts';
import type { ShareShortage } from './desk-view.ts';
import type { EventChoice } from './event-choice.ts';
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

  constructor(
    private readonly state: ObservableState<DeskState>,
    private readonly deps: Pick<SessionDeps, 'store' | 'now' | 'fetch' | 'online' | 'drain'>,
    private readonly events: EventChoice,
    /** Told after every round that heard from the server (the idle screen shows what the desk holds). */
    private readonly changed: () => Promise<void>,
  ) {}

  /** What this desk may hand out for a use at `event` now (null for each quota no share applies to). */
  async sharesFor(event: VenueEvent, now: number): Promise<DeskShares> {
    const venue = this.state.snapshot.venue;
    if (!venue || (event.quota === null && venue.dayQuota === null)) return { event: null, day: null };
    const [shares, server] = await Promise.all([this.deps.store.shares(), this.deps.store.getPref('sharesServer')]);
    return sharesOfUse(venue, event, now, shares, server === true);
  }

  /**
   * Before a card is decided: when a quota of its use holds fewer than `tickets` here, one round
   * asks for them (online only, waiting one short round trip at most).
   */
  async ensure(event: VenueEvent, tickets: number, now: number): Promise<void> {
    if (this.deps.online?.() === false) return;
    const held = await this.sharesFor(event, now);
    if ((held.event ?? Infinity) >= tickets && (held.day ?? Infinity) >= tickets) return;
    await this.round(tickets, SHARE_WAIT_MS);
  }

  /** What the other desks hold of the quota a refusal names, as this desk last heard. */
  async shortage(event: VenueEvent, reason: LimitReason, now: number): Promise<ShareShortage> {
    const venue = this.state.snapshot.venue;
    const pools = venue ? poolsOfUse(venue, event, now) : { event: null, day: null };
    const share = (await this.deps.store.shares()).find((s) => s.pool === (reason === 'day-full' ? pools.day : pools.event));
    return { othersHold: share?.othersHold ?? 0, otherDesks: share?.otherDesks ?? 0 };
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
      for (let i = 0; i < ROUNDS && (await this.once(need, waitMs)); i++);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** One round; true when an answer says to go again at once. */
  private async once(need: number, waitMs: number): Promise<boolean> {
    const { device, venue } = this.state.snapshot;
    if (!device) return false;
    const { store } = this.deps;
    const now = this.deps.now();
    const event = this.events.current();
    const current = venue && event ? poolsOfUse(venue, event, now) : { event: null, day: null };
    const before = await store.shares();
    // The chosen event's quotas, and every other share still holding tickets (to give them back).
    const pools = [...new Set<PoolKey>([current.event, current.day, ...before.filter((s) => s.status === 'open' && s.held > 0).map((s) => s.pool)].filter((p): p is PoolKey => p !== null))].slice(0, MAX_SHARE_POOLS);
    const asks = await store.shareRound(device.deviceId, pools, (share, used, pool) => {
      const next = share && gaveBack(share, dueBack(share, venue ? poolTerms(venue, pool) : null, now));
      return { share: next, ask: deskAsk(next, pool, used, pool === current.event || pool === current.day ? need : 0) };
    });
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), waitMs);
    let answers: ShareAnswer[];
    try {
      const reply = await askShares(device, asks, this.deps.fetch, abort.signal);
      if (reply.kind === 'no-shares') {
        // A server without shares: count as before, as every desk did until now.
        await store.forgetShares();
        return false;
      }
      answers = reply.answers;
    } catch (e) {
      if (e instanceof SyncError && e.kind === 'unauthorized') this.deps.drain?.reportUnauthorized();
      // Offline, or the server failed: the desk goes on with what it holds, and the next round tries again.
      return false;
    } finally {
      clearTimeout(timer);
    }
    if ((await store.getPref('sharesServer')) !== true) await store.setPref('sharesServer', true);
    const after = await store.settleShares(
      asks.map((ask, i) => ({ ask, answer: answers[i]! })),
      (share, ask, answer) => settleAnswer(share, ask, answer, this.deps.now()),
    );
    this.tell(before, answers, device.deviceId);
    await this.changed();
    return answers.some((answer) =>
      again(
        after.find((s) => s.pool === answer.pool),
        answer.status,
        venue ? poolTerms(venue, answer.pool) : null,
        this.deps.now(),
      ),
    );
  }

  /**
   * The notices of a round: this desk's shares released by a manager, or another desk's. One
   * release takes a desk's share of each quota (the event's and the day's), which overlap: the
   * notice names the largest.
   */
  private tell(before: readonly DeskShare[], answers: readonly ShareAnswer[], deviceId: string): void {
    let mine = -1;
    let other: { n: number; name: string } | null = null;
    for (const answer of answers) {
      const had = before.find((s) => s.pool === answer.pool);
      if (answer.status === 'released') mine = Math.max(mine, had?.held ?? 0);
      const release = answer.release;
      if (had && release && release.deviceId !== deviceId && release.atMs > had.releaseSeenMs && release.tickets > (other?.n ?? -1)) other = { n: release.tickets, name: release.name };
    }
    if (mine >= 0) this.state.set({ notice: { tone: 'info', key: 'shares.released', params: { n: mine } } });
    else if (other) this.state.set({ notice: { tone: 'info', key: 'shares.releasedOther', params: other } });
  }
}
