// serve --demo: a demo venue with events today, a demo bundle and a desk enrolment code. Running it
// again the same day changes nothing but the new code; on a later day it moves the events and
// publishes a fresh bundle, so the demo cards keep behaving as their labels say.

import { fromBase64url } from '../../src/core/base64url.ts';
import { helsinkiDay, parseIsoTimestamp } from '../../src/core/calendar.ts';
import { makeEnrolCode, saveVenue } from '../admin.ts';
import type { RandomBytes } from '../secrets.ts';
import type { ServerStore, StoredBundle } from '../store/server-store.ts';
import { DEMO_VENUE_ID, demoBundle, demoVenue, isDemoVenueOf } from './demo-data.ts';
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

/** Seeds the demo venue and bundle, and returns a fresh enrolment code for a desk and one for a manager device. */
export async function seedDemo(store: ServerStore, nowMs: number, random: RandomBytes): Promise<{ code: string; managerCode: string }> {
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

  const { code } = await makeEnrolCode(store, { venueId: DEMO_VENUE_ID, role: 'desk', hours: 24, nowMs, random });
  const manager = await makeEnrolCode(store, { venueId: DEMO_VENUE_ID, role: 'manager', hours: 24, nowMs, random });
  return { code, managerCode: manager.code };
}
