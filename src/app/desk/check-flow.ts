// A card at the desk, from scan to verdict: check it, confirm it with the people it lets in, admit
// a card the register misses (override), or let it go. The core decides each step; a use is
// written durably before the screen says "redeemed"; a card's rejection is recorded as a decline
// once per scan. Every new verdict counts up checkNo and goes on the recent list. Where a quota
// is split into shares, the desk asks for tickets before it decides (online) and decides by what it
// holds (share-keeper.ts).
//
//   idle ──check──▶ accepted ──confirm ok──▶ redeemed ──check──▶ …
//     │               │  ▲ confirm refused (counts): stays accepted, shows the reason
//     │               ▼  │
//     └──check──▶ rejected ──override (not-registered only)──▶ accepted (source manual)
//
//   fast mode: check ──(holder-only card)──▶ redeemed at once.
//   A confirm while busy, or with no accepted card on screen, changes nothing.
//   Any verdict ──clear (timer, event choice, undo)──▶ idle.

import type { CardCheck } from '../../core/card-check.ts';
import { checkCard } from '../../core/card-check.ts';
import { deskToday, isStaleAt } from '../../core/bundle.ts';
import { helsinkiDay, helsinkiDayStartMs } from '../../core/calendar.ts';
import type { Admit, DeskShares, LimitDecision } from '../../core/limits.ts';
import { decideLimits, limitsSinceMs } from '../../core/limits.ts';
import type { CardReason } from '../../core/reasons.ts';
import type { RedemptionRecord } from '../../core/record.ts';
import { cardTickets } from '../../core/record.ts';
import { suggestCardIds } from '../../core/suggestions.ts';
import { findEvent } from '../../core/venue.ts';
import type { ObservableState } from '../shared/observable-state.ts';
import type { InputVia, VerdictView } from './desk-view.ts';
import type { DeskState } from './desk-state.ts';
import type { EventChoice } from './event-choice.ts';
import { withRecent } from './recent-list.ts';
import type { RecordWriter } from './record-writer.ts';
import type { SessionDeps } from './session-deps.ts';
import type { ShareKeeper } from './share-keeper.ts';

/** Card rejections recorded as declines (with an event to record them at); earlier ones record nothing. */
const RECORDED_CARD_REASONS: ReadonlySet<CardReason> = new Set(['unknown-key', 'bad-signature', 'key-not-valid', 'revoked', 'not-yet-valid', 'expired', 'not-registered']);

type Accepted = Extract<VerdictView, { kind: 'accepted' }>;

export class CheckFlow {
  constructor(
    private readonly state: ObservableState<DeskState>,
    private readonly deps: Pick<SessionDeps, 'store' | 'now'>,
    private readonly events: EventChoice,
    private readonly writer: RecordWriter,
    private readonly shares: ShareKeeper,
  ) {}

  async check(input: string, via: InputVia): Promise<VerdictView> {
    const now = this.deps.now();
    const { bundle, venue } = this.state.snapshot;
    this.state.set({ busy: true, notice: null });
    try {
      const check = await checkCard(input, { bundle, today: deskToday(bundle, now), stale: bundle !== null && isStaleAt(bundle, now) });
      if (check.verdict === 'rejected') {
        const reason = check.reason!;
        const view: VerdictView = {
          kind: 'rejected',
          check,
          reason,
          ticketsLeft: null,
          // Only a plain card number can be not-registered: a typed one may be one slip away from a real one.
          suggestions: reason === 'not-registered' && via === 'typed' && bundle ? suggestCardIds(bundle.register, check.cardId!) : [],
          overridable: reason === 'not-registered' && venue?.allowOverride === true,
        };
        if (RECORDED_CARD_REASONS.has(reason)) await this.recordDecline(check, reason, now);
        return this.show(view);
      }
      return this.show(await this.afterCardAccepted(check, now));
    } finally {
      this.state.set({ busy: false });
    }
  }

  async confirm(admit: Admit): Promise<VerdictView> {
    const { verdict: view, busy } = this.state.snapshot;
    if (view.kind !== 'accepted' || busy) return view;
    this.state.set({ busy: true, notice: null });
    try {
      return this.show(await this.redeem(view, admit, this.deps.now()));
    } finally {
      this.state.set({ busy: false });
    }
  }

