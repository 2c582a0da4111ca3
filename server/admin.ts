// What the server's admin does (kaiku admin …, and the demo seeding): venues, enrolment codes,
// bundles, devices, localities. A refusal is an AdminRefusal with a sentence the admin can act on.

import { openBundleText, replacesBundle } from '../src/core/bundle.ts';
import type { Ed25519 } from '../src/core/ed25519.ts';
import type { RootKey } from '../src/core/roots.ts';
import { type Locality, localityProblem } from '../src/core/locality.ts';
import type { VenueSettings } from '../src/core/venue.ts';
import { venueProblem } from '../src/core/venue-shape.ts';
import type { RandomBytes } from './secrets.ts';
import { newEnrolCode, normaliseEnrolCode, sha256Hex } from './secrets.ts';
import type { Device, EnrolCodeRow, Role, ServerStore } from './store/server-store.ts';

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
  role: 'desk' | 'manager';
  hours: number;
  nowMs: number;
  random: RandomBytes;
}

export interface CoordinatorCodeRequest {
  localityId: string;
  hours: number;
  nowMs: number;
  random: RandomBytes;
}

export interface EnrolCodeAnswer {
  code: string;
  role: Role;
  expiresAt: string;
}

/** A one-time code that enrols a desk or manager device of the venue. */
export async function makeEnrolCode(store: ServerStore, req: EnrolCodeRequest): Promise<EnrolCodeAnswer> {
  if (!(await store.venue(req.venueId))) throw new AdminRefusal(`there is no venue "${req.venueId}": create it first with "kaiku admin venue"`);
  return addCode(store, { venueId: req.venueId, localityId: null, role: req.role }, req);
}

/** A one-time code that enrols a coordinator of the locality (national.md). */
export async function makeCoordinatorCode(store: ServerStore, req: CoordinatorCodeRequest): Promise<EnrolCodeAnswer> {
  if (!(await store.locality(req.localityId))) throw new AdminRefusal(`there is no locality "${req.localityId}": create it first with "kaiku admin locality"`);
  return addCode(store, { venueId: null, localityId: req.localityId, role: 'coordinator' }, req);
}

async function addCode(store: ServerStore, scope: Pick<EnrolCodeRow, 'venueId' | 'localityId' | 'role'>, req: { hours: number; nowMs: number; random: RandomBytes }): Promise<EnrolCodeAnswer> {
  const code = newEnrolCode(req.random);
  const expiresAtMs = req.nowMs + req.hours * 3_600_000;
  await store.addEnrolCode({ codeHash: sha256Hex(normaliseEnrolCode(code)!), ...scope, createdAtMs: req.nowMs, expiresAtMs });
  return { code, role: scope.role, expiresAt: new Date(expiresAtMs).toISOString() };
}

/** Creates or replaces a locality; every venue it lists must exist (a typo would drop a venue from the figures). */
export async function saveLocality(store: ServerStore, value: unknown): Promise<{ localityId: string; venues: number }> {
  const problem = localityProblem(value);
  if (problem) throw new AdminRefusal(`the locality is not valid: ${problem}`);
  const locality = value as Locality;
  const written = await store.saveLocality(locality);
  if (!written.ok) throw new AdminRefusal(`the locality lists "${written.unknownVenue}", which is no venue here: create it first with "kaiku admin venue", or fix the id`);
  return { localityId: locality.localityId, venues: locality.venues.length };
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
  return { deviceId: d.deviceId, venueId: d.venueId, ...(d.localityId === null ? {} : { localityId: d.localityId }), role: d.role, name: d.name, enrolledAt: new Date(d.enrolledAtMs).toISOString(), revoked: d.revoked };
}

export async function revokeDevice(store: ServerStore, deviceId: string, nowMs: number): Promise<{ deviceId: string; revoked: true }> {
  if (!(await store.revokeDevice(deviceId, nowMs))) throw new AdminRefusal(`there is no device "${deviceId}": "kaiku admin devices" lists them`);
  return { deviceId, revoked: true };
}
