// The JSON export of a desk's records (sync-api.md): every record with exactly the contract's
// fields, to import on another desk of the venue (a broken tablet's records, uploaded from here).

import type { RedemptionRecord } from './record.ts';
import { contractFields } from './record.ts';

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
