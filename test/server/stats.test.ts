// GET /v1/stats (national.md): the figures a coordinator delivers, checked against records made by
// hand and against the obvious count of many random ones, on whichever store the project runs.

import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCoordinatorCode, saveLocality } from '../../server/admin.ts';
import type { RedemptionRecord } from '../../src/core/record.ts';
import { dayFromIsoDate } from '../../src/core/calendar.ts';
import { statsOracle } from '../support/stats-oracle.ts';
import type { Harness } from './harness.ts';
import { errorOf, harness, record } from './harness.ts';

let h: Harness;
afterEach(() => h?.close());

const random = (n: number) => new Uint8Array(globalThis.crypto.getRandomValues(new Uint8Array(n)));

async function coordinator(localityId: string): Promise<{ token: string; body: Record<string, unknown> }> {
  const { code } = await makeCoordinatorCode(h.store, { localityId, hours: 1, nowMs: h.clock.now, random });
  const r = await h.call('POST', '/v1/enrol', { body: { code, deviceName: 'Espoo coordinator' } });
  expect(r.status).toBe(201);
  const body = await r.json();
  return { token: body.token, body };
}

async function upload(token: string, records: RedemptionRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += 500) {
    const r = await h.call('POST', '/v1/redemptions', { token, body: { records: records.slice(i, i + 500) } });
    const refused = (await r.json()).results.filter((x: { status: string }) => x.status !== 'stored');
    expect(refused).toEqual([]);
  }
}

const stats = (token: string, from: string, to: string, accept?: string) =>
  h.call('GET', `/v1/stats?from=${from}&to=${to}`, { token, headers: accept ? { Accept: accept } : {} });

