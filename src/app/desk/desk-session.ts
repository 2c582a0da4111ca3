// The desk's application service: it holds what the desk knows (device, bundle, venue, current
// event) and turns a scan, a confirm, an override or an undo into a verdict, writing records
// durably before it says "redeemed". The core decides; storage keeps; sync talks to the server.
// No DOM here, so it runs the same under tests.
//
//   idle ──check──▶ accepted ──confirm ok──▶ redeemed ──check──▶ …
//     │               │  ▲ confirm refused (counts): stays accepted, shows the reason
//     │               ▼  │
//     └──check──▶ rejected ──override (not-registered only)──▶ accepted (source manual)

import type { OpenResult, TrustBundle } from '../../core/bundle.ts';
import { clockProblem, deskToday, isStaleAt, openBundle, openBundleText, replacesBundle } from '../../core/bundle.ts';
import type { ClockProblem } from '../../core/bundle.ts';
import type { CardCheck } from '../../core/card-check.ts';
import { checkCard } from '../../core/card-check.ts';
import type { Ed25519 } from '../../core/ed25519.ts';
import { helsinkiDay, helsinkiDayStartMs } from '../../core/calendar.ts';
import type { Admit, LimitDecision } from '../../core/limits.ts';
import { decideLimits, limitsSinceMs, tally, ticketsLeftEach } from '../../core/limits.ts';
import type { CardReason } from '../../core/reasons.ts';
import type { RedemptionRecord } from '../../core/record.ts';
import { newRecordId } from '../../core/record-id.ts';
import type { RootConfig } from '../../core/roots.ts';
import { suggestCardIds } from '../../core/suggestions.ts';
import type { VenueEvent, VenueSettings } from '../../core/venue.ts';
import { admissionId, findEvent } from '../../core/venue.ts';
import type { Envelope } from '../../core/bundle.ts';
import type { DeskStore, DeviceState } from '../../storage/desk-store.ts';
import type { Enrolment } from '../../sync/api-client.ts';
import { enrol } from '../../sync/api-client.ts';
import type { DrainLoop, DrainStatus } from '../../sync/drain-loop.ts';
import { refreshAll } from '../../sync/usage-refresh.ts';
import type { InputVia, VerdictView } from './desk-view.ts';

export interface SessionDeps {
  store: DeskStore;
  ed: Ed25519;
  roots: RootConfig;
  now: () => number;
  random: (bytes: number) => Uint8Array;
  fetch: typeof fetch;
  /** The upload loop, told about new records and enrolments (absent in tests of the desk alone). */
  drain?: Pick<DrainLoop, 'kick' | 'reenrolled' | 'reportUnauthorized'>;
}

export interface DeskState {
  ready: boolean;
  device: DeviceState | null;
  bundle: TrustBundle | null;
  venue: VenueSettings | null;
  eventId: string | null;
  verdict: VerdictView;
  /** Grows with every check and every confirm (the test hook data-check). */
  checkNo: number;
  busy: boolean;
  pending: number;
  attention: number;
  lastSyncMs: number | null;
  /** How far the server's clock (its Date header) was ahead of the device's when last heard from. */
  serverOffsetMs: number | null;
  /** The server refused this device's token: it must be enrolled again. Nothing is lost meanwhile. */
  unauthorized: boolean;
  /** What the idle screen shows about the chosen event: tickets left, and today's card tickets so far. */
  standing: EventStanding | null;
  /** Seconds after which a shown verdict clears itself (a desk preference); 0 for never. */
  clearAfterS: number;
  /** The latest checks, newest first, so staff can look back at what just happened. */
  recent: RecentCheck[];
  /** The admission Undo would void next (this desk's latest today that stands), so the button can name it. */
  undoable: RedemptionRecord | null;
  /** A one-line notice: undo done, a refused file, a storage failure. Params named `…Day` are Helsinki day numbers, shown as dates. */
  notice: { tone: 'info' | 'error'; key: NoticeKey; params?: Record<string, string | number> } | null;
}

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
/** A verdict clears itself after this long unless the desk is set otherwise (pretixSCAN does the same). */
export const DEFAULT_CLEAR_AFTER_S = 15;

