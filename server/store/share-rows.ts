// A desk's share of a quota pool and the pool's flags as both stores keep them (the tables `shares`
// and `share_pools`, the same columns on SQLite and PostgreSQL), and as share-grants.ts sees them.

import type { PoolFlags, ShareRow } from '../../src/core/share-grants.ts';

export interface ShareDbRow {
  device_id: string;
  ceiling: number;
  rev: number;
  released_rev: number;
  granted: number;
  returned: number;
  released: number;
  seen_ms: number;
}

export interface PoolDbRow {
  short_until_ms: number;
  short_device: string | null;
  release_device: string | null;
  release_name: string | null;
  release_tickets: number | null;
  release_ms: number | null;
}

/** The columns of `shares` in the order shareValues gives them. */
export const SHARE_COLUMNS = 'venue_id, pool, device_id, ceiling, rev, released_rev, granted, returned, released, seen_ms';
/** What an upsert of a share changes when the row is there already. */
export const SHARE_UPDATE =
  'ceiling = excluded.ceiling, rev = excluded.rev, released_rev = excluded.released_rev, granted = excluded.granted, returned = excluded.returned, released = excluded.released, seen_ms = excluded.seen_ms';
export const POOL_FLAG_COLUMNS = 'short_until_ms, short_device, release_device, release_name, release_tickets, release_ms';

export function shareOf(row: ShareDbRow): ShareRow {
  return { deviceId: row.device_id, ceiling: row.ceiling, rev: row.rev, releasedRev: row.released_rev, granted: row.granted, returned: row.returned, released: row.released, seenMs: row.seen_ms };
}

export function shareValues(venueId: string, pool: string, r: ShareRow): [string, string, string, number, number, number, number, number, number, number] {
  return [venueId, pool, r.deviceId, r.ceiling, r.rev, r.releasedRev, r.granted, r.returned, r.released, r.seenMs];
}

export function flagsOf(row: PoolDbRow | undefined): PoolFlags {
  if (!row) return { shortUntilMs: 0, shortDevice: null, release: null };
  const release = row.release_device === null ? null : { deviceId: row.release_device, name: row.release_name ?? row.release_device, tickets: row.release_tickets ?? 0, atMs: row.release_ms ?? 0 };
  return { shortUntilMs: row.short_until_ms, shortDevice: row.short_device, release };
}

/** The flag columns' values, in POOL_FLAG_COLUMNS order. */
export function flagValues(f: PoolFlags): [number, string | null, string | null, string | null, number | null, number | null] {
  return [f.shortUntilMs, f.shortDevice, f.release?.deviceId ?? null, f.release?.name ?? null, f.release?.tickets ?? null, f.release?.atMs ?? null];
}
