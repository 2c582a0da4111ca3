// Small rules of the core that a slip would break silently: each one here is what staff or the
// server would see go wrong.

import { describe, expect, it } from 'vitest';
import { type TrustBundle, clockProblem } from '../../src/core/bundle.ts';
import { checkCard } from '../../src/core/card-check.ts';
import { recordProblem } from '../../src/core/record-shape.ts';
import { aRecord } from '../support/records.ts';

describe('the core guards', () => {
  it('names the typed card when there is no offline data yet, so staff can still note who it was', async () => {
    const got = await checkCard('AB12345', { bundle: null, today: 20779, stale: false });
    expect(got).toMatchObject({ verdict: 'rejected', reason: 'no-bundle', cardId: 'AB12345', source: 'register' });
  });

  it('warns of a clock before the bundle only past a day of grace (time zones, a bundle made at night)', () => {
    const bundle = { issuedAtMs: Date.parse('2026-11-22T10:00:00.000Z') } as TrustBundle;
    expect(clockProblem(bundle.issuedAtMs - 23 * 3_600_000, bundle, null)).toBeNull();
    expect(clockProblem(bundle.issuedAtMs - 25 * 3_600_000, bundle, null)).toBe('before-bundle');
  });

  it('never takes a decline for a desk-side problem as a record (children on a course, too many children)', () => {
    const taken = (['children-not-allowed', 'children-limit', 'no-event'] as const).filter((reason) => !recordProblem(aRecord({ outcome: 'declined', reason, children: 0 }))?.includes('is never recorded as a decline'));
    expect(taken, 'declines taken as records').toEqual([]);
    expect(recordProblem(aRecord({ outcome: 'declined', reason: 'card-limit', children: 0 }))).toBeNull();
  });

  it('takes an event id of up to 128 characters, and no longer', () => {
    expect(recordProblem(aRecord({ eventId: 'e'.repeat(128) }))).toBeNull();
    expect(recordProblem(aRecord({ eventId: 'e'.repeat(129) }))).toBe('"eventId" must be text of 1-128 characters');
  });
});