export interface EventStanding {
  event: VenueEvent;
  eventLeft: number | null;
  dayLeft: number | null;
  /** Card tickets of uses that stand today across the venue (all desks this desk knows of). */
  dayTickets: number;
}

export type NoticeKey =
  | 'import.done'
  | 'import.refused'
  | 'attention.retried'
  | 'undo.done'
  | 'undo.nothing'
  | 'bundle.loaded'
  | 'bundle.refused'
  | 'bundle.notNewer'
  | 'storage.error'
  | 'storage.quota'
  | 'enrol.error.bundle';

/** Card rejections recorded as declines (with an event to record them at); earlier ones record nothing. */
const RECORDED_CARD_REASONS: ReadonlySet<CardReason> = new Set(['unknown-key', 'bad-signature', 'key-not-valid', 'revoked', 'not-yet-valid', 'expired', 'not-registered']);

export class DeskSession {
  private state: DeskState = {
    ready: false,
    device: null,
    bundle: null,
    venue: null,
    eventId: null,
    verdict: { kind: 'idle' },
    checkNo: 0,
    busy: false,
    pending: 0,
    attention: 0,
    lastSyncMs: null,
    serverOffsetMs: null,
    unauthorized: false,
    undoable: null,
    standing: null,
    clearAfterS: DEFAULT_CLEAR_AFTER_S,
    recent: [],
    notice: null,
  };
  private readonly listeners = new Set<(s: DeskState) => void>();

  constructor(private readonly deps: SessionDeps) {}

  get snapshot(): DeskState {
    return this.state;
  }

