// The aggregate statistics a locality's coordinators deliver to the national support service
// (national.md): per venue, Helsinki month, category and type, the uses that stand and the
// people they admitted, and the declines per reason. Figures only: nothing names a card holder.
// The server works them out in SQL; this module holds their shape, their period and their CSV.

import { dayFromIsoDate, isoDateOfDay } from './calendar.ts';
import { CSV_BOM, csvLine } from './csv.ts';
import type { Reason } from './reasons.ts';
import { isReason } from './reasons.ts';
import type { Category, EventType } from './venue.ts';
import { CATEGORIES, EVENT_TYPES } from './venue.ts';

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

/** What is wrong with a period, as a code the app words in its language. */
export type PeriodProblem = 'bad-date' | 'reversed' | 'too-long';

export type StatsPeriod = { ok: true; fromDay: number; toDay: number } | { ok: false; code: PeriodProblem; problem: string };

/** The Helsinki days `from` to `to` inclusive, from the query's ISO dates, or what is wrong. */
export function statsPeriod(from: string | null, to: string | null): StatsPeriod {
  const fromDay = from === null ? null : dayFromIsoDate(from);
  const toDay = to === null ? null : dayFromIsoDate(to);
  if (fromDay === null || toDay === null) return { ok: false, code: 'bad-date', problem: '"from" and "to" must be dates like 2026-01-01' };
  if (fromDay > toDay) return { ok: false, code: 'reversed', problem: '"from" must not be after "to"' };
  if (toDay - fromDay + 1 > MAX_STATS_DAYS) return { ok: false, code: 'too-long', problem: `the period may be at most ${MAX_STATS_DAYS} days` };
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

/** The CSV's file name: whose figures (the locality, or the manager's venue) and the period. */
export function statsCsvName(scopeId: string, from: string, to: string): string {
  return `kaikukortti-${scopeId}-${from}-${to}.csv`;
}

const COUNT_FIELDS = ['uses', 'adults', 'children', 'assistants', 'cards'] as const;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const isCount = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isId = (v: unknown) => typeof v === 'string' && v !== '';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPlace = (r: Record<string, unknown>) => isId(r.venueId) && typeof r.month === 'string' && MONTH.test(r.month);

function isRow(r: unknown): boolean {
  return isObject(r) && isPlace(r) && (CATEGORIES as readonly unknown[]).includes(r.category) && (EVENT_TYPES as readonly unknown[]).includes(r.type) && COUNT_FIELDS.every((k) => isCount(r[k]));
}

function isDeclinedRow(r: unknown): boolean {
  return isObject(r) && isPlace(r) && isReason(r.reason) && isCount(r.count);
}

/** Why an answer of GET /v1/stats is not of national.md's shape, or null when it is. */
export function statsAnswerProblem(value: unknown): string | null {
  if (!isObject(value)) return 'the answer is not an object';
  const { from, to, venues, rows, declined } = value;
  if (!statsPeriod(typeof from === 'string' ? from : null, typeof to === 'string' ? to : null).ok) return '"from" and "to" are not a period';
  if (!Array.isArray(venues) || !venues.every(isId)) return '"venues" is not a list of venue ids';
  if (!Array.isArray(rows) || !Array.isArray(declined)) return '"rows" and "declined" must be lists';
  const badRow = rows.findIndex((r) => !isRow(r));
  if (badRow >= 0) return `"rows" item ${badRow + 1} is not a row of figures`;
  const badDecline = declined.findIndex((r) => !isDeclinedRow(r));
  if (badDecline >= 0) return `"declined" item ${badDecline + 1} is not a row of declines`;
  return null;
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
