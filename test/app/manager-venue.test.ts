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

  /** A fetch answering PUT and GET /v1/venue with the given responses, in turn. */
  function answers(...responses: (Response | Error)[]) {
    const seen: { method: string; ifMatch: string | null }[] = [];
    const fetchImpl: typeof fetch = async (_, init) => {
      seen.push({ method: init?.method ?? 'GET', ifMatch: new Headers(init?.headers).get('If-Match') });
      const next = responses.shift()!;
      if (next instanceof Error) throw next;
      return next;
    };
    return { fetchImpl, seen };
  }
  const reply = (status: number, body: unknown, etag?: string) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...(etag ? { ETag: etag } : {}) } });
  const pending = (over: Record<string, unknown> = {}) => ({ base: venue(), baseEtag: '"3"', settings: venue({ dayQuota: 5 }), status: 'pending' as const, savedAtMs: 1, ...over });

  it('keeps a refused draft with the server\'s words, for the manager to see', async () => {
    const { store } = await openDesk();
    const prefs = venueDraftPrefs(store);
    await prefs.setDraft(pending());
    const { fetchImpl, seen } = answers(reply(403, { error: { code: 'forbidden', message: 'Only managers may change the venue.' } }));
    const out = await sendDraft({ store, prefs, device, fetch: fetchImpl, now: () => 9 });
    expect(out).toMatchObject({ kind: 'refused', draft: { status: 'refused', error: 'Only managers may change the venue.' }, error: { kind: 'forbidden' } });
    expect(await prefs.getDraft()).toEqual({ ...pending(), status: 'refused', error: 'Only managers may change the venue.' });
    expect(seen.map((s) => s.method)).toEqual(['PUT']);
  });

  it('a 412 with the network gone before the settings came keeps the draft pending, to try again', async () => {
    const { store } = await openDesk();
    const prefs = venueDraftPrefs(store);
    await prefs.setDraft(pending());
    const { fetchImpl } = answers(reply(412, { error: { code: 'stale', message: 'stale' } }), new TypeError('network'));
    expect(await sendDraft({ store, prefs, device, fetch: fetchImpl, now: () => 9 })).toEqual({ kind: 'offline', draft: pending() });
    expect(await prefs.getDraft()).toEqual(pending());
    const failing = answers(reply(412, { error: { code: 'stale', message: 'stale' } }), reply(500, { error: { code: 'x', message: 'down' } }));
    await expect(sendDraft({ store, prefs, device, fetch: failing.fetchImpl, now: () => 9 })).rejects.toMatchObject({ kind: 'server', message: 'down' });
  });

  it('a draft never based on fetched settings is sent with an If-Match that cannot match', async () => {
    const { store } = await openDesk();
    const prefs = venueDraftPrefs(store);
    await prefs.setDraft(pending({ baseEtag: null }));
    const { fetchImpl, seen } = answers(reply(412, { error: { code: 'stale', message: 'stale' } }), reply(200, venue(), '"7"'));
    expect((await sendDraft({ store, prefs, device, fetch: fetchImpl, now: () => 9 })).kind).toBe('conflict');
    expect(seen[0]).toEqual({ method: 'PUT', ifMatch: '"none"' });
  });

  it('keeps the settings as the server answered them, and a draft saved again meanwhile', async () => {
    const { store } = await openDesk();
    const prefs = venueDraftPrefs(store);
    await prefs.setDraft(pending());
    const asStored = venue({ dayQuota: 5, name: 'Venue (as stored)' });
    const newer = pending({ savedAtMs: 2, settings: venue({ dayQuota: 6 }) });
    const fetchImpl: typeof fetch = async () => {
      await prefs.setDraft(newer);
      return reply(200, asStored, '"4"');
    };
    expect(await sendDraft({ store, prefs, device, fetch: fetchImpl, now: () => 9 })).toEqual({ kind: 'saved', saved: { settings: asStored, etag: '"4"' } });
    expect((await store.getVenue())?.settings).toEqual(asStored);
    expect(await prefs.getDraft()).toEqual(newer);
    // A draft dropped meanwhile stays dropped.
    const dropping: typeof fetch = async () => {
      await prefs.setDraft(null);
      return reply(200, asStored, '"5"');
    };
    expect((await sendDraft({ store, prefs, device, fetch: dropping, now: () => 9 }, true)).kind).toBe('saved');
    expect(await prefs.getDraft()).toBeNull();
  });

  it('a storage failure while saving is thrown, not taken for a refusal', async () => {
    const { store } = await openDesk();
    const prefs = venueDraftPrefs(store);
    await prefs.setDraft(pending());
    const broken = Object.assign(Object.create(store) as typeof store, { putVenue: () => Promise.reject(new Error('disk gone')) });
    await expect(sendDraft({ store: broken, prefs, device, fetch: answers(reply(200, venue(), '"4"')).fetchImpl, now: () => 9 })).rejects.toThrow('disk gone');
    expect(await prefs.getDraft()).toEqual(pending());
  });

  it('reads anything but a stored draft as no draft', async () => {
    const { store } = await openDesk();
    await store.setPref('venueDraft', 'not a draft' as never);
    expect(await venueDraftPrefs(store).getDraft()).toBeNull();
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