  subscribe(listener: (s: DeskState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<DeskState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }

  /** Loads what the device has stored; the desk can check cards as soon as this resolves. */
  async start(): Promise<void> {
    const { store } = this.deps;
    const [device, stored, venue, eventId, lastSync] = await Promise.all([
      store.getDevice(),
      store.getBundle(),
      store.getVenue(),
      store.getPref('eventId'),
      store.getPref('lastSyncMs'),
    ]);
    const clearAfterS = await store.getPref('clearAfterS');
    let bundle: TrustBundle | null = null;
    if (stored) {
      const opened = await openBundle(stored.envelope, this.deps.roots.roots, this.deps.ed);
      // A stored bundle that no longer opens (roots changed in a new build) is as good as none.
      bundle = opened.ok ? opened.bundle : null;
    }
    this.set({
      ready: true,
      device,
      bundle,
      venue: venue?.settings ?? null,
      eventId: typeof eventId === 'string' ? eventId : null,
      lastSyncMs: typeof lastSync === 'number' ? lastSync : null,
      clearAfterS: typeof clearAfterS === 'number' && clearAfterS >= 0 ? clearAfterS : DEFAULT_CLEAR_AFTER_S,
    });
    if (venue && this.state.eventId === null) await this.chooseDefaultEvent();
    await this.refreshCounts();
    // Uploaded records are kept for counts and reports, and for at most 400 days.
    void store.pruneUploaded(this.deps.now() - 400 * 86_400_000).catch(() => undefined);
  }

  // ── enrolment and offline data ────────────────────────────────────────────────────────────

  /** Enrols the device, then fetches the bundle and the venue settings. Throws SyncError. */
  async enrol(serverUrl: string, code: string, deviceName: string): Promise<void> {
    const e: Enrolment = await enrol(serverUrl, code, deviceName, this.deps.fetch);
    const device: DeviceState = { ...e, serverUrl, deviceName, enrolledAt: new Date(this.deps.now()).toISOString() };
    await this.deps.store.putDevice(device);
    this.set({ device, unauthorized: false });
    this.deps.drain?.reenrolled();
    try {
      await this.refreshFromServer();
    } catch {
      this.set({ notice: { tone: 'error', key: 'enrol.error.bundle' } });
    }
  }

  /** Fetches newer venue settings and bundle, and the other desks' uses. Throws SyncError. */
  async refreshFromServer(): Promise<void> {
    const device = this.state.device;
    if (!device) return;
    const { store, roots, ed, now } = this.deps;
    const out = await refreshAll({ store, device, roots, ed, now, fetch: this.deps.fetch });
    if (out.venue) {
      this.set({ venue: out.venue });
      if (this.state.eventId === null) await this.chooseDefaultEvent();
    }
    // The other desks' uses came in too: the idle screen's tickets left change with them.
    await this.refreshCounts();
    const b = out.bundle;
    if (b.kind === 'taken') this.set({ bundle: b.bundle, notice: { tone: 'info', key: 'bundle.loaded', params: { madeDay: helsinkiDay(b.bundle.issuedAtMs), count: b.bundle.register.count } } });
    else if (b.kind === 'refused') this.set({ notice: { tone: 'error', key: 'bundle.refused', params: { error: b.error } } });
    if (out.syncedAtMs !== null) this.set({ lastSyncMs: out.syncedAtMs, serverOffsetMs: out.serverDateMs === null ? null : out.serverDateMs - this.deps.now() });
    if (out.error) {
      if (out.error.kind === 'unauthorized') {
        this.deps.drain?.reportUnauthorized();
        this.set({ unauthorized: true });
      }
      throw out.error;
    }
  }

  /** What the manager screens (src/app/manager) work with: the store, HTTP and the clock. */
  managerDeps(): Pick<SessionDeps, 'store' | 'fetch' | 'now' | 'random'> {
    const { store, fetch, now, random } = this.deps;
    return { store, fetch, now, random };
  }

  /** Venue settings a manager saved to the server (already stored with their new ETag). */
  async venueSaved(venue: VenueSettings): Promise<void> {
    this.set({ venue });
    if (this.state.eventId === null) await this.chooseDefaultEvent();
    await this.refreshCounts();
  }

  /** The upload loop's news: counts, the last successful contact, a refused token. */
  syncStatus(s: DrainStatus): void {
    const newer = s.lastSuccessMs !== null && (this.state.lastSyncMs === null || s.lastSuccessMs > this.state.lastSyncMs);
    if (newer) void this.deps.store.setPref('lastSyncMs', s.lastSuccessMs);
    this.set({ pending: s.pending, attention: s.attention, unauthorized: s.unauthorized, ...(newer ? { lastSyncMs: s.lastSuccessMs } : {}) });
  }

  /** A bundle file chosen by staff: the same rules as one from the server. */
  async loadBundleFile(text: string): Promise<boolean> {
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      // openBundleText says why in words.
    }
    return this.takeBundle(await openBundleText(text, this.deps.roots.roots, this.deps.ed), json);
  }

  private async takeBundle(opened: OpenResult, envelope: unknown): Promise<boolean> {
    if (!opened.ok) {
      this.set({ notice: { tone: 'error', key: 'bundle.refused', params: { error: opened.error } } });
      return false;
    }
    const current = this.state.bundle;
    if (!replacesBundle(current, opened.bundle)) {
      this.set({ notice: { tone: 'info', key: 'bundle.notNewer', params: { current: current?.serial ?? 0 } } });
      return false;
    }
    await this.deps.store.putBundle({ envelope: envelope as Envelope, serial: opened.bundle.serial, savedAt: this.deps.now() });
    this.set({ bundle: opened.bundle, notice: { tone: 'info', key: 'bundle.loaded', params: { madeDay: helsinkiDay(opened.bundle.issuedAtMs), count: opened.bundle.register.count } } });
    return true;
  }

  // ── the current event ─────────────────────────────────────────────────────────────────────

