// The settings screen's record tools: exports for a period, importing another desk's export, the
// report's records, and the "needs attention" list. Loaded with that screen, not with the desk;
// the store, HTTP and the clock come from src/app/main.tsx through that screen, not through the session.

import { helsinkiDay, helsinkiDayStartMs, isoDateOfDay } from '../../core/calendar.ts';
import { exportJson, parseJsonExport } from '../../core/json-export.ts';
import { exportCsv } from '../../core/register-csv.ts';
import type { RedemptionRecord } from '../../core/record.ts';
import { findEvent } from '../../core/venue.ts';
import type { RecordRow } from '../../storage/desk-store.ts';
import { USAGE_DAYS } from '../../core/sync-limits.ts';
import { refreshUsage } from '../../sync/usage-refresh.ts';
import type { DownloadFile } from '../shared/download.ts';
import type { DeskSession } from '../desk/desk-session.ts';
import type { SessionDeps } from '../desk/session-deps.ts';

/** What the record tools work with, handed to the settings screen by src/app/main.tsx. */
export type RecordDeps = Pick<SessionDeps, 'store' | 'fetch' | 'now'>;

/** The records of Helsinki days from..to (inclusive) as a file: CSV for the national form, JSON for another desk. */
export async function exportDays(session: DeskSession, { store }: RecordDeps, format: 'csv' | 'json', fromDay: number, toDay: number): Promise<DownloadFile> {
  const records = await store.exportRecords(helsinkiDayStartMs(fromDay), helsinkiDayStartMs(toDay + 1));
  const { venue, device } = session.snapshot;
  const span = fromDay === toDay ? isoDateOfDay(fromDay) : `${isoDateOfDay(fromDay)}_${isoDateOfDay(toDay)}`;
  const name = `kaiku-${device?.venueId ?? 'desk'}-${span}.${format}`;
  if (format === 'json') return { name, type: 'application/json', text: exportJson(records) };
  return { name, type: 'text/csv;charset=utf-8', text: exportCsv(records, { eventLabel: (id) => (venue ? findEvent(venue, id)?.title : undefined) ?? id }) };
}

/** Another desk's JSON export (a broken tablet's): kept here and uploaded from here. */
export async function importRecords(session: DeskSession, { store }: RecordDeps, text: string): Promise<boolean> {
  const records = parseJsonExport(text);
  if (typeof records === 'string') {
    session.notify({ tone: 'error', key: 'import.refused', params: { error: records } });
    return false;
  }
  try {
    const { added, skipped } = await store.importRecords(records);
    session.notify({ tone: 'info', key: 'import.done', params: { added, skipped } });
  } catch (e) {
    session.notify({ tone: 'error', key: 'import.refused', params: { error: (e as Error).message } });
    return false;
  }
  await session.outboxChanged();
  return true;
}

/**
 * Every record of Helsinki days from..to that the desk knows, for the report: its own, imported,
 * and the other desks' uses, fetched first when the server can be reached (a manager device may
 * read 400 days back, a desk 31).
 */
export async function reportRecords(session: DeskSession, { store, fetch, now }: RecordDeps, fromDay: number, toDay: number): Promise<RedemptionRecord[]> {
  const device = session.snapshot.device;
  if (device && device.role !== 'coordinator') {
    const back = USAGE_DAYS[device.role];
    await refreshUsage(store, device, Math.max(fromDay, helsinkiDay(now()) - back), fetch).catch(() => undefined);
  }
  return store.reportRecords(helsinkiDayStartMs(fromDay), helsinkiDayStartMs(toDay + 1));
}

export function attentionList({ store }: RecordDeps): Promise<RecordRow[]> {
  return store.attentionList();
}

/** Puts a refused record back in the upload queue, for a manager who fixed the cause. */
export async function retryAttention(session: DeskSession, { store }: RecordDeps, id: string): Promise<void> {
  await store.retryAttention(id);
  session.notify({ tone: 'info', key: 'attention.retried' });
  await session.outboxChanged();
}
