// The statistics screen's figures from one answer of GET /v1/stats: the totals, and the uses and
// people by venue, by month and by category, and the declines by reason. Every venue the answer
// covers, every month of the period and every category is listed, with zeros where nothing
// happened, so a quiet month shows as one.
//
// Distinct cards are not added up here: the server counts them per venue, month, category and
// type, and a card used in two months is one card in each. A sum of those would count it twice,
// so the cards are shown only on the answer's own rows.

import type { Reason } from './reasons.ts';
import { REASONS } from './reasons.ts';
import type { StatsAnswer, StatsRow } from './stats.ts';
import { statsPeriod } from './stats.ts';
import { monthsOfPeriod } from './stats-period.ts';
import type { Category } from './venue.ts';
import { CATEGORIES } from './venue.ts';

export interface PeopleCounts {
  /** Uses that stand. */
  uses: number;
  adults: number;
  children: number;
  assistants: number;
}

export interface StatsSummary {
  totals: PeopleCounts & { declines: number };
  byVenue: (PeopleCounts & { venueId: string })[];
  byMonth: (PeopleCounts & { month: string })[];
  byCategory: (PeopleCounts & { category: Category })[];
  /** Most first; equal counts in the deciding order of reasons.ts. */
  declines: { reason: Reason; count: number }[];
  /** Nothing at all happened in the period: no use and no decline. */
  empty: boolean;
}

const zero = (): PeopleCounts => ({ uses: 0, adults: 0, children: 0, assistants: 0 });

function add(to: PeopleCounts, row: StatsRow): void {
  to.uses += row.uses;
  to.adults += row.adults;
  to.children += row.children;
  to.assistants += row.assistants;
}

/** A group for each key, in the order given; a row with a key not given adds its own at the end. */
function groups<K extends string>(keys: readonly K[], rows: readonly StatsRow[], keyOf: (r: StatsRow) => K): Map<K, PeopleCounts> {
  const out = new Map<K, PeopleCounts>(keys.map((k) => [k, zero()]));
  for (const r of rows) {
    const k = keyOf(r);
    if (!out.has(k)) out.set(k, zero());
    add(out.get(k)!, r);
  }
  return out;
}

export function summariseStats(answer: StatsAnswer): StatsSummary {
  const period = statsPeriod(answer.from, answer.to);
  const months = period.ok ? monthsOfPeriod(period.fromDay, period.toDay) : [];
  const totals = { ...zero(), declines: 0 };
  for (const r of answer.rows) add(totals, r);
  const reasons = new Map<Reason, number>();
  for (const d of answer.declined) {
    reasons.set(d.reason, (reasons.get(d.reason) ?? 0) + d.count);
    totals.declines += d.count;
  }
  return {
    totals,
    byVenue: [...groups(answer.venues, answer.rows, (r) => r.venueId)].map(([venueId, c]) => ({ venueId, ...c })),
    byMonth: [...groups(months, answer.rows, (r) => r.month)].map(([month, c]) => ({ month, ...c })),
    byCategory: [...groups(CATEGORIES, answer.rows, (r) => r.category)].map(([category, c]) => ({ category, ...c })),
    declines: [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || REASONS.indexOf(a.reason) - REASONS.indexOf(b.reason)),
    empty: answer.rows.length === 0 && answer.declined.length === 0,
  };
}