  /** The events staff can choose from: today's admission, and the venue's events from today on. */
  eventChoices(): VenueEvent[] {
    const venue = this.state.venue;
    if (!venue) return [];
    const today = this.today();
    const listed = venue.events.filter((e) => e.day >= today || e.id === this.state.eventId);
    const chosen = findEvent(venue, this.state.eventId);
    const admission = findEvent(venue, admissionId(today))!;
    const all = [admission, ...listed];
    if (chosen && !all.some((e) => e.id === chosen.id)) all.push(chosen);
    return all.sort((a, b) => a.day - b.day || a.start.localeCompare(b.start));
  }

  async chooseEvent(eventId: string | null): Promise<void> {
    await this.deps.store.setPref('eventId', eventId);
    this.set({ eventId, verdict: { kind: 'idle' } });
    await this.refreshCounts();
  }

  /** With no choice made yet: today's only event, or the daily admission on a day without events. */
  private async chooseDefaultEvent(): Promise<void> {
    const venue = this.state.venue;
    if (!venue) return;
    const today = this.today();
    const todays = venue.events.filter((e) => e.day === today && !e.excluded);
    if (todays.length === 1) await this.chooseEvent(todays[0]!.id);
    else if (todays.length === 0) await this.chooseEvent(admissionId(today));
  }

  currentEvent(): VenueEvent | null {
    return this.state.venue ? findEvent(this.state.venue, this.state.eventId) : null;
  }

  /** The Helsinki day the desk decides on (never before its bundle was made). */
  today(): number {
    return deskToday(this.state.bundle, this.deps.now());
  }

  isStale(): boolean {
    return this.state.bundle !== null && isStaleAt(this.state.bundle, this.deps.now());
  }

  clock(): ClockProblem {
    // The offset measured when online stays true offline: compare with the server's clock as it is now.
    const now = this.deps.now();
    return clockProblem(now, this.state.bundle, this.state.serverOffsetMs === null ? null : now + this.state.serverOffsetMs);
  }

  // ── checking, confirming, undoing ─────────────────────────────────────────────────────────

