// The exports: the national register's CSV and the JSON for another desk.

import { describe, expect, it } from 'vitest';
import type { RedemptionRecord } from '../../src/core/record.ts';
import { aRecord } from '../support/records.ts';
import { CSV_BOM, csvField } from '../../src/core/csv.ts';
import { exportJson, parseJsonExport } from '../../src/core/json-export.ts';
import { exportCsv, helsinkiDate, helsinkiTime } from '../../src/core/register-csv.ts';
import { standingUses } from '../../src/core/standing-uses.ts';

let n = 0;
function rec(over: Partial<RedemptionRecord> = {}): RedemptionRecord {
  n++;
  return aRecord({ id: `r${n}`, deviceId: 'd-1', seq: n, ...over });
}

const lines = (csv: string) => csv.slice(1).split('\r\n').slice(0, -1);

describe('Helsinki dates and times', () => {
  it('d.m.yyyy and HH:MM in Helsinki time, winter and summer', () => {
    expect(helsinkiDate(Date.parse('2026-11-22T17:03:12Z'))).toBe('22.11.2026');
    expect(helsinkiTime(Date.parse('2026-11-22T17:03:12Z'))).toBe('19:03');
    expect(helsinkiTime(Date.parse('2026-07-01T06:05:00Z'))).toBe('09:05');
    // 22:30 UTC on 31 Dec is already New Year in Helsinki.
    expect(helsinkiDate(Date.parse('2026-12-31T22:30:00Z'))).toBe('1.1.2027');
    expect(helsinkiTime(Date.parse('2026-12-31T22:30:00Z'))).toBe('00:30');
    // Around the spring change (01:00 UTC, last Sunday of March 2026 = 29th).
    expect(helsinkiTime(Date.parse('2026-03-29T00:59:00Z'))).toBe('02:59');
    expect(helsinkiTime(Date.parse('2026-03-29T01:00:00Z'))).toBe('04:00');
  });
});

describe('csvField', () => {
  it('quotes only what needs it', () => {
    expect(csvField('AB12345')).toBe('AB12345');
    expect(csvField(3)).toBe('3');
    expect(csvField('Hamlet; uusi')).toBe('"Hamlet; uusi"');
    expect(csvField('Sanoi "hei"')).toBe('"Sanoi ""hei"""');
    expect(csvField('kaksi\nriviä')).toBe('"kaksi\nriviä"');
    expect(csvField(' reuna')).toBe('" reuna"');
    expect(csvField('Äänekoski, Öljy')).toBe('Äänekoski, Öljy');
  });
});

