// Refreshing venue, bundle and usage from a stand-in server into the real storage.

import { describe, expect, it } from 'vitest';
import { dayFromIsoDate, helsinkiDay } from '../../src/core/calendar.ts';
import { nobleEd25519 } from '../../src/core/ed25519-noble.ts';
import type { RedemptionRecord } from '../../src/core/record.ts';
import { rootConfig } from '../../src/core/roots.ts';
import type { VenueSettings } from '../../src/core/venue.ts';
import { refreshAll, refreshUsage, usageSinceDay } from '../../src/sync/usage-refresh.ts';
import { enrolledDesk, enrolment, otherDesks, use } from '../storage/fixture.ts';
import { readTestFile } from '../support/vectors.ts';
import { aVenue } from '../support/venues.ts';

const NOW = Date.parse('2026-11-22T12:00:00.000Z'); // a Sunday
const TODAY = helsinkiDay(NOW);
const bundleText = readTestFile('vectors/bundle.json');

const venue = (window: 'event' | 'day' | 'week' | 'month' | null = 'week'): VenueSettings =>
  aVenue({ venueId: enrolment.venueId, allowOverride: false, perCard: window ? { max: 2, window } : null, events: [] });

interface Served {
  venue?: VenueSettings;
  venueEtag?: string;
  bundle?: string | null;
  usage?: unknown;
  /** Usage answers by path and query, for a paged answer. */
  pages?: Record<string, unknown>;
  status?: Partial<Record<string, number>>;
}

function server(s: Served, log: string[] = []): typeof fetch {
  return async (input, init) => {
    const url = new URL(String(input));
    const headers = new Headers(init?.headers);
    log.push(`${url.pathname}${url.search} ${headers.get('If-None-Match') ?? '-'} ${headers.get('Authorization')}`);
    const json = (status: number, body: unknown, extra: Record<string, string> = {}) =>
      new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', Date: new Date(NOW + 5000).toUTCString(), ...extra } });
    const forced = s.status?.[url.pathname];
    if (forced) return json(forced, { error: { code: 'x', message: `HTTP ${forced}` } });
    if (url.pathname === '/v1/venue') {
      const etag = s.venueEtag ?? '"v1"';
      return headers.get('If-None-Match') === etag ? new Response(null, { status: 304 }) : json(200, s.venue ?? venue(), { ETag: etag });
    }
    if (url.pathname === '/v1/bundle') {
      if (s.bundle === null) return json(404, { error: { code: 'not-found', message: 'no bundle yet' } });
      const text = s.bundle ?? bundleText;
      const serial = (JSON.parse(Buffer.from(JSON.parse(text).payload, 'base64url').toString('utf8')) as { serial: number }).serial;
      return headers.get('If-None-Match') === `"${serial}"` ? new Response(null, { status: 304 }) : json(200, text, { ETag: `"${serial}"` });
    }
    if (url.pathname === '/v1/usage') return json(200, s.pages?.[url.pathname + url.search] ?? s.usage ?? { records: [] });
    return json(404, {});
  };
}

const deps = async (served: Served, log: string[] = []) => {
  const { store } = await enrolledDesk();
  return { store, deps: { store, device: enrolment, roots: rootConfig(undefined), ed: nobleEd25519, now: () => NOW, fetch: server(served, log) } };
};

describe('usageSinceDay', () => {
  it('starts at the per-card window: today, the Monday, the 1st', () => {
    expect(usageSinceDay(venue('day'), NOW)).toBe(TODAY);
    expect(usageSinceDay(venue('event'), NOW)).toBe(TODAY);
    expect(usageSinceDay(venue(null), NOW)).toBe(TODAY);
    expect(usageSinceDay(null, NOW)).toBe(TODAY);
    expect(usageSinceDay(venue('week'), NOW)).toBe(dayFromIsoDate('2026-11-16'));
    expect(usageSinceDay(venue('month'), NOW)).toBe(dayFromIsoDate('2026-11-01'));
  });

  it('never more than the days allowed back', () => {
    const lastOfMonth = Date.parse('2026-12-31T12:00:00.000Z');
    expect(usageSinceDay(venue('month'), lastOfMonth)).toBe(helsinkiDay(lastOfMonth) - 30);
    expect(usageSinceDay(venue('month'), lastOfMonth, 10)).toBe(helsinkiDay(lastOfMonth) - 10);
  });

  it('uses the Helsinki day, not UTC: 23:30 UTC Sunday is Monday in Helsinki', () => {
    const mondayInHelsinki = Date.parse('2026-11-22T23:30:00.000Z');
    expect(usageSinceDay(venue('week'), mondayInHelsinki)).toBe(dayFromIsoDate('2026-11-23'));
  });
});

