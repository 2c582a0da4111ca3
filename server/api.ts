// The sync API (sync-api.md): enrolment, bundle, venue settings, redemption upload, venue usage;
// the desks' quota shares (docs/sync.md); national.md's statistics for coordinators and managers,
// and a health check.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { helsinkiDay, helsinkiMinuteOfDay, parseIsoTimestamp } from '../src/core/calendar.ts';
import type { RedemptionRecord } from '../src/core/record.ts';
import { recordProblem } from '../src/core/record-shape.ts';
import { openTerms, parsePool, poolTerms, poolTickets } from '../src/core/quota-pools.ts';
import type { PoolView } from '../src/core/share-grants.ts';
import { NO_FLAGS, answerAsk, poolFigures, releaseShare } from '../src/core/share-grants.ts';
import type { ShareAnswer, ShareAsk } from '../src/core/share-requests.ts';
import { shareRequestProblem } from '../src/core/share-requests.ts';
import type { VenueSettings } from '../src/core/venue.ts';
import { MAX_BATCH, USAGE_DAYS, USAGE_PAGE } from '../src/core/sync-limits.ts';
import { venueProblem } from '../src/core/venue-shape.ts';
import { ApiError, readJson, sendJson, sendText } from './http-io.ts';
import type { RandomBytes } from './secrets.ts';
import { newDeviceId, newToken, normaliseEnrolCode, sha256Hex } from './secrets.ts';
import { statsCsv, statsCsvName, statsPeriod } from '../src/core/stats.ts';
import type { AttemptLimits, Device, ServerStore, StoreOutcome, UsageCursor, UsagePage } from './store/server-store.ts';

/**
 * Enrolment attempts (counted as they begin; a success is taken back) in any minute: 10 from one
 * address, 60 from all together (a proxy, or a guesser with many addresses).
 */
export const ENROL_LIMITS: AttemptLimits = { perAddress: 10, total: 60, windowMs: 60_000 };
/**
 * Records one device may upload in a Helsinki day. A desk records at most every few seconds
 * (43,200 a day at one every 2 s), retries included this stays far above any real desk.
 */
export const DAILY_UPLOAD_CAP = 100_000;
const DEVICE_NAME_MAX = 100;

export interface ApiContext {
  store: ServerStore;
  now: () => number;
  random: RandomBytes;
  /** DAILY_UPLOAD_CAP, but for tests. */
  dailyUploadCap: number;
}

type Handler = (req: IncomingMessage, res: ServerResponse, ctx: ApiContext, url: URL) => Promise<void>;

const badRequest = (message: string) => new ApiError(400, 'bad-request', message);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The ETag values of an If-None-Match / If-Match header ("a", W/"b", *). */
function etagsOf(header: string | undefined): string[] {
  return header === undefined ? [] : header.split(',').map((t) => t.trim().replace(/^W\//, ''));
}

/** If-None-Match compares weakly (RFC 9110): `*`, or a tag equal with or without W/. */
function matches(header: string | undefined, etag: string): boolean {
  return etagsOf(header).some((t) => t === etag || t === '*');
}

/** If-Match compares strongly: only the current tag itself, never `*` or a weak tag. */
function strongMatch(header: string, etag: string): boolean {
  return header.split(',').some((t) => t.trim() === etag);
}

/** At most `max` code points (never half a surrogate pair), lone surrogates replaced: valid UTF-8. */
function cutName(text: string, max: number): string {
  return Array.from(text.trim())
    .slice(0, max)
    .map((c) => (c.length === 1 && c >= '\ud800' && c <= '\udfff' ? '\ufffd' : c))
    .join('');
}

const retryAfter = (seconds: number) => ({ 'Retry-After': String(Math.max(1, Math.ceil(seconds))) });

/** A desk or manager device: the only kinds that work at a venue. */
type VenueDevice = Device & { venueId: string; role: 'desk' | 'manager' };

async function authorise(req: IncomingMessage, ctx: ApiContext): Promise<Device> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!m) throw new ApiError(401, 'unauthorized', 'this request needs "Authorization: Bearer <token>" from enrolment');
  const device = await ctx.store.deviceByTokenHash(sha256Hex(m[1]!));
  if (!device) throw new ApiError(401, 'unauthorized', 'the token is not known here: enrol this device again');
  if (device.revoked) throw new ApiError(401, 'unauthorized', 'this device was revoked: keep its records and enrol it again');
  return device;
}