describe('exportCsv', () => {
  it('a BOM, a Finnish header, one row per use, ; separated, CRLF', () => {
    const csv = exportCsv([rec()]);
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(lines(csv)).toEqual(['Kortin tunnus;Päivämäärä;Kellonaika;Tapahtuma;Kategoria;Tyyppi;Aikuiset;Lapset;Avustajat', 'AB12345;22.11.2026;19:03;hamlet-2026-11-22;culture;ticket;1;2;0']);
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('only uses that stand: no declines, no voids, no voided uses', () => {
    const kept = rec({ cardId: 'KEEP1' });
    const undone = rec({ cardId: 'GONE1' });
    const records = [kept, undone, rec({ outcome: 'void', voids: undone.id, cardId: 'GONE1', adults: 0, children: 0 }), rec({ outcome: 'declined', reason: 'card-limit', cardId: 'NO1', children: 0 })];
    expect(lines(exportCsv(records)).slice(1).map((l) => l.split(';')[0])).toEqual(['KEEP1']);
    expect(standingUses(records)).toEqual([kept]);
  });

  it('one row per record however often it is given; time order', () => {
    const late = rec({ at: '2026-11-22T18:00:00.000Z', cardId: 'LATE' });
    const early = rec({ at: '2026-11-22T08:00:00.000Z', cardId: 'EARLY' });
    const rows = lines(exportCsv([late, early, late])).slice(1);
    expect(rows.map((l) => l.split(';').slice(0, 3).join(' '))).toEqual(['EARLY 22.11.2026 10:00', 'LATE 22.11.2026 20:00']);
  });

  it('an event label (e.g. the title) is quoted when it needs it', () => {
    const csv = exportCsv([rec({ assistants: 1 })], { eventLabel: (id) => (id === 'hamlet-2026-11-22' ? 'Hamlet; "ensi-ilta"' : id) });
    expect(lines(csv)[1]).toBe('AB12345;22.11.2026;19:03;"Hamlet; ""ensi-ilta""";culture;ticket;1;2;1');
  });

  it('no records: the header alone', () => {
    expect(exportCsv([])).toBe(`${CSV_BOM}Kortin tunnus;Päivämäärä;Kellonaika;Tapahtuma;Kategoria;Tyyppi;Aikuiset;Lapset;Avustajat\r\n`);
  });

  it('refuses a record without a valid time rather than guess a date, naming the record and its time', () => {
    expect(() => exportCsv([rec({ at: '22.11.2026' })])).toThrow(RangeError);
    expect(() => exportCsv([rec({ id: 'r-bad', at: '22.11.2026' })])).toThrow(new RangeError('record r-bad has no valid time ("at" is "22.11.2026")'));
  });

  it('uses at the same minute come in one order however they are given: by desk, then desk sequence, then record ID', () => {
    const at = '2026-11-22T17:03:12.123Z';
    const given = [
      rec({ at, deviceId: 'd-2', seq: 1, id: 'r-1', cardId: 'DESK2SEQ1' }),
      rec({ at, deviceId: 'd-1', seq: 7, id: 'r-4', cardId: 'DESK1SEQ7B' }),
      rec({ at, deviceId: 'd-1', seq: 7, id: 'r-3', cardId: 'DESK1SEQ7A' }),
      rec({ at, deviceId: 'd-1', seq: 3, id: 'r-9', cardId: 'DESK1SEQ3' }),
      rec({ at, deviceId: 'd-10', seq: 1, id: 'r-0', cardId: 'DESK10SEQ1' }),
    ];
    const expected = ['DESK1SEQ3', 'DESK1SEQ7A', 'DESK1SEQ7B', 'DESK10SEQ1', 'DESK2SEQ1'];
    const orders = (list: RedemptionRecord[]): RedemptionRecord[][] =>
      list.length <= 1 ? [list] : list.flatMap((r, i) => orders([...list.slice(0, i), ...list.slice(i + 1)]).map((rest) => [r, ...rest]));
    for (const order of orders(given)) {
      expect(lines(exportCsv(order)).slice(1).map((l) => l.split(';')[0])).toEqual(expected);
    }
  });
});

describe('exportJson', () => {
  it('every record, exactly the contract fields, in the given order; reads back', () => {
    const a = rec();
    const b = rec({ outcome: 'void', voids: a.id, adults: 0, children: 0 });
    const c = rec({ outcome: 'declined', reason: 'revoked' });
    const text = exportJson([a, b, { ...c, extra: 'x' } as RedemptionRecord]);
    const parsed = JSON.parse(text) as { records: RedemptionRecord[] };
    expect(parsed.records).toEqual([a, b, c]);
    expect(Object.keys(parsed.records[0]!)).toEqual(Object.keys(a));
    expect(parseJsonExport(text)).toEqual([a, b, c]);
    expect(parseJsonExport('\uFEFF' + JSON.stringify([a]))).toEqual([a]);
    expect(exportJson([])).toBe('{"records":[]}\n');
  });

  it('only a leading byte-order mark is dropped: one inside a field is kept as written', () => {
    const a = rec({ eventId: '\uFEFFhamlet' });
    expect(parseJsonExport(exportJson([a]))).toEqual([a]);
    expect(parseJsonExport('\uFEFF' + exportJson([a]))).toEqual([a]);
    expect(parseJsonExport('[\uFEFF]')).toBe('the file is not JSON');
  });

  it('says why a file is not an export', () => {
    expect(parseJsonExport('nope')).toBe('the file is not JSON');
    expect(parseJsonExport('{"x":1}')).toBe('the file holds no "records" list');
    expect(parseJsonExport('null')).toBe('the file holds no "records" list');
    expect(parseJsonExport('{"records":[1]}')).toBe('an entry of "records" is not a record');
    expect(parseJsonExport('{"records":[null]}')).toBe('an entry of "records" is not a record');
    expect(parseJsonExport('{"records":[[]]}')).toBe('an entry of "records" is not a record');
    expect(parseJsonExport(JSON.stringify({ records: [rec(), 'r2'] }))).toBe('an entry of "records" is not a record');
    expect(parseJsonExport(JSON.stringify([rec(), [rec()]]))).toBe('an entry of "records" is not a record');
  });
});
