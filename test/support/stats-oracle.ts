// The statistics of national.md worked out the slow, obvious way from the records themselves, with
// the core's own rule for which uses stand: what the server's SQL must agree with.

import { helsinkiDay, parseIsoTimestamp } from '../../src/core/calendar.ts';
import type { RedemptionRecord } from '../../src/core/record.ts';
import { standingUses } from '../../src/core/standing-uses.ts';
import { type DeclinedRow, type StatsRow, compareDeclinedRows, compareStatsRows, monthOfDay } from '../../src/core/stats.ts';

export function statsOracle(records: readonly RedemptionRecord[], venues: readonly string[], fromDay: number, toDay: number): { rows: StatsRow[]; declined: DeclinedRow[] } {
  const dayOf = (r: RedemptionRecord) => helsinkiDay(parseIsoTimestamp(r.at)!);
  const rows = new Map<string, StatsRow & { cardSet: Set<string> }>();
  const declined = new Map<string, DeclinedRow>();
  for (const venue of venues) {
    // Voids undo uses of their own venue only.
    const own = records.filter((r) => r.venueId === venue);
    for (const r of standingUses(own)) {
      const day = dayOf(r);
      if (day < fromDay || day > toDay) continue;
      const month = monthOfDay(day);
      const key = [venue, month, r.category, r.type].join(' ');
      const row = rows.get(key) ?? { venueId: venue, month, category: r.category, type: r.type, uses: 0, adults: 0, children: 0, assistants: 0, cards: 0, cardSet: new Set<string>() };
      row.uses++;
      row.adults += r.adults;
      row.children += r.children;
      row.assistants += r.assistants;
      row.cardSet.add(r.cardId);
      row.cards = row.cardSet.size;
      rows.set(key, row);
    }
    for (const r of own) {
      const day = dayOf(r);
      if (r.outcome !== 'declined' || day < fromDay || day > toDay) continue;
      const month = monthOfDay(day);
      const key = [venue, month, r.reason].join(' ');
      const row = declined.get(key) ?? { venueId: venue, month, reason: r.reason!, count: 0 };
      row.count++;
      declined.set(key, row);
    }
  }
  return {
    rows: [...rows.values()].map(({ cardSet: _, ...row }) => row).sort(compareStatsRows),
    declined: [...declined.values()].sort(compareDeclinedRows),
  };
}
