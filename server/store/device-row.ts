// A device as both stores keep it (the `devices` table, the same columns on SQLite and PostgreSQL),
// and as the rest of the server sees it.

import type { Device, Role } from './server-store.ts';

export interface DeviceRow {
  device_id: string;
  venue_id: string | null;
  locality_id: string | null;
  role: Role;
  name: string;
  enrolled_ms: number;
  revoked_ms: number | null;
}

export function deviceOf(row: DeviceRow): Device {
  return { deviceId: row.device_id, venueId: row.venue_id, localityId: row.locality_id, role: row.role, name: row.name, enrolledAtMs: row.enrolled_ms, revoked: row.revoked_ms !== null };
}
