// Enrolment and refresh: what the desk hears from its server. Enrolling stores the device and its
// token, then fetches the venue settings and the bundle; a refresh fetches newer ones and the other
// desks' uses; the upload loop reports its counts, its last contact and a refused token. Throws
// SyncError where the screen words the failure; offline, the desk keeps working on what it has.
// A coordinator's browser has no venue: it is stored and then left alone (no settings, no bundle,
// no uploads); its screen asks the server for the statistics itself.
// The HTTP side (src/sync/) loads by import() on first use: the first screen never waits for it.

import { helsinkiDay } from '../../core/calendar.ts';
import type { VenueSettings } from '../../core/venue.ts';
import type { DeviceState } from '../../storage/desk-store.ts';
import type { Enrolment } from '../../sync/api-client.ts';
import type { DrainStatus } from '../../sync/drain-loop.ts';
import type { ObservableState } from '../shared/observable-state.ts';
import type { DeskCounts } from './desk-counts.ts';
import type { DeskState } from './desk-state.ts';
import type { EventChoice } from './event-choice.ts';
import type { SessionDeps } from './session-deps.ts';
import type { ShareKeeper } from './share-keeper.ts';

export class ServerLink {
  constructor(
    private readonly state: ObservableState<DeskState>,
    private readonly deps: SessionDeps,
    private readonly events: EventChoice,
    private readonly counts: DeskCounts,
    private readonly shares: ShareKeeper,
  ) {}

  /** Enrols the device, then fetches the bundle and the venue settings. Throws SyncError. */
  async enrol(serverUrl: string, code: string, deviceName: string): Promise<void> {
    const { enrol } = await import('../../sync/api-client.ts');
    const e: Enrolment = await enrol(serverUrl, code, deviceName, this.deps.fetch);
    // A desk's records not yet uploaded could never leave a coordinator's browser: it stays the
    // desk it was (the code is spent), and says why.
    if (e.role === 'coordinator') {
      const waiting = (await this.deps.store.pendingCount()) + (await this.deps.store.attentionCount());
      if (waiting > 0) return this.state.set({ notice: { tone: 'error', key: 'enrol.error.records', params: { n: waiting } } });
    }
    const device: DeviceState = { ...e, serverUrl, deviceName, enrolledAt: new Date(this.deps.now()).toISOString() };
    await this.deps.store.putDevice(device);
    this.state.set({ device, unauthorized: false });
    if (device.role === 'coordinator') return;
    this.deps.drain?.reenrolled();
    try {
      await this.refresh();
    } catch {
      this.state.set({ notice: { tone: 'error', key: 'enrol.error.bundle' } });
    }
  }

  /** Fetches newer venue settings and bundle, and the other desks' uses. Throws SyncError. */
  async refresh(): Promise<void> {
    const device = this.state.snapshot.device;
    if (!device || device.role === 'coordinator') return;
    const { store, roots, ed, now } = this.deps;
    const { refreshAll } = await import('../../sync/usage-refresh.ts');
    const out = await refreshAll({ store, device, roots, ed, now, fetch: this.deps.fetch });
    // The venue and the bundle together, before the share round: an event chosen meanwhile is never
    // checked without the bundle (a first card after enrolling was refused as "no offline data").
    const b = out.bundle;
    if (out.venue) this.state.set({ venue: out.venue });
    if (b.kind === 'taken') this.state.set({ bundle: b.bundle, notice: { tone: 'info', key: 'bundle.loaded', params: { madeDay: helsinkiDay(b.bundle.issuedAtMs), count: b.bundle.register.count } } });
    else if (b.kind === 'refused') this.state.set({ notice: { tone: 'error', key: 'bundle.refused', params: { error: b.error } } });
    if (out.venue) await this.events.chooseIfNone();
    // The quota shares' round rides on the refresh, with the venue settings just fetched.
    if (!out.error) await this.shares.poll();
    // The other desks' uses came in too: the idle screen's tickets left change with them.
    await this.counts.refresh();
    if (out.syncedAtMs !== null) this.state.set({ lastSyncMs: out.syncedAtMs, serverOffsetMs: out.serverDateMs === null ? null : out.serverDateMs - this.deps.now() });
    if (out.error) {
      if (out.error.kind === 'unauthorized') {
        this.deps.drain?.reportUnauthorized();
        this.state.set({ unauthorized: true });
      }
      throw out.error;
    }
  }

  /** Venue settings a manager saved to the server (already stored with their new ETag). */
  async venueSaved(venue: VenueSettings): Promise<void> {
    this.state.set({ venue });
    await this.events.chooseIfNone();
    await this.counts.refresh();
  }

  /** The upload loop's news: counts, the last successful contact, a refused token. */
  syncStatus(s: DrainStatus): void {
    const { lastSyncMs } = this.state.snapshot;
    const newer = s.lastSuccessMs !== null && (lastSyncMs === null || s.lastSuccessMs > lastSyncMs);
    if (newer) void this.deps.store.setPref('lastSyncMs', s.lastSuccessMs);
    this.state.set({ pending: s.pending, attention: s.attention, unauthorized: s.unauthorized, ...(newer ? { lastSyncMs: s.lastSuccessMs } : {}) });
  }
}
