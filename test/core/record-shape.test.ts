import { describe, expect, it } from 'vitest';
import type { RedemptionRecord } from '../../src/core/record.ts';
import { EXAMPLE_RECORD } from '../support/records.ts';
import { RECORD_FIELDS, recordProblem, sameContent } from '../../src/core/record-shape.ts';

// The example of sync-api.md.
const redeemed: RedemptionRecord = EXAMPLE_RECORD;
const declined: RedemptionRecord = { ...redeemed, id: 'D1', outcome: 'declined', reason: 'card-limit', children: 0 };
const voided: RedemptionRecord = { ...redeemed, id: 'V1', outcome: 'void', voids: redeemed.id, kid: null, issued: null, adults: 0, children: 0 };

const withField = (r: RedemptionRecord, field: string, value: unknown) => ({ ...r, [field]: value });

describe('recordProblem', () => {
  it('accepts the example record and each outcome done right', () => {
    expect(recordProblem(redeemed)).toBeNull();
    expect(recordProblem(declined)).toBeNull();
    expect(recordProblem(voided)).toBeNull();
    expect(recordProblem({ ...redeemed, source: 'register', kid: null, issued: null })).toBeNull();
    expect(recordProblem({ ...redeemed, source: 'manual', kid: null, issued: null, assistants: 3 })).toBeNull();
  });

  it('refuses what is not an object', () => {
    for (const v of [null, 1, 'x', [redeemed]]) expect(recordProblem(v)).toMatch(/object/);
  });

  it.each(RECORD_FIELDS.map((f) => [f]))('names a missing "%s"', (field) => {
    const r: Record<string, unknown> = { ...redeemed };
    delete r[field];
    expect(recordProblem(r)).toBe(`"${field}" is missing`);
  });

  it('refuses any other field, such as personal data', () => {
    expect(recordProblem({ ...redeemed, name: 'Maija' })).toMatch(/"name" is not a field/);
  });

  it.each([
    ['id', ''],
    ['id', 'x'.repeat(65)],
    ['id', 'has space'],
    ['deviceId', 7],
    ['seq', 0],
    ['seq', 1.5],
    ['seq', '3'],
    ['venueId', ''],
    ['eventId', ''],
    ['at', '2026-11-22T17:03:12Z'],
    ['at', '2026-11-22T17:03:12.123+02:00'],
    ['at', '2026-02-30T17:03:12.123Z'],
    ['at', '2026-11-22T24:03:12.123Z'],
    ['outcome', 'used'],
    ['reason', 'too-tired'],
    ['voids', ''],
    ['cardId', 'ab12345'],
    ['cardId', 'AB1'],
    ['source', 'camera'],
    ['kid', 70000],
    ['kid', '1'],
    ['issued', -1],
    ['adults', 2],
    ['children', -1],
    ['children', 100],
    ['assistants', 1.5],
    ['category', 'music'],
    ['type', 'concert'],
  ])('names "%s" when it is %j', (field, value) => {
    expect(recordProblem(withField(redeemed, field, value))).toMatch(new RegExp(`"${field}"`));
  });

  it('keeps kid and issued together, and only for codes', () => {
    expect(recordProblem({ ...redeemed, kid: null })).toMatch(/both/);
    expect(recordProblem({ ...redeemed, source: 'register' })).toMatch(/unless "source" is "code"/);
  });

  it('applies the rules of a redeemed record', () => {
    expect(recordProblem({ ...redeemed, reason: 'expired' })).toMatch(/"reason" null/);
    expect(recordProblem({ ...redeemed, voids: 'X' })).toMatch(/"voids" null/);
    expect(recordProblem({ ...redeemed, adults: 0 })).toMatch(/"adults" 1/);
  });

  it('applies the rules of a declined record', () => {
    expect(recordProblem({ ...declined, reason: null })).toMatch(/needs a "reason"/);
    expect(recordProblem({ ...declined, children: 1 })).toMatch(/holder alone/);
    expect(recordProblem({ ...declined, assistants: 1 })).toMatch(/holder alone/);
    expect(recordProblem({ ...declined, adults: 0 })).toMatch(/holder alone/);
    expect(recordProblem({ ...declined, voids: 'X' })).toMatch(/"voids" null/);
    for (const reason of ['not-a-card', 'no-bundle', 'bad-format', 'unsupported-version', 'no-event', 'children-limit'])
      expect(recordProblem({ ...declined, reason })).toMatch(/never recorded/);
    for (const reason of ['unknown-key', 'bad-signature', 'revoked', 'expired', 'not-registered', 'event-excluded', 'event-full', 'day-full'])
      expect(recordProblem({ ...declined, reason })).toBeNull();
  });

  it('applies the rules of a void record', () => {
    expect(recordProblem({ ...voided, voids: null })).toMatch(/needs "voids"/);
    expect(recordProblem({ ...voided, voids: voided.id })).toMatch(/itself/);
    expect(recordProblem({ ...voided, reason: 'expired' })).toMatch(/"reason" null/);
    expect(recordProblem({ ...voided, adults: 1 })).toMatch(/counts nothing/);
  });
});

describe('sameContent', () => {
  it('is true for equal fields whatever their order', () => {
    const reordered = Object.fromEntries(Object.entries(redeemed).reverse()) as unknown as RedemptionRecord;
    expect(sameContent(redeemed, reordered)).toBe(true);
  });

  it.each(RECORD_FIELDS.map((f) => [f]))('is false when "%s" differs', (field) => {
    const other = { ...redeemed, [field]: field === 'seq' || field === 'adults' || field === 'children' || field === 'assistants' || field === 'kid' || field === 'issued' ? 99 : 'other' };
    expect(sameContent(redeemed, other as RedemptionRecord)).toBe(false);
  });
});