/** The device of a venue route; a coordinator's token is good for the statistics only. */
async function authoriseAtVenue(req: IncomingMessage, ctx: ApiContext): Promise<VenueDevice> {
  const device = await authorise(req, ctx);
  if (device.venueId === null || device.role === 'coordinator') throw new ApiError(403, 'forbidden', 'a coordinator device may only read the statistics (GET /v1/stats)');
  return device as VenueDevice;
}

// An attempt counts from the moment it begins, before its body is read: a guesser who sends many
// slow bodies at once still gets only ENROL_LIMITS of them checked.
const enrol: Handler = async (req, res, ctx) => {
  const address = req.socket.remoteAddress ?? 'unknown';
  const attempt = await ctx.store.beginEnrolAttempt(address, ctx.now(), ENROL_LIMITS);
  if (!attempt.ok) {
    const seconds = Math.ceil(attempt.waitMs / 1000);
    throw new ApiError(429, 'rate-limited', `too many wrong enrolment codes: try again in ${seconds} s`, retryAfter(seconds));
  }
  const body = await readJson(req);
  if (!isObject(body) || typeof body.code !== 'string' || typeof body.deviceName !== 'string')
    throw badRequest('the body must be {"code": "<enrolment code>", "deviceName": "<a name for this device>"}');
  const deviceName = cutName(body.deviceName, DEVICE_NAME_MAX);
  const code = normaliseEnrolCode(body.code);
  const now = ctx.now();
  const token = newToken(ctx.random);
  const device = code === null ? null : await ctx.store.claimEnrolCode(sha256Hex(code), now, { deviceId: newDeviceId(ctx.random), name: deviceName, tokenHash: sha256Hex(token), enrolledAtMs: now });
  if (!device) throw new ApiError(403, 'forbidden', 'this enrolment code is wrong, already used or expired: check it, or ask the admin for a new one');
  await ctx.store.forgetEnrolAttempt(attempt.attemptId);
  const scope = device.role === 'coordinator' ? { venueId: null, localityId: device.localityId } : { venueId: device.venueId };
  sendJson(res, 201, { deviceId: device.deviceId, ...scope, role: device.role, token });
};

const getBundle: Handler = async (req, res, ctx) => {
  await authoriseAtVenue(req, ctx);
  const bundle = await ctx.store.currentBundle();
  if (!bundle) throw new ApiError(404, 'not-found', 'no trust bundle is published on this server yet: ask its admin to publish one');
  const etag = `"${bundle.serial}"`;
  if (matches(req.headers['if-none-match'], etag)) {
    res.writeHead(304, { ETag: etag, 'Cache-Control': 'no-cache' }).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(bundle.envelope), ETag: etag, 'Cache-Control': 'no-cache' });
  res.end(bundle.envelope);
};

async function venueOf(device: VenueDevice, ctx: ApiContext) {
  const venue = await ctx.store.venue(device.venueId);
  if (!venue) throw new ApiError(404, 'not-found', `the venue "${device.venueId}" has no settings on this server`);
  return venue;
}

const getVenue: Handler = async (req, res, ctx) => {
  const venue = await venueOf(await authoriseAtVenue(req, ctx), ctx);
  const etag = `"${venue.version}"`;
  if (matches(req.headers['if-none-match'], etag)) {
    res.writeHead(304, { ETag: etag, 'Cache-Control': 'no-cache' }).end();
    return;
  }
  sendJson(res, 200, venue.settings, { ETag: etag });
};

const putVenue: Handler = async (req, res, ctx) => {
  const device = await authoriseAtVenue(req, ctx);
  if (device.role !== 'manager') throw new ApiError(403, 'forbidden', 'only a manager device may change the venue settings');
  const ifMatch = req.headers['if-match'];
  if (ifMatch === undefined) throw new ApiError(428, 'if-match-required', 'send "If-Match" with the ETag of the settings you changed, so no other change is lost');
  const body = await readJson(req);
  const problem = venueProblem(body);
  if (problem) throw badRequest(`the settings are not valid: ${problem}`);
  const settings = body as VenueSettings;
  if (settings.venueId !== device.venueId) throw badRequest(`"venueId" must be "${device.venueId}", this device's venue`);
  const current = await venueOf(device, ctx);
  const stale = () => new ApiError(412, 'stale', 'another manager changed the settings first: fetch them, check, and make your change again');
  if (!strongMatch(ifMatch, `"${current.version}"`)) throw stale();
  const written = await ctx.store.replaceVenue(settings, current.version);
  if (!written.ok) throw stale();
  sendJson(res, 200, settings, { ETag: `"${written.version}"` });
};

