// Record ids as every desk makes them: the moment first, so the ids of one desk, of all desks and of
// the server's pages sort in the order the records were made, whatever their random part.

import { describe, expect, it } from 'vitest';
import { newRecordId } from '../../src/core/record-id.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const bytes = (fill: number) => new Uint8Array(10).fill(fill);

/** The moment in an id's first 10 characters, read back as ULID's specification writes it. */
const momentOf = (id: string) => [...id.slice(0, 10)].reduce((ms, c) => ms * 32 + CROCKFORD.indexOf(c), 0);

describe('record ids', () => {
  it('are 26 characters of Crockford base32, the moment first, as ULID writes it', () => {
    // The ULID specification's own example moment.
    expect(newRecordId(1469918176385, bytes(0))).toBe('01ARYZ6S410000000000000000');
    expect(newRecordId(0, bytes(255))).toBe('0000000000ZZZZZZZZZZZZZZZZ');
    const at = Date.parse('2026-11-22T17:03:12.123Z');
    expect(momentOf(newRecordId(at, bytes(7)))).toBe(at);
  });

  it('sort in the order they were made, a later moment after an earlier one whatever the random part', () => {
    const moments = [0, 1, 31, 32, 33, 1023, 1024, 1_700_000_000_000, 1_700_000_000_001, 1_700_000_086_400, Date.parse('2026-11-22T17:03:12.123Z'), 2 ** 48 - 1];
    // The earlier the moment, the larger its random part: only the moment can put them in order.
    const ids = moments.map((ms, i) => newRecordId(ms, bytes(255 - i)));
    expect([...ids].sort()).toEqual(ids);
  });

  it('differ for one moment by their random part, and need ten random bytes', () => {
    const a = newRecordId(1000, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    const b = newRecordId(1000, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 11]));
    expect(a.slice(0, 10)).toBe(b.slice(0, 10));
    expect(a).not.toBe(b);
    expect(a.slice(10)).toBe('041061050R3GG28A');
    expect(() => newRecordId(1000, new Uint8Array(9))).toThrow(/10 random bytes/);
  });
});
