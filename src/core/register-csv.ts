// The CSV for the national register's offline form (sync-api.md): only the uses that stand, one row
// each, in time order, dates d.m.yyyy and times HH:MM in Helsinki time. The header row is in
// Finnish, since the national form is Finnish; the category and type keep the contract's codes
// (culture, ticket, …), which are what the register's data uses and do not change with the desk's
// language.

import { finnishDate, helsinkiDay, helsinkiMinuteOfDay, parseIsoTimestamp } from './calendar.ts';
import { CSV_BOM, csvLine } from './csv.ts';
import type { RedemptionRecord } from './record.ts';
import { standingUses } from './standing-uses.ts';

export const CSV_HEADER = ['Kortin tunnus', 'Päivämäärä', 'Kellonaika', 'Tapahtuma', 'Kategoria', 'Tyyppi', 'Aikuiset', 'Lapset', 'Avustajat'] as const;

export interface CsvOptions {
  /** What the event column shows for an eventId (e.g. the event's title); the eventId by default. */
  eventLabel?: (eventId: string) => string;
}

/** d.m.yyyy in Helsinki. */
export function helsinkiDate(ms: number): string {
  return finnishDate(helsinkiDay(ms));
}

/** HH:MM in Helsinki. */
export function helsinkiTime(ms: number): string {
  const minutes = helsinkiMinuteOfDay(ms);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The uses that stand (standing-uses.ts) in time order; refuses a use without a valid time rather than guess its date. */
export function registerUses(records: readonly RedemptionRecord[]): RedemptionRecord[] {
  const uses = standingUses(records).map((r) => {
    const ms = parseIsoTimestamp(r.at);
    if (ms === null) throw new RangeError(`record ${r.id} has no valid time ("at" is ${JSON.stringify(r.at)})`);
    return { r, ms };
  });
  uses.sort((a, b) => a.ms - b.ms || cmp(a.r.deviceId, b.r.deviceId) || a.r.seq - b.r.seq || cmp(a.r.id, b.r.id));
  return uses.map((u) => u.r);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The CSV text (with its BOM): a header row and a row per standing use. Encode as UTF-8. */
export function exportCsv(records: readonly RedemptionRecord[], options: CsvOptions = {}): string {
  const label = options.eventLabel ?? ((id: string) => id);
  const rows = registerUses(records).map((r) => {
    const ms = parseIsoTimestamp(r.at)!;
    return [r.cardId, helsinkiDate(ms), helsinkiTime(ms), label(r.eventId), r.category, r.type, r.adults, r.children, r.assistants];
  });
  return CSV_BOM + [CSV_HEADER, ...rows].map(csvLine).join('');
}
