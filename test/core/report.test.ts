// The venue report's figures against a known set of records: uses by day and by event, adults and
// children, categories, declines by reason, quotas (exceeded ones shown by how much), and the CSV.

import { beforeEach, describe, expect, it } from 'vitest';
import { finnishDate } from '../../src/core/calendar.ts';
import type { RedemptionRecord } from '../../src/core/record.ts';
import { FROM_REGISTER, aRecord } from '../support/records.ts';
import type { Report } from '../../src/core/report.ts';
import { REPORT_CSV_FI, buildReport, reportCsv } from '../../src/core/report.ts';
import type { VenueSettings } from '../../src/core/venue.ts';

/** 2026-11-22, a Sunday in Helsinki winter time (UTC+2). */
const D = 20779;

const venue: VenueSettings = {
  venueId: 'espoo-theatre',
  name: 'Espoon teatteri',
  defaultCategory: 'science',
  allowOverride: true,
  fastMode: false,
  perCard: { max: 1, window: 'event' },
  dayQuota: 4,
  events: [
    { id: 'hamlet', title: 'Hamlet', day: D, start: '19:00', category: 'culture', type: 'ticket', quota: 3, excluded: false },
    { id: 'premiere', title: 'Premiere', day: D, start: '20:00', category: 'culture', type: 'ticket', quota: null, excluded: true },
    { id: 'course', title: 'Drawing course', day: D, start: '17:00', category: 'education', type: 'course', quota: 12, excluded: false },
    { id: 'tomorrow', title: 'Matinee', day: D + 1, start: '13:00', category: 'culture', type: 'ticket', quota: null, excluded: false },
    { id: 'next-week', title: 'Later', day: D + 7, start: '13:00', category: 'culture', type: 'ticket', quota: 5, excluded: false },
  ],
};

let seq = 0;
function rec(id: string, over: Partial<RedemptionRecord> = {}): RedemptionRecord {
  seq++;
  return aRecord({ ...FROM_REGISTER, id, deviceId: 'd-a', seq, eventId: 'hamlet', at: '2026-11-22T10:00:00.000Z', cardId: `CARD${id.toUpperCase()}`, ...over });
}

const decline = (id: string, reason: RedemptionRecord['reason'], over: Partial<RedemptionRecord> = {}) => rec(id, { outcome: 'declined', reason, ...over });

// The known set.
const b1 = rec('b1', { deviceId: 'd-b', at: '2026-11-22T11:00:00.000Z' }); // another desk's use
const records: RedemptionRecord[] = [
  rec('a1', { children: 2, assistants: 1 }), // 3 card tickets, an assistant who never counts
  b1,
  { ...b1 }, // the same record twice (own list and usage): counts once
  rec('a2', { at: '2026-11-22T12:00:00.000Z', children: 1 }), // undone …
  rec('v1', { at: '2026-11-22T12:05:00.000Z', outcome: 'void', voids: 'a2', adults: 0, children: 0 }), // … by this void
  rec('a0', { at: '2026-11-19T09:00:00.000Z' }), // an advance sale before the period: Hamlet's quota only
  rec('a3', { eventId: 'course', category: 'education', type: 'course', at: '2026-11-22T21:59:59.999Z' }), // 23:59:59.999 in Helsinki: day D
  rec('b2', { deviceId: 'd-b', eventId: 'admission-2026-11-23', category: 'science', at: '2026-11-22T22:00:00.000Z', children: 3 }), // 00:00 in Helsinki: day D+1
  decline('d1', 'card-limit', { at: '2026-11-22T13:00:00.000Z' }),
  decline('d2', 'expired', { eventId: 'admission-2026-11-23', category: 'science', at: '2026-11-23T08:00:00.000Z' }),
  decline('d3', 'card-limit', { deviceId: 'd-b', eventId: 'tomorrow', at: '2026-11-23T09:00:00.000Z' }),
  rec('late', { eventId: 'admission-2026-11-24', at: '2026-11-24T10:00:00.000Z' }), // after the period
];

