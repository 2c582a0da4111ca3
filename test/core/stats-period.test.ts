// The statistics screen's periods: this year so far, last year, a month, a custom from–to, all in
// Helsinki days at the clock passed in, with the month and year edges where Helsinki is already
// a day ahead of UTC.

import { describe, expect, it } from 'vitest';
import { dayFromIsoDate } from '../../src/core/calendar.ts';
import { MAX_STATS_DAYS } from '../../src/core/stats.ts';
import { monthDays, monthsOfPeriod, pickPeriod, recentMonths } from '../../src/core/stats-period.ts';

const at = (iso: string) => Date.parse(iso);
const day = (iso: string) => dayFromIsoDate(iso)!;
const ends = (p: ReturnType<typeof pickPeriod>) => (p.ok ? [p.from, p.to] : p.problem);

describe('pickPeriod', () => {
  const now = at('2026-11-22T12:00:00Z');

  it('this year runs from 1 January to today; last year is the whole calendar year', () => {
    expect(ends(pickPeriod({ kind: 'this-year' }, now))).toEqual(['2026-01-01', '2026-11-22']);
    expect(ends(pickPeriod({ kind: 'last-year' }, now))).toEqual(['2025-01-01', '2025-12-31']);
    const p = pickPeriod({ kind: 'last-year' }, now);
    expect(p.ok && [p.fromDay, p.toDay]).toEqual([day('2025-01-01'), day('2025-12-31')]);
  });

  it('a month is its first to its last day, February of a leap year and December included', () => {
    expect(ends(pickPeriod({ kind: 'month', month: '2026-11' }, now))).toEqual(['2026-11-01', '2026-11-30']);
    expect(ends(pickPeriod({ kind: 'month', month: '2028-02' }, now))).toEqual(['2028-02-01', '2028-02-29']);
    expect(ends(pickPeriod({ kind: 'month', month: '2026-02' }, now))).toEqual(['2026-02-01', '2026-02-28']);
    expect(ends(pickPeriod({ kind: 'month', month: '2026-12' }, now))).toEqual(['2026-12-01', '2026-12-31']);
    expect(ends(pickPeriod({ kind: 'month', month: '2026-13' }, now))).toBe('bad-date');
    expect(ends(pickPeriod({ kind: 'month', month: '' }, now))).toBe('bad-date');
  });

  it('a custom period is checked by the same rule as the server: real dates, in order, at most 400 days', () => {
    expect(ends(pickPeriod({ kind: 'custom', from: '2026-03-01', to: '2026-03-01' }, now))).toEqual(['2026-03-01', '2026-03-01']);
    expect(ends(pickPeriod({ kind: 'custom', from: '2026-03-02', to: '2026-03-01' }, now))).toBe('reversed');
    expect(ends(pickPeriod({ kind: 'custom', from: '2026-02-30', to: '2026-03-01' }, now))).toBe('bad-date');
    expect(ends(pickPeriod({ kind: 'custom', from: '', to: '2026-03-01' }, now))).toBe('bad-date');
    const longest = pickPeriod({ kind: 'custom', from: '2025-01-01', to: '2026-02-04' }, now);
    expect(longest.ok && longest.toDay - longest.fromDay + 1).toBe(MAX_STATS_DAYS);
    expect(ends(pickPeriod({ kind: 'custom', from: '2025-01-01', to: '2026-02-05' }, now))).toBe('too-long');
  });

  it('reads the year and the day in Helsinki: 00:30 on New Year is the new year, though UTC is still in the old one', () => {
    const newYear = at('2026-12-31T22:30:00Z'); // 00:30 on 1.1.2027 in Helsinki (UTC+2)
    expect(ends(pickPeriod({ kind: 'this-year' }, newYear))).toEqual(['2027-01-01', '2027-01-01']);
    expect(ends(pickPeriod({ kind: 'last-year' }, newYear))).toEqual(['2026-01-01', '2026-12-31']);
    const lastMinute = at('2026-12-31T21:59:00Z'); // 23:59 on 31.12.2026 in Helsinki
    expect(ends(pickPeriod({ kind: 'this-year' }, lastMinute))).toEqual(['2026-01-01', '2026-12-31']);
  });
});

describe('recentMonths', () => {
  it('lists the Helsinki month of now and the ones before it, newest first, across a year', () => {
    expect(recentMonths(at('2026-02-10T12:00:00Z'), 4)).toEqual(['2026-02', '2026-01', '2025-12', '2025-11']);
  });

  it('is already in the next month at 00:30 on its first day in Helsinki (summer time, UTC+3)', () => {
    expect(recentMonths(at('2026-06-30T21:30:00Z'), 1)).toEqual(['2026-07']);
    expect(recentMonths(at('2026-06-30T20:59:00Z'), 1)).toEqual(['2026-06']);
  });
});

describe('monthsOfPeriod and monthDays', () => {
  it('lists every month with a day in the period, the partial ones at both ends too', () => {
    expect(monthsOfPeriod(day('2025-11-15'), day('2026-02-01'))).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsOfPeriod(day('2026-03-31'), day('2026-03-31'))).toEqual(['2026-03']);
    expect(monthsOfPeriod(day('2026-01-01'), day('2026-12-31'))).toHaveLength(12);
  });

  it('gives a month as its first and last day', () => {
    expect(monthDays('2026-04')).toEqual({ fromDay: day('2026-04-01'), toDay: day('2026-04-30') });
    expect(monthDays('2026-4')).toBeNull();
  });
});
