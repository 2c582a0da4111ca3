// The aggregate statistics a locality's coordinators deliver to the national support service
// (national.md): per venue, Helsinki month, category and type, the uses that stand and the
// people they admitted, and the declines per reason. Figures only: nothing names a card holder.
// The server works them out in SQL; this module holds their shape, their period and their CSV.

import { dayFromIsoDate, isoDateOfDay } from './calendar.ts';
import { CSV_BOM, csvLine } from './csv.ts';
import type { Reason } from './reasons.ts';
import type { Category, EventType } from './venue.ts';

export interface StatsRow {
  venueId: string;
  /** Helsinki month, YYYY-MM. */
  month: string;
  category: Category;
  type: EventType;
  /** Uses that stand (standing-uses.ts). */
  uses: number;
  adults: number;
  children: number;
  assistants: number;
  /** Distinct card IDs among those uses. */
  cards: number;
}

export interface DeclinedRow {
  venueId: string;
  month: string;
  reason: Reason;
  count: number;
}

export interface StatsAnswer {
  from: string;
  to: string;
  /** The venues the figures cover, sorted. */
  venues: string[];
  rows: StatsRow[];
  declined: DeclinedRow[];
}

/** The longest period one answer covers (a year and a bit, so a calendar year always fits). */
export const MAX_STATS_DAYS = 400;

export type StatsPeriod = { ok: true; fromDay: number; toDay: number } | { ok: false; problem: string };

/** The Helsinki days `from` to `to` inclusive, from the query's ISO dates, or what is wrong. */
export function statsPeriod(from: string | null, to: string | null): StatsPeriod {
  const fromDay = from === null ? null : dayFromIsoDate(from);
  const toDay = to === null ? null : dayFromIsoDate(to);
  if (fromDay === null || toDay === null) return { ok: false, problem: '"from" and "to" must be dates like 2026-01-01' };
  if (fromDay > toDay) return { ok: false, problem: '"from" must not be after "to"' };
  if (toDay - fromDay + 1 > MAX_STATS_DAYS) return { ok: false, problem: `the period may be at most ${MAX_STATS_DAYS} days` };
  return { ok: true, fromDay, toDay };
}

/** The Helsinki month (YYYY-MM) of a Helsinki day number. */
export function monthOfDay(day: number): string {
  return isoDateOfDay(day).slice(0, 7);
}

export const STATS_CSV_HEADER = ['venue', 'month', 'category', 'type', 'uses', 'adults', 'children', 'assistants', 'cards'] as const;

/** The rows as the support service takes them: the desk's CSV dialect (csv.ts), with its BOM. */
export function statsCsv(rows: readonly StatsRow[]): string {
  return CSV_BOM + csvLine(STATS_CSV_HEADER) + rows.map((r) => csvLine([r.venueId, r.month, r.category, r.type, r.uses, r.adults, r.children, r.assistants, r.cards])).join('');
}

/** The sort of national.md: rows by venue, month, category, type; declines by venue, month, reason. */
export function compareStatsRows(a: StatsRow, b: StatsRow): number {
  return cmp(a.venueId, b.venueId) || cmp(a.month, b.month) || cmp(a.category, b.category) || cmp(a.type, b.type);
}

export function compareDeclinedRows(a: DeclinedRow, b: DeclinedRow): number {
  return cmp(a.venueId, b.venueId) || cmp(a.month, b.month) || cmp(a.reason, b.reason);
}

// Code-unit order, as SQLite's BINARY and PostgreSQL's "C" collation sort.
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
