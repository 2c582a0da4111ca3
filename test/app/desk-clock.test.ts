// The desk's clock: the day it decides on, a bundle past its expiry, and a clock plainly wrong.

import { describe, expect, it } from 'vitest';
import { helsinkiDay } from '../../src/core/calendar.ts';
import { NOW, desk } from './session-fixture.ts';

/** The contract's bundle was made 2026-11-21T06:00Z and expires 2026-11-28T06:00Z. */
const MADE = Date.parse('2026-11-21T06:00:00.000Z');
const EXPIRES = Date.parse('2026-11-28T06:00:00.000Z');

describe('desk clock', () => {
  it('decides on the Helsinki day of its clock, but never before its bundle was made', async () => {
    const t = await desk();
    expect(t.session.clock.today()).toBe(helsinkiDay(NOW));
    t.deps.now = () => Date.parse('2026-01-01T12:00:00.000Z');
    expect(t.session.clock.today()).toBe(helsinkiDay(MADE));
  });

  it('calls the bundle stale once it has expired, and a desk without one never stale', async () => {
    const t = await desk();
    t.deps.now = () => EXPIRES;
    expect(t.session.clock.isStale()).toBe(false);
    t.deps.now = () => EXPIRES + 1;
    expect(t.session.clock.isStale()).toBe(true);
    const bare = await desk(undefined, { enrolled: false });
    bare.deps.now = () => EXPIRES + 1;
    expect(bare.session.clock.isStale()).toBe(false);
  });

  it('names a clock more than a day before its bundle, and one far from the server clock, also offline later', async () => {
    const t = await desk();
    expect(t.session.clock.problem()).toBeNull();
    t.deps.now = () => MADE - 2 * 86_400_000;
    expect(t.session.clock.problem()).toBe('before-bundle');
    // The server's clock 10 minutes ahead, measured at a refresh.
    const inner = t.deps.fetch;
    t.deps.now = () => NOW;
    t.deps.fetch = async (input, init) => {
      const r = await inner!(input, init);
      const headers = new Headers(r.headers);
      headers.set('Date', new Date(NOW + 600_000).toUTCString());
      return new Response(await r.text(), { status: r.status, headers });
    };
    // The stand-in server has no usage to give: the refresh fails after the venue and bundle.
    await t.session.server.refresh().catch(() => undefined);
    expect(t.session.snapshot.serverOffsetMs).toBe(600_000);
    t.deps.now = () => NOW + 3_600_000;
    expect(t.session.clock.problem()).toBe('off-server');
  });
});
