// The store's own guards, below HTTP and against the ServerStore interface only, so the same suite
// runs on SQLite and on PostgreSQL. Each guard is tried from two connections at once (two store
// instances on one database), which truly interleave on PostgreSQL; and then from two processes
// started on the same moment (test/support/store-process.ts), which race on SQLite too.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../server/store/open-store.ts';
import type { ServerStore } from '../../server/store/server-store.ts';
import { StoreProcess, soon } from '../support/store-process.ts';
import { poolTickets } from '../../src/core/quota-pools.ts';
import { answerAsk } from '../../src/core/share-grants.ts';
import { ON_POSTGRES, type TestStore, testStore } from '../support/test-store.ts';
import { TODAY, record, venueSettings } from './harness.ts';

let db: TestStore | undefined;
const open: ServerStore[] = [];

/** Two connections to one new database, with venue-a and a desk enrolled there. */
async function twoConnections(): Promise<[ServerStore, ServerStore]> {
  db = await testStore(join(mkdtempSync(join(tmpdir(), 'kaiku-guards-')), 'data'));
  const one = await openStore(db.data, { create: true });
  const two = await openStore(db.data);
  open.push(one, two);
  await one.saveVenue(venueSettings('venue-a'));
  await one.addEnrolCode({ codeHash: 'code', venueId: 'venue-a', localityId: null, role: 'desk', createdAtMs: 0, expiresAtMs: Number.MAX_SAFE_INTEGER });
  await one.claimEnrolCode('code', 1, { deviceId: 'd-a', name: 'A', tokenHash: 'hash-a', enrolledAtMs: 1 });
  return [one, two];
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await db?.drop();
  db = undefined;
});

const desk = { deviceId: 'd-a', venueId: 'venue-a' };

/** One desk's ask at the pool, decided by the core as the API does; the tickets granted. */
function grantTurn(store: ServerStore, deviceId: string, need: number, fill = true) {
  return store.shareTurn('venue-a', 'event:hamlet', TODAY, (p) => {
    const ask = { pool: 'event:hamlet', rev: 0, held: 0, used: 0, need, fill };
    const out = answerAsk({ key: 'event:hamlet', limit: 10, uses: poolTickets(p.records, 'event:hamlet'), rows: p.rows, flags: p.flags }, deviceId, ask, 1);
    return { rows: out.row ? [out.row] : [], flags: out.flags, result: out.answer.granted };
  });
}