interface UploadResult {
  id: string | null;
  status: 'stored' | 'duplicate' | 'conflict' | 'invalid';
  error?: string;
}

const STORE_RESULTS: Record<StoreOutcome, Omit<UploadResult, 'id'>> = {
  stored: { status: 'stored' },
  duplicate: { status: 'duplicate' },
  'conflict-id': { status: 'conflict', error: 'the server holds a record with this id and other content' },
  'conflict-seq': { status: 'conflict', error: 'the server holds another record with this deviceId and seq' },
  'unknown-device': { status: 'invalid', error: '"deviceId" is not a device ever enrolled at this venue' },
};

const postRedemptions: Handler = async (req, res, ctx) => {
  const device = await authoriseAtVenue(req, ctx);
  const body = await readJson(req);
  if (!isObject(body) || !Array.isArray(body.records)) throw badRequest('the body must be {"records": [...]}');
  const records: unknown[] = body.records;
  if (records.length > MAX_BATCH) throw new ApiError(413, 'too-large', `at most ${MAX_BATCH} records a request, not ${records.length}: send smaller batches`);
  const results: UploadResult[] = records.map((r) => {
    const id = isObject(r) && typeof r.id === 'string' ? r.id : null;
    const problem = recordProblem(r) ?? ((r as RedemptionRecord).venueId !== device.venueId ? `"venueId" must be "${device.venueId}", the uploading device's venue` : null);
    return problem ? { id, status: 'invalid', error: problem } : { id, status: 'stored' };
  });
  const valid = records.filter((_, i) => results[i]!.status === 'stored') as RedemptionRecord[];
  const now = ctx.now();
  const max = ctx.dailyUploadCap;
  const outcomes = await ctx.store.storeUpload(device.venueId, valid, { deviceId: device.deviceId, day: helsinkiDay(now), max });
  if (outcomes === null) {
    // Until Helsinki midnight (whole-hour offsets, so the minute count is exact but on a DST day).
    const seconds = (24 * 60 - helsinkiMinuteOfDay(now)) * 60 - Math.floor((now % 60_000) / 1000);
    throw new ApiError(429, 'rate-limited', `this device uploaded ${max} records today, the most a device may: keep the rest queued until tomorrow`, retryAfter(seconds));
  }
  let next = 0;
  const answered = results.map((r) => (r.status === 'stored' ? { id: r.id, ...STORE_RESULTS[outcomes[next++]!] } : r));
  sendJson(res, 200, { results: answered });
};

const getUsage: Handler = async (req, res, ctx, url) => {
  const device = await authoriseAtVenue(req, ctx);
  const since = url.searchParams.get('since') ?? '';
  if (!/^\d{1,6}$/.test(since)) throw badRequest('"since" must be a Helsinki day number, like ?since=20779');
  const reach = USAGE_DAYS[device.role];
  if (helsinkiDay(ctx.now()) - Number(since) > reach) throw badRequest(`"since" may be at most ${reach} days back for a ${device.role} device`);
  const after = url.searchParams.get('after');
  const cursor = after === null ? null : cursorOf(after);
  const page = await usagePage(ctx.store, device.venueId, Number(since), cursor);
  // The stored bodies are the records' JSON already: joined, not parsed and written again.
  const next = page.next ? `,"next":${JSON.stringify(`/v1/usage?since=${since}&after=${encodeURIComponent(`${page.next.at} ${page.next.id}`)}`)}` : '';
  sendText(res, 200, `{"records":[${page.records.join(',')}]${next}}`);
};

// A page is read in slices with a turn of the event loop between them, so other requests wait
// behind one slice at most, not the whole page.
const USAGE_SLICE = 1000;