describe('buildReport on a known set of records', () => {
  // Built in each test, not once at collection: a mutation run sees which tests reach the code.
  let report: Report;
  beforeEach(() => {
    report = buildReport(records, venue, D, D + 1);
  });

  it('totals: uses that stand, adults, children, assistants, card tickets, declines, undone uses', () => {
    expect(report.totals).toEqual({ uses: 4, adults: 4, children: 5, assistants: 1, cardTickets: 9, declines: 3, voided: 1 });
  });

  it('by Helsinki day of `at`, the midnight boundary included, with the day quota', () => {
    expect(report.days).toEqual([
      { day: D, uses: 3, adults: 3, children: 2, assistants: 1, cardTickets: 5, declines: 1, declinesByReason: { 'card-limit': 1 }, quota: 4, exceeded: 1 },
      { day: D + 1, uses: 1, adults: 1, children: 3, assistants: 0, cardTickets: 4, declines: 2, declinesByReason: { expired: 1, 'card-limit': 1 }, quota: 4, exceeded: 0 },
    ]);
  });

  it('by event: the period\'s events in day and start order, quota use with advance sales, exceeded by how much', () => {
    const rows = report.events.map((e) => [e.eventId, e.day, e.uses, e.adults, e.children, e.cardTickets, e.quota, e.quotaUsed, e.exceeded]);
    expect(rows).toEqual([
      ['course', D, 1, 1, 0, 1, 12, 1, 0],
      ['hamlet', D, 2, 2, 2, 4, 3, 5, 2],
      ['premiere', D, 0, 0, 0, 0, null, 0, 0],
      ['admission-2026-11-23', D + 1, 1, 1, 3, 4, null, 4, 0],
      ['tomorrow', D + 1, 0, 0, 0, 0, null, 0, 0],
    ]);
    const hamlet = report.events.find((e) => e.eventId === 'hamlet')!;
    expect(hamlet).toMatchObject({ title: 'Hamlet', category: 'culture', type: 'ticket', assistants: 1, unknown: false });
    // The daily admission takes the venue's default category and has no quota of its own.
    expect(report.events[3]).toMatchObject({ title: 'Admission', category: 'science', type: 'ticket', unknown: false });
  });

  it('by category, all four in the contract\'s order', () => {
    expect(report.categories.map((c) => [c.category, c.uses, c.adults, c.children, c.assistants, c.cardTickets])).toEqual([
      ['culture', 2, 2, 2, 1, 4],
      ['education', 1, 1, 0, 0, 1],
      ['science', 1, 1, 3, 0, 4],
      ['sports', 0, 0, 0, 0, 0],
    ]);
  });

  it('declines by reason, most frequent first; they count nothing else', () => {
    expect(report.declines).toEqual([
      { reason: 'card-limit', count: 2 },
      { reason: 'expired', count: 1 },
    ]);
    // Declined at Matinee: listed, but no use and no quota taken.
    expect(report.events.find((e) => e.eventId === 'tomorrow')).toMatchObject({ uses: 0, quotaUsed: 0 });
  });

  it('does not depend on the order of the records, nor on duplicates', () => {
    const shuffled = [...records].reverse().concat(records.slice(0, 4));
    expect(buildReport(shuffled, venue, D, D + 1)).toEqual(report);
  });

  it('a void removes its target wherever it sits in the list, and counts nothing itself', () => {
    const withoutVoid = buildReport(records.filter((r) => r.id !== 'v1'), venue, D, D + 1);
    expect(withoutVoid.totals).toMatchObject({ uses: 5, children: 6, cardTickets: 11, voided: 0 });
    expect(withoutVoid.events.find((e) => e.eventId === 'hamlet')).toMatchObject({ quotaUsed: 7, exceeded: 4 });
  });

  it('one day; the last day of a period; an empty period lists every day with zeros', () => {
    expect(buildReport(records, venue, D, D).totals).toMatchObject({ uses: 3, declines: 1 });
    expect(buildReport(records, venue, D + 1, D + 1).totals).toMatchObject({ uses: 1, declines: 2 });
    const empty = buildReport([], venue, D + 2, D + 8);
    expect(empty.days.map((d) => d.day)).toEqual([D + 2, D + 3, D + 4, D + 5, D + 6, D + 7, D + 8]);
    expect(empty.totals).toEqual({ uses: 0, adults: 0, children: 0, assistants: 0, cardTickets: 0, declines: 0, voided: 0 });
    expect(empty.events.map((e) => e.eventId)).toEqual(['next-week']);
    expect(empty.declines).toEqual([]);
  });

  it('an event no longer in the settings keeps its figures under its id, listed last', () => {
    const r = buildReport([rec('x1', { eventId: 'gone', category: 'sports', type: 'season', children: 1 })], venue, D, D);
    expect(r.events.at(-1)).toMatchObject({ eventId: 'gone', title: 'gone', day: null, category: 'sports', type: 'season', quota: null, uses: 1, unknown: true });
    expect(r.categories.find((c) => c.category === 'sports')).toMatchObject({ uses: 1, cardTickets: 2 });
  });

  it('without settings, figures still add up; a record without a valid time is left out', () => {
    const r = buildReport([...records, rec('bad', { at: 'yesterday' })], null, D, D + 1);
    expect(r.totals).toMatchObject({ uses: 4, cardTickets: 9, declines: 3 });
    expect(r.days[0]!.quota).toBeNull();
    expect(r.events.every((e) => e.unknown && e.quota === null)).toBe(true);
  });

  it('refuses a backwards period', () => {
    expect(() => buildReport([], venue, D + 1, D)).toThrow(RangeError);
  });

  it('summer time: days are still Helsinki days (UTC+3)', () => {
    // 2026-07-01 20:59:59 UTC is 23:59:59 in Helsinki; 21:00 UTC is the next day.
    const july = 20635; // 2026-07-01
    const r = buildReport([rec('s1', { at: '2026-07-01T20:59:59.000Z' }), rec('s2', { at: '2026-07-01T21:00:00.000Z' })], venue, july, july + 1);
    expect(finnishDate(july)).toBe('1.7.2026');
    expect(r.days.map((d) => d.uses)).toEqual([1, 1]);
  });
});