describe('the store guards', () => {
  it('share turns at one pool from two connections at once never grant more than the quota', async () => {
    const [one, two] = await twoConnections();
    // The pool is there already: the turns meet at its row, not at its first insert.
    expect(await grantTurn(one, 'd-first', 0, false)).toBe(0);
    const grants = await Promise.all(Array.from({ length: 12 }, (_, i) => grantTurn(i % 2 ? one : two, `d-${i}`, 2)));
    expect(grants.reduce((a, b) => a + b, 0)).toBe(10);
    // Each turn saw the ones before it: the rows hold exactly what was granted.
    const rows = await one.shareTurn('venue-a', 'event:hamlet', TODAY, (p) => ({ rows: [], flags: null, result: p.rows }));
    expect(rows.reduce((n, r) => n + r.ceiling, 0)).toBe(10);
  });

  it('compare-and-set: of many changes made from one version at once, exactly one is taken', async () => {
    const [one, two] = await twoConnections();
    const tries = Array.from({ length: 8 }, (_, i) => (i % 2 ? one : two).replaceVenue({ ...venueSettings('venue-a'), dayQuota: i }, 1));
    const results = await Promise.all(tries);
    expect(results.filter((r) => r.ok)).toEqual([{ ok: true, version: 2 }]);
    expect(results.filter((r) => !r.ok).every((r) => r.version === 2)).toBe(true);
    const winner = results.findIndex((r) => r.ok);
    expect((await two.venue('venue-a'))?.settings.dayQuota).toBe(winner);
    expect(await one.replaceVenue(venueSettings('venue-a'), 1)).toEqual({ ok: false, version: 2 });
    expect(await one.replaceVenue(venueSettings('nowhere'), 1)).toEqual({ ok: false, version: null });
  });

  it('bundle serials only grow, whichever connection publishes', async () => {
    const [one, two] = await twoConnections();
    expect(await one.publishBundle({ serial: 5, envelope: 'five' }, 1)).toBe(true);
    expect(await two.publishBundle({ serial: 4, envelope: 'four' }, 1), 'an older bundle than the one published was taken').toBe(false);
    const raced = await Promise.all([one.publishBundle({ serial: 7, envelope: 'seven' }, 2), two.publishBundle({ serial: 7, envelope: 'seven again' }, 2), two.publishBundle({ serial: 6, envelope: 'six' }, 2)]);
    expect(raced.slice(0, 2).filter(Boolean)).toHaveLength(1);
    expect(await two.currentBundle()).toMatchObject({ serial: 7 });
    expect(await one.publishBundle({ serial: 7, envelope: 'seven' }, 3)).toBe(false);
    expect(await one.publishBundle({ serial: 3, envelope: 'three' }, 3)).toBe(false);
  });

  it('a one-time code enrols one device, however many connections claim it at once', async () => {
    const [one, two] = await twoConnections();
    await one.addEnrolCode({ codeHash: 'once', venueId: 'venue-a', localityId: null, role: 'manager', createdAtMs: 0, expiresAtMs: 100 });
    const claims = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? one : two).claimEnrolCode('once', 10, { deviceId: `m-${i}`, name: 'M', tokenHash: `t-${i}`, enrolledAtMs: 10 })));
    expect(claims.filter((c) => c !== null)).toHaveLength(1);
    expect(await one.claimEnrolCode('once', 10, { deviceId: 'late', name: 'M', tokenHash: 'late', enrolledAtMs: 10 })).toBeNull();
    await one.addEnrolCode({ codeHash: 'old', venueId: 'venue-a', localityId: null, role: 'desk', createdAtMs: 0, expiresAtMs: 100 });
    expect(await two.claimEnrolCode('old', 100, { deviceId: 'x', name: 'X', tokenHash: 'x', enrolledAtMs: 100 })).toBeNull();
  });

  it('exactly once: the same batch stored from two connections at once is stored once', async () => {
    const [one, two] = await twoConnections();
    const batch = Array.from({ length: 100 }, (_, i) => record(desk, i + 1));
    const outcomes = await Promise.all([one, two, one, two].map((s) => s.storeRecords('venue-a', batch)));
    for (let i = 0; i < batch.length; i++) expect(outcomes.map((o) => o[i]).filter((o) => o === 'stored')).toHaveLength(1);
    expect(outcomes.flat().every((o) => o === 'stored' || o === 'duplicate')).toBe(true);
    expect((await two.usage('venue-a', TODAY, null, 1000)).records).toHaveLength(100);
  });

  it('a batch is one transaction: over the daily allowance nothing of it is stored or counted', async () => {
    const [one, two] = await twoConnections();
    const allowance = { deviceId: 'd-a', day: TODAY, max: 150 };
    const first = Array.from({ length: 100 }, (_, i) => record(desk, i + 1));
    const second = Array.from({ length: 100 }, (_, i) => record(desk, i + 101));
    const both = await Promise.all([one.storeUpload('venue-a', first, allowance), two.storeUpload('venue-a', second, allowance)]);
    expect(both.filter((o) => o === null)).toHaveLength(1);
    expect((await one.usage('venue-a', TODAY, null, 1000)).records).toHaveLength(100);
    // The refused batch counted nothing: 50 more still fit.
    expect(await one.storeUpload('venue-a', second.slice(0, 50).map((r, i) => ({ ...r, id: `${r.id}X`, seq: 500 + i })), allowance)).not.toBeNull();
  });

  it('answers conflict, not stored, for the same id with other content or the same seq under another id', async () => {
    const [one] = await twoConnections();
    const r = record(desk, 1);
    expect(await one.storeRecords('venue-a', [r, { ...r, children: 1 }, { ...r, id: `${r.id}B` }, { ...r, deviceId: 'never-enrolled' }])).toEqual([
      'stored',
      'conflict-id',
      'conflict-seq',
      'unknown-device',
    ]);
    expect(await one.storeRecords('venue-a', [{ ...r, children: 1 }])).toEqual(['conflict-id']);
  });
});

