// The statistics screen's figures from an answer of GET /v1/stats: totals, by venue, by month and
// by category with the quiet ones as zeros, declines by reason; and the check of the answer's shape.

import { beforeEach, describe, expect, it } from 'vitest';
import type { StatsAnswer, StatsRow } from '../../src/core/stats.ts';
import { statsAnswerProblem, statsCsv, statsCsvName } from '../../src/core/stats.ts';
import { summariseStats } from '../../src/core/stats-summary.ts';

const row = (venueId: string, month: string, category: StatsRow['category'], type: StatsRow['type'], uses: number, adults: number, children: number, assistants: number, cards: number): StatsRow =>
  ({ venueId, month, category, type, uses, adults, children, assistants, cards });

const answer: StatsAnswer = {
  from: '2026-10-15',
  to: '2026-12-31',
  venues: ['espoo-museum', 'espoo-quiet', 'espoo-theatre'],
  rows: [
    row('espoo-museum', '2026-11', 'science', 'ticket', 2, 2, 1, 0, 2),
    row('espoo-theatre', '2026-10', 'culture', 'ticket', 3, 3, 4, 1, 2),
    row('espoo-theatre', '2026-11', 'culture', 'ticket', 5, 5, 0, 2, 4),
    row('espoo-theatre', '2026-11', 'education', 'course', 1, 1, 0, 0, 1),
  ],
  declined: [
    { venueId: 'espoo-museum', month: '2026-11', reason: 'expired', count: 1 },
    { venueId: 'espoo-theatre', month: '2026-10', reason: 'card-limit', count: 2 },
    { venueId: 'espoo-theatre', month: '2026-11', reason: 'expired', count: 2 },
  ],
};

describe('summariseStats', () => {
  // Summed in each test, not once at collection: a mutation run sees which tests reach the code.
  let s: ReturnType<typeof summariseStats>;
  beforeEach(() => {
    s = summariseStats(answer);
  });

  it('adds up the uses and the people of every row, and the declines', () => {
    expect(s.totals).toEqual({ uses: 11, adults: 11, children: 5, assistants: 3, declines: 5 });
    expect(s.empty).toBe(false);
  });

  it('lists every venue of the answer, a quiet one with zeros', () => {
    expect(s.byVenue).toEqual([
      { venueId: 'espoo-museum', uses: 2, adults: 2, children: 1, assistants: 0 },
      { venueId: 'espoo-quiet', uses: 0, adults: 0, children: 0, assistants: 0 },
      { venueId: 'espoo-theatre', uses: 9, adults: 9, children: 4, assistants: 3 },
    ]);
  });

  it('lists every month of the period, from a partial first month to a month without uses', () => {
    expect(s.byMonth).toEqual([
      { month: '2026-10', uses: 3, adults: 3, children: 4, assistants: 1 },
      { month: '2026-11', uses: 8, adults: 8, children: 1, assistants: 2 },
      { month: '2026-12', uses: 0, adults: 0, children: 0, assistants: 0 },
    ]);
  });

  it('lists every category, in the contract order', () => {
    expect(s.byCategory.map((c) => [c.category, c.uses])).toEqual([
      ['culture', 8],
      ['education', 1],
      ['science', 2],
      ['sports', 0],
    ]);
  });

  it('adds the declines of one reason over venues and months, most first', () => {
    expect(s.declines).toEqual([
      { reason: 'expired', count: 3 },
      { reason: 'card-limit', count: 2 },
    ]);
  });

  it('never adds distinct cards up: a card in two months would count twice', () => {
    expect(JSON.stringify(s)).not.toContain('cards');
  });

  it('says when nothing happened at all', () => {
    const quiet = summariseStats({ ...answer, rows: [], declined: [] });
    expect(quiet.empty).toBe(true);
    expect(quiet.totals).toEqual({ uses: 0, adults: 0, children: 0, assistants: 0, declines: 0 });
    expect(quiet.byMonth).toHaveLength(3);
    // Declines alone are something: the period is not empty.
    expect(summariseStats({ ...answer, rows: [] }).empty).toBe(false);
    // And uses alone are something too.
    expect(summariseStats({ ...answer, declined: [] }).empty).toBe(false);
  });

  it('lists the declines most first, equal counts in the deciding order of reasons, whatever order they came in', () => {
    const declined = (reason: StatsAnswer['declined'][number]['reason'], count: number, venueId = 'espoo-theatre') => ({ venueId, month: '2026-11', reason, count });
    const s = summariseStats({
      ...answer,
      declined: [
        declined('event-full', 1),
        declined('card-limit', 1),
        declined('day-full', 2),
        declined('expired', 1),
        declined('not-registered', 4),
        declined('no-event', 2),
        declined('revoked', 1),
        declined('expired', 1, 'espoo-museum'),
      ],
    });
    expect(s.declines).toEqual([
      { reason: 'not-registered', count: 4 },
      { reason: 'expired', count: 2 },
      { reason: 'no-event', count: 2 },
      { reason: 'day-full', count: 2 },
      { reason: 'revoked', count: 1 },
      { reason: 'card-limit', count: 1 },
      { reason: 'event-full', count: 1 },
    ]);
    expect(s.totals.declines).toBe(13);
  });

  it('lists only the months its rows name when the answer\'s period is not one', () => {
    const s = summariseStats({ ...answer, from: '2026-12-31', to: '2026-10-15' });
    expect(s.byMonth).toEqual([
      { month: '2026-11', uses: 8, adults: 8, children: 1, assistants: 2 },
      { month: '2026-10', uses: 3, adults: 3, children: 4, assistants: 1 },
    ]);
    expect(summariseStats({ ...answer, from: '2026-02-30', rows: [] }).byMonth).toEqual([]);
  });
});

