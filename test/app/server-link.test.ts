// What the desk hears from its server and its upload loop: a refused token, the loop's counts and
// last contact, and settings a manager saved.

import { describe, expect, it } from 'vitest';
import type { DrainStatus } from '../../src/sync/drain-loop.ts';
import { anEvent } from '../support/venues.ts';
import { CARD, NOW, desk, venue } from './session-fixture.ts';

const status = (over: Partial<DrainStatus>): DrainStatus => ({ pending: 0, attention: 0, lastSuccessMs: null, state: 'idle', unauthorized: false, online: true, retryAtMs: null, lastError: null, ...over });

function loop() {
  const told: string[] = [];
  return { told, drain: { kick: (why?: string) => void told.push(`kick ${why}`), reenrolled: () => void told.push('reenrolled'), reportUnauthorized: () => void told.push('unauthorized') } };
}

describe('server link', () => {
  it('a refused token asks for enrolling again, tells the upload loop, and keeps the records', async () => {
    const { told, drain } = loop();
    const t = await desk(venue(), { drain });
    await t.session.flow.check(CARD.family, 'typed');
    await t.session.flow.confirm({ adults: 1, children: 0, assistants: 0 });
    t.deps.fetch = async () => new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'revoked' } }), { status: 401, headers: { 'Content-Type': 'application/json' } });
    await expect(t.session.server.refresh()).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(t.session.snapshot).toMatchObject({ unauthorized: true, pending: 1, device: { deviceId: 'd1' } });
    expect(told).toEqual(['reenrolled', 'kick record', 'unauthorized']);
  });

  it('the upload loop\'s news moves the counts and the last contact, which is kept; an older contact does not go back', async () => {
    const { session, store } = await desk();
    await session.server.syncStatus(status({ pending: 3, attention: 1, lastSuccessMs: NOW + 5_000 }));
    expect(session.snapshot).toMatchObject({ pending: 3, attention: 1, lastSyncMs: NOW + 5_000 });
    await session.server.syncStatus(status({ lastSuccessMs: NOW }));
    expect(session.snapshot).toMatchObject({ pending: 0, lastSyncMs: NOW + 5_000 });
    await expect.poll(() => store.getPref('lastSyncMs')).toBe(NOW + 5_000);
  });

  it('settings a manager saved are used at once: the event is chosen and its tickets counted', async () => {
    const { session } = await desk(venue({ events: [] }));
    expect(session.snapshot.eventId).toBe('admission-2026-11-22');
    await session.events.choose(null);
    await session.server.venueSaved(venue({ events: [anEvent({ id: 'e9', title: 'New', quota: 7 })] }));
    expect(session.snapshot).toMatchObject({ eventId: 'e9', standing: { event: { id: 'e9' }, eventLeft: 7 } });
  });
});