describe('reportCsv', () => {
  let report: Report;
  let csv: string;
  let lines: string[];
  beforeEach(() => {
    report = buildReport(records, venue, D, D + 1);
    csv = reportCsv(report);
    lines = csv.slice(1).split('\r\n');
  });

  it('UTF-8 BOM, `;`, CRLF, four sections separated by an empty line', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(lines.filter((l) => l === '')).toHaveLength(4); // three separators and the final line end
    expect(lines.filter((l) => [REPORT_CSV_FI.byDay, REPORT_CSV_FI.byEvent, REPORT_CSV_FI.byCategory, REPORT_CSV_FI.byReason].includes(l))).toHaveLength(4);
  });

  it('holds the same figures as the report', () => {
    expect(csv.slice(1)).toBe(
      [
        'Käytöt päivittäin',
        'Päivämäärä;Käytöt;Aikuiset;Lapset;Avustajat;Korttiliput;Kiintiö;Kiintiön ylitys;Hylkäykset',
        '22.11.2026;3;3;2;1;5;4;1;1',
        '23.11.2026;1;1;3;0;4;4;0;2',
        'Yhteensä;4;4;5;1;9;;1;3',
        '',
        'Käytöt ja kiintiöt tapahtumittain',
        'Tapahtuma;Tapahtuman tunnus;Päivämäärä;Kategoria;Tyyppi;Käytöt;Aikuiset;Lapset;Avustajat;Korttiliput;Kiintiö;Kiintiöstä käytetty;Kiintiön ylitys',
        'Drawing course;course;22.11.2026;education;course;1;1;0;0;1;12;1;0',
        'Hamlet;hamlet;22.11.2026;culture;ticket;2;2;2;1;4;3;5;2',
        'Premiere;premiere;22.11.2026;culture;ticket;0;0;0;0;0;;0;0',
        'Admission;admission-2026-11-23;23.11.2026;science;ticket;1;1;3;0;4;;4;0',
        'Matinee;tomorrow;23.11.2026;culture;ticket;0;0;0;0;0;;0;0',
        '',
        'Käytöt kategorioittain',
        'Kategoria;Käytöt;Aikuiset;Lapset;Avustajat;Korttiliput',
        'culture;2;2;2;1;4',
        'education;1;1;0;0;1',
        'science;1;1;3;0;4',
        'sports;0;0;0;0;0',
        '',
        'Hylkäykset syyn mukaan',
        'Syy;Määrä',
        'card-limit;2',
        'expired;1',
        'Yhteensä;3',
        '',
      ].join('\r\n'),
    );
  });

  it('quotes a title holding the separator or a quote (the register export\'s csvField)', () => {
    const v = { ...venue, events: [{ ...venue.events[0]!, title: 'Hamlet; "new"' }] };
    expect(reportCsv(buildReport(records, v, D, D))).toContain('\r\n"Hamlet; ""new""";hamlet;');
  });

  it('takes other labels (the desk\'s language)', () => {
    expect(reportCsv(report, { ...REPORT_CSV_FI, byDay: 'Uses by day' }).slice(1).split('\r\n')[0]).toBe('Uses by day');
  });
});