describe('refreshUsage', () => {
  it('fetches since the day and keeps other desks\' records only', async () => {
    const log: string[] = [];
    const { store } = await enrolledDesk();
    const own = await store.appendRecord(use());
    const others: RedemptionRecord[] = [otherDesks(), otherDesks()];
    const r = await refreshUsage(store, enrolment, TODAY - 6, server({ usage: { records: [own, ...others] } }, log));
    expect(r).toEqual({ fetched: 3, stored: 2, serverDateMs: Math.floor((NOW + 5000) / 1000) * 1000 });
    expect(log).toEqual([`/v1/usage?since=${TODAY - 6} - Bearer tok`]);
    const counted = await store.recordsForLimits(null, 0);
    expect(counted.map((x) => x.id).sort()).toEqual([own.id, ...others.map((o) => o.id)].sort());
  });

  it('an answer of the wrong shape is bad-response and nothing is kept', async () => {
    const { store } = await enrolledDesk();
    for (const usage of [{}, { records: 'x' }, { records: [{ id: 'a', eventId: 'e', cardId: 'c', at: 'yesterday' }] }, { records: [null] }, { records: [{ ...otherDesks(), outcome: 'sold' }] }])
      await expect(refreshUsage(store, enrolment, TODAY, server({ usage }))).rejects.toMatchObject({ kind: 'bad-response' });
    expect(await store.recordsForLimits(null, 0)).toEqual([]);
  });

  it('follows next, as given, until an answer has none, keeping every page', async () => {
    const log: string[] = [];
    const { store } = await enrolledDesk();
    const [a, b, c] = [otherDesks(), otherDesks(), otherDesks()];
    const first = `/v1/usage?since=${TODAY}`;
    const second = `/v1/usage?since=${TODAY}&after=${encodeURIComponent(`${a!.at} ${a!.id}`)}`;
    const third = `/v1/usage?since=${TODAY}&after=page%203`;
    const pages = { [first]: { records: [a], next: second }, [second]: { records: [b], next: third }, [third]: { records: [c] } };
    const r = await refreshUsage(store, enrolment, TODAY, server({ pages }, log));
    expect(r).toMatchObject({ fetched: 3, stored: 3 });
    expect(log.map((l) => l.split(' ')[0])).toEqual([first, second, third]);
    expect((await store.recordsForLimits(null, 0)).map((x) => x.id).sort()).toEqual([a!.id, b!.id, c!.id].sort());
  });

  it('refuses a next that leaves the usage API, or repeats the page, keeping the pages before it', async () => {
    const { store } = await enrolledDesk();
    const first = `/v1/usage?since=${TODAY}`;
    const kept = otherDesks();
    for (const next of ['https://elsewhere.example/v1/usage?since=1', '/v1/venue', first, 42]) {
      const served = server({ pages: { [first]: { records: [kept], next } } });
      await expect(refreshUsage(store, enrolment, TODAY, served)).rejects.toMatchObject({ kind: 'bad-response' });
    }
    const chained = server({ pages: { [first]: { records: [kept], next: `${first}&after=x` }, [`${first}&after=x`]: { records: 'x' } } });
    await expect(refreshUsage(store, enrolment, TODAY, chained)).rejects.toMatchObject({ kind: 'bad-response' });
    expect((await store.recordsForLimits(null, 0)).map((x) => x.id)).toEqual([kept.id]);
  });

  it('takes a page whose next is null as the last, and says so when a body is no object at all', async () => {
    const { store } = await enrolledDesk();
    expect(await refreshUsage(store, enrolment, TODAY, server({ usage: { records: [otherDesks()], next: null } }))).toMatchObject({ fetched: 1, stored: 1 });
    const e = refreshUsage(store, enrolment, TODAY, server({ usage: 'null' }));
    await expect(e).rejects.toMatchObject({ kind: 'bad-response', message: 'the server answered the usage request in an unexpected shape' });
  });

  it('gives up on a server whose pages never end, after 1000 of them', async () => {
    const { store } = await enrolledDesk();
    let asked = 0;
    const endless: typeof fetch = async (input) => {
      asked++;
      const page = Number(new URL(String(input)).searchParams.get('after') ?? 0);
      return new Response(JSON.stringify({ records: [], next: `/v1/usage?since=${TODAY}&after=${page + 1}` }), { status: 200, headers: { 'Content-Type': 'application/json' } });
    };
    await expect(refreshUsage(store, enrolment, TODAY, endless)).rejects.toMatchObject({ kind: 'bad-response', message: "the server's usage answer goes on past 1000 pages" });
    expect(asked).toBe(1000);
  });

  it('401 is unauthorized', async () => {
    const { store } = await enrolledDesk();
    await expect(refreshUsage(store, enrolment, TODAY, server({ status: { '/v1/usage': 401 } }))).rejects.toMatchObject({ kind: 'unauthorized' });
  });
});

