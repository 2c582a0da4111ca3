// The venue report for a period (venue-limits.md, "What counts"): uses by day and by event, adults
// and children, categories, declines by reason, quota use per event and per day, and the same
// figures as a CSV. Pure: the caller gives the records (own, imported and other desks', in any
// order, duplicates allowed) and the venue settings.
//
// - A use is a `redeemed` record that no `void` among the records undoes; each id counts once.
// - Card tickets are adults + children; assistants are shown but never count against a quota.
// - A decline counts nothing; it is a statistic, by reason.
// - Days are Helsinki calendar days of `at` (also for an advance sale for a later event).
// - Quota use of an event counts every standing use of that event among the records given,
//   whenever it was made (advance sales before the period too): pass records from early enough.
//   Everything else counts only records whose day is in the period. A quota exceeded (two desks
//   offline at once) is shown by how much, never hidden or capped.

import { finnishDate, helsinkiDay, parseIsoTimestamp } from './calendar.ts';
import { CSV_BOM, csvLine } from './csv.ts';
import type { RedemptionRecord } from './record.ts';
import { cardTickets } from './record.ts';
import type { Reason } from './reasons.ts';
import { REASONS } from './reasons.ts';
import { standingUses, voidedIds } from './standing-uses.ts';
import type { Category, EventType, VenueSettings } from './venue.ts';
import { CATEGORIES, findEvent } from './venue.ts';

export interface Counts {
  /** Uses that stand. */
  uses: number;
  adults: number;
  children: number;
  assistants: number;
  /** adults + children. */
  cardTickets: number;
}

export interface ReportDay extends Counts {
  day: number;
  declines: number;
  declinesByReason: Partial<Record<Reason, number>>;
  /** The venue's dayQuota (all events together), or null for no limit. */
  quota: number | null;
  /** Card tickets over the day quota; 0 when within it. */
  exceeded: number;
}

export interface ReportEvent extends Counts {
  eventId: string;
  title: string;
  /** Helsinki day of the event; null when the settings no longer name it. */
  day: number | null;
  category: Category;
  type: EventType;
  quota: number | null;
  /** Card tickets of every standing use of the event among the records given (the quota's count). */
  quotaUsed: number;
  /** quotaUsed over the quota; 0 when within it or without a quota. */
  exceeded: number;
  /** The event is not in the venue's settings (removed since): the title is its id. */
  unknown: boolean;
}

export interface ReportCategory extends Counts {
  category: Category;
}

export interface ReportDecline {
  reason: Reason;
  count: number;
}

export interface Report {
  fromDay: number;
  toDay: number;
  /** Every day of the period, in order, days without records too. */
  days: ReportDay[];
  /** Events with a use or a decline in the period, and the venue's events scheduled in it; by day, start, title. */
  events: ReportEvent[];
  /** The four categories, always in the contract's order. */
  categories: ReportCategory[];
  /** Reasons that occurred, most frequent first (ties in the deciding order). */
  declines: ReportDecline[];
  totals: Counts & { declines: number; voided: number };
}

const zero = (): Counts => ({ uses: 0, adults: 0, children: 0, assistants: 0, cardTickets: 0 });

function add(c: Counts, r: RedemptionRecord): void {
  c.uses += 1;
  c.adults += r.adults;
  c.children += r.children;
  c.assistants += r.assistants;
  c.cardTickets += cardTickets(r);
}

/** The report of Helsinki days fromDay..toDay (inclusive). */
export function buildReport(records: readonly RedemptionRecord[], venue: VenueSettings | null, fromDay: number, toDay: number): Report {
  if (!Number.isInteger(fromDay) || !Number.isInteger(toDay) || fromDay > toDay) throw new RangeError(`a report period is fromDay <= toDay, not ${fromDay}..${toDay}`);
  const inPeriod = (d: number) => d >= fromDay && d <= toDay;

  // Each id once (the first seen), with its Helsinki day; a record without a valid time is left out.
  const unique = new Map<string, { r: RedemptionRecord; day: number }>();
  for (const r of records) {
    if (unique.has(r.id)) continue;
    const ms = parseIsoTimestamp(r.at);
    if (ms !== null) unique.set(r.id, { r, day: helsinkiDay(ms) });
  }
  const kept = [...unique.values()].map((u) => u.r);
  const voided = voidedIds(kept);

  const dayQuota = venue?.dayQuota ?? null;
  const days = new Map<number, ReportDay>();
  for (let d = fromDay; d <= toDay; d++) days.set(d, { day: d, ...zero(), declines: 0, declinesByReason: {}, quota: dayQuota, exceeded: 0 });
  const categories = new Map<Category, ReportCategory>(CATEGORIES.map((c) => [c, { category: c, ...zero() }]));
  const events = new Map<string, ReportEvent>();
  const declines = new Map<Reason, number>();
  const totals = { ...zero(), declines: 0, voided: 0 };

  const eventOf = (r: RedemptionRecord): ReportEvent => {
    let e = events.get(r.eventId);
    if (!e) {
      const known = venue ? findEvent(venue, r.eventId) : null;
      e = {
        eventId: r.eventId,
        title: known?.title ?? r.eventId,
        day: known?.day ?? null,
        category: known?.category ?? r.category,
        type: known?.type ?? r.type,
        quota: known?.quota ?? null,
        ...zero(),
        quotaUsed: 0,
        exceeded: 0,
        unknown: known === null,
      };
      events.set(r.eventId, e);
    }
    return e;
  };
  // The venue's events of the period are listed even with no use (a quota nobody used is a figure too).
  for (const ev of venue?.events ?? []) {
    if (inPeriod(ev.day)) eventOf({ eventId: ev.id, category: ev.category, type: ev.type } as RedemptionRecord);
  }

  for (const { r, day } of unique.values()) {
    if (r.outcome === 'redeemed') {
      if (voided.has(r.id)) {
        if (inPeriod(day)) totals.voided += 1;
        continue;
      }
      if (!inPeriod(day)) continue;
      add(days.get(day)!, r);
      add(eventOf(r), r);
      add(categories.get(r.category) ?? categories.get(venue?.defaultCategory ?? 'culture')!, r);
      add(totals, r);
    } else if (r.outcome === 'declined' && inPeriod(day) && r.reason) {
      const d = days.get(day)!;
      d.declines += 1;
      d.declinesByReason[r.reason] = (d.declinesByReason[r.reason] ?? 0) + 1;
      declines.set(r.reason, (declines.get(r.reason) ?? 0) + 1);
      totals.declines += 1;
      eventOf(r);
    }
  }

  // Quota use: every standing use of a listed event, from whatever day (advance sales too).
  for (const r of standingUses(kept)) {
    const e = events.get(r.eventId);
    if (e) e.quotaUsed += cardTickets(r);
  }
  for (const e of events.values()) e.exceeded = e.quota === null ? 0 : Math.max(0, e.quotaUsed - e.quota);
  for (const d of days.values()) d.exceeded = d.quota === null ? 0 : Math.max(0, d.cardTickets - d.quota);

  const start = (e: ReportEvent) => (venue && !e.unknown ? (findEvent(venue, e.eventId)?.start ?? '') : '');
  const order = (a: ReportEvent, b: ReportEvent) =>
    (a.day ?? Infinity) - (b.day ?? Infinity) || start(a).localeCompare(start(b)) || a.title.localeCompare(b.title) || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
  return {
    fromDay,
    toDay,
    days: [...days.values()],
    events: [...events.values()].sort(order),
    categories: [...categories.values()],
    declines: [...declines.entries()].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || REASONS.indexOf(a.reason) - REASONS.indexOf(b.reason)),
    totals,
  };
}

