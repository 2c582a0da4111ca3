// The desk's application service, put together from its pieces over one observable state:
// the server link (enrolment and refresh), the bundle file and the event choice, the check flow
// (check, confirm, override) and Undo, with the counts and the record writer below them. start()
// loads what the device has stored. The core decides; storage keeps; sync talks to the server.
// No DOM here, so it runs the same under tests.
//
// The check flow (with the card check under it), the server link and the bundle file load by
// import() after the first screen (shared/later.ts): the flow as soon as start() has read the
// device's storage, the others when first called. A call made before its piece has loaded waits.

import type { TrustBundle } from '../../core/bundle.ts';
import { openBundle } from '../../core/bundle.ts';
import type { Observable } from '../shared/observable-state.ts';
import { ObservableState } from '../shared/observable-state.ts';
import type { Later } from '../shared/later.ts';
import { later, once } from '../shared/later.ts';
import type { BundleFile } from './bundle-file.ts';
import type { CheckFlow } from './check-flow.ts';
import { DeskClock } from './desk-clock.ts';
import { DeskCounts } from './desk-counts.ts';
import type { DeskState, Notice } from './desk-state.ts';
import { DEFAULT_CLEAR_AFTER_S, initialDeskState } from './desk-state.ts';
import { EventChoice } from './event-choice.ts';
import { RecordWriter } from './record-writer.ts';
import type { ServerLink } from './server-link.ts';
import type { SessionDeps } from './session-deps.ts';
import { ShareKeeper } from './share-keeper.ts';
import { Undo } from './undo.ts';

const FLOW_CALLS = ['check', 'confirm', 'override', 'clear'] as const;
const SERVER_CALLS = ['enrol', 'refresh', 'venueSaved', 'syncStatus'] as const;
const BUNDLE_FILE_CALLS = ['load'] as const;

/** The check flow (check-flow.ts) as the screens call it. */
export type DeskFlow = Later<CheckFlow, (typeof FLOW_CALLS)[number]>;
/** The server link (server-link.ts) as main.tsx and the screens call it. */
export type DeskServer = Later<ServerLink, (typeof SERVER_CALLS)[number]>;
/** A bundle file loaded by hand (bundle-file.ts). */
export type DeskBundleFile = Later<BundleFile, (typeof BUNDLE_FILE_CALLS)[number]>;

export class DeskSession implements Observable<DeskState> {
  private readonly state = new ObservableState<DeskState>(initialDeskState());
  private readonly counts: DeskCounts;
  private readonly writer: RecordWriter;
  readonly clock: DeskClock;
  readonly events: EventChoice;
  readonly bundleFile: DeskBundleFile;
  readonly server: DeskServer;
  readonly flow: DeskFlow;
  private readonly loadFlow: () => Promise<CheckFlow>;
  readonly undo: Undo;
  readonly shares: ShareKeeper;

  constructor(private readonly deps: SessionDeps) {
    this.counts = new DeskCounts(this.state, deps);
    this.writer = new RecordWriter(this.state, deps, this.counts);
    this.clock = new DeskClock(this.state, deps);
    this.events = new EventChoice(this.state, deps, this.clock, this.counts);
    this.bundleFile = later(once(async () => new (await import('./bundle-file.ts')).BundleFile(this.state, deps)), BUNDLE_FILE_CALLS);
    this.shares = new ShareKeeper(this.state, deps, this.events, () => this.counts.refresh());
    const loadServer = once(async () => new (await import('./server-link.ts')).ServerLink(this.state, deps, this.events, this.counts, this.shares));
    this.server = later(loadServer, SERVER_CALLS);
    this.loadFlow = once(async () => new (await import('./check-flow.ts')).CheckFlow(this.state, deps, this.events, this.writer, this.shares));
    this.flow = later(this.loadFlow, FLOW_CALLS);
    // Another event chosen: its quotas' shares are asked for (or given back) at once.
    let eventId = this.state.snapshot.eventId;
    this.state.subscribe((s) => {
      if (s.eventId === eventId) return;
      eventId = s.eventId;
      if (s.ready && s.device) void this.shares.poll();
    });
    this.undo = new Undo(this.state, deps, this.counts, this.writer);
  }

  get snapshot(): DeskState {
    return this.state.snapshot;
  }

  subscribe(listener: (s: DeskState) => void): () => void {
    return this.state.subscribe(listener);
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
    this.state.set({
      ready: true,
      device,
      bundle,
      venue: venue?.settings ?? null,
      eventId: typeof eventId === 'string' ? eventId : null,
      lastSyncMs: typeof lastSync === 'number' ? lastSync : null,
      clearAfterS: typeof clearAfterS === 'number' && clearAfterS >= 0 ? clearAfterS : DEFAULT_CLEAR_AFTER_S,
    });
    await this.events.chooseIfNone();
    await this.counts.refresh();
    void this.loadFlow();
    // Uploaded records are kept for counts and reports, and for at most 400 days.
    void store.pruneUploaded(this.deps.now() - 400 * 86_400_000).catch(() => undefined);
  }

  /** A one-line notice for staff (the settings screen's record tools use it too). */
  notify(notice: Notice | null): void {
    this.state.set({ notice });
  }

  /** Records were added or put back in the queue (an import, a retry): upload them, and count again. */
  outboxChanged(): Promise<void> {
    return this.writer.outboxChanged();
  }

  /** How long a verdict stays before the desk goes back to its idle screen; 0 keeps it. */
  async setClearAfter(seconds: number): Promise<void> {
    await this.deps.store.setPref('clearAfterS', seconds);
    this.state.set({ clearAfterS: seconds });
  }
}
