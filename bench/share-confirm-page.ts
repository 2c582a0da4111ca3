// Runs in the bench's Chromium page: a desk session (the app's own pieces, real IndexedDB) at an
// event with a quota, against the reference server. Each timed confirm needs a new share: the desk
// has given back what it held, so the share keeper asks the server first (one round), then the use
// is written, handing its ticket out of the new share. Anchor, interleaved: one loopback GET.

import { nobleEd25519 } from '../src/core/ed25519-noble.ts';
import { newRecordId } from '../src/core/record-id.ts';
import { rootConfig } from '../src/core/roots.ts';
import type { VenueSettings } from '../src/core/venue.ts';
import { DeskSession } from '../src/app/desk/desk-session.ts';
import { openDeskDb } from '../src/storage/db.ts';
import { DeskStore } from '../src/storage/desk-store.ts';
import type { DeviceState } from '../src/storage/desk-store.ts';

export interface ShareConfirmResult {
  confirms: number[];
  anchors: number[];
}

export async function shareConfirms(device: DeviceState, venue: VenueSettings, eventId: string, count: number, warmup: number): Promise<ShareConfirmResult> {
  const venueId = device.venueId;
  if (venueId === null) throw new Error('the bench needs a desk of a venue, not a coordinator');
  const store = new DeskStore(await openDeskDb(`bench-shares-${Date.now()}`));
  await store.putDevice(device);
  await store.putVenue({ settings: venue, etag: null, fetchedAt: Date.now() });
  await store.setPref('eventId', eventId);
  const session = new DeskSession({ store, ed: nobleEd25519, roots: rootConfig(undefined), now: () => Date.now(), random: (n) => crypto.getRandomValues(new Uint8Array(n)), fetch: (i, init) => fetch(i, init), online: () => true });
  await session.start();
  // The desk's first round: from here on it knows the server keeps shares.
  await session.shares.poll();
  const event = session.events.current()!;
  const confirms: number[] = [];
  const anchors: number[] = [];
  for (let i = 0; i < warmup + count; i++) {
    // Give everything back, as a desk does when asked: the next card needs a new share.
    await store.shareRound(device.deviceId, [`event:${eventId}`], (share, used, pool) => {
      const rested = share && { ...share, held: 0, resting: true };
      return { share: rested, ask: { pool, rev: rested?.rev ?? 0, held: 0, used, need: 0, fill: false } };
    });
    let t0 = performance.now();
    await (await fetch('/v1/health', { cache: 'no-store' })).json();
    const anchor = performance.now() - t0;
    t0 = performance.now();
    const now = Date.now();
    const held = await session.shares.ensure(event, 1, now);
    if ((held.event ?? 0) < 1) throw new Error('the server granted no share');
    await store.appendRecord({
      id: newRecordId(now, crypto.getRandomValues(new Uint8Array(10))),
      venueId,
      eventId,
      at: new Date(now).toISOString(),
      outcome: 'redeemed',
      reason: null,
      voids: null,
      cardId: `S${String(i).padStart(7, '0')}`,
      source: 'register',
      kid: null,
      issued: null,
      adults: 1,
      children: 0,
      assistants: 0,
      category: 'culture',
      type: 'ticket',
    });
    const confirm = performance.now() - t0;
    if (i < warmup) continue;
    confirms.push(confirm);
    anchors.push(anchor);
  }
  return { confirms, anchors };
}
