// A manager's settings change: what changed elsewhere, the change made again on newer settings,
// copies with unique ids, and the draft sent with If-Match (saved, 412, offline and later).

import { describe, expect, it } from 'vitest';
import { isoDateOfDay } from '../../src/core/calendar.ts';
import type { VenueEvent, VenueSettings } from '../../src/core/venue.ts';
import { copyEvent, reapply, venueChanges } from '../../src/app/manager/venue-merge.ts';
import { sendDraft, venueDraftPrefs } from '../../src/sync/venue-update.ts';
import { openDesk } from '../storage/fixture.ts';
import { aVenue, anEvent } from '../support/venues.ts';

const ev = (id: string, day = 20779, more: Partial<VenueEvent> = {}): VenueEvent => anEvent({ id, title: id, day, quota: null, ...more });

function venue(more: Partial<VenueSettings> = {}): VenueSettings {
  return aVenue({ venueId: 'v1', name: 'Venue', events: [ev('a'), ev('b')], ...more });
}

describe('venue changes', () => {
  it('lists limit fields and events added, removed and changed', () => {
    const from = venue();
    const to = venue({ dayQuota: 40, events: [ev('a', 20779, { quota: 5 }), ev('c')] });
    expect(venueChanges(from, to)).toEqual([
      { kind: 'limit', field: 'dayQuota', from: null, to: 40 },
      { kind: 'changed', before: ev('a'), after: ev('a', 20779, { quota: 5 }) },
      { kind: 'added', event: ev('c') },
      { kind: 'removed', event: ev('b') },
    ]);
  });

  it('makes my change again on the other manager\'s settings, keeping theirs', () => {
    const base = venue();
    const mine = venue({ fastMode: true, events: [ev('a'), ev('mine', 20780)] });
    const theirs = venue({ dayQuota: 10, events: [ev('a', 20779, { title: 'A!' }), ev('b'), ev('theirs', 20781)] });
    const merged = reapply(base, mine, theirs);
    expect(merged.fastMode).toBe(true);
    expect(merged.dayQuota).toBe(10);
    expect(merged.events.map((e) => e.id)).toEqual(['a', 'mine', 'theirs']);
    expect(merged.events[0]!.title).toBe('A!');
  });

  it('copies an event to other dates with unique ids', () => {
    const hamlet = ev('hamlet-2026-11-22', 20779, { title: 'Hamlet' });
    const events = [hamlet, ev('hamlet-2026-11-29', 20786)];
    const copies = copyEvent(events, hamlet, [20786, 20793], isoDateOfDay);
    expect(copies.map((c) => [c.id, c.day])).toEqual([
      ['hamlet-2026-11-29-2', 20786],
      ['hamlet-2026-12-06', 20793],
    ]);
    expect(copyEvent([], ev('x', 20779, { title: 'Äänten yö' }), [20779], isoDateOfDay)[0]!.id).toBe('aanten-yo-2026-11-22');
  });
});

function server(state: { settings: VenueSettings; version: number; offline?: boolean }) {
  const puts: { ifMatch: string | null }[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    if (state.offline) throw new TypeError('network');
    const method = init?.method ?? 'GET';
    const headers = new Headers(init?.headers);
    const reply = (status: number, body: unknown, etag?: string) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...(etag ? { ETag: etag } : {}) } });
    if (new URL(String(input)).pathname !== '/v1/venue') return reply(404, {});
    if (method === 'GET') return reply(200, state.settings, `"${state.version}"`);
    puts.push({ ifMatch: headers.get('If-Match') });
    if (headers.get('If-Match') !== `"${state.version}"`) return reply(412, { error: { code: 'stale', message: 'stale' } });
    state.settings = JSON.parse(String(init?.body)) as VenueSettings;
    state.version++;
    return reply(200, state.settings, `"${state.version}"`);
  };
  return { fetchImpl, puts };
}

describe('sending the draft', () => {
  const device = { serverUrl: 'https://kaiku.example', token: 't' };

  it('saves with If-Match, stores the new ETag and drops the draft', async () => {
    const { store } = await openDesk();
    const prefs = venueDraftPrefs(store);
    const state = { settings: venue(), version: 3 };
    const { fetchImpl, puts } = server(state);
    await prefs.setDraft({ base: venue(), baseEtag: '"3"', settings: venue({ dayQuota: 5 }), status: 'pending', savedAtMs: 1 });
    const out = await sendDraft({ store, prefs, device, fetch: fetchImpl, now: () => 9 });
    expect(out.kind).toBe('saved');
    expect(puts).toEqual([{ ifMatch: '"3"' }]);
    expect(await store.getVenue()).toEqual({ settings: venue({ dayQuota: 5 }), etag: '"4"', fetchedAt: 9 });
    expect(await prefs.getDraft()).toBeNull();
  });

  it('keeps the draft offline and sends it later under the same If-Match', async () => {
    const { store } = await openDesk();
    const prefs = venueDraftPrefs(store);
    const state = { settings: venue(), version: 3, offline: true };
    const { fetchImpl, puts } = server(state);
    await prefs.setDraft({ base: venue(), baseEtag: '"3"', settings: venue({ fastMode: true }), status: 'pending', savedAtMs: 1 });
    expect((await sendDraft({ store, prefs, device, fetch: fetchImpl, now: () => 9 })).kind).toBe('offline');
    expect(await prefs.getDraft()).toMatchObject({ status: 'pending', baseEtag: '"3"' });
    state.offline = false;
    expect((await sendDraft({ store, prefs, device, fetch: fetchImpl, now: () => 9 })).kind).toBe('saved');
    expect(puts).toEqual([{ ifMatch: '"3"' }]);
    expect(state.settings.fastMode).toBe(true);
  });

  it('on 412 keeps the draft as a conflict with the server\'s settings, and does not resend it by itself', async () => {
    const { store } = await openDesk();
    const prefs = venueDraftPrefs(store);
    const state = { settings: venue({ dayQuota: 10 }), version: 4 };
    const { fetchImpl, puts } = server(state);
    await prefs.setDraft({ base: venue(), baseEtag: '"3"', settings: venue({ fastMode: true }), status: 'pending', savedAtMs: 1 });
    const out = await sendDraft({ store, prefs, device, fetch: fetchImpl, now: () => 9 });
    expect(out.kind).toBe('conflict');
    const draft = await prefs.getDraft();
    expect(draft).toMatchObject({ status: 'conflict', current: { settings: venue({ dayQuota: 10 }), etag: '"4"' } });
    expect((await store.getVenue())?.etag).toBe('"4"');
    expect((await sendDraft({ store, prefs, device, fetch: fetchImpl, now: () => 9 })).kind).toBe('none');
    expect(puts).toHaveLength(1);
  });
});
