// serve --demo: a demo venue with events today, a demo bundle, a demo locality around the venue, and
// enrolment codes for a desk, a manager and a coordinator. Running it again the same day changes
// nothing but the new codes; on a later day it moves the events and publishes a fresh bundle, so the
// demo cards keep behaving as their labels say.

import { fromBase64url } from '../../src/core/base64url.ts';
import { helsinkiDay, parseIsoTimestamp } from '../../src/core/calendar.ts';
import { makeCoordinatorCode, makeEnrolCode, saveLocality, saveVenue } from '../admin.ts';
import type { RandomBytes } from '../secrets.ts';
import type { ServerStore, StoredBundle } from '../store/server-store.ts';
import { DEMO_LOCALITY_ID, DEMO_VENUE_ID, demoBundle, demoLocality, demoVenue, isDemoVenueOf } from './demo-data.ts';
import { DEMO_ROOT_ID } from './demo-keys.ts';

/** The Helsinki day a published demo bundle was made, or null when it is not a demo bundle. */
function demoBundleDay(bundle: StoredBundle): number | null {
  try {
    const envelope = JSON.parse(bundle.envelope) as { root?: unknown; payload?: unknown };
    if (envelope.root !== DEMO_ROOT_ID || typeof envelope.payload !== 'string') return null;
    const payload = JSON.parse(new TextDecoder().decode(fromBase64url(envelope.payload) ?? new Uint8Array())) as { issuedAt?: unknown };
    const issuedAtMs = parseIsoTimestamp(payload.issuedAt);
    return issuedAtMs === null ? null : helsinkiDay(issuedAtMs);
  } catch {
    return null;
  }
}

export interface DemoCodes {
  code: string;
  managerCode: string;
  coordinatorCode: string;
}

/** Seeds the demo venue, bundle and locality, and returns fresh enrolment codes for a desk, a manager and a coordinator. */
export async function seedDemo(store: ServerStore, nowMs: number, random: RandomBytes): Promise<DemoCodes> {
  const today = helsinkiDay(nowMs);
  const venue = await store.venue(DEMO_VENUE_ID);
  if (!venue || !isDemoVenueOf(venue.settings, today)) await saveVenue(store, demoVenue(today));

  const current = await store.currentBundle();
  // A bundle the admin published from the real register is left alone.
  const stale = current === null || (demoBundleDay(current) ?? today) < today;
  if (stale) {
    // Serials are seconds, as `kaiku bundle make` makes them, and always above the current one.
    const serial = Math.max(Math.floor(nowMs / 1000), (current?.serial ?? -1) + 1);
    const envelope = JSON.stringify(demoBundle(today, nowMs, serial, random(16)));
    await store.publishBundle({ serial, envelope }, nowMs);
  }

  if (!(await store.locality(DEMO_LOCALITY_ID))) await saveLocality(store, demoLocality());

  const { code } = await makeEnrolCode(store, { venueId: DEMO_VENUE_ID, role: 'desk', hours: 24, nowMs, random });
  const manager = await makeEnrolCode(store, { venueId: DEMO_VENUE_ID, role: 'manager', hours: 24, nowMs, random });
  const coordinator = await makeCoordinatorCode(store, { localityId: DEMO_LOCALITY_ID, hours: 24, nowMs, random });
  return { code, managerCode: manager.code, coordinatorCode: coordinator.code };
}
