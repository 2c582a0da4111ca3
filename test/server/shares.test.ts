// The quota share routes (docs/sync.md): POST /v1/shares for every desk, GET /v1/shares and
// POST /v1/shares/release for a manager. On SQLite here and on PostgreSQL in "server-postgres".

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SHORT_MS } from '../../src/core/share-grants.ts';
import type { ShareAnswer, ShareAsk } from '../../src/core/share-requests.ts';
import { aVenue, anEvent } from '../support/venues.ts';
import type { Harness } from './harness.ts';
import { TODAY, errorOf, harness, record } from './harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

type Device = Awaited<ReturnType<Harness['enrol']>>;
const HAMLET = 'event:hamlet';

const ask = (over: Partial<ShareAsk> = {}): ShareAsk => ({ pool: HAMLET, rev: 0, held: 0, used: 0, need: 0, fill: true, ...over });

async function shares(device: Device, ...asks: ShareAsk[]): Promise<ShareAnswer[]> {
  const r = await h.call('POST', '/v1/shares', { token: device.token, body: { pools: asks } });
  expect(r.status, await r.clone().text()).toBe(200);
  return ((await r.json()) as { pools: ShareAnswer[] }).pools;
}
const one = async (device: Device, a: ShareAsk) => (await shares(device, a))[0]!;

async function upload(device: Device, records: unknown[]) {
  const r = await h.call('POST', '/v1/redemptions', { token: device.token, body: { records } });
  expect(r.status).toBe(200);
}

interface ListedDesk {
  deviceId: string;
  name: string;
  granted: number;
  spent: number;
  gaveBack: number;
  holds: number;
}
interface Listed {
  pool: string;
  day: number;
  quota: number | null;
  open: boolean;
  used: number;
  unheld: number;
  desks: ListedDesk[];
}
async function listed(manager: Device): Promise<Listed[]> {
  const r = await h.call('GET', `/v1/shares?since=${TODAY}`, { token: manager.token });
  expect(r.status).toBe(200);
  return ((await r.json()) as { pools: Listed[] }).pools;
}

describe('POST /v1/shares', () => {
  it('gives a lone desk the whole quota, and never grants what another desk holds', async () => {
    const a = await h.enrol('venue-a');
    const b = await h.enrol('venue-a');
    expect(await one(a, ask())).toMatchObject({ pool: HAMLET, status: 'granted', rev: 1, granted: 10, unheld: 0, othersHold: 0 });
    expect(await one(b, ask({ need: 1 }))).toMatchObject({ status: 'granted', granted: 0, othersHold: 10, otherDesks: 1, giveBack: false });
    // b ran dry: a is asked to give back, and once it has, b gets what it needs.
    const asked = await one(a, ask({ rev: 1, held: 10, fill: false }));
    expect(asked.giveBack).toBe(true);
    expect(await one(a, ask({ rev: 2, held: 0, fill: false }))).toMatchObject({ unheld: 10 });
    expect(await one(b, ask({ rev: 1, need: 2 }))).toMatchObject({ granted: 10, giveBack: false });
  });

  it('answers each pool of a request in order: the event and the day quota, and "closed" where no shares apply', async () => {
    const a = await h.enrol('venue-a');
    const answers = await shares(a, ask(), ask({ pool: `day:${TODAY}` }), ask({ pool: 'event:nowhere' }), ask({ pool: `event:admission-2026-11-22` }), ask({ pool: `day:${TODAY - 1}` }));
    expect(answers.map((x) => [x.pool, x.status, x.granted])).toEqual([
      [HAMLET, 'granted', 10],
      [`day:${TODAY}`, 'granted', 40],
      ['event:nowhere', 'closed', 0],
      ['event:admission-2026-11-22', 'closed', 0],
      [`day:${TODAY - 1}`, 'closed', 0],
    ]);
  });

  it("closes an event's shares when its day has ended in Helsinki: a desk that never came back holds nothing", async () => {
    const a = await h.enrol('venue-a');
    const b = await h.enrol('venue-a');
    await one(a, ask());
    h.clock.now = Date.parse('2026-11-22T22:00:00.000Z'); // midnight in Helsinki
    expect(await one(b, ask({ need: 1 }))).toMatchObject({ status: 'closed', granted: 0 });
  });

  it('counts uses uploaded since a report, and the ones a desk reports not uploaded yet', async () => {
    const a = await h.enrol('venue-a');
    const b = await h.enrol('venue-a');
    await one(a, ask({ fill: false, need: 6 }));
    // a handed out 3 (one of them holder + 2 children) and uploaded it; 3 are left with it.
    await upload(a, [record(a, 1, { children: 2 })]);
    expect(await one(b, ask())).toMatchObject({ granted: 4, othersHold: 3 });
    // a reports a use not uploaded yet: 2 left in hand, 1 on its way.
    expect(await one(a, ask({ rev: 1, held: 2, used: 4, fill: false }))).toMatchObject({ unheld: 0, othersHold: 4 });
  });

  it('changes nothing for a request of an older revision ("stale"), and the desk can go on from the revision it is told', async () => {
    const a = await h.enrol('venue-a');
    await one(a, ask({ need: 3, fill: false }));
    expect(await one(a, ask({ rev: 0, held: 0, need: 5 }))).toMatchObject({ status: 'stale', rev: 1, granted: 0, unheld: 7 });
    expect(await one(a, ask({ rev: 1, held: 3, need: 2, fill: false }))).toMatchObject({ status: 'granted', rev: 2, granted: 2, unheld: 5 });
  });

  it('never grants more than the quota when many desks ask at once', async () => {
    const desks = await Promise.all(Array.from({ length: 8 }, () => h.enrol('venue-a')));
    const answers = await Promise.all(desks.flatMap((d) => [one(d, ask({ need: 3 })), one(d, ask({ need: 2, fill: false }))]));
    const granted = answers.filter((x) => x.status === 'granted').reduce((n, x) => n + x.granted, 0);
    expect(granted).toBeLessThanOrEqual(10);
    // What each desk holds, as the server counts it, adds up to what it granted: nothing is lost either.
    const manager = await h.enrol('venue-a', 'manager');
    const pool = (await listed(manager)).find((p) => p.pool === HAMLET)!;
    expect(pool.desks.reduce((n, d) => n + d.holds, 0) + pool.unheld).toBe(10);
    expect(pool.desks.reduce((n, d) => n + d.granted, 0)).toBe(granted);
  });

  it('asks the others back only for a while after a desk ran dry', async () => {
    const a = await h.enrol('venue-a');
    const b = await h.enrol('venue-a');
    await one(a, ask());
    await one(b, ask({ need: 1 }));
    h.clock.now += SHORT_MS + 1;
    expect((await one(a, ask({ rev: 1, held: 10, fill: false }))).giveBack).toBe(false);
  });

  it('refuses a body that is not a share request, with the reason', async () => {
    const a = await h.enrol('venue-a');
    for (const [body, words] of [
      [{ pools: [ask({ held: -1 })] }, /held/],
      [{ pools: [ask({ pool: 'hamlet' })] }, /pool/],
      [{ pools: [ask(), ask()] }, /twice/],
      [{ records: [] }, /pools/],
    ] as const) {
      const r = await h.call('POST', '/v1/shares', { token: a.token, body });
      expect(await errorOf(r)).toMatchObject({ status: 400, code: 'bad-request', message: expect.stringMatching(words) });
    }
    expect((await h.call('POST', '/v1/shares', { body: { pools: [] } })).status).toBe(401);
  });
});

