// The drain loop at the scale of a busy offline day: a big outbox leaves in full batches, in order,
// each record once. Its own file, so that mutation testing (vitest.mutate.config.ts) can leave out
// its seconds per mutant; the other drain tests cover the same code in smaller steps.

import { describe, expect, it } from 'vitest';
import { counts, drain, setup } from './drain-fixture.ts';

describe('drain loop at scale', () => {
  it('drains 10,000 records in batches of at most 500, in seq order, each once', async () => {
    const { store, records, clock, server, loop } = await setup(10_000);
    loop.start();
    await drain(loop, clock);
    expect(server.requests.length).toBe(20);
    expect(server.requests.every((b) => b.length <= 500)).toBe(true);
    expect(server.requests.flat().map((r) => r.seq)).toEqual(records.map((r) => r.seq));
    expect(server.held.size).toBe(10_000);
    expect([...server.storedCount().values()].every((n) => n === 1)).toBe(true);
    expect(await counts(store)).toEqual({ pending: 0, attention: 0 });
    expect(loop.status).toMatchObject({ pending: 0, attention: 0, state: 'idle', unauthorized: false, lastSuccessMs: clock.now() });
  }, 60_000);
});