describe('the store, call by call', () => {
  it('says which store it is, answers its health check, and no longer once closed', async () => {
    const [one, two] = await twoConnections();
    expect(one.kind).toBe(ON_POSTGRES ? 'postgres' : 'sqlite');
    await expect(one.ping()).resolves.toBeUndefined();
    await two.close();
    open.splice(open.indexOf(two), 1);
    await expect(two.ping()).rejects.toThrow();
  });

  it('a device enrolled with a code is the venue\'s, in its role, and not revoked; revoking a device never enrolled says so', async () => {
    const [one] = await twoConnections();
    await one.addEnrolCode({ codeHash: 'm', venueId: 'venue-a', localityId: null, role: 'manager', createdAtMs: 0, expiresAtMs: 100 });
    expect(await one.claimEnrolCode('m', 5, { deviceId: 'm-1', name: 'Office', tokenHash: 'tm', enrolledAtMs: 5 })).toEqual({ deviceId: 'm-1', venueId: 'venue-a', localityId: null, role: 'manager', name: 'Office', enrolledAtMs: 5, revoked: false });
    expect(await one.revokeDevice('nobody', 6)).toBe(false);
    expect(await one.revokeDevice('m-1', 6)).toBe(true);
  });

  it('enrolment attempts: the one to wait is told how long until the oldest leaves the window, and a forgotten one counts no more', async () => {
    const [one] = await twoConnections();
    const limits = { perAddress: 2, total: 10, windowMs: 60_000 };
    const first = await one.beginEnrolAttempt('10.0.0.1', 1_000_000, limits);
    await one.beginEnrolAttempt('10.0.0.1', 1_001_000, limits);
    expect(await one.beginEnrolAttempt('10.0.0.1', 1_002_000, limits)).toEqual({ ok: false, waitMs: 58_000 });
    await one.forgetEnrolAttempt((first as { attemptId: number }).attemptId);
    expect(await one.beginEnrolAttempt('10.0.0.1', 1_003_000, limits)).toMatchObject({ ok: true });
  });

  it('a locality naming a venue the store does not hold is refused, and nothing of it is kept', async () => {
    const [one] = await twoConnections();
    expect(await one.saveLocality({ localityId: 'espoo', name: 'Espoo', venues: ['venue-a', 'venue-x'] })).toEqual({ ok: false, unknownVenue: 'venue-x' });
    expect(await one.locality('espoo')).toBeNull();
    expect(await one.saveLocality({ localityId: 'espoo', name: 'Espoo', venues: ['venue-a'] })).toEqual({ ok: true });
  });

  it('usage pages: a cursor from before the first day starts at that day, and a page that ends the records has no next', async () => {
    const [one] = await twoConnections();
    const before = record(desk, 1, { at: '2026-11-21T09:00:00.000Z' });
    const on = [2, 3].map((seq) => record(desk, seq, { at: `2026-11-22T09:00:0${seq}.000Z` }));
    await one.storeRecords('venue-a', [before, ...on]);
    const early = await one.usage('venue-a', TODAY, { at: '2026-11-20T00:00:00.000Z', id: '' }, 10);
    expect(early.records.map((r) => (JSON.parse(r) as { id: string }).id)).toEqual(on.map((r) => r.id));
    expect((await one.usage('venue-a', TODAY, null, 2)).next).toBeNull();
    expect((await one.usage('venue-a', TODAY, null, 1)).next).toEqual({ at: on[0]!.at, id: on[0]!.id });
  });
});