  /** Staff admit a card missing from the register; the check resumes at the event and limits. */
  async override(printedChildren: number): Promise<VerdictView> {
    const view = this.state.snapshot.verdict;
    if (view.kind !== 'rejected' || !view.overridable || !view.check) return view;
    const check: CardCheck = { ...view.check, verdict: 'accepted', reason: null, source: 'manual', kind: 0, children: Math.max(0, Math.min(20, Math.floor(printedChildren))) };
    this.state.set({ busy: true });
    try {
      return this.show(await this.afterCardAccepted(check, this.deps.now()));
    } finally {
      this.state.set({ busy: false });
    }
  }

  /** Back to the idle screen. */
  clear(): void {
    this.state.set({ verdict: { kind: 'idle' } });
  }

  /** Steps 4-8 for an accepted card; fast mode confirms a holder-only card at once. */
  private async afterCardAccepted(check: CardCheck, now: number): Promise<VerdictView> {
    const decision = await this.decide(check, now);
    if (!decision.ok) {
      // An override already recorded its scan's decline (not-registered): at most one per scan.
      if (decision.reason !== 'no-event' && check.source !== 'manual') await this.recordDecline(check, decision.reason, now);
      return { kind: 'rejected', check, reason: decision.reason, ticketsLeft: decision.ticketsLeft, suggestions: [], overridable: false, share: await this.shortage(decision, now) };
    }
    const view: VerdictView = { kind: 'accepted', check, event: decision.event, ticketsLeft: decision.ticketsLeft, confirmReason: null };
    if (this.state.snapshot.venue?.fastMode && check.kind === 0 && check.children === 0) return this.redeem(view, { adults: 1, children: 0, assistants: 0 }, now);
    return view;
  }

  private async decide(check: CardCheck, now: number, admit?: Admit): Promise<LimitDecision> {
    const { venue, eventId } = this.state.snapshot;
    const card = { id: check.cardId!, kind: check.kind!, children: check.children! };
    if (!venue) return { ok: false, reason: 'no-event', event: null, tally: null, ticketsLeft: null };
    const event = findEvent(venue, eventId);
    // Only what the tally reads: today, this event, and this card within its window (fast at 100k);
    // and what this desk holds of the event's quotas, asked for first when too few (share-keeper.ts).
    const [records, shares] = await Promise.all([
      eventId ? this.deps.store.recordsForLimits(eventId, limitsSinceMs(venue, now), { cardId: card.id, dayStartMs: helsinkiDayStartMs(helsinkiDay(now)) }) : [],
      event ? this.shares.ensure(event, admit ? cardTickets(admit) : 1, now) : ({ event: null, day: null } satisfies DeskShares),
    ]);
    return decideLimits({ venue, eventId, records, now, card, admit, shares });
  }

  /** For a refusal because this desk's share ran out: what the others hold. */
  private async shortage(decision: LimitDecision, now: number) {
    return !decision.ok && decision.byShare && decision.event ? this.shares.shortage(decision.event, decision.reason, now) : null;
  }

  /** Steps 9-12 with fresh counts, then the durable write; only then is the use "redeemed". */
  private async redeem(view: Accepted, admit: Admit, now: number): Promise<VerdictView> {
    const decision = await this.decide(view.check, now, admit);
    const refused = async (d: LimitDecision): Promise<VerdictView> =>
      d.ok ? view : { ...view, ticketsLeft: d.ticketsLeft ?? view.ticketsLeft, confirmReason: d.reason, share: await this.shortage(d, now) };
    if (!decision.ok) return refused(decision);
    const record = await this.writer.forCard(view.check, decision.event, now, {
      outcome: 'redeemed',
      reason: null,
      adults: 1,
      children: admit.children,
      assistants: admit.assistants,
    });
    if (record) {
      void this.shares.afterUse();
      return { kind: 'redeemed', record, check: view.check };
    }
    // Not written: another tab may have handed out the share meanwhile, and deciding again says so.
    return refused(await this.decide(view.check, now, admit));
  }

  private async recordDecline(check: CardCheck, reason: RedemptionRecord['reason'], now: number): Promise<void> {
    const event = this.events.current();
    if (!event || !check.cardId || !this.state.snapshot.device) return;
    await this.writer.forCard(check, event, now, { outcome: 'declined', reason, adults: 1, children: 0, assistants: 0 });
  }

  private show(verdict: VerdictView): VerdictView {
    const { checkNo: last, recent } = this.state.snapshot;
    const checkNo = last + 1;
    this.state.set({ verdict, checkNo, recent: verdict.kind === 'idle' ? recent : withRecent(recent, verdict, checkNo, this.deps.now()) });
    return verdict;
  }
}
