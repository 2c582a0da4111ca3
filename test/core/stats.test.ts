// national.md's period rule with the words the server answers with, and the shape check of an
// answer of GET /v1/stats at every field: what the statistics screen refuses to show as figures.

import { describe, expect, it } from 'vitest';
import { dayFromIsoDate } from '../../src/core/calendar.ts';
import type { StatsAnswer } from '../../src/core/stats.ts';
import { MAX_STATS_DAYS, statsAnswerProblem, statsPeriod } from '../../src/core/stats.ts';

const day = (iso: string) => dayFromIsoDate(iso)!;

const answer: StatsAnswer = {
  from: '2026-10-15',
  to: '2026-12-31',
  venues: ['espoo-museum', 'espoo-theatre'],
  rows: [{ venueId: 'espoo-museum', month: '2026-11', category: 'science', type: 'ticket', uses: 2, adults: 2, children: 1, assistants: 0, cards: 2 }],
  declined: [{ venueId: 'espoo-theatre', month: '2026-10', reason: 'card-limit', count: 2 }],
};
const ROW = 'is not a row of figures';
const DECLINE = 'is not a row of declines';

describe('statsPeriod', () => {
  it('gives the Helsinki days of a period, both ends included', () => {
    expect(statsPeriod('2026-10-15', '2026-12-31')).toEqual({ ok: true, fromDay: day('2026-10-15'), toDay: day('2026-12-31') });
  });

  it('refuses a missing or impossible date with words the caller can show', () => {
    const badDate = { ok: false, code: 'bad-date', problem: '"from" and "to" must be dates like 2026-01-01' };
    expect(statsPeriod('2026-02-30', '2026-03-01')).toEqual(badDate);
    expect(statsPeriod('2026-03-01', '2026-13-01')).toEqual(badDate);
    expect(statsPeriod(null, '2026-03-01')).toEqual(badDate);
    expect(statsPeriod('2026-03-01', null)).toEqual(badDate);
  });

  it('refuses a period that ends before it starts', () => {
    expect(statsPeriod('2026-03-02', '2026-03-01')).toEqual({ ok: false, code: 'reversed', problem: '"from" must not be after "to"' });
  });

  it('refuses a period longer than 400 days, and says how long one may be', () => {
    expect(statsPeriod('2025-01-01', '2026-02-05')).toEqual({ ok: false, code: 'too-long', problem: 'the period may be at most 400 days' });
    expect(statsPeriod('2025-01-01', '2026-02-04')).toEqual({ ok: true, fromDay: day('2025-01-01'), toDay: day('2025-01-01') + MAX_STATS_DAYS - 1 });
  });
});

describe('statsAnswerProblem at every field', () => {
  it('takes a well-formed answer', () => {
    expect(statsAnswerProblem(answer)).toBeNull();
  });

  it('refuses a list or a text as the answer, even a list carrying the fields', () => {
    expect(statsAnswerProblem([])).toBe('the answer is not an object');
    expect(statsAnswerProblem(Object.assign([], answer))).toBe('the answer is not an object');
    expect(statsAnswerProblem('{"from":"2026-10-15"}')).toBe('the answer is not an object');
  });

  it('refuses period ends that only look like dates when turned into text', () => {
    expect(statsAnswerProblem({ ...answer, from: ['2026-10-15'] })).toBe('"from" and "to" are not a period');
    expect(statsAnswerProblem({ ...answer, to: ['2026-12-31'] })).toBe('"from" and "to" are not a period');
  });

  it('refuses an empty or a numeric venue id in the list of venues', () => {
    expect(statsAnswerProblem({ ...answer, venues: ['espoo-museum', ''] })).toBe('"venues" is not a list of venue ids');
    expect(statsAnswerProblem({ ...answer, venues: ['espoo-museum', 5] })).toBe('"venues" is not a list of venue ids');
  });

  it('refuses a row of figures with a fractional or too large count', () => {
    const first = answer.rows[0];
    expect(statsAnswerProblem({ ...answer, rows: [first, { ...first, adults: 1.5 }] })).toBe(`"rows" item 2 ${ROW}`);
    expect(statsAnswerProblem({ ...answer, rows: [{ ...first, cards: 2 ** 53 }] })).toBe(`"rows" item 1 ${ROW}`);
    expect(statsAnswerProblem({ ...answer, rows: [{ ...first, uses: Number.MAX_SAFE_INTEGER }] })).toBeNull();
  });

  it('refuses a row of figures without a venue or with a month that is not text', () => {
    const first = answer.rows[0];
    expect(statsAnswerProblem({ ...answer, rows: [{ ...first, venueId: '' }] })).toBe(`"rows" item 1 ${ROW}`);
    expect(statsAnswerProblem({ ...answer, rows: [{ ...first, venueId: 7 }] })).toBe(`"rows" item 1 ${ROW}`);
    expect(statsAnswerProblem({ ...answer, rows: [{ ...first, month: ['2026-11'] }] })).toBe(`"rows" item 1 ${ROW}`);
  });

  it('refuses a decline that is nothing, has no venue, or counts a fraction', () => {
    const first = answer.declined[0];
    expect(statsAnswerProblem({ ...answer, declined: [first, null] })).toBe(`"declined" item 2 ${DECLINE}`);
    expect(statsAnswerProblem({ ...answer, declined: ['card-limit'] })).toBe(`"declined" item 1 ${DECLINE}`);
    expect(statsAnswerProblem({ ...answer, declined: [{ ...first, venueId: '' }] })).toBe(`"declined" item 1 ${DECLINE}`);
    expect(statsAnswerProblem({ ...answer, declined: [{ ...first, month: '2026-1' }] })).toBe(`"declined" item 1 ${DECLINE}`);
    expect(statsAnswerProblem({ ...answer, declined: [{ ...first, count: 0.5 }] })).toBe(`"declined" item 1 ${DECLINE}`);
  });
});
