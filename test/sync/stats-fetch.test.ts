// The statistics call and the coordinator's enrolment answer against a stand-in fetch: the request
// made, the answers taken, and an answer of another shape refused before any screen sees it.

import { describe, expect, it } from 'vitest';
import { enrol } from '../../src/sync/api-client.ts';
import { fetchStats } from '../../src/sync/stats-fetch.ts';
import { syncErrorOf } from './sync-error.ts';

const reply = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const device = { serverUrl: 'https://k.example', token: 'tok' };
const figures = {
  from: '2026-01-01',
  to: '2026-12-31',
  venues: ['espoo-theatre'],
  rows: [{ venueId: 'espoo-theatre', month: '2026-11', category: 'culture', type: 'ticket', uses: 2, adults: 2, children: 1, assistants: 0, cards: 2 }],
  declined: [{ venueId: 'espoo-theatre', month: '2026-11', reason: 'expired', count: 1 }],
};


describe('fetchStats', () => {
  it('asks GET /v1/stats for the period with the token, and returns the figures', async () => {
    const seen: { url?: string; headers?: Record<string, string> } = {};
    const got = await fetchStats(device, '2026-01-01', '2026-12-31', async (input, init) => {
      seen.url = String(input);
      seen.headers = init?.headers as Record<string, string>;
      return reply(200, figures);
    });
    expect(got).toEqual(figures);
    expect(seen.url).toBe('https://k.example/v1/stats?from=2026-01-01&to=2026-12-31');
    expect(seen.headers?.Authorization).toBe('Bearer tok');
  });

  it('refuses an answer of another shape, and words the server\'s refusals by kind', async () => {
    const bad = await syncErrorOf(fetchStats(device, '2026-01-01', '2026-12-31', async () => reply(200, { ...figures, rows: [{ ...figures.rows[0], cards: 'AB12345' }] })));
    expect([bad.kind, bad.message]).toEqual(['bad-response', expect.stringContaining('"rows" item 1')]);
    expect((await syncErrorOf(fetchStats(device, '2026-01-01', '2026-12-31', async () => reply(401, { error: { code: 'unauthorized', message: 'revoked' } })))).kind).toBe('unauthorized');
    expect((await syncErrorOf(fetchStats(device, '2026-01-01', '2026-12-31', async () => reply(403, { error: { code: 'forbidden', message: 'a desk' } })))).kind).toBe('forbidden');
    expect((await syncErrorOf(fetchStats(device, '2026-01-01', '2026-12-31', async () => Promise.reject(new TypeError('Failed to fetch'))))).kind).toBe('offline');
  });
});

describe('enrol', () => {
  const answering = (body: unknown): typeof fetch => async () => reply(201, body);

  it('takes a coordinator\'s answer: no venue, a locality', async () => {
    const e = await enrol('https://k.example', 'CODE', 'Coordinator', answering({ deviceId: 'd9', venueId: null, localityId: 'espoo', role: 'coordinator', token: 't', extra: 1 }));
    expect(e).toEqual({ deviceId: 'd9', venueId: null, localityId: 'espoo', role: 'coordinator', token: 't' });
  });

  it('takes a desk\'s answer as before, and refuses the roles and venues mixed up', async () => {
    expect(await enrol('https://k.example', 'CODE', 'Door', answering({ deviceId: 'd1', venueId: 'v1', role: 'desk', token: 't' }))).toEqual({ deviceId: 'd1', venueId: 'v1', role: 'desk', token: 't' });
    for (const body of [
      { deviceId: 'd1', venueId: null, role: 'desk', token: 't' },
      { deviceId: 'd1', venueId: 'v1', localityId: 'espoo', role: 'coordinator', token: 't' },
      { deviceId: 'd1', venueId: null, role: 'coordinator', token: 't' },
    ])
      expect((await syncErrorOf(enrol('https://k.example', 'CODE', 'Door', answering(body)))).kind).toBe('bad-response');
  });
});
