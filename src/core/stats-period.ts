// The periods the statistics screen offers: this year so far, last year, one calendar month, or
// any from–to. All in Helsinki days: on 1 January at 00:30 in Helsinki it is already the new year,
// though still 31 December in UTC. The clock is passed in; national.md's limits (statsPeriod) decide
// whether a chosen from–to may be asked for.

import { civilFromDay, dayFromCivil, helsinkiDay, isoDateOfDay } from './calendar.ts';
import type { PeriodProblem } from './stats.ts';
import { statsPeriod } from './stats.ts';

export type PeriodChoice =
  | { kind: 'this-year' }
  | { kind: 'last-year' }
  /** A calendar month, YYYY-MM. */
  | { kind: 'month'; month: string }
  /** ISO dates as typed, both ends included. */
  | { kind: 'custom'; from: string; to: string };

export type PickedPeriod = { ok: true; from: string; to: string; fromDay: number; toDay: number } | { ok: false; problem: PeriodProblem };

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The first day of the month after `month` (1-12) of `year`. */
function nextMonthStart(year: number, month: number): number {
  return month === 12 ? dayFromCivil(year + 1, 1, 1) : dayFromCivil(year, month + 1, 1);
}

function span(fromDay: number, toDay: number): PickedPeriod {
  return { ok: true, from: isoDateOfDay(fromDay), to: isoDateOfDay(toDay), fromDay, toDay };
}

/** The first and last Helsinki day of a month (YYYY-MM), or null when it is not one. */
export function monthDays(month: string): { fromDay: number; toDay: number } | null {
  const m = MONTH.exec(month);
  if (!m) return null;
  const year = Number(m[1]);
  const n = Number(m[2]);
  return { fromDay: dayFromCivil(year, n, 1), toDay: nextMonthStart(year, n) - 1 };
}

/** The Helsinki days a choice covers at `nowMs`: this year runs from 1 January to today. */
export function pickPeriod(choice: PeriodChoice, nowMs: number): PickedPeriod {
  const today = helsinkiDay(nowMs);
  const { year } = civilFromDay(today);
  switch (choice.kind) {
    case 'this-year':
      return span(dayFromCivil(year, 1, 1), today);
    case 'last-year':
      return span(dayFromCivil(year - 1, 1, 1), dayFromCivil(year, 1, 1) - 1);
    case 'month': {
      const days = monthDays(choice.month);
      return days ? span(days.fromDay, days.toDay) : { ok: false, problem: 'bad-date' };
    }
    case 'custom': {
      const p = statsPeriod(choice.from, choice.to);
      return p.ok ? span(p.fromDay, p.toDay) : { ok: false, problem: p.code };
    }
  }
}

/** The month of `nowMs` in Helsinki and the `count - 1` before it, newest first (YYYY-MM). */
export function recentMonths(nowMs: number, count: number): string[] {
  const { year, month } = civilFromDay(helsinkiDay(nowMs));
  return Array.from({ length: count }, (_, i) => {
    const index = year * 12 + (month - 1) - i;
    return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

/** Every month (YYYY-MM) that has a day in fromDay..toDay, oldest first. */
export function monthsOfPeriod(fromDay: number, toDay: number): string[] {
  const months: string[] = [];
  for (let day = fromDay; day <= toDay; ) {
    const { year, month } = civilFromDay(day);
    months.push(isoDateOfDay(day).slice(0, 7));
    day = nextMonthStart(year, month);
  }
  return months;
}