async function usagePage(store: ServerStore, venueId: string, sinceDay: number, after: UsageCursor | null): Promise<UsagePage> {
  const records: string[] = [];
  let next = after;
  do {
    if (records.length) await new Promise((resolve) => setImmediate(resolve));
    const slice = await store.usage(venueId, sinceDay, next, Math.min(USAGE_SLICE, USAGE_PAGE - records.length));
    records.push(...slice.records);
    next = slice.next;
  } while (next && records.length < USAGE_PAGE);
  return { records, next };
}

/** `after` of a usage page: the last record's `at` and `id`, separated by a space. */
function cursorOf(after: string): UsageCursor {
  const m = /^(\S+) ([\x21-\x7e]{1,64})$/.exec(after);
  if (!m || parseIsoTimestamp(m[1]) === null) throw badRequest('"after" must be copied from the "next" of the previous usage answer');
  return { at: m[1]!, id: m[2]! };
}

// Quota shares: a desk reports what it holds of each pool and may ask for more; each pool is one
// turn, in which the core decides over the pool as the database holds it at that moment.
const postShares: Handler = async (req, res, ctx) => {
  const device = await authoriseAtVenue(req, ctx);
  const body = await readJson(req);
  const problem = shareRequestProblem(body);
  if (problem) throw badRequest(problem);
  const venue = (await venueOf(device, ctx)).settings;
  const answers: ShareAnswer[] = [];
  for (const p of (body as { pools: ShareAsk[] }).pools) {
    const ask: ShareAsk = { pool: p.pool, rev: p.rev, held: p.held, used: p.used, need: p.need, fill: p.fill };
    const now = ctx.now();
    const terms = openTerms(venue, ask.pool, now);
    if (!terms) {
      // No quota, or its last day is over: no shares, and nothing to read or write.
      const closed: PoolView = { key: ask.pool, limit: null, uses: { total: 0, byDevice: new Map() }, rows: [], flags: NO_FLAGS };
      answers.push(answerAsk(closed, device.deviceId, ask, now).answer);
      continue;
    }
    const answer = await ctx.store.shareTurn(device.venueId, ask.pool, terms.lastDay, (pool) => {
      const out = answerAsk({ key: ask.pool, limit: terms.limit, uses: poolTickets(pool.records, ask.pool), rows: pool.rows, flags: pool.flags }, device.deviceId, ask, now);
      return { rows: out.row ? [out.row] : [], flags: out.flags, result: out.answer };
    });
    answers.push(answer);
  }
  sendJson(res, 200, { pools: answers });
};

async function managerAtVenue(req: IncomingMessage, ctx: ApiContext, what: string): Promise<VenueDevice> {
  const device = await authoriseAtVenue(req, ctx);
  if (device.role !== 'manager') throw new ApiError(403, 'forbidden', `only a manager device may ${what}`);
  return device;
}

// Every desk's share of the venue's pools listed from `since` on: for the manager's screens.
const getShares: Handler = async (req, res, ctx, url) => {
  const device = await managerAtVenue(req, ctx, "see the desks' shares");
  const since = url.searchParams.get('since') ?? '';
  if (!/^\d{1,6}$/.test(since)) throw badRequest('"since" must be a Helsinki day number, like ?since=20779');
  const now = ctx.now();
  if (helsinkiDay(now) - Number(since) > USAGE_DAYS.manager) throw badRequest(`"since" may be at most ${USAGE_DAYS.manager} days back`);
  const venue = (await venueOf(device, ctx)).settings;
  const names = new Map((await ctx.store.devices()).filter((d) => d.venueId === device.venueId).map((d) => [d.deviceId, d.name]));
  const pools = (await ctx.store.sharePools(device.venueId, Number(since))).filter((p) => p.state.rows.length > 0);
  sendJson(res, 200, {
    pools: pools.map((p) => {
      const view = { key: p.pool, limit: openTerms(venue, p.pool, now)?.limit ?? null, uses: poolTickets(p.state.records, p.pool), rows: p.state.rows, flags: p.state.flags };
      return poolFigures(view, p.day, poolTerms(venue, p.pool)?.limit ?? null, names);
    }),
  });
};