describe('the store guards, raced from two processes at one moment', () => {
  let a: StoreProcess;
  let b: StoreProcess;
  beforeAll(async () => {
    [a, b] = await Promise.all([StoreProcess.start(), StoreProcess.start()]);
  }, 30_000);
  afterAll(() => {
    a?.stop();
    b?.stop();
  });

  /** A new database as twoConnections makes it, open in this process and in both others. */
  async function threeProcesses(): Promise<ServerStore> {
    const [one] = await twoConnections();
    await Promise.all([a.open(db!.data), b.open(db!.data)]);
    return one;
  }

  it('a batch is stored all at once: a reader in another process sees none of it or all of it', async () => {
    const one = await threeProcesses();
    const batch = Array.from({ length: 300 }, (_, i) => record(desk, i + 1));
    await a.watchUsage('venue-a', TODAY, batch.length);
    expect(await one.storeUpload('venue-a', batch, { deviceId: 'd-a', day: TODAY, max: 1000 })).toHaveLength(batch.length);
    expect(await a.watched(), 'record counts another process read while the batch was stored').toEqual([0, batch.length]);
  });

  it('exactly once: the same batch from two processes at one moment is stored once', async () => {
    const one = await threeProcesses();
    const batch = Array.from({ length: 100 }, (_, i) => record(desk, i + 1));
    const at = soon();
    const outcomes = await Promise.all([a, b].map((p) => p.at(at).storeUpload('venue-a', batch, { deviceId: 'd-a', day: TODAY, max: 1000 })));
    for (let i = 0; i < batch.length; i++) expect(outcomes.map((o) => o![i]).sort()).toEqual(['duplicate', 'stored']);
    expect((await one.usage('venue-a', TODAY, null, 1000)).records).toHaveLength(100);
  });

  it('the daily allowance holds for two processes uploading at one moment', async () => {
    const one = await threeProcesses();
    const allowance = { deviceId: 'd-a', day: TODAY, max: 150 };
    const batches = [0, 100].map((from) => Array.from({ length: 100 }, (_, i) => record(desk, from + i + 1)));
    const at = soon();
    const both = await Promise.all([a, b].map((p, i) => p.at(at).storeUpload('venue-a', batches[i]!, allowance)));
    expect(both.filter((o) => o === null), 'uploads refused').toHaveLength(1);
    expect((await one.usage('venue-a', TODAY, null, 1000)).records).toHaveLength(100);
  });

  it('a one-time code enrols one device when two processes claim it at one moment', async () => {
    const one = await threeProcesses();
    await one.addEnrolCode({ codeHash: 'once', venueId: 'venue-a', localityId: null, role: 'desk', createdAtMs: 0, expiresAtMs: 100 });
    const at = soon();
    const claims = await Promise.all([a, b].map((p, i) => p.at(at).claimEnrolCode('once', 10, { deviceId: `m-${i}`, name: 'M', tokenHash: `t-${i}`, enrolledAtMs: 10 })));
    expect(claims.filter((c) => c !== null), 'devices enrolled with one code').toHaveLength(1);
  });

  it('compare-and-set and bundle serials hold for two processes at one moment', async () => {
    const one = await threeProcesses();
    let at = soon();
    const changes = await Promise.all([a, b].map((p, i) => p.at(at).replaceVenue({ ...venueSettings('venue-a'), dayQuota: i }, 1)));
    expect(changes.filter((c) => c.ok), 'changes taken from one version').toHaveLength(1);
    at = soon();
    const published = await Promise.all([a, b].map((p) => p.at(at).publishBundle({ serial: 9, envelope: 'nine' }, 1)));
    expect(published.filter(Boolean), 'bundles published as serial 9').toHaveLength(1);
    expect(await one.currentBundle()).toMatchObject({ serial: 9 });
  });
});
