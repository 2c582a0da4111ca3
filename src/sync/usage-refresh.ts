// What the desk fetches from its server: the venue settings and the trust bundle (with ETags) and
// the venue's usage, every desk's records in the limits' window (GET /v1/usage), so each desk
// counts venue-wide. Storage keeps; this decides what to ask for and what to keep.

import type { OpenResult, TrustBundle } from '../core/bundle.ts';
import { openBundle, replacesBundle } from '../core/bundle.ts';
import type { Envelope } from '../core/bundle.ts';
import { helsinkiDay } from '../core/calendar.ts';
import { windowStartDay } from '../core/limits.ts';
import { USAGE_DAYS } from '../core/sync-limits.ts';
import type { Ed25519 } from '../core/ed25519.ts';
import type { RedemptionRecord } from '../core/record.ts';
import { recordProblem } from '../core/record-shape.ts';
import type { RootConfig } from '../core/roots.ts';
import type { VenueSettings } from '../core/venue.ts';
import type { DeskStore } from '../storage/desk-store.ts';
import type { Fetched, ServerDevice } from './api-client.ts';
import { SyncError, fetchJson } from './api-client.ts';
import { serverVenue } from './venue-update.ts';


export type UsageStore = Pick<DeskStore, 'putUsage'>;
export type RefreshStore = Pick<DeskStore, 'getBundle' | 'putBundle' | 'getVenue' | 'putVenue' | 'putUsage' | 'setPref'>;

/**
 * The Helsinki day to fetch usage from: the first day of the venue's per-card window (day, week or
 * month; today for 'event' or none), never more than 31 days back. Without settings: today.
 */
export function usageSinceDay(venue: Pick<VenueSettings, 'perCard'> | null, nowMs: number, maxDays: number = USAGE_DAYS.desk): number {
  const today = helsinkiDay(nowMs);
  const first = windowStartDay(venue?.perCard?.window, today);
  return Math.max(today - maxDays, Math.min(first, today));
}

export interface UsageRefresh {
  /** Records fetched. */
  fetched: number;
  /** Of those, other desks' records kept (this desk's own are held already). */
  stored: number;
  /** The server's clock (Date header), to spot a wrong device clock. */
  serverDateMs: number | null;
}

/** Pages one refresh may follow: 5,000 records each, far past any venue's month. */
export const MAX_USAGE_PAGES = 1000;

/** A `next` the desk follows: absent, or a path and query on the same sync API. */
function nextPage(next: unknown): string | null | undefined {
  if (next === undefined || next === null) return null;
  return typeof next === 'string' && next.startsWith('/v1/usage?') ? next : undefined;
}

/**
 * GET /v1/usage?since=DAY and keep the records (putUsage), page by page: each answer's `next`
 * (a path and query) is fetched as it is until an answer has none, so a server that never pages
 * is one page. Every page is kept as it arrives. Throws SyncError.
 */
export async function refreshUsage(store: UsageStore, device: ServerDevice, sinceDay: number, fetchImpl: typeof fetch = fetch): Promise<UsageRefresh> {
  const out: UsageRefresh = { fetched: 0, stored: 0, serverDateMs: null };
  let path: string | null = `/v1/usage?since=${sinceDay}`;
  for (let pages = 0; path !== null; pages++) {
    if (pages === MAX_USAGE_PAGES) throw new SyncError('bad-response', 200, `the server's usage answer goes on past ${MAX_USAGE_PAGES} pages`);
    const fetched: Fetched<{ records?: unknown; next?: unknown }> = await fetchJson(device.serverUrl, path, device.token, null, fetchImpl);
    const records = fetched.body?.records;
    const next = nextPage(fetched.body?.next);
    if (!Array.isArray(records) || records.some((r) => recordProblem(r) !== null) || next === undefined || next === path)
      throw new SyncError('bad-response', 200, 'the server answered the usage request in an unexpected shape');
    out.stored += await store.putUsage(records as RedemptionRecord[]);
    out.fetched += records.length;
    out.serverDateMs = fetched.serverDateMs;
    path = next;
  }
  return out;
}

