// Exports of a day's (or a period's) records, as sync-api.md describes them:
//
// - CSV for the national register's offline form: only the uses that stand (redeemed, and not
//   voided by a void among the given records), one row each, UTF-8 with a byte-order mark,
//   `;`-separated, CRLF line ends, dates d.m.yyyy and times HH:MM in Helsinki time. The header row
//   is in Finnish, since the national form is Finnish; the category and type keep the contract's
//   codes (culture, ticket, …), which are what the register's data uses and do not change with
//   the desk's language.
// - JSON: every record with exactly the contract's fields, to import on another desk of the venue.
//
// Pass the period's records whole: a use's void is found among them (undo is same-day only, so a
// day's records hold their voids).

import { civilFromDay, helsinkiDay, helsinkiMinuteOfDay, parseIsoTimestamp } from './calendar.ts';
import type { RedemptionRecord } from './record.ts';
import { contractFields } from './record.ts';

export const CSV_BOM = '\uFEFF';
export const CSV_SEPARATOR = ';';
export const CSV_HEADER = ['Kortin tunnus', 'Päivämäärä', 'Kellonaika', 'Tapahtuma', 'Kategoria', 'Tyyppi', 'Aikuiset', 'Lapset', 'Avustajat'] as const;

export interface CsvOptions {
  /** What the event column shows for an eventId (e.g. the event's title); the eventId by default. */
  eventLabel?: (eventId: string) => string;
}

/** d.m.yyyy in Helsinki. */
export function helsinkiDate(ms: number): string {
  const { year, month, day } = civilFromDay(helsinkiDay(ms));
  return `${day}.${month}.${year}`;
}

/** HH:MM in Helsinki. */
export function helsinkiTime(ms: number): string {
  const minutes = helsinkiMinuteOfDay(ms);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A field as CSV: quoted (quotes doubled) when it holds the separator, a quote, a line break or edge spaces. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[;"\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The uses that stand: redeemed and not undone by a void among `records`, each id once, in time order. */
export function standingUses(records: readonly RedemptionRecord[]): RedemptionRecord[] {
  const voided = new Set<string>();
  for (const r of records) if (r.outcome === 'void' && r.voids) voided.add(r.voids);
  const seen = new Set<string>();
  const uses: { r: RedemptionRecord; ms: number }[] = [];
  for (const r of records) {
    if (r.outcome !== 'redeemed' || voided.has(r.id) || seen.has(r.id)) continue;
    const ms = parseIsoTimestamp(r.at);
    if (ms === null) throw new RangeError(`record ${r.id} has no valid time ("at" is ${JSON.stringify(r.at)})`);
    seen.add(r.id);
    uses.push({ r, ms });
  }
  uses.sort((a, b) => a.ms - b.ms || cmp(a.r.deviceId, b.r.deviceId) || a.r.seq - b.r.seq || cmp(a.r.id, b.r.id));
  return uses.map((u) => u.r);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The CSV text (with its BOM): a header row and a row per standing use. Encode as UTF-8. */
export function exportCsv(records: readonly RedemptionRecord[], options: CsvOptions = {}): string {
  const label = options.eventLabel ?? ((id: string) => id);
  const rows = standingUses(records).map((r) => {
    const ms = parseIsoTimestamp(r.at)!;
    return [r.cardId, helsinkiDate(ms), helsinkiTime(ms), label(r.eventId), r.category, r.type, r.adults, r.children, r.assistants];
  });
  return CSV_BOM + [CSV_HEADER, ...rows].map((row) => row.map(csvField).join(CSV_SEPARATOR) + '\r\n').join('');
}

/**
 * The JSON export: `{"records": [...]}` (the shape of the API's bodies), every record given, in
 * the order given, one record a line. parseJsonExport reads it back.
 */
export function exportJson(records: readonly RedemptionRecord[]): string {
  if (records.length === 0) return '{"records":[]}\n';
  return `{"records":[\n${records.map((r) => JSON.stringify(contractFields(r))).join(',\n')}\n]}\n`;
}

/**
 * Reads an export (`{"records": [...]}`, or a bare array) for DeskStore.importRecords, which
 * checks each record further. Returns the records, or why the text is not an export.
 */
export function parseJsonExport(text: string): RedemptionRecord[] | string {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return 'the file is not JSON';
  }
  const records = Array.isArray(json) ? json : (json as { records?: unknown } | null)?.records;
  if (!Array.isArray(records)) return 'the file holds no "records" list';
  if (records.some((r) => typeof r !== 'object' || r === null || Array.isArray(r))) return 'an entry of "records" is not a record';
  return (records as RedemptionRecord[]).map(contractFields);
}