// A manager takes back what one desk holds (a broken tablet): the other desks can hand it out.
const postShareRelease: Handler = async (req, res, ctx) => {
  const device = await managerAtVenue(req, ctx, "release a desk's share");
  const body = await readJson(req);
  if (!isObject(body) || !parsePool(body.pool) || typeof body.deviceId !== 'string')
    throw badRequest('the body must be {"pool": "event:<event id>" or "day:<day number>", "deviceId": "<the desk>"}');
  const pool = body.pool as string;
  const deviceId = body.deviceId;
  const now = ctx.now();
  const terms = openTerms((await venueOf(device, ctx)).settings, pool, now);
  const noShare = () => new ApiError(404, 'not-found', `the desk "${deviceId}" holds no share of ${pool} now`);
  if (!terms) throw noShare();
  const name = (await ctx.store.devices()).find((d) => d.deviceId === deviceId && d.venueId === device.venueId)?.name ?? deviceId;
  const released = await ctx.store.shareTurn(device.venueId, pool, terms.lastDay, (p) => {
    const out = releaseShare({ key: pool, limit: terms.limit, uses: poolTickets(p.records, pool), rows: p.rows, flags: p.flags }, { deviceId, name }, now);
    return out ? { rows: [out.row], flags: out.flags, result: out.tickets } : { rows: [], flags: null, result: null };
  });
  if (released === null) throw noShare();
  sendJson(res, 200, { pool, deviceId, released });
};

// Figures, never records: a coordinator sees its locality's venues, a manager its own venue.
const getStats: Handler = async (req, res, ctx, url) => {
  const device = await authorise(req, ctx);
  if (device.role === 'desk') throw new ApiError(403, 'forbidden', 'the statistics are for manager and coordinator devices');
  const period = statsPeriod(url.searchParams.get('from'), url.searchParams.get('to'));
  if (!period.ok) throw badRequest(`${period.problem}, as in ?from=2026-01-01&to=2026-12-31`);
  const venues = device.role === 'coordinator' ? ((await ctx.store.locality(device.localityId!))?.venues ?? []) : [device.venueId!];
  const sorted = [...venues].sort();
  const { rows, declined } = await ctx.store.stats(sorted, period.fromDay, period.toDay);
  if (/\btext\/csv\b/i.test(req.headers.accept ?? '')) {
    const name = statsCsvName((device.localityId ?? device.venueId)!, url.searchParams.get('from')!, url.searchParams.get('to')!);
    sendText(res, 200, statsCsv(rows), { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}"` });
    return;
  }
  sendJson(res, 200, { from: url.searchParams.get('from'), to: url.searchParams.get('to'), venues: sorted, rows, declined });
};

// For load balancers: 200 while the database answers, 503 when it doesn't. No token: it says
// nothing but the store's kind.
const getHealth: Handler = async (_req, res, ctx) => {
  try {
    await ctx.store.ping();
  } catch {
    throw new ApiError(503, 'unavailable', 'the database does not answer');
  }
  sendJson(res, 200, { ok: true, store: ctx.store.kind });
};

const ROUTES: Record<string, Handler> = {
  'POST /v1/enrol': enrol,
  'GET /v1/bundle': getBundle,
  'GET /v1/venue': getVenue,
  'PUT /v1/venue': putVenue,
  'POST /v1/redemptions': postRedemptions,
  'GET /v1/usage': getUsage,
  'POST /v1/shares': postShares,
  'GET /v1/shares': getShares,
  'POST /v1/shares/release': postShareRelease,
  'GET /v1/stats': getStats,
  'GET /v1/health': getHealth,
};

/** The route's name ("GET /v1/usage") when the API has it, else null. */
export function apiRoute(method: string | undefined, pathname: string): string | null {
  const key = `${method === 'HEAD' ? 'GET' : method} ${pathname}`;
  return Object.hasOwn(ROUTES, key) ? key : null;
}

export async function handleApi(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, url: URL): Promise<void> {
  // HEAD is GET without the body (node:http leaves the body out of a HEAD answer).
  const route = apiRoute(req.method, url.pathname);
  const handler = route === null ? undefined : ROUTES[route];
  if (!handler) throw new ApiError(404, 'not-found', `there is no ${req.method} ${url.pathname} in the sync API`);
  await handler(req, res, ctx, url);
}