describe('GET /v1/shares and POST /v1/shares/release (a manager)', () => {
  it("lists each desk's share with its name: granted, handed out, given back, holding now", async () => {
    const a = await h.enrol('venue-a');
    const b = await h.enrol('venue-a');
    const manager = await h.enrol('venue-a', 'manager');
    await one(a, ask({ need: 4, fill: false }));
    await one(b, ask({ need: 3, fill: false }));
    await upload(a, [record(a, 1)]);
    await one(a, ask({ rev: 1, held: 1, used: 1, fill: false })); // gives 2 back
    const pools = await listed(manager);
    expect(pools).toEqual([
      {
        pool: HAMLET,
        day: TODAY,
        quota: 10,
        open: true,
        used: 1,
        unheld: 5,
        desks: expect.arrayContaining([
          expect.objectContaining({ deviceId: a.deviceId, name: 'desk of venue-a', granted: 4, spent: 1, gaveBack: 2, holds: 1 }),
          expect.objectContaining({ deviceId: b.deviceId, granted: 3, spent: 0, gaveBack: 0, holds: 3 }),
        ]),
      },
    ]);
    expect((await h.call('GET', `/v1/shares?since=${TODAY}`, { token: a.token })).status).toBe(403);
    expect((await h.call('GET', '/v1/shares?since=soon', { token: manager.token })).status).toBe(400);
  });

  it("releases a desk's share: the others can hand it out, and every desk is told", async () => {
    const gone = await h.enrol('venue-a');
    const b = await h.enrol('venue-a');
    const manager = await h.enrol('venue-a', 'manager');
    await one(gone, ask());
    const r = await h.call('POST', '/v1/shares/release', { token: manager.token, body: { pool: HAMLET, deviceId: gone.deviceId } });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ pool: HAMLET, deviceId: gone.deviceId, released: 10 });
    expect(await one(b, ask({ need: 1 }))).toMatchObject({ granted: 10, release: { deviceId: gone.deviceId, name: 'desk of venue-a', tickets: 10, atMs: h.clock.now } });
    // If it comes back after all, it is told its share went, and holds nothing of it.
    expect(await one(gone, ask({ rev: 1, held: 10, need: 1 }))).toMatchObject({ status: 'released', granted: 0 });
    const desk = (await listed(manager))[0]!.desks.find((d) => d.deviceId === gone.deviceId);
    expect(desk).toMatchObject({ granted: 10, gaveBack: 10, holds: 0 });
  });

  it('answers 404 for a desk without a share, and 403 to a desk device', async () => {
    const a = await h.enrol('venue-a');
    const manager = await h.enrol('venue-a', 'manager');
    expect(await errorOf(await h.call('POST', '/v1/shares/release', { token: manager.token, body: { pool: HAMLET, deviceId: a.deviceId } }))).toMatchObject({ status: 404 });
    expect((await h.call('POST', '/v1/shares/release', { token: a.token, body: { pool: HAMLET, deviceId: a.deviceId } })).status).toBe(403);
    expect((await h.call('POST', '/v1/shares/release', { token: manager.token, body: { pool: 'x', deviceId: a.deviceId } })).status).toBe(400);
  });

  it('keeps shares of each venue apart', async () => {
    await h.store.saveVenue(aVenue({ venueId: 'venue-b', dayQuota: null, events: [anEvent({ id: 'hamlet', day: TODAY, quota: 3 })] }));
    const a = await h.enrol('venue-a');
    const b = await h.enrol('venue-b');
    expect((await one(a, ask())).granted).toBe(10);
    expect((await one(b, ask())).granted).toBe(3);
  });
});
