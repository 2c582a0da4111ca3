// The reference server the browser tests run against (playwright.config.ts starts it): venues,
// localities, enrolment codes, bundles and revocations are made with `kaiku admin` on its data
// folder, as an operator would; what it holds is read back over its own API with a manager device,
// and records made by hand reach it over the API as a desk's upload would.

import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { RedemptionRecord } from '../../../src/core/record.ts';
import type { VenueSettings } from '../../../src/core/venue.ts';
import { kaiku } from '../../support/kaiku.ts';
import { FROM_REGISTER, aRecord } from '../../support/records.ts';
import { NOW, venue } from '../../support/desk-fixture.ts';

const BASE = `http://127.0.0.1:${process.env.KAIKU_E2E_PORT ?? '4173'}`;
const data = () => {
  const dir = process.env.KAIKU_E2E_DATA;
  if (!dir) throw new Error('KAIKU_E2E_DATA is set by playwright.config.ts');
  return dir;
};

// A fresh connection per call: the test process can sit idle between calls for longer than the
// server keeps a socket open, and a reused socket closed under it fails as "other side closed".
function api(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${BASE}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), Connection: 'close' } });
}

function admin(args: string[]): Record<string, unknown>[] {
  const r = kaiku(['admin', ...args, '--data', data()]);
  if (r.status !== 0) throw new Error(`kaiku admin ${args[0]}: ${r.stderr}`);
  return r.lines;
}

export interface ServerVenue {
  venueId: string;
  deskCode(): string;
  /** Every record the server holds for the venue, read with a manager device. */
  records(): Promise<RedemptionRecord[]>;
  deviceIds(): string[];
  revoke(deviceId: string): void;
  /**
   * Uploads records made by hand as a desk of the venue (enrolled over the API for this): each is
   * the contract's example with these changes, the device's id and seq filled in. All must be stored.
   */
  upload(records: Partial<RedemptionRecord>[]): Promise<void>;
}

let venues = 0;

