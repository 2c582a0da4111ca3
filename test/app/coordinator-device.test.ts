// A coordinator's browser enrolled on the desk's first-run screen: it is stored as a coordinator,
// and the session leaves it alone: no settings, no bundle, no usage, no uploads, and no card
// check ever becomes a record. It stays a coordinator after a restart. A browser holding a desk's
// records not yet uploaded stays that desk.

import { describe, expect, it } from 'vitest';
import { DeskSession } from '../../src/app/desk/desk-session.ts';
import { CARD, desk } from './session-fixture.ts';

function coordinatorServer(asked: string[]): typeof fetch {
  return async (input) => {
    const path = new URL(String(input)).pathname;
    asked.push(path);
    if (path === '/v1/enrol') return new Response(JSON.stringify({ deviceId: 'c1', venueId: null, localityId: 'espoo', role: 'coordinator', token: 'ct' }), { status: 201 });
    return new Response(JSON.stringify({ error: { code: 'forbidden', message: 'statistics only' } }), { status: 403 });
  };
}

function loop() {
  const told: string[] = [];
  return { told, drain: { kick: (why?: string) => void told.push(`kick ${why}`), reenrolled: () => void told.push('reenrolled'), reportUnauthorized: () => void told.push('unauthorized') } };
}

describe('a coordinator device', () => {
  it('enrols with a coordinator code and asks the server for nothing else: no settings, bundle, usage or uploads', async () => {
    const asked: string[] = [];
    const { told, drain } = loop();
    const t = await desk(undefined, { enrolled: false, drain });
    t.deps.fetch = coordinatorServer(asked);
    await t.session.server.enrol('https://kaiku.example', 'COORD', 'Espoo coordinator');
    expect(t.session.snapshot.device).toMatchObject({ deviceId: 'c1', venueId: null, localityId: 'espoo', role: 'coordinator' });
    expect(t.session.snapshot.notice).toBeNull();
    await t.session.server.refresh();
    expect(asked).toEqual(['/v1/enrol']);
    expect(told).toEqual([]);
  });

  it('records nothing, even in a browser that was a desk and still holds its venue and bundle', async () => {
    const t = await desk();
    t.deps.fetch = coordinatorServer([]);
    await t.session.server.enrol('https://kaiku.example', 'COORD', 'Espoo coordinator');
    await t.session.flow.check(CARD.family, 'typed');
    await t.session.flow.confirm({ adults: 1, children: 0, assistants: 0 });
    expect(t.session.snapshot.verdict.kind).not.toBe('redeemed');
    expect(await t.store.exportRecords(0, Number.MAX_SAFE_INTEGER)).toEqual([]);
  });

  it('a card confirmed in a coordinator\'s browser is quietly not admitted: no storage error is shown', async () => {
    const t = await desk();
    t.deps.fetch = coordinatorServer([]);
    await t.session.server.enrol('https://kaiku.example', 'COORD', 'Espoo coordinator');
    await t.session.flow.check(CARD.family, 'typed');
    await t.session.flow.confirm({ adults: 1, children: 0, assistants: 0 });
    expect(t.session.snapshot).toMatchObject({ verdict: { kind: 'accepted' }, notice: null });
  });

  it('is refused in a browser still holding a desk\'s records not uploaded: it stays the desk, and keeps them', async () => {
    const t = await desk();
    await t.session.flow.check(CARD.family, 'typed');
    await t.session.flow.confirm({ adults: 1, children: 0, assistants: 0 });
    t.deps.fetch = coordinatorServer([]);
    await t.session.server.enrol('https://kaiku.example', 'COORD', 'Espoo coordinator');
    expect(t.session.snapshot.device).toMatchObject({ deviceId: 'd1', role: 'desk', venueId: 'v1' });
    expect(t.session.snapshot.notice).toEqual({ tone: 'error', key: 'enrol.error.records', params: { n: 1 } });
    expect(await t.store.getDevice()).toMatchObject({ deviceId: 'd1', role: 'desk' });
    expect(await t.records()).toHaveLength(1);
  });

  it('counts the records that need attention too among those a coordinator\'s browser could never send', async () => {
    const t = await desk();
    for (const card of [CARD.family, CARD.holderOnly]) {
      await t.session.flow.check(card, 'typed');
      await t.session.flow.confirm({ adults: 1, children: 0, assistants: 0 });
    }
    const [first] = await t.records();
    await t.store.moveToAttention(first!.id, 'conflict');
    t.deps.fetch = coordinatorServer([]);
    await t.session.server.enrol('https://kaiku.example', 'COORD', 'Espoo coordinator');
    expect(t.session.snapshot.notice).toEqual({ tone: 'error', key: 'enrol.error.records', params: { n: 2 } });
    expect(t.session.snapshot.device).toMatchObject({ deviceId: 'd1', role: 'desk' });
  });

  it('is a coordinator again after a restart, and a refresh still asks nothing', async () => {
    const asked: string[] = [];
    const t = await desk(undefined, { enrolled: false });
    t.deps.fetch = coordinatorServer(asked);
    await t.session.server.enrol('https://kaiku.example', 'COORD', 'Espoo coordinator');
    const again = new DeskSession(t.deps);
    await again.start();
    expect(again.snapshot.device).toMatchObject({ role: 'coordinator', localityId: 'espoo', token: 'ct' });
    await again.server.refresh();
    expect(asked).toEqual(['/v1/enrol']);
  });
});
