import { describe, expect, it } from 'vitest';
import {
  civilFromDay,
  dayFromCivil,
  dayFromIsoDate,
  helsinkiDay,
  helsinkiMinuteOfDay,
  helsinkiOffsetMinutes,
  isoDateOfDay,
  monthStartOf,
  parseIsoTimestamp,
  weekStartOf,
  weekdayOf,
} from '../../src/core/calendar.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

// The platform's time-zone database, the oracle. `format` (not formatToParts) keeps 165,000 calls
// well under a second; en-CA with h23 gives a fixed "YYYY-MM-DD, HH:MM:SS".
const helsinkiClock = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Helsinki',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface Wall {
  /** The Helsinki wall-clock reading of the instant, as if it were a UTC instant. */
  localMs: number;
  hour: number;
  minute: number;
}

function wallOf(ms: number): Wall {
  const text = helsinkiClock.format(ms);
  const m = /^(\d{4})-(\d{2})-(\d{2}), (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) throw new Error(`unexpected Intl output ${JSON.stringify(text)}`);
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const localMs = Date.UTC(year, month - 1, day, hour, minute, second) + (((ms % 1000) + 1000) % 1000);
  return { localMs, hour, minute };
}

// The UTC times of day probed on every day: around 00:00 Helsinki (21:00 UTC in summer, 22:00 UTC
// in winter) and around the EU switches at 01:00 UTC, with the last millisecond before each edge.
const PROBES: [string, number][] = [
  ['00:00', 0],
  ['00:30', 30 * MINUTE],
  ['00:59:59.999', HOUR - 1],
  ['01:00', HOUR],
  ['01:30', HOUR + 30 * MINUTE],
  ['20:59:59.999', 21 * HOUR - 1],
  ['21:00', 21 * HOUR],
  ['21:30', 21 * HOUR + 30 * MINUTE],
  ['21:59:59.999', 22 * HOUR - 1],
  ['22:00', 22 * HOUR],
  ['22:30', 22 * HOUR + 30 * MINUTE],
  ['23:59:59.999', DAY - 1],
];

describe('Helsinki time against the platform time-zone database', () => {
  it('agrees on day, offset and minute of day at every probe, 2000-01-01 to 2040-12-31', () => {
    const first = Date.UTC(2000, 0, 1) / DAY;
    const last = Date.UTC(2040, 11, 31) / DAY;
    const mismatches: string[] = [];
    let probes = 0;
    for (let d = first; d <= last; d++) {
      for (const [label, at] of PROBES) {
        const ms = d * DAY + at;
        const wall = wallOf(ms);
        probes++;
        const want = {
          offset: (wall.localMs - ms) / MINUTE,
          day: Math.floor(wall.localMs / DAY),
          minute: wall.hour * 60 + wall.minute,
        };
        const got = { offset: helsinkiOffsetMinutes(ms), day: helsinkiDay(ms), minute: helsinkiMinuteOfDay(ms) };
        if (got.offset !== want.offset || got.day !== want.day || got.minute !== want.minute) {
          if (mismatches.length < 10) mismatches.push(`${isoDateOfDay(d)} ${label} UTC: got ${JSON.stringify(got)}, Intl ${JSON.stringify(want)}`);
        }
      }
    }
    expect(probes).toBe((last - first + 1) * PROBES.length);
    expect(mismatches).toEqual([]);
  });

  it('switches at 01:00 UTC on the last Sundays of March and October', () => {
    // 2026: summer time from Sunday 2026-03-29, back on Sunday 2026-10-25.
    const springEdge = Date.UTC(2026, 2, 29, 1);
    expect(helsinkiOffsetMinutes(springEdge - 1)).toBe(120);
    expect(helsinkiOffsetMinutes(springEdge)).toBe(180);
    expect(helsinkiMinuteOfDay(springEdge - MINUTE)).toBe(2 * 60 + 59);
    expect(helsinkiMinuteOfDay(springEdge)).toBe(4 * 60);
    const autumnEdge = Date.UTC(2026, 9, 25, 1);
    expect(helsinkiOffsetMinutes(autumnEdge - 1)).toBe(180);
    expect(helsinkiOffsetMinutes(autumnEdge)).toBe(120);
    // 03:30 happens twice that night.
    expect(helsinkiMinuteOfDay(autumnEdge - 30 * MINUTE)).toBe(3 * 60 + 30);
    expect(helsinkiMinuteOfDay(autumnEdge + 30 * MINUTE)).toBe(3 * 60 + 30);
  });

  it('puts the Helsinki midnight where Helsinki has it, not where UTC has it', () => {
    const nov22 = dayFromIsoDate('2026-11-22')!;
    expect(helsinkiDay(Date.UTC(2026, 10, 21, 21, 59, 59, 999))).toBe(nov22 - 1);
    expect(helsinkiDay(Date.UTC(2026, 10, 21, 22))).toBe(nov22);
    expect(helsinkiMinuteOfDay(Date.UTC(2026, 10, 21, 22))).toBe(0);
    const jul2 = dayFromIsoDate('2026-07-02')!;
    expect(helsinkiDay(Date.UTC(2026, 6, 1, 20, 59, 59, 999))).toBe(jul2 - 1);
    expect(helsinkiDay(Date.UTC(2026, 6, 1, 21))).toBe(jul2);
    expect(helsinkiMinuteOfDay(Date.UTC(2026, 6, 1, 21))).toBe(0);
    expect(helsinkiMinuteOfDay(Date.UTC(2026, 10, 22, 8))).toBe(10 * 60);
    expect(helsinkiMinuteOfDay(Date.UTC(2026, 10, 22, 21, 59, 59))).toBe(23 * 60 + 59);
  });
});

