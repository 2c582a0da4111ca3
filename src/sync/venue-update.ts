// A manager's change to the venue settings, sent with PUT /v1/venue and If-Match (sync-api.md).
// The change is kept on the device as a draft (with the settings and ETag it was made on) until the
// server has it: offline it waits and is sent later under the same If-Match rule; a 412 means
// another manager changed the settings first, so the draft stays and the manager decides.

import type { VenueSettings } from '../core/venue.ts';
import { venueProblem } from '../core/venue-shape.ts';
import type { DeskStore } from '../storage/desk-store.ts';
import type { ServerDevice } from './api-client.ts';
import { SyncError, fetchJson, putJson } from './api-client.ts';

export interface SavedVenue {
  settings: VenueSettings;
  etag: string | null;
}

export type DraftStatus =
  /** Not sent yet (offline, or not tried): sent when the network allows. */
  | 'pending'
  /** The server answered 412: the manager must look at the other change and redo. */
  | 'conflict'
  /** The server refused it for another reason (`error` says which): the manager must act. */
  | 'refused';

/** The manager's change waiting for the server, kept in the prefs store (key 'venueDraft'). */
export interface VenueDraft {
  /** The settings the change was made on, and their ETag (sent as If-Match). */
  base: VenueSettings;
  baseEtag: string | null;
  /** The settings as the manager wants them. */
  settings: VenueSettings;
  status: DraftStatus;
  /** For 'conflict': the server's settings at the time of the 412. */
  current?: SavedVenue;
  error?: string;
  savedAtMs: number;
}

/** The manager's waiting change, kept in DeskStore's prefs store under 'venueDraft'. */
export interface DraftPrefs {
  getDraft(): Promise<VenueDraft | null>;
  setDraft(draft: VenueDraft | null): Promise<void>;
}

/** The draft in DeskStore's prefs store under 'venueDraft'. */
export function venueDraftPrefs(store: Pick<DeskStore, 'getPref' | 'setPref'>): DraftPrefs {
  return {
    async getDraft() {
      const v = await store.getPref('venueDraft');
      return v && typeof v === 'object' ? (v as VenueDraft) : null;
    },
    setDraft: (draft) => store.setPref('venueDraft', draft),
  };
}

/** Venue settings from the server, checked by the core's one checker before anything keeps them. Throws SyncError. */
export function serverVenue(body: unknown): VenueSettings {
  if (!body || venueProblem(body) !== null) throw new SyncError('bad-response', 200, 'the server answered the venue request in an unexpected shape');
  return body as VenueSettings;
}

/** GET /v1/venue unconditionally: the server's settings now. Throws SyncError. */
export async function fetchVenue(device: ServerDevice, fetchImpl: typeof fetch = fetch): Promise<SavedVenue> {
  const got = await fetchJson<unknown>(device.serverUrl, '/v1/venue', device.token, null, fetchImpl);
  return { settings: serverVenue(got.body), etag: got.etag };
}

/** PUT /v1/venue with If-Match. Throws SyncError: 'stale' for 412, 'offline' with no network. */
export async function putVenue(device: ServerDevice, settings: VenueSettings, ifMatch: string | null, fetchImpl: typeof fetch = fetch): Promise<SavedVenue> {
  // Without an ETag (settings never fetched) "*" would overwrite blindly: send one that cannot match.
  const put = await putJson<VenueSettings>(device.serverUrl, '/v1/venue', device.token, settings, { 'If-Match': ifMatch ?? '"none"' }, fetchImpl);
  return { settings: put.body ?? settings, etag: put.etag };
}

export type SendOutcome =
  | { kind: 'none' }
  | { kind: 'saved'; saved: SavedVenue }
  | { kind: 'conflict'; draft: VenueDraft }
  | { kind: 'offline'; draft: VenueDraft }
  | { kind: 'refused'; draft: VenueDraft; error: SyncError };

export interface SendDeps {
  store: Pick<DeskStore, 'putVenue'>;
  prefs: DraftPrefs;
  device: ServerDevice;
  fetch?: typeof fetch;
  now: () => number;
}

/**
 * Sends the stored draft if it is pending (or `force`: the manager pressed save): on 200 stores the
 * new settings and ETag and drops the draft; on 412 fetches the server's settings and keeps the
 * draft as a conflict; offline keeps it pending. Other failures keep it as refused.
 */
export async function sendDraft(deps: SendDeps, force = false): Promise<SendOutcome> {
  const fetchImpl = deps.fetch ?? fetch;
  const draft = await deps.prefs.getDraft();
  if (!draft || (!force && draft.status !== 'pending')) return { kind: 'none' };
  try {
    const saved = await putVenue(deps.device, draft.settings, draft.baseEtag, fetchImpl);
    await deps.store.putVenue({ settings: saved.settings, etag: saved.etag, fetchedAt: deps.now() });
    // Another save may have replaced the draft meanwhile: drop only the one sent.
    const still = await deps.prefs.getDraft();
    if (still && still.savedAtMs === draft.savedAtMs) await deps.prefs.setDraft(null);
    return { kind: 'saved', saved };
  } catch (e) {
    if (!(e instanceof SyncError)) throw e;
    if (e.kind === 'offline') {
      const kept: VenueDraft = { ...draft, status: 'pending' };
      await deps.prefs.setDraft(kept);
      return { kind: 'offline', draft: kept };
    }
    if (e.kind === 'stale') {
      let current: SavedVenue;
      try {
        current = await fetchVenue(deps.device, fetchImpl);
      } catch (f) {
        if (f instanceof SyncError && f.kind === 'offline') return { kind: 'offline', draft };
        throw f;
      }
      await deps.store.putVenue({ settings: current.settings, etag: current.etag, fetchedAt: deps.now() });
      const kept: VenueDraft = { ...draft, status: 'conflict', current };
      await deps.prefs.setDraft(kept);
      return { kind: 'conflict', draft: kept };
    }
    const kept: VenueDraft = { ...draft, status: 'refused', error: e.message };
    await deps.prefs.setDraft(kept);
    return { kind: 'refused', draft: kept, error: e };
  }
}