// ── CSV ──────────────────────────────────────────────────────────────────────────────────────────

/** The CSV's headings; Finnish by default, like the register export. */
export interface ReportCsvLabels {
  byDay: string;
  byEvent: string;
  byCategory: string;
  byReason: string;
  day: string;
  event: string;
  eventId: string;
  category: string;
  type: string;
  uses: string;
  adults: string;
  children: string;
  assistants: string;
  cardTickets: string;
  declines: string;
  quota: string;
  quotaUsed: string;
  exceeded: string;
  reason: string;
  count: string;
  total: string;
}

export const REPORT_CSV_FI: ReportCsvLabels = {
  byDay: 'Käytöt päivittäin',
  byEvent: 'Käytöt ja kiintiöt tapahtumittain',
  byCategory: 'Käytöt kategorioittain',
  byReason: 'Hylkäykset syyn mukaan',
  day: 'Päivämäärä',
  event: 'Tapahtuma',
  eventId: 'Tapahtuman tunnus',
  category: 'Kategoria',
  type: 'Tyyppi',
  uses: 'Käytöt',
  adults: 'Aikuiset',
  children: 'Lapset',
  assistants: 'Avustajat',
  cardTickets: 'Korttiliput',
  declines: 'Hylkäykset',
  quota: 'Kiintiö',
  quotaUsed: 'Kiintiöstä käytetty',
  exceeded: 'Kiintiön ylitys',
  reason: 'Syy',
  count: 'Määrä',
  total: 'Yhteensä',
};

/**
 * The report as one CSV file (BOM, `;`, CRLF) in four sections, each a title row, a header row,
 * its rows and a total row where sums make sense, separated by an empty line: the same tables the
 * screen shows, so a manager finds each figure where the chart put it. A quota without a limit is
 * an empty cell; categories, types and reasons keep the contract's codes.
 */
export function reportCsv(report: Report, labels: ReportCsvLabels = REPORT_CSV_FI): string {
  const L = labels;
  const q = (n: number | null) => (n === null ? '' : n);
  const sections: (string | number)[][][] = [
    [
      [L.byDay],
      [L.day, L.uses, L.adults, L.children, L.assistants, L.cardTickets, L.quota, L.exceeded, L.declines],
      ...report.days.map((d) => [finnishDate(d.day), d.uses, d.adults, d.children, d.assistants, d.cardTickets, q(d.quota), d.exceeded, d.declines]),
      [L.total, report.totals.uses, report.totals.adults, report.totals.children, report.totals.assistants, report.totals.cardTickets, '', report.days.reduce((s, d) => s + d.exceeded, 0), report.totals.declines],
    ],
    [
      [L.byEvent],
      [L.event, L.eventId, L.day, L.category, L.type, L.uses, L.adults, L.children, L.assistants, L.cardTickets, L.quota, L.quotaUsed, L.exceeded],
      ...report.events.map((e) => [e.title, e.eventId, e.day === null ? '' : finnishDate(e.day), e.category, e.type, e.uses, e.adults, e.children, e.assistants, e.cardTickets, q(e.quota), e.quotaUsed, e.exceeded]),
    ],
    [
      [L.byCategory],
      [L.category, L.uses, L.adults, L.children, L.assistants, L.cardTickets],
      ...report.categories.map((c) => [c.category, c.uses, c.adults, c.children, c.assistants, c.cardTickets]),
    ],
    [[L.byReason], [L.reason, L.count], ...report.declines.map((d) => [d.reason, d.count]), [L.total, report.totals.declines]],
  ];
  return CSV_BOM + sections.map((rows) => rows.map(csvLine).join('')).join('\r\n');
}