describe('GET /v1/stats', () => {
  it('adds up the uses that stand per venue, Helsinki month, category and type, and the declines per reason', async () => {
    h = await harness();
    await saveLocality(h.store, { localityId: 'espoo', name: 'Espoo', venues: ['venue-a', 'venue-b'] });
    const a = await h.enrol('venue-a');
    const b = await h.enrol('venue-b');
    let seq = 0;
    const at = (iso: string) => ({ at: iso });
    const A = (over: Partial<RedemptionRecord>) => record(a, ++seq, over);
    const undone = A({ id: 'UNDONE1', cardId: 'CARD3', ...at('2026-11-05T10:00:00.000Z') });
    await upload(a.token, [
      // 23:59:59 in Helsinki on 31 October (UTC+2 after the clocks went back): October.
      A({ cardId: 'CARD1', children: 2, ...at('2026-10-31T21:59:59.000Z') }),
      // One second later it is 1 November in Helsinki, though still 31 October in UTC.
      A({ cardId: 'CARD2', ...at('2026-10-31T22:00:00.000Z') }),
      A({ cardId: 'CARD1', assistants: 1, ...at('2026-11-20T10:00:00.000Z') }),
      A({ cardId: 'CARD1', ...at('2026-11-21T10:00:00.000Z') }),
      undone,
      A({ id: 'VOID1', outcome: 'void', voids: 'UNDONE1', adults: 0, children: 0, ...at('2026-11-05T10:01:00.000Z') }),
      A({ cardId: 'CARD4', category: 'education', type: 'course', ...at('2026-11-10T10:00:00.000Z') }),
      A({ outcome: 'declined', reason: 'event-full', cardId: 'CARD5', ...at('2026-11-10T10:00:00.000Z') }),
      A({ outcome: 'declined', reason: 'event-full', cardId: 'CARD5', ...at('2026-11-10T10:01:00.000Z') }),
      A({ outcome: 'declined', reason: 'card-limit', cardId: 'CARD1', ...at('2026-11-11T10:00:00.000Z') }),
      // Outside the period asked for.
      A({ cardId: 'CARD6', ...at('2026-12-01T10:00:00.000Z') }),
    ]);
    await upload(b.token, [record(b, ++seq, { cardId: 'CARD1', ...at('2026-11-02T10:00:00.000Z') })]);
    const { token, body } = await coordinator('espoo');
    expect(body).toMatchObject({ venueId: null, localityId: 'espoo', role: 'coordinator' });

    const r = await stats(token, '2026-10-01', '2026-11-30');
    expect(r.status).toBe(200);
    const figures = await r.json();
    const row = (venueId: string, month: string, category: string, type: string, uses: number, adults: number, children: number, assistants: number, cards: number) =>
      ({ venueId, month, category, type, uses, adults, children, assistants, cards });
    expect(figures).toEqual({
      from: '2026-10-01',
      to: '2026-11-30',
      venues: ['venue-a', 'venue-b'],
      rows: [
        row('venue-a', '2026-10', 'culture', 'ticket', 1, 1, 2, 0, 1),
        row('venue-a', '2026-11', 'culture', 'ticket', 3, 3, 0, 1, 2),
        row('venue-a', '2026-11', 'education', 'course', 1, 1, 0, 0, 1),
        row('venue-b', '2026-11', 'culture', 'ticket', 1, 1, 0, 0, 1),
      ],
      declined: [
        { venueId: 'venue-a', month: '2026-11', reason: 'card-limit', count: 1 },
        { venueId: 'venue-a', month: '2026-11', reason: 'event-full', count: 2 },
      ],
    });
    expect(JSON.stringify(figures)).not.toMatch(/CARD\d/);

    const csv = await stats(token, '2026-10-01', '2026-11-30', 'text/csv');
    expect(csv.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer())).toBe(
      '\uFEFFvenue;month;category;type;uses;adults;children;assistants;cards\r\n' +
        'venue-a;2026-10;culture;ticket;1;1;2;0;1\r\n' +
        'venue-a;2026-11;culture;ticket;3;3;0;1;2\r\n' +
        'venue-a;2026-11;education;course;1;1;0;0;1\r\n' +
        'venue-b;2026-11;culture;ticket;1;1;0;0;1\r\n',
    );
  });

  it('shows a coordinator its locality only, a venue in two localities to both, and a manager its own venue', async () => {
    h = await harness();
    await saveLocality(h.store, { localityId: 'espoo', name: 'Espoo', venues: ['venue-a'] });
    await saveLocality(h.store, { localityId: 'uusimaa', name: 'Uusimaa', venues: ['venue-a', 'venue-b'] });
    const a = await h.enrol('venue-a');
    const b = await h.enrol('venue-b');
    await upload(a.token, [record(a, 1, { cardId: 'CARD1' })]);
    await upload(b.token, [record(b, 2, { cardId: 'CARD2' })]);
    const venuesOf = async (token: string) => (await (await stats(token, '2026-11-01', '2026-11-30')).json()).rows.map((r: { venueId: string }) => r.venueId);
    expect(await venuesOf((await coordinator('espoo')).token)).toEqual(['venue-a']);
    expect(await venuesOf((await coordinator('uusimaa')).token)).toEqual(['venue-a', 'venue-b']);
    const manager = await h.enrol('venue-b', 'manager');
    expect(await venuesOf(manager.token)).toEqual(['venue-b']);
    expect(await errorOf(await stats(a.token, '2026-11-01', '2026-11-30'))).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('refuses a coordinator everything but the statistics', async () => {
    h = await harness();
    await saveLocality(h.store, { localityId: 'espoo', name: 'Espoo', venues: ['venue-a'] });
    const { token } = await coordinator('espoo');
    for (const [method, path] of [['GET', '/v1/venue'], ['GET', '/v1/bundle'], ['GET', '/v1/usage?since=20779'], ['POST', '/v1/redemptions']] as const) {
      const r = await h.call(method, path, { token, body: method === 'POST' ? { records: [] } : undefined });
      expect(await errorOf(r)).toMatchObject({ status: 403, code: 'forbidden' });
    }
  });

  it('answers 400 to a bad or missing date, from after to, and a span over 400 days', async () => {
    h = await harness();
    const { token } = await h.enrol('venue-a', 'manager');
    for (const [from, to] of [['2026-02-30', '2026-03-01'], ['2026-1-1', '2026-12-31'], ['2026-12-01', '2026-11-01'], ['2025-01-01', '2026-02-05']]) {
      expect(await errorOf(await stats(token, from!, to!))).toMatchObject({ status: 400, code: 'bad-request' });
    }
    expect(await errorOf(await h.call('GET', '/v1/stats?from=2026-01-01', { token }))).toMatchObject({ status: 400 });
    expect((await stats(token, '2025-11-27', '2026-12-31')).status).toBe(200);
  });

  it('agrees with the obvious count over many random records, voids and declines', async () => {
    h = await harness();
    await saveLocality(h.store, { localityId: 'both', name: 'Both', venues: ['venue-a', 'venue-b'] });
    const desks = { 'venue-a': await h.enrol('venue-a'), 'venue-b': await h.enrol('venue-b') };
    const spec = fc.array(
      fc.record({
        venue: fc.constantFrom('venue-a' as const, 'venue-b' as const),
        minute: fc.integer({ min: 0, max: 120 * 24 * 60 }),
        kind: fc.constantFrom('use', 'use', 'use', 'void', 'declined'),
        card: fc.integer({ min: 1, max: 12 }),
        children: fc.integer({ min: 0, max: 3 }),
        assistants: fc.integer({ min: 0, max: 1 }),
        event: fc.constantFrom(['culture', 'ticket'], ['sports', 'ticket'], ['education', 'course']),
      }),
      { minLength: 150, maxLength: 150 },
    );
    const picks = fc.sample(spec, { numRuns: 1, seed: 20261205 })[0]!;
    const records: RedemptionRecord[] = [];
    let seq = 0;
    for (const p of picks) {
      const desk = desks[p.venue];
      const at = new Date(Date.parse('2026-09-15T00:00:00.000Z') + p.minute * 60_000).toISOString();
      const [category, type] = p.event as ['culture' | 'sports' | 'education', 'ticket' | 'course'];
      const base = { cardId: `CARD${p.card}`, at, category, type };
      const target = [...records].reverse().find((r) => r.venueId === desk.venueId && r.outcome === 'redeemed');
      if (p.kind === 'void' && target) records.push(record(desk, ++seq, { ...base, outcome: 'void', voids: target.id, adults: 0, children: 0, assistants: 0 }));
      else if (p.kind === 'declined') records.push(record(desk, ++seq, { ...base, outcome: 'declined', reason: 'card-limit', children: 0, assistants: 0 }));
      else records.push(record(desk, ++seq, { ...base, children: p.children, assistants: p.assistants }));
    }
    for (const venue of ['venue-a', 'venue-b'] as const) await upload(desks[venue].token, records.filter((r) => r.venueId === venue));
    const { token } = await coordinator('both');
    const got = await (await stats(token, '2026-10-01', '2026-12-31')).json();
    const expected = statsOracle(records, ['venue-a', 'venue-b'], dayFromIsoDate('2026-10-01')!, dayFromIsoDate('2026-12-31')!);
    expect(got.rows).toEqual(expected.rows);
    expect(got.declined).toEqual(expected.declined);
    expect(got.rows.length).toBeGreaterThan(6);
  });
});
