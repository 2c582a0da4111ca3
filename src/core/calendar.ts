// Finnish calendar days. A day number counts days since 1970-01-01; "today" is the calendar date
// in Helsinki whatever time zone the device is set to.
//
// Helsinki is UTC+2, and UTC+3 from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
// Sunday of October (the EU rule, in force since 1996). Computing it here instead of through
// Intl keeps the core pure and fast enough to bucket 100,000 records by day; a test checks it
// against the platform's time-zone database hour by hour, so a change in the law shows up there.

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1-12). */
export function dayFromCivil(year: number, month: number, day: number): number {
  // Howard Hinnant's days_from_civil.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export function civilFromDay(dayNumber: number): CivilDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Monday is 0, Sunday is 6 (1970-01-01 was a Thursday). */
export function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 3) % 7) + 7) % 7;
}

function lastSundayOf(year: number, month: number): number {
  const last = dayFromCivil(year, month + 1, 1) - 1;
  return last - ((weekdayOf(last) + 1) % 7);
}

/** Minutes Helsinki is ahead of UTC at the instant `ms`. */
export function helsinkiOffsetMinutes(ms: number): number {
  const year = civilFromDay(Math.floor(ms / MS_PER_DAY)).year;
  const summerFrom = lastSundayOf(year, 3) * MS_PER_DAY + MS_PER_HOUR;
  const summerUntil = lastSundayOf(year, 10) * MS_PER_DAY + MS_PER_HOUR;
  return ms >= summerFrom && ms < summerUntil ? 180 : 120;
}

/** The Helsinki calendar day of an instant given in milliseconds since the epoch. */
export function helsinkiDay(ms: number): number {
  return Math.floor((ms + helsinkiOffsetMinutes(ms) * 60_000) / MS_PER_DAY);
}

/** The first moment (ms since the epoch) of a Helsinki calendar day. */
export function helsinkiDayStartMs(day: number): number {
  // Helsinki changes its clocks at 03:00/04:00 local time, never near midnight, so the offset at
  // 00:00 UTC of the date is the offset at its local midnight.
  return day * MS_PER_DAY - helsinkiOffsetMinutes(day * MS_PER_DAY) * 60_000;
}

/** Helsinki wall-clock minutes since midnight, for showing and exporting times. */
export function helsinkiMinuteOfDay(ms: number): number {
  const local = ms + helsinkiOffsetMinutes(ms) * 60_000;
  return Math.floor((local - Math.floor(local / MS_PER_DAY) * MS_PER_DAY) / 60_000);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` to a day number; null unless it names a date that exists. */
export function dayFromIsoDate(text: string): number | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return null;
  const n = dayFromCivil(year, month, day);
  // A day past the month's end would roll into the next month: refuse it.
  return civilFromDay(n).month === month ? n : null;
}

export function isoDateOfDay(dayNumber: number): string {
  const { year, month, day } = civilFromDay(dayNumber);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// ISO 8601 timestamps as the contract uses them: a full date, a time to the second with optional
// fraction, and a zone (Z or ±HH:MM). Date.parse alone accepts too much (e.g. "2026-11-22").
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** Milliseconds since the epoch of a strict ISO 8601 timestamp, or null. */
export function parseIsoTimestamp(text: unknown): number | null {
  if (typeof text !== 'string' || !ISO_TIMESTAMP.test(text)) return null;
  if (dayFromIsoDate(text.slice(0, 10)) === null) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

/** The first day of the Mon-Sun week and of the calendar month that contain `dayNumber`. */
export function weekStartOf(dayNumber: number): number {
  return dayNumber - weekdayOf(dayNumber);
}

export function monthStartOf(dayNumber: number): number {
  const { year, month } = civilFromDay(dayNumber);
  return dayFromCivil(year, month, 1);
}

/** A day number as d.m.yyyy, the Finnish way (the register's form writes dates so). */
export function finnishDate(dayNumber: number): string {
  const { year, month, day } = civilFromDay(dayNumber);
  return `${day}.${month}.${year}`;
}