export type BundleChange =
  /** A newer bundle, verified and stored. */
  | { kind: 'taken'; bundle: TrustBundle }
  /** The server's bundle does not open (signature, roots, format): kept the one held. */
  | { kind: 'refused'; error: string }
  /** The server's bundle opens but is not newer than the one held (the rollback rule). */
  | { kind: 'not-newer'; serial: number; current: number }
  /** 304: the desk has the current one. */
  | { kind: 'unchanged' }
  /** 404: no bundle published yet. */
  | { kind: 'none-published' }
  /** Not fetched (an earlier step failed). */
  | { kind: 'not-fetched' };

export interface RefreshOutcome {
  /** New venue settings (stored), or null when unchanged or not fetched. */
  venue: VenueSettings | null;
  bundle: BundleChange;
  /** Null when the usage was not fetched. */
  usage: UsageRefresh | null;
  serverDateMs: number | null;
  /** When the venue fetch succeeded (stored as the lastSyncMs pref); null if it failed. */
  syncedAtMs: number | null;
  /** The first failure; what came before it is kept. 'unauthorized' means re-enrol. */
  error: SyncError | null;
}

export interface RefreshDeps {
  store: RefreshStore;
  device: ServerDevice;
  roots: RootConfig;
  ed: Ed25519;
  now: () => number;
  fetch?: typeof fetch;
  /** Also fetch the usage (default true). */
  usage?: boolean;
}

/**
 * Venue settings, then bundle, then usage (its window needs the settings). Stops at the first
 * failure and returns what changed so far; only a bundle that opens with the desk's roots and
 * has a higher serial than the held one replaces it (replacesBundle: no rollback).
 */
export async function refreshAll(deps: RefreshDeps): Promise<RefreshOutcome> {
  const { store, device } = deps;
  const fetchImpl = deps.fetch ?? fetch;
  const out: RefreshOutcome = { venue: null, bundle: { kind: 'not-fetched' }, usage: null, serverDateMs: null, syncedAtMs: null, error: null };
  try {
    const [storedBundle, storedVenue] = await Promise.all([store.getBundle(), store.getVenue()]);
    const fetchedVenue = await fetchJson<unknown>(device.serverUrl, '/v1/venue', device.token, storedVenue?.etag ?? null, fetchImpl);
    out.serverDateMs = fetchedVenue.serverDateMs;
    // null is 304: the settings held are current.
    if (fetchedVenue.body !== null) {
      const settings = serverVenue(fetchedVenue.body);
      await store.putVenue({ settings, etag: fetchedVenue.etag, fetchedAt: deps.now() });
      out.venue = settings;
    }
    const syncedAt = deps.now();
    await store.setPref('lastSyncMs', syncedAt);
    out.syncedAtMs = syncedAt;

    out.bundle = await refreshBundle(deps, storedBundle?.serial ?? null, fetchImpl);

    if (deps.usage !== false) {
      const venue = out.venue ?? storedVenue?.settings ?? null;
      out.usage = await refreshUsage(store, device, usageSinceDay(venue, deps.now()), fetchImpl);
      out.serverDateMs = out.usage.serverDateMs ?? out.serverDateMs;
    }
  } catch (e) {
    if (!(e instanceof SyncError)) throw e;
    out.error = e;
  }
  return out;
}

async function refreshBundle(deps: RefreshDeps, heldSerial: number | null, fetchImpl: typeof fetch): Promise<BundleChange> {
  let body: unknown;
  try {
    body = (await fetchJson<unknown>(deps.device.serverUrl, '/v1/bundle', deps.device.token, heldSerial === null ? null : `"${heldSerial}"`, fetchImpl)).body;
  } catch (e) {
    if (e instanceof SyncError && e.kind === 'not-found') return { kind: 'none-published' };
    throw e;
  }
  if (body === null) return { kind: 'unchanged' };
  const opened: OpenResult = await openBundle(body, deps.roots.roots, deps.ed);
  if (!opened.ok) return { kind: 'refused', error: opened.error };
  const current = heldSerial === null ? null : { serial: heldSerial };
  if (!replacesBundle(current, opened.bundle)) return { kind: 'not-newer', serial: opened.bundle.serial, current: heldSerial ?? 0 };
  const kept = await deps.store.putBundle({ envelope: body as Envelope, serial: opened.bundle.serial, savedAt: deps.now() });
  // Another tab stored a newer one meanwhile: that one stands.
  return kept ? { kind: 'taken', bundle: opened.bundle } : { kind: 'not-newer', serial: opened.bundle.serial, current: heldSerial ?? 0 };
}
