// The manager's pending change to the venue settings, between the editor, the prefs store and the
// server: save (PUT with If-Match), keep it when offline and send it when the desk is online again,
// and after a 412 keep it next to the server's newer settings until the manager redoes it.
// One per session; no DOM. The store, HTTP and the clock come from src/app/main.tsx (passed in).

import type { VenueSettings } from '../../core/venue.ts';
import { venueProblem } from '../../core/venue-shape.ts';
import type { DraftPrefs, SavedVenue, SendOutcome, VenueDraft } from '../../sync/venue-update.ts';
import { sendDraft, venueDraftPrefs } from '../../sync/venue-update.ts';
import type { DeskSession } from '../desk/desk-session.ts';
import type { SessionDeps } from '../desk/session-deps.ts';
import type { Observable } from '../shared/observable-state.ts';
import { ObservableState } from '../shared/observable-state.ts';
import { reapply } from './venue-merge.ts';

export interface VenueSyncState {
  loaded: boolean;
  /** The settings (and their ETag) a new change is made on: the draft's base, or what is stored. */
  base: SavedVenue | null;
  /** The manager's change not yet on the server, if any. */
  draft: VenueDraft | null;
  sending: boolean;
  /** Set when the last save reached the server. */
  savedAtMs: number | null;
}

/** What the venue sync works with, handed in by src/app/main.tsx. */
export type VenueSyncDeps = Pick<SessionDeps, 'store' | 'fetch' | 'now'>;

export class VenueSync implements Observable<VenueSyncState> {
  private readonly state = new ObservableState<VenueSyncState>({ loaded: false, base: null, draft: null, sending: false, savedAtMs: null });
  private readonly prefs: DraftPrefs;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly session: DeskSession,
    private readonly deps: VenueSyncDeps,
  ) {
    this.prefs = venueDraftPrefs(deps.store);
  }

  get snapshot(): VenueSyncState {
    return this.state.snapshot;
  }

  subscribe(listener: (s: VenueSyncState) => void): () => void {
    return this.state.subscribe(listener);
  }

  /** One operation at a time: two saves (or a save and a flush) never cross. */
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Reads the draft and the stored settings. */
  load(): Promise<void> {
    return this.serial(() => this.reload());
  }

  private async reload(): Promise<void> {
    const [draft, row] = await Promise.all([this.prefs.getDraft(), this.deps.store.getVenue()]);
    const stored: SavedVenue | null = row ? { settings: row.settings, etag: row.etag } : null;
    this.state.set({ loaded: true, draft, base: draft ? { settings: draft.base, etag: draft.baseEtag } : stored });
  }

  /**
   * Keeps the change (made on `base`, default the current base) on the device, then sends it.
   * Returns a problem text when it is not valid settings.
   */
  save(settings: VenueSettings, startedFrom?: SavedVenue): Promise<string | null> {
    return this.serial(async () => {
      const problem = venueProblem(settings);
      if (problem) return problem;
      const base = startedFrom ?? this.state.snapshot.base;
      if (!base) return 'no settings to change yet: go online once';
      const draft: VenueDraft = { base: base.settings, baseEtag: base.etag, settings, status: 'pending', savedAtMs: this.deps.now() };
      await this.prefs.setDraft(draft);
      this.state.set({ draft });
      await this.send(true);
      return null;
    });
  }

  /** Sends a pending draft (when online again, after a refresh). */
  flush(): Promise<void> {
    return this.serial(async () => {
      const draft = await this.prefs.getDraft();
      if (draft?.status === 'pending') await this.send(false);
    });
  }

  /**
   * After a 412: the manager's change (`mine`, default the draft) made again on the server's newer
   * settings, and sent.
   */
  redo(mine?: VenueSettings): Promise<string | null> {
    return this.serial(async () => {
      const draft = await this.prefs.getDraft();
      if (!draft?.current) return null;
      const settings = reapply(draft.base, mine ?? draft.settings, draft.current.settings);
      const problem = venueProblem(settings);
      const next: VenueDraft = { base: draft.current.settings, baseEtag: draft.current.etag, settings, status: 'pending', savedAtMs: this.deps.now() };
      await this.prefs.setDraft(next);
      this.state.set({ draft: next, base: draft.current });
      if (problem) return problem;
      await this.send(true);
      return null;
    });
  }

  /** Drops the manager's unsent change; the stored settings stand. */
  discard(): Promise<void> {
    return this.serial(async () => {
      await this.prefs.setDraft(null);
      await this.reload();
    });
  }

  private async send(force: boolean): Promise<SendOutcome> {
    const device = this.session.snapshot.device;
    if (!device) return { kind: 'none' };
    const { store, fetch, now } = this.deps;
    this.state.set({ sending: true });
    let out: SendOutcome;
    try {
      out = await sendDraft({ store, prefs: this.prefs, device, fetch, now }, force);
    } finally {
      this.state.set({ sending: false });
    }
    if (out.kind === 'saved') {
      await this.session.server.venueSaved(out.saved.settings);
      this.state.set({ draft: await this.prefs.getDraft(), base: out.saved, savedAtMs: now() });
    } else if (out.kind === 'conflict') {
      await this.session.server.venueSaved(out.draft.current!.settings);
      this.state.set({ draft: out.draft, savedAtMs: null });
    } else if (out.kind !== 'none') {
      this.state.set({ draft: out.draft, savedAtMs: null });
    }
    return out;
  }
}

const bySession = new WeakMap<DeskSession, VenueSync>();

/** The session's one VenueSync (the outbox and the editor share it), made with the deps main.tsx handed in. */
export function venueSyncOf(session: DeskSession, deps: VenueSyncDeps): VenueSync {
  let sync = bySession.get(session);
  if (!sync) {
    sync = new VenueSync(session, deps);
    bySession.set(session, sync);
  }
  return sync;
}

/**
 * Sends a change kept offline when the desk is online again: on the 'online' event and whenever
 * the session heard from its server (lastSyncMs moves). Returns a stop function.
 */
export function startVenueOutbox(session: DeskSession, deps: VenueSyncDeps, target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> = globalThis): () => void {
  const sync = venueSyncOf(session, deps);
  let last = session.snapshot.lastSyncMs;
  const flush = () => void sync.flush().catch(() => undefined);
  const unsubscribe = session.subscribe((s) => {
    if (s.lastSyncMs !== last) {
      last = s.lastSyncMs;
      if (s.device?.role === 'manager') flush();
    }
  });
  target.addEventListener('online', flush);
  if (session.snapshot.device?.role === 'manager') flush();
  return () => {
    unsubscribe();
    target.removeEventListener('online', flush);
  };
}
