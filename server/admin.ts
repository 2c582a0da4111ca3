// What the server's admin does (kaiku admin …, and the demo seeding): venues, enrolment codes,
// bundles, devices. A refusal is an AdminRefusal with a sentence the admin can act on.

import { openBundleText, replacesBundle } from '../src/core/bundle.ts';
import type { Ed25519 } from '../src/core/ed25519.ts';
import type { RootKey } from '../src/core/roots.ts';
import type { VenueSettings } from '../src/core/venue.ts';
import { venueProblem } from '../src/core/venue-shape.ts';
import type { RandomBytes } from './secrets.ts';
import { newEnrolCode, normaliseEnrolCode, sha256Hex } from './secrets.ts';
import type { Device, Role, ServerStore } from './store/server-store.ts';

export const DEFAULT_CODE_HOURS = 24;

export class AdminRefusal extends Error {
  override readonly name = 'AdminRefusal';
}

export async function saveVenue(store: ServerStore, value: unknown): Promise<{ venueId: string; etag: string }> {
  const problem = venueProblem(value);
  if (problem) throw new AdminRefusal(`the venue settings are not valid: ${problem}`);
  const settings = value as VenueSettings;
  const version = await store.saveVenue(settings);
  return { venueId: settings.venueId, etag: `"${version}"` };
}

export interface EnrolCodeRequest {
  venueId: string;
  role: Role;
  hours: number;
  nowMs: number;
  random: RandomBytes;
}

export async function makeEnrolCode(store: ServerStore, req: EnrolCodeRequest): Promise<{ code: string; role: Role; expiresAt: string }> {
  if (!(await store.venue(req.venueId))) throw new AdminRefusal(`there is no venue "${req.venueId}": create it first with "kaiku admin venue"`);
  const code = newEnrolCode(req.random);
  const expiresAtMs = req.nowMs + req.hours * 3_600_000;
  await store.addEnrolCode({ codeHash: sha256Hex(normaliseEnrolCode(code)!), venueId: req.venueId, role: req.role, createdAtMs: req.nowMs, expiresAtMs });
  return { code, role: req.role, expiresAt: new Date(expiresAtMs).toISOString() };
}

/** Publishes an envelope that opens against the roots and is newer than the current bundle. */
export async function publishBundle(store: ServerStore, envelopeText: string, roots: readonly RootKey[], ed: Ed25519, nowMs: number): Promise<{ serial: number }> {
  const opened = await openBundleText(envelopeText, roots, ed);
  if (!opened.ok) throw new AdminRefusal(`the bundle does not open against the roots this server trusts: ${opened.error}`);
  const { serial } = opened.bundle;
  const current = await store.currentBundle();
  if (!replacesBundle(current, opened.bundle) || !(await store.publishBundle({ serial, envelope: envelopeText }, nowMs)))
    throw new AdminRefusal(`the bundle's serial ${serial} is not higher than the published ${current?.serial ?? serial}: desks would refuse it`);
  return { serial };
}

export function deviceLine(d: Device) {
  return { deviceId: d.deviceId, venueId: d.venueId, role: d.role, name: d.name, enrolledAt: new Date(d.enrolledAtMs).toISOString(), revoked: d.revoked };
}

export async function revokeDevice(store: ServerStore, deviceId: string, nowMs: number): Promise<{ deviceId: string; revoked: true }> {
  if (!(await store.revokeDevice(deviceId, nowMs))) throw new AdminRefusal(`there is no device "${deviceId}": "kaiku admin devices" lists them`);
  return { deviceId, revoked: true };
}