describe('ISO dates and day numbers', () => {
  it('reads real dates', () => {
    expect(dayFromIsoDate('1970-01-01')).toBe(0);
    expect(dayFromIsoDate('2026-11-22')).toBe(20779);
    expect(dayFromIsoDate('2026-11-16')).toBe(20773);
    expect(dayFromIsoDate('2024-02-29')).toBe(Date.UTC(2024, 1, 29) / DAY);
    expect(dayFromIsoDate('2000-02-29')).toBe(Date.UTC(2000, 1, 29) / DAY);
    expect(dayFromIsoDate('2026-12-31')).toBe(Date.UTC(2026, 11, 31) / DAY);
    expect(dayFromIsoDate('1969-12-31')).toBe(-1);
  });

  it.each([
    '2026-02-30',
    '2025-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-01-32',
    '2026-12-99',
    '2026-1-01',
    '2026-01-1',
    '26-01-01',
    '',
    ' 2026-01-01',
    '2026-01-01 ',
    '2026/01/01',
    '2026-01-01T00:00:00Z',
    '２０２６-01-01',
  ])('refuses %j', (text) => {
    expect(dayFromIsoDate(text)).toBeNull();
  });

  it('round-trips every day of 1900-2100, and matches the platform calendar for years 0000-9999', () => {
    const problems: string[] = [];
    const from = dayFromCivil(1900, 1, 1);
    const to = dayFromCivil(2100, 12, 31);
    for (let n = from; n <= to; n++) {
      const iso = isoDateOfDay(n);
      if (dayFromIsoDate(iso) !== n) problems.push(`${n} -> ${iso} -> ${dayFromIsoDate(iso)}`);
    }
    for (let n = dayFromCivil(0, 1, 1); n <= dayFromCivil(9999, 12, 31); n += 97) {
      const iso = isoDateOfDay(n);
      const platform = new Date(n * DAY).toISOString().slice(0, 10);
      if (iso !== platform || dayFromIsoDate(iso) !== n) problems.push(`${n}: ${iso} vs ${platform}`);
      const c = civilFromDay(n);
      if (dayFromCivil(c.year, c.month, c.day) !== n) problems.push(`civil ${n}`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('isoDateOfDay writes four-digit years and two-digit months and days', () => {
    expect(isoDateOfDay(0)).toBe('1970-01-01');
    expect(isoDateOfDay(20779)).toBe('2026-11-22');
    expect(isoDateOfDay(dayFromCivil(5, 3, 7))).toBe('0005-03-07');
  });
});

describe('weeks and months', () => {
  it('a week starts on Monday', () => {
    // 2026-11-16 (20773) is a Monday, 2026-11-19 (20776) a Thursday, 2026-11-22 (20779) a Sunday.
    expect(weekdayOf(20773)).toBe(0);
    expect(weekdayOf(20776)).toBe(3);
    expect(weekdayOf(20779)).toBe(6);
    expect(weekStartOf(20773)).toBe(20773);
    expect(weekStartOf(20776)).toBe(20773);
    expect(weekStartOf(20779)).toBe(20773);
    expect(weekStartOf(20780)).toBe(20780);
    // Before 1970 too: 1969-12-31 was a Wednesday.
    expect(weekStartOf(-1)).toBe(-3);
  });

  it('weekStartOf is the Monday on or before the day, for every day of 1960-2060', () => {
    const bad: number[] = [];
    for (let n = dayFromCivil(1960, 1, 1); n <= dayFromCivil(2060, 12, 31); n++) {
      const start = weekStartOf(n);
      if (new Date(start * DAY).getUTCDay() !== 1 || n - start < 0 || n - start > 6 || weekdayOf(n) !== (new Date(n * DAY).getUTCDay() + 6) % 7)
        bad.push(n);
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('monthStartOf is the first of the same month', () => {
    expect(monthStartOf(20779)).toBe(dayFromIsoDate('2026-11-01'));
    expect(monthStartOf(dayFromIsoDate('2026-11-01')!)).toBe(dayFromIsoDate('2026-11-01'));
    expect(monthStartOf(dayFromIsoDate('2026-11-30')!)).toBe(dayFromIsoDate('2026-11-01'));
    expect(monthStartOf(dayFromIsoDate('2024-02-29')!)).toBe(dayFromIsoDate('2024-02-01'));
    expect(monthStartOf(dayFromIsoDate('2027-01-01')!)).toBe(dayFromIsoDate('2027-01-01'));
    expect(monthStartOf(-1)).toBe(dayFromIsoDate('1969-12-01'));
    const bad: number[] = [];
    for (let n = dayFromCivil(1960, 1, 1); n <= dayFromCivil(2060, 12, 31); n++) {
      const start = monthStartOf(n);
      const iso = isoDateOfDay(n);
      if (isoDateOfDay(start) !== `${iso.slice(0, 8)}01`) bad.push(n);
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });
});

describe('parseIsoTimestamp', () => {
  it.each([
    ['2026-11-22T08:00:00Z', Date.UTC(2026, 10, 22, 8)],
    ['2026-11-22T08:00:00.123+02:00', Date.UTC(2026, 10, 22, 6, 0, 0, 123)],
    ['2026-11-22T08:00:00-05:30', Date.UTC(2026, 10, 22, 13, 30)],
    ['2024-02-29T23:59:59.5Z', Date.UTC(2024, 1, 29, 23, 59, 59, 500)],
    ['1970-01-01T00:00:00Z', 0],
  ])('reads %s', (text, ms) => {
    expect(parseIsoTimestamp(text)).toBe(ms);
  });

  it.each<[string, unknown]>([
    ['a date alone', '2026-11-22'],
    ['a space for the T', '2026-11-22 08:00:00Z'],
    ['a date that does not exist', '2026-02-30T00:00:00Z'],
    ['29 February of a common year', '2025-02-29T12:00:00Z'],
    ['no zone', '2026-11-22T08:00:00'],
    ['no seconds', '2026-11-22T08:00Z'],
    ['lower-case t and z', '2026-11-22t08:00:00z'],
    ['a compact zone', '2026-11-22T08:00:00+0200'],
    ['an hour of 25', '2026-11-22T25:00:00Z'],
    ['a minute of 60', '2026-11-22T08:60:00Z'],
    ['surrounding space', ' 2026-11-22T08:00:00Z'],
    ['an empty fraction', '2026-11-22T08:00:00.Z'],
    ['an empty string', ''],
    ['a number', Date.UTC(2026, 10, 22, 8)],
    ['null', null],
    ['undefined', undefined],
    ['an object', {}],
    ['a Date', new Date(Date.UTC(2026, 10, 22, 8))],
    // Only a primitive string is a timestamp: a boxed String spelling a valid one is an object too.
    ['a String object', new String('2026-11-22T08:00:00Z')],
  ])('refuses %s', (_what, value) => {
    expect(parseIsoTimestamp(value)).toBeNull();
  });
});
