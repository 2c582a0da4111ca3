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
    for (const v of [null, 1, 'x', [redeemed]]) expect(recordProblem(v)).toBe('a record must be a JSON object');
  });

  it.each(RECORD_FIELDS.map((f) => [f]))('names a missing "%s"', (field) => {
    const r: Record<string, unknown> = { ...redeemed };
    delete r[field];
    expect(recordProblem(r)).toBe(`"${field}" is missing`);
  });

  it('refuses any other field, such as personal data', () => {
    expect(recordProblem({ ...redeemed, name: 'Maija' })).toBe('"name" is not a field of a record (records hold no other data)');
  });

  const ascii = (field: string) => `"${field}" must be 1-64 visible ASCII characters`;
  const AT = '"at" must be an ISO 8601 UTC moment with milliseconds, like 2026-11-22T17:03:12.123Z';
  const REASON = '"reason" must be null or a reason code of verdicts.md';
  const VOIDS = '"voids" must be null or a record id of 1-64 characters';
  const CARD_ID = '"cardId" must be a card ID of 4-16 characters of 0-9 and A-Z';
  const KID = '"kid" must be null or a whole number of 0-65535';
  const ISSUED = '"issued" must be null or a day number of 0-65535';

  it.each([
    ['id', '', ascii('id')],
    ['id', 'x'.repeat(65), ascii('id')],
    ['id', 'has space', ascii('id')],
    ['id', null, ascii('id')],
    ['id', ['A1'], ascii('id')],
    ['deviceId', 7, ascii('deviceId')],
    ['deviceId', ['d-7f3a9c'], ascii('deviceId')],
    ['seq', 0, '"seq" must be a whole number of at least 1'],
    ['seq', 1.5, '"seq" must be a whole number of at least 1'],
    ['seq', '3', '"seq" must be a whole number of at least 1'],
    ['venueId', '', ascii('venueId')],
    ['eventId', '', '"eventId" must be text of 1-128 characters'],
    ['eventId', 'e'.repeat(129), '"eventId" must be text of 1-128 characters'],
    ['eventId', 7, '"eventId" must be text of 1-128 characters'],
    ['eventId', ['hamlet'], '"eventId" must be text of 1-128 characters'],
    ['at', '2026-11-22T17:03:12Z', AT],
    ['at', '2026-11-22T17:03:12.123+02:00', AT],
    ['at', '2026-02-30T17:03:12.123Z', AT],
    ['at', '2026-11-22T24:03:12.123Z', AT],
    ['at', ['2026-11-22T17:03:12.123Z'], AT],
    ['outcome', 'used', '"outcome" must be one of redeemed, declined, void'],
    ['reason', 'too-tired', REASON],
    ['voids', '', VOIDS],
    ['voids', 'has space', VOIDS],
    ['cardId', 'ab12345', CARD_ID],
    ['cardId', 'AB1', CARD_ID],
    ['cardId', 1234567, CARD_ID],
    ['source', 'camera', '"source" must be one of code, register, manual'],
    ['kid', 70000, KID],
    ['kid', '1', KID],
    ['kid', 1.5, KID],
    ['kid', -1, KID],
    ['issued', -1, ISSUED],
    ['issued', 65536, ISSUED],
    ['issued', 20750.5, ISSUED],
    ['adults', 2, '"adults" must be 0 or 1'],
    ['adults', '1', '"adults" must be 0 or 1'],
    ['children', -1, '"children" must be a whole number of 0-99'],
    ['children', 100, '"children" must be a whole number of 0-99'],
    ['assistants', 1.5, '"assistants" must be a whole number of 0-99'],
    ['category', 'music', '"category" must be one of culture, education, science, sports'],
    ['type', 'concert', '"type" must be one of ticket, course, season'],
  ])('refuses a record whose "%s" is %j, saying what the field must be', (field, value, message) => {
    expect(recordProblem(withField(redeemed, field, value))).toBe(message);
  });

  it('refuses a bad "voids" on a void record by its own rule, not by the outcome\'s', () => {
    expect(recordProblem({ ...voided, voids: '' })).toBe(VOIDS);
    expect(recordProblem({ ...voided, voids: 'x'.repeat(65) })).toBe(VOIDS);
  });

  it('refuses an unknown reason on a declined record as an unknown code', () => {
    expect(recordProblem({ ...declined, reason: 'too-tired' })).toBe(REASON);
  });

  it.each([
    ['a one-character id', { id: 'A' }],
    ['a 64-character id', { id: 'x'.repeat(64) }],
    ['a 64-character device id', { deviceId: 'd'.repeat(64) }],
    ['a 64-character venue id', { venueId: 'v'.repeat(64) }],
    ['a one-character event id', { eventId: 'e' }],
    ['a 128-character event id', { eventId: 'e'.repeat(128) }],
    ['key 0 and issue day 0', { kid: 0, issued: 0 }],
    ['key 65535 and issue day 65535', { kid: 65535, issued: 65535 }],
    ['99 children and 99 assistants', { children: 99, assistants: 99 }],
  ])('accepts a record with %s', (_what, change) => {
    expect(recordProblem({ ...redeemed, ...change })).toBeNull();
  });

  it('accepts a void record that undoes a use with a 64-character id', () => {
    expect(recordProblem({ ...voided, voids: 'x'.repeat(64) })).toBeNull();
  });

  it('keeps kid and issued together, and only for codes', () => {
    expect(recordProblem({ ...redeemed, kid: null })).toBe('"kid" and "issued" must both be set (from a code) or both be null');
    expect(recordProblem({ ...redeemed, issued: null })).toBe('"kid" and "issued" must both be set (from a code) or both be null');
    expect(recordProblem({ ...redeemed, source: 'register' })).toBe('"kid" and "issued" must be null unless "source" is "code"');
  });

  it('applies the rules of a redeemed record', () => {
    expect(recordProblem({ ...redeemed, reason: 'expired' })).toBe('a "redeemed" record must have "reason" null');
    expect(recordProblem({ ...redeemed, voids: 'X' })).toBe('a "redeemed" record must have "voids" null');
    expect(recordProblem({ ...redeemed, adults: 0 })).toBe('a "redeemed" record must have "adults" 1 (the holder or the staff member)');
  });

  const HOLDER_ALONE = 'a "declined" record counts the holder alone: "adults" 1, "children" 0, "assistants" 0';

  it('applies the rules of a declined record', () => {
    expect(recordProblem({ ...declined, reason: null })).toBe('a "declined" record needs a "reason"');
    expect(recordProblem({ ...declined, children: 1 })).toBe(HOLDER_ALONE);
    expect(recordProblem({ ...declined, assistants: 1 })).toBe(HOLDER_ALONE);
    expect(recordProblem({ ...declined, adults: 0 })).toBe(HOLDER_ALONE);
    expect(recordProblem({ ...declined, voids: 'X' })).toBe('a "declined" record must have "voids" null');
    for (const reason of ['unknown-key', 'bad-signature', 'key-not-valid', 'revoked', 'not-yet-valid', 'expired', 'not-registered', 'event-excluded', 'card-limit', 'event-full', 'day-full'])
      expect(recordProblem({ ...declined, reason })).toBeNull();
  });

  it.each(['not-a-card', 'no-bundle', 'bad-format', 'unsupported-version', 'no-event', 'children-not-allowed', 'children-limit'])(
    'refuses a decline for "%s", which is never recorded',
    (reason) => {
      expect(recordProblem({ ...declined, reason })).toBe(`"${reason}" is never recorded as a decline (only rejections at scan with a card and an event are)`);
    },
  );

  const COUNTS_NOTHING = 'a "void" record counts nothing: "adults", "children" and "assistants" 0';

  it('applies the rules of a void record', () => {
    expect(recordProblem({ ...voided, voids: null })).toBe('a "void" record needs "voids": the id of the use it undoes');
    expect(recordProblem({ ...voided, voids: voided.id })).toBe('a "void" record cannot undo itself');
    expect(recordProblem({ ...voided, reason: 'expired' })).toBe('a "void" record must have "reason" null');
    expect(recordProblem({ ...voided, adults: 1 })).toBe(COUNTS_NOTHING);
    expect(recordProblem({ ...voided, children: 1 })).toBe(COUNTS_NOTHING);
    expect(recordProblem({ ...voided, assistants: 1 })).toBe(COUNTS_NOTHING);
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