/** A fresh venue with today's events, the vectors' bundle published, and a manager reader. */
export async function serverVenue(settings: Partial<VenueSettings> = {}): Promise<ServerVenue> {
  const venueId = `e2e-${process.pid}-${++venues}`;
  const file = join(tmpdir(), `${venueId}.json`);
  writeFileSync(file, JSON.stringify(venue({ ...settings, venueId })));
  admin(['venue', file]);
  // The vectors' bundle (serial 42): published once per server, refused as not newer after that.
  kaiku(['admin', 'publish', '--data', data(), join('test', 'vectors', 'bundle.json')]);
  const code = (role: 'desk' | 'manager') => String(admin(['enrol-code', '--venue', venueId, ...(role === 'manager' ? ['--manager'] : [])])[0]!.code);
  const enrolled = await api('/v1/enrol', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: code('manager'), deviceName: 'e2e reader' }) });
  const { token } = (await enrolled.json()) as { token: string };
  return {
    venueId,
    deskCode: () => code('desk'),
    async records() {
      const r = await api(`/v1/usage?since=${Math.floor(NOW.getTime() / 86_400_000) - 1}`, { headers: { Authorization: `Bearer ${token}` } });
      return ((await r.json()) as { records: RedemptionRecord[] }).records;
    },
    deviceIds: () => admin(['devices']).filter((d) => d.venueId === venueId && d.role === 'desk').map((d) => String(d.deviceId)),
    revoke: (deviceId) => void admin(['revoke', deviceId]),
    async upload(changes) {
      const r = await api('/v1/enrol', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: code('desk'), deviceName: 'e2e uploader' }) });
      const desk = (await r.json()) as { deviceId: string; token: string };
      const records = changes.map((c, i) => aRecord({ ...FROM_REGISTER, id: `${venueId}-${i + 1}`.toUpperCase(), eventId: 'hamlet', ...c, deviceId: desk.deviceId, seq: i + 1, venueId }));
      const sent = await api('/v1/redemptions', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${desk.token}` }, body: JSON.stringify({ records }) });
      const { results } = (await sent.json()) as { results: { status: string; error?: string }[] };
      expect(results.filter((x) => x.status !== 'stored')).toEqual([]);
    },
  };
}

let localities = 0;

export interface ServerLocality {
  localityId: string;
  /** A new one-time code for a coordinator of the locality. */
  coordinatorCode(): string;
  /** The server's own CSV of the period (GET /v1/stats with Accept: text/csv), read by a coordinator enrolled for it. */
  csv(from: string, to: string): Promise<string>;
}

/** A locality of these venues, made with `kaiku admin locality`. */
export function serverLocality(venues: string[]): ServerLocality {
  const localityId = `area-${process.pid}-${++localities}`;
  const file = join(tmpdir(), `${localityId}.json`);
  writeFileSync(file, JSON.stringify({ localityId, name: `Area ${localities}`, venues }));
  admin(['locality', file]);
  const coordinatorCode = () => String(admin(['enrol-code', '--locality', localityId, '--coordinator'])[0]!.code);
  return {
    localityId,
    coordinatorCode,
    async csv(from, to) {
      const enrolled = await api('/v1/enrol', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: coordinatorCode(), deviceName: 'e2e CSV reader' }) });
      const { token } = (await enrolled.json()) as { token: string };
      const r = await api(`/v1/stats?from=${from}&to=${to}`, { headers: { Authorization: `Bearer ${token}`, Accept: 'text/csv' } });
      return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await r.arrayBuffer());
    },
  };
}

/** Opens the desk at the vectors' moment and enrols it at the venue through the setup screen. */
/** Enrols the page as a desk of the venue (or, with `manager`, as its manager device) at Hamlet. */
export async function enrolAtServer(page: Page, v: ServerVenue, role: 'desk' | 'manager' = 'desk'): Promise<void> {
  await page.clock.setFixedTime(NOW);
  await page.goto('/');
  await page.getByTestId('enrol-code').fill(role === 'manager' ? managerCode(v.venueId) : v.deskCode());
  await page.getByTestId('enrol-submit').click();
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', '');
  await page.getByTestId('event').selectOption('hamlet');
  // A desk asks the server for its share of Hamlet's quota; a test that goes offline before the
  // answer is stored would find the desk holding nothing (rightly refusing offline). Wait for it.
  if (role === 'desk') await expect.poll(() => deskStoreKeys(page, 'shares')).toContain('event:hamlet');
}

/** The keys of one of the desk's IndexedDB stores, read from the page (records, shares). */
export function deskStoreKeys(page: Page, store: 'records' | 'shares'): Promise<string[]> {
  return page.evaluate(
    (name) =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('kaiku-desk');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction(name).objectStore(name).getAllKeys();
          req.onsuccess = () => resolve(req.result.map(String));
          req.onerror = () => reject(req.error);
        };
      }),
    store,
  );
}

/** The server holds exactly these ids, each once. */
export function expectExactlyOnce(held: RedemptionRecord[], ids: string[]): void {
  const counts = new Map<string, number>();
  for (const r of held) counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
  expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
  expect([...counts.keys()].sort()).toEqual([...ids].sort());
}

/** A one-time enrolment code for a manager device of the venue (made with `kaiku admin`). */
export function managerCode(venueId: string): string {
  return String(admin(['enrol-code', '--venue', venueId, '--manager'])[0]!.code);
}

/** The venue settings the server holds now, read with a manager device of its own. */
export async function serverSettings(venueId: string): Promise<VenueSettings> {
  const enrolled = await api('/v1/enrol', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: managerCode(venueId), deviceName: 'e2e settings reader' }) });
  const { token } = (await enrolled.json()) as { token: string };
  const r = await api('/v1/venue', { headers: { Authorization: `Bearer ${token}` } });
  return (await r.json()) as VenueSettings;
}