describe('refreshAll', () => {
  it('the first time: venue, bundle and usage, all stored', async () => {
    const log: string[] = [];
    const other = otherDesks();
    const { store, deps: d } = await deps({ usage: { records: [other] } }, log);
    const out = await refreshAll(d);
    expect(out.error).toBeNull();
    expect(out.venue?.name).toBe('Espoo Theatre');
    expect(out.bundle).toMatchObject({ kind: 'taken', bundle: { serial: 42 } });
    expect(out.usage).toMatchObject({ fetched: 1, stored: 1 });
    expect(out.syncedAtMs).toBe(NOW);
    expect(out.serverDateMs).not.toBeNull();
    expect((await store.getBundle())?.serial).toBe(42);
    expect((await store.getVenue())?.etag).toBe('"v1"');
    expect(await store.getPref('lastSyncMs')).toBe(NOW);
    expect(log).toEqual(['/v1/venue - Bearer tok', '/v1/bundle - Bearer tok', `/v1/usage?since=${dayFromIsoDate('2026-11-16')} - Bearer tok`]);
  });

  it('the second time: ETags, 304s, nothing changed', async () => {
    const log: string[] = [];
    const { deps: d } = await deps({}, log);
    await refreshAll(d);
    log.length = 0;
    const out = await refreshAll(d);
    expect(out).toMatchObject({ venue: null, bundle: { kind: 'unchanged' }, error: null });
    expect(log.slice(0, 2)).toEqual(['/v1/venue "v1" Bearer tok', '/v1/bundle "42" Bearer tok']);
  });

  it('an older bundle from the server does not replace a newer one (no rollback)', async () => {
    const { store, deps: d } = await deps({});
    await store.putBundle({ envelope: JSON.parse(bundleText), serial: 50, savedAt: 0 });
    const out = await refreshAll(d);
    expect(out.bundle).toEqual({ kind: 'not-newer', serial: 42, current: 50 });
    expect((await store.getBundle())?.serial).toBe(50);
  });

  it('a bundle that does not verify is refused and the held one stays', async () => {
    const env = JSON.parse(bundleText) as { signature: string };
    const tampered = JSON.stringify({ ...env, signature: env.signature.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) });
    const { store, deps: d } = await deps({ bundle: tampered });
    const out = await refreshAll(d);
    expect(out.bundle.kind).toBe('refused');
    expect(await store.getBundle()).toBeNull();
    expect(out.usage).not.toBeNull();
  });

  it('no bundle published yet is not a failure', async () => {
    const { deps: d } = await deps({ bundle: null });
    const out = await refreshAll(d);
    expect(out).toMatchObject({ bundle: { kind: 'none-published' }, error: null });
  });

  it('uses the new settings\' window for the usage', async () => {
    const log: string[] = [];
    const { deps: d } = await deps({ venue: venue('month') }, log);
    await refreshAll(d);
    expect(log[2]).toBe(`/v1/usage?since=${dayFromIsoDate('2026-11-01')} - Bearer tok`);
  });

  it('stops at the first failure and says which, keeping what came before', async () => {
    const { store, deps: d } = await deps({ status: { '/v1/usage': 503 } });
    const out = await refreshAll(d);
    expect(out.error).toMatchObject({ kind: 'server', status: 503 });
    expect(out.venue).not.toBeNull();
    expect(out.bundle.kind).toBe('taken');
    expect((await store.getBundle())?.serial).toBe(42);
  });

  it('a failure at the bundle stops there: no bundle change, no usage, and the error says which', async () => {
    const { store, deps: d } = await deps({ status: { '/v1/bundle': 500 } });
    const out = await refreshAll(d);
    expect(out).toMatchObject({ bundle: { kind: 'not-fetched' }, usage: null, error: { kind: 'server', status: 500 } });
    expect(out.venue).not.toBeNull();
    expect(await store.getBundle()).toBeNull();
  });

  it('a newer bundle another tab kept meanwhile stands, and is reported as such', async () => {
    const { store, deps: d } = await deps({});
    const busy = Object.assign(Object.create(store) as typeof store, { putBundle: async () => false });
    expect((await refreshAll({ ...d, store: busy })).bundle).toEqual({ kind: 'not-newer', serial: 42, current: 0 });
  });

  it("takes the server's clock from the last answer it read", async () => {
    const { deps: d } = await deps({});
    const dated = (at: number, inner: typeof fetch): typeof fetch => async (input, init) => {
      const r = await inner(input, init);
      const headers = new Headers(r.headers);
      if (new URL(String(input)).pathname === '/v1/usage') headers.set('Date', new Date(at).toUTCString());
      return new Response(r.status === 304 ? null : await r.text(), { status: r.status, headers });
    };
    const out = await refreshAll({ ...d, fetch: dated(NOW + 60_000, d.fetch) });
    expect(out.serverDateMs).toBe(NOW + 60_000);
  });

  it('a server that answers 304 though the desk held no settings: the usage comes from today on', async () => {
    const log: string[] = [];
    const { deps: d } = await deps({}, log);
    const notModified: typeof fetch = async (input, init) => (new URL(String(input)).pathname === '/v1/venue' ? new Response(null, { status: 304 }) : d.fetch(input, init));
    const out = await refreshAll({ ...d, fetch: notModified });
    expect(out).toMatchObject({ venue: null, error: null });
    expect(log.at(-1)).toBe(`/v1/usage?since=${TODAY} - Bearer tok`);
  });

  it('a storage failure is not a server answer: it is thrown, not reported as a sync error', async () => {
    const { store, deps: d } = await deps({});
    const broken = Object.assign(Object.create(store) as typeof store, { putVenue: () => Promise.reject(new Error('disk gone')) });
    await expect(refreshAll({ ...d, store: broken })).rejects.toThrow('disk gone');
  });

  it('401 at the venue: nothing fetched, error unauthorized, lastSyncMs untouched', async () => {
    const { store, deps: d } = await deps({ status: { '/v1/venue': 401 } });
    const out = await refreshAll(d);
    expect(out).toMatchObject({ venue: null, bundle: { kind: 'not-fetched' }, usage: null, syncedAtMs: null, error: { kind: 'unauthorized' } });
    expect(await store.getPref('lastSyncMs')).toBeUndefined();
  });

  it('offline: an error of kind offline', async () => {
    const { store } = await enrolledDesk();
    const out = await refreshAll({ store, device: enrolment, roots: rootConfig(undefined), ed: nobleEd25519, now: () => NOW, fetch: () => Promise.reject(new TypeError('offline')) });
    expect(out.error?.kind).toBe('offline');
  });

  it('venue settings of the wrong shape are bad-response: the held ones stay, nothing after is fetched', async () => {
    const log: string[] = [];
    const { store, deps: d } = await deps({ venue: { ...venue(), dayQuota: -1 } }, log);
    const out = await refreshAll(d);
    expect(out).toMatchObject({ venue: null, bundle: { kind: 'not-fetched' }, usage: null, syncedAtMs: null, error: { kind: 'bad-response', message: 'the server answered the venue request in an unexpected shape' } });
    expect(await store.getVenue()).toBeNull();
    expect(log).toHaveLength(1);
  });

  it('usage: false skips the usage', async () => {
    const log: string[] = [];
    const { deps: d } = await deps({}, log);
    const out = await refreshAll({ ...d, usage: false });
    expect(out.usage).toBeNull();
    expect(log.length).toBe(2);
  });
});