describe('buildReport: the edges a coordinator meets', () => {
  it('names the period in the refusal; a period of part days is refused too', () => {
    expect(() => buildReport([], venue, D + 1, D)).toThrow(new RangeError('a report period is fromDay <= toDay, not 20780..20779'));
    expect(() => buildReport([], venue, D + 0.5, D + 1)).toThrow(new RangeError('a report period is fromDay <= toDay, not 20779.5..20780'));
    expect(() => buildReport([], venue, D, D + 1.5)).toThrow(new RangeError('a report period is fromDay <= toDay, not 20779..20780.5'));
  });

  it('events of one day follow their start time, not their title', () => {
    const v: VenueSettings = {
      ...venue,
      events: [
        { id: 'aerobics', title: 'Aerobics', day: D, start: '18:00', category: 'sports', type: 'ticket', quota: null, excluded: false },
        { id: 'zumba', title: 'Zumba', day: D, start: '09:00', category: 'sports', type: 'ticket', quota: null, excluded: false },
      ],
    };
    expect(buildReport([], v, D, D).events.map((e) => e.title)).toEqual(['Zumba', 'Aerobics']);
  });

  it('events alike in day, start and title are listed by their id', () => {
    const same = { title: 'Open rehearsal', day: D, start: '10:00', category: 'culture', type: 'ticket', quota: null, excluded: false } as const;
    const v: VenueSettings = { ...venue, events: ['stage-c', 'stage-a', 'stage-d', 'stage-b'].map((id) => ({ ...same, id })) };
    expect(buildReport([], v, D, D).events.map((e) => e.eventId)).toEqual(['stage-a', 'stage-b', 'stage-c', 'stage-d']);
    const reversed: VenueSettings = { ...venue, events: ['stage-d', 'stage-c', 'stage-b', 'stage-a'].map((id) => ({ ...same, id })) };
    expect(buildReport([], reversed, D, D).events.map((e) => e.eventId)).toEqual(['stage-a', 'stage-b', 'stage-c', 'stage-d']);
  });

  it('a use of a category this version does not know counts in the venue\'s default category, or culture without settings', () => {
    const odd = [rec('c1', { category: 'gaming' as RedemptionRecord['category'], children: 1 })];
    const byCategory = (r: Report) => r.categories.map((c) => [c.category, c.uses, c.cardTickets]);
    expect(byCategory(buildReport(odd, venue, D, D))).toEqual([
      ['culture', 0, 0],
      ['education', 0, 0],
      ['science', 1, 2],
      ['sports', 0, 0],
    ]);
    expect(byCategory(buildReport(odd, null, D, D))).toEqual([
      ['culture', 1, 2],
      ['education', 0, 0],
      ['science', 0, 0],
      ['sports', 0, 0],
    ]);
  });

  it('a record given twice with differing copies counts once, as first given', () => {
    const first = rec('twice', { children: 1 });
    const copy = { ...first, children: 3, at: '2026-11-23T10:00:00.000Z' };
    const r = buildReport([first, copy], venue, D, D + 1);
    expect(r.days.map((d) => [d.day, d.uses, d.cardTickets])).toEqual([
      [D, 1, 2],
      [D + 1, 0, 0],
    ]);
    expect(r.totals).toMatchObject({ uses: 1, children: 1, cardTickets: 2 });
  });

  it('a record without a valid time neither takes quota nor undoes a use', () => {
    const r = buildReport(
      [rec('h1'), rec('h-bad', { at: 'not a time' }), rec('v-bad', { outcome: 'void', voids: 'h1', adults: 0, at: '2026-13-45T99:00:00.000Z' })],
      venue,
      D,
      D,
    );
    expect(r.events.find((e) => e.eventId === 'hamlet')).toMatchObject({ uses: 1, quotaUsed: 1, exceeded: 0 });
    expect(r.totals).toMatchObject({ uses: 1, voided: 0 });
  });

  it('an advance sale undone in the period is not one of the period\'s undone uses', () => {
    const r = buildReport(
      [rec('early', { at: '2026-11-19T09:00:00.000Z' }), rec('v-early', { outcome: 'void', voids: 'early', adults: 0 })],
      venue,
      D,
      D,
    );
    expect(r.totals).toMatchObject({ uses: 0, voided: 0 });
    expect(r.events.find((e) => e.eventId === 'hamlet')).toMatchObject({ quotaUsed: 0 });
  });

  it('a day without a day quota is never exceeded', () => {
    expect(buildReport(records, null, D, D + 1).days.map((d) => [d.cardTickets, d.quota, d.exceeded])).toEqual([
      [5, null, 0],
      [4, null, 0],
    ]);
    expect(buildReport(records, { ...venue, dayQuota: null }, D, D + 1).days.map((d) => d.exceeded)).toEqual([0, 0]);
  });

  it('declines: the most frequent reason first, ties in the deciding order whatever came first', () => {
    const r = buildReport(
      [
        decline('x1', 'day-full'),
        decline('x2', 'card-limit'),
        decline('x3', 'expired'),
        decline('x4', 'event-full'),
        decline('x5', 'event-full'),
        decline('x6', 'revoked'),
        decline('x7', 'event-full'),
      ],
      venue,
      D,
      D,
    );
    expect(r.declines).toEqual([
      { reason: 'event-full', count: 3 },
      { reason: 'revoked', count: 1 },
      { reason: 'expired', count: 1 },
      { reason: 'card-limit', count: 1 },
      { reason: 'day-full', count: 1 },
    ]);
  });

  it('a void carrying a reason code (outside the contract) is still no decline', () => {
    const r = buildReport([rec('h1'), rec('v1', { outcome: 'void', voids: 'h1', adults: 0, reason: 'card-limit' })], venue, D, D);
    expect(r.totals).toMatchObject({ uses: 0, declines: 0, voided: 1 });
    expect(r.declines).toEqual([]);
  });
});

describe('reportCsv: an event no longer in the settings', () => {
  it('has an empty date cell, its id as its title', () => {
    const csv = reportCsv(buildReport([rec('x1', { eventId: 'gone', category: 'sports', type: 'season', children: 1 })], venue, D, D));
    expect(csv).toContain('\r\ngone;gone;;sports;season;1;1;1;0;2;;2;0\r\n');
  });
});