describe('statsAnswerProblem', () => {
  it('takes the answer of national.md', () => {
    expect(statsAnswerProblem(answer)).toBeNull();
    expect(statsAnswerProblem({ ...answer, rows: [], declined: [], venues: [] })).toBeNull();
  });

  it('names what is wrong with an answer of another shape', () => {
    expect(statsAnswerProblem(null)).toBe('the answer is not an object');
    expect(statsAnswerProblem({ ...answer, to: '2026-02-30' })).toBe('"from" and "to" are not a period');
    expect(statsAnswerProblem({ ...answer, venues: 'espoo' })).toBe('"venues" is not a list of venue ids');
    expect(statsAnswerProblem({ ...answer, rows: undefined })).toBe('"rows" and "declined" must be lists');
    expect(statsAnswerProblem({ ...answer, rows: [answer.rows[0], { ...answer.rows[1], uses: -1 }] })).toBe('"rows" item 2 is not a row of figures');
    expect(statsAnswerProblem({ ...answer, rows: [{ ...answer.rows[0], month: '2026-13' }] })).toBe('"rows" item 1 is not a row of figures');
    expect(statsAnswerProblem({ ...answer, rows: [{ ...answer.rows[0], category: 'opera' }] })).toBe('"rows" item 1 is not a row of figures');
    expect(statsAnswerProblem({ ...answer, declined: [{ ...answer.declined[0], reason: 'rude' }] })).toBe('"declined" item 1 is not a row of declines');
  });
});

describe('the CSV and its name', () => {
  it('writes the rows as the support service takes them, named by whose figures and the period', () => {
    expect(statsCsv(answer.rows.slice(0, 1))).toBe('\uFEFFvenue;month;category;type;uses;adults;children;assistants;cards\r\nespoo-museum;2026-11;science;ticket;2;2;1;0;2\r\n');
    expect(statsCsvName('espoo', '2026-01-01', '2026-12-31')).toBe('kaikukortti-espoo-2026-01-01-2026-12-31.csv');
  });
});
