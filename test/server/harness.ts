// A real server on 127.0.0.1, port 0, over a temporary data folder (or, in the "server-postgres"
// project, a fresh PostgreSQL schema), with a clock the test moves.

import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RedemptionRecord } from '../../src/core/record.ts';
import { FROM_REGISTER, aRecord } from '../support/records.ts';
import { aVenue, anEvent } from '../support/venues.ts';
import type { VenueSettings } from '../../src/core/venue.ts';
import { makeEnrolCode, saveVenue } from '../../server/admin.ts';
import type { ServerOptions } from '../../server/start-server.ts';
import { startServer } from '../../server/start-server.ts';
import { openStore } from '../../server/store/open-store.ts';
import type { ServerStore } from '../../server/store/server-store.ts';
import { testStore } from '../support/test-store.ts';

type VenueRole = 'desk' | 'manager';

export const NOW = Date.parse('2026-11-22T10:00:00.000Z'); // Helsinki day 20779
export const TODAY = 20779;

export function venueSettings(venueId: string): VenueSettings {
  return aVenue({ venueId, name: `Venue ${venueId}`, dayQuota: 40, events: [anEvent({ id: 'hamlet', day: TODAY })] });
}

export interface Harness {
  url: string;
  dataDir: string;
  /** A second connection to the same data, as `kaiku admin` would have. */
  store: ServerStore;
  /** Every byte the store keeps, as text. */
  dump(): Promise<string>;
  clock: { now: number };
  code(venueId: string, role?: VenueRole, hours?: number): Promise<string>;
  enrol(venueId: string, role?: VenueRole): Promise<{ deviceId: string; venueId: string; role: VenueRole; token: string }>;
  call(method: string, path: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  /** Requests the server has taken and not answered yet. */
  inFlight(): number;
  /** Stops the server as SIGTERM does (the test's own store connection stays open). */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export async function harness(options: Partial<ServerOptions> = {}): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kaiku-server-'));
  const staticDir = join(dataDir, 'dist');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>desk</title>');
  writeFileSync(join(staticDir, 'sw.js'), 'self.x = 1;');
  writeFileSync(join(staticDir, 'assets', 'index-AbC123.js'), 'console.log(1);');
  const clock = { now: NOW };
  // Set up as an operator would: the venues first (kaiku admin venue), then the server.
  const where = await testStore(dataDir);
  const store = await openStore(where.data, { create: true });
  for (const v of ['venue-a', 'venue-b']) await saveVenue(store, venueSettings(v));
  const server = await startServer({ port: 0, data: where.data, staticDir, now: () => clock.now, ...options });
  const random = (n: number) => new Uint8Array(globalThis.crypto.getRandomValues(new Uint8Array(n)));
  const h: Harness = {
    url: server.url,
    dataDir,
    store,
    dump: () => where.dump(),
    clock,
    code: async (venueId, role = 'desk', hours = 24) => (await makeEnrolCode(store, { venueId, role, hours, nowMs: clock.now, random })).code,
    async enrol(venueId, role = 'desk') {
      const r = await h.call('POST', '/v1/enrol', { body: { code: await h.code(venueId, role), deviceName: `${role} of ${venueId}` } });
      if (r.status !== 201) throw new Error(`enrolment failed: ${r.status} ${await r.text()}`);
      return r.json();
    },
    call(method, path, { token, body, headers = {} } = {}) {
      const all: Record<string, string> = { ...headers };
      if (token) all.Authorization = `Bearer ${token}`;
      if (body !== undefined) all['Content-Type'] = 'application/json';
      return fetch(server.url + path, { method, headers: all, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    },
    stop: () => server.close(),
    inFlight: () => server.inFlight(),
    async close() {
      await server.close();
      await store.close();
      await where.drop();
    },
  };
  return h;
}

let counter = 0;

/** A valid redeemed record of a device, with fresh id unless given. */
export function record(device: { deviceId: string; venueId: string }, seq: number, over: Partial<RedemptionRecord> = {}): RedemptionRecord {
  const id = `R${Date.now().toString(36)}${(counter++).toString(36)}`.toUpperCase();
  return aRecord({ ...FROM_REGISTER, id, deviceId: device.deviceId, seq, venueId: device.venueId, eventId: 'hamlet', at: '2026-11-22T09:00:00.000Z', ...over });
}

export async function errorOf(r: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await r.json()) as { error: { code: string; message: string } };
  return { status: r.status, ...body.error };
}