  async check(input: string, via: InputVia): Promise<VerdictView> {
    const now = this.deps.now();
    const { bundle, venue } = this.state;
    this.set({ busy: true, notice: null });
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
      this.set({ busy: false });
    }
  }

  /** Steps 4-8 for an accepted card; fast mode confirms a holder-only card at once. */
  private async afterCardAccepted(check: CardCheck, now: number): Promise<VerdictView> {
    const decision = await this.decide(check, now);
    if (!decision.ok) {
      // An override already recorded its scan's decline (not-registered): at most one per scan.
      if (decision.reason !== 'no-event' && check.source !== 'manual') await this.recordDecline(check, decision.reason, now);
      return { kind: 'rejected', check, reason: decision.reason, ticketsLeft: decision.ticketsLeft, suggestions: [], overridable: false };
    }
    const view: VerdictView = { kind: 'accepted', check, event: decision.event, ticketsLeft: decision.ticketsLeft, confirmReason: null };
    if (this.state.venue?.fastMode && check.kind === 0 && check.children === 0) return this.redeem(view, { adults: 1, children: 0, assistants: 0 }, now);
    return view;
  }

  private async decide(check: CardCheck, now: number, admit?: Admit): Promise<LimitDecision> {
    const venue = this.state.venue;
    const card = { id: check.cardId!, kind: check.kind!, children: check.children! };
    if (!venue) return { ok: false, reason: 'no-event', event: null, tally: null, ticketsLeft: null };
    // Only what the tally reads: today, this event, and this card within its window (fast at 100k).
    const records = this.state.eventId
      ? await this.deps.store.recordsForLimits(this.state.eventId, limitsSinceMs(venue, now), { cardId: card.id, dayStartMs: helsinkiDayStartMs(helsinkiDay(now)) })
      : [];
    return decideLimits({ venue, eventId: this.state.eventId, records, now, card, admit });
  }

  async confirm(admit: Admit): Promise<VerdictView> {
    const view = this.state.verdict;
    if (view.kind !== 'accepted' || this.state.busy) return view;
    this.set({ busy: true, notice: null });
    try {
      return this.show(await this.redeem(view, admit, this.deps.now()));
    } finally {
      this.set({ busy: false });
    }
  }

  /** Steps 9-12 with fresh counts, then the durable write; only then is the use "redeemed". */
  private async redeem(view: Extract<VerdictView, { kind: 'accepted' }>, admit: Admit, now: number): Promise<VerdictView> {
    const decision = await this.decide(view.check, now, admit);
    if (!decision.ok) return { ...view, ticketsLeft: decision.ticketsLeft ?? view.ticketsLeft, confirmReason: decision.reason };
    const record = await this.write(view.check, decision.event, now, {
      outcome: 'redeemed',
      reason: null,
      adults: 1,
      children: admit.children,
      assistants: admit.assistants,
    });
    return record ? { kind: 'redeemed', record, check: view.check } : view;
  }

  /** Staff admit a card missing from the register; the check resumes at the event and limits. */
  async override(printedChildren: number): Promise<VerdictView> {
    const view = this.state.verdict;
    if (view.kind !== 'rejected' || !view.overridable || !view.check) return view;
    const check: CardCheck = { ...view.check, verdict: 'accepted', reason: null, source: 'manual', kind: 0, children: Math.max(0, Math.min(20, Math.floor(printedChildren))) };
    this.set({ busy: true });
    try {
      return this.show(await this.afterCardAccepted(check, this.deps.now()));
    } finally {
      this.set({ busy: false });
    }
  }

  /** Voids the last use made at this desk today that is not voided yet. */
  async undo(): Promise<boolean> {
    const device = this.state.device;
    if (!device) return false;
    const now = this.deps.now();
    const target = await this.lastUndoable(device.deviceId, now);
    if (!target) {
      this.set({ notice: { tone: 'info', key: 'undo.nothing' } });
      return false;
    }
    const record = await this.append({
      id: newRecordId(now, this.deps.random(10)),
      venueId: target.venueId,
      eventId: target.eventId,
      at: new Date(now).toISOString(),
      outcome: 'void',
      reason: null,
      voids: target.id,
      cardId: target.cardId,
      source: target.source,
      kid: null,
      issued: null,
      adults: 0,
      children: 0,
      assistants: 0,
      category: target.category,
      type: target.type,
    });
    if (!record) return false;
    this.set({ verdict: { kind: 'idle' }, notice: { tone: 'info', key: 'undo.done', params: this.describeUse(target) } });
    return true;
  }

  /** A one-line notice for staff (the settings screen's record tools use it too). */
  notify(notice: DeskState['notice']): void {
    this.set({ notice });
  }

  /** Records were added or put back in the queue: upload them, and count again. */
  async outboxChanged(): Promise<void> {
    this.deps.drain?.kick('record');
    await this.refreshCounts();
  }

  clearVerdict(): void {
    this.set({ verdict: { kind: 'idle' } });
  }

  /** How long a verdict stays before the desk goes back to its idle screen; 0 keeps it. */
  async setClearAfter(seconds: number): Promise<void> {
    await this.deps.store.setPref('clearAfterS', seconds);
    this.set({ clearAfterS: seconds });
  }

  private show(verdict: VerdictView): VerdictView {
    const checkNo = this.state.checkNo + 1;
    this.set({ verdict, checkNo, recent: verdict.kind === 'idle' ? this.state.recent : this.withRecent(verdict, checkNo) });
    return verdict;
  }

  // The same card checked and then confirmed (or corrected) is one line that moves on, not two.
  private withRecent(verdict: Exclude<VerdictView, { kind: 'idle' }>, checkNo: number): RecentCheck[] {
    const cardId = verdict.check?.cardId ?? null;
    const reason = verdict.kind === 'rejected' ? verdict.reason : verdict.kind === 'accepted' ? verdict.confirmReason : null;
    const entry: RecentCheck = { checkNo, atMs: this.deps.now(), cardId, kind: verdict.kind, reason };
    const [top, ...rest] = this.state.recent;
    const sameCard = top && cardId !== null && top.cardId === cardId && top.kind === 'accepted';
    return [entry, ...(sameCard ? rest : this.state.recent)].slice(0, RECENT_CHECKS);
  }

  private async recordDecline(check: CardCheck, reason: RedemptionRecord['reason'], now: number): Promise<void> {
    const event = this.currentEvent();
    if (!event || !check.cardId || !this.state.device) return;
    await this.write(check, event, now, { outcome: 'declined', reason, adults: 1, children: 0, assistants: 0 });
  }

  private write(
    check: CardCheck,
    event: VenueEvent,
    now: number,
    what: Pick<RedemptionRecord, 'outcome' | 'reason' | 'adults' | 'children' | 'assistants'>,
  ): Promise<RedemptionRecord | null> {
    const device = this.state.device;
    if (!device) return Promise.resolve(null);
    return this.append({
      id: newRecordId(now, this.deps.random(10)),
      venueId: device.venueId,
      eventId: event.id,
      at: new Date(now).toISOString(),
      voids: null,
      cardId: check.cardId!,
      source: check.source!,
      kid: check.source === 'code' ? check.kid : null,
      issued: check.source === 'code' ? check.issued : null,
      category: event.category,
      type: event.type,
      ...what,
    });
  }

  /** Writes durably; a storage failure becomes a notice and nothing is shown as done. */
  private async append(draft: Omit<RedemptionRecord, 'seq' | 'deviceId'>): Promise<RedemptionRecord | null> {
    try {
      const record = await this.deps.store.appendRecord(draft);
      await this.outboxChanged();
      return record;
    } catch (e) {
      const quota = (e as { kind?: string }).kind === 'quota';
      this.set({ notice: { tone: 'error', key: quota ? 'storage.quota' : 'storage.error', params: { message: (e as Error).message } } });
      return null;
    }
  }

  async refreshCounts(): Promise<void> {
    const device = this.state.device;
    const now = this.deps.now();
    const [pending, attention, undoable, standing] = await Promise.all([
      this.deps.store.pendingCount(),
      this.deps.store.attentionCount(),
      device ? this.lastUndoable(device.deviceId, now) : null,
      this.eventStanding(now),
    ]);
    this.set({ pending, attention, undoable, standing });
  }

  private async eventStanding(now: number): Promise<EventStanding | null> {
    const venue = this.state.venue;
    const event = venue ? findEvent(venue, this.state.eventId) : null;
    if (!venue || !event) return null;
    const records = await this.deps.store.recordsForLimits(event.id, helsinkiDayStartMs(helsinkiDay(now)));
    // No card yet: the tally's per-card count stays 0 and is not read.
    const t = tally(records, venue, event, '', now);
    const left = ticketsLeftEach(venue, event, t);
    return { event, eventLeft: left.event, dayLeft: left.day, dayTickets: t.dayTickets };
  }

  /** What Undo names: the card, the event and the people an admission let in. */
  describeUse(record: RedemptionRecord): Record<string, string | number> {
    const venue = this.state.venue;
    const event = venue ? findEvent(venue, record.eventId) : null;
    return { card: record.cardId, event: event?.title ?? record.eventId, adults: record.adults, children: record.children, assistants: record.assistants };
  }

  // "Last" means this desk's latest admission today that has not been undone yet.
  private lastUndoable(deviceId: string, now: number): Promise<RedemptionRecord | null> {
    return this.deps.store.lastUndoable(deviceId, helsinkiDayStartMs(helsinkiDay(now)));
  }
}
