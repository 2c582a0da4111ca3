// The register's record bytes as a bundle carries them: each impossible record is refused by name,
// so a desk never admits children on a community card because a register said so.

import { describe, expect, it } from 'vitest';
import { RECORD_SIZE, buildRegister, openRegister, registerProblem } from '../../src/core/register.ts';

/** One 18-byte record: hash (12), issued (u16), expires (u16), children (u8), kind (u8). */
function recordBytes(hashByte: number, issued: number, expires: number, children: number, kind: number): Uint8Array {
  const r = new Uint8Array(RECORD_SIZE);
  r.fill(hashByte, 0, 12);
  r[12] = issued >> 8;
  r[13] = issued & 255;
  r[14] = expires >> 8;
  r[15] = expires & 255;
  r[16] = children;
  r[17] = kind;
  return r;
}

const join = (...records: Uint8Array[]) => {
  const out = new Uint8Array(records.length * RECORD_SIZE);
  records.forEach((r, i) => out.set(r, i * RECORD_SIZE));
  return out;
};

describe('register records', () => {
  it('takes personal cards with 0-20 children and community cards with none', () => {
    expect(registerProblem(join(recordBytes(1, 20000, 20300, 0, 0), recordBytes(2, 20000, 20300, 20, 0), recordBytes(3, 20000, 20300, 0, 1)))).toBeNull();
  });

  it('refuses a community card with a child, and a personal card with 21', () => {
    expect(registerProblem(join(recordBytes(1, 20000, 20300, 1, 1)))).toBe('a register record has an impossible number of children');
    expect(registerProblem(join(recordBytes(1, 20000, 20300, 21, 0)))).toBe('a register record has an impossible number of children');
  });

  it('refuses an unknown kind, a card issued after it expires, records out of order and a cut record', () => {
    expect(registerProblem(join(recordBytes(1, 20000, 20300, 0, 2)))).toBe('a register record has an unknown kind');
    expect(registerProblem(join(recordBytes(1, 20301, 20300, 0, 0)))).toBe('a register record is issued after it expires');
    expect(registerProblem(join(recordBytes(2, 20000, 20300, 0, 0), recordBytes(1, 20000, 20300, 0, 0)))).toBe('register is not in strictly ascending hash order');
    expect(registerProblem(join(recordBytes(1, 20000, 20300, 0, 0), recordBytes(1, 20000, 20300, 0, 0)))).toBe('register is not in strictly ascending hash order');
    expect(registerProblem(new Uint8Array(RECORD_SIZE + 1))).toBe('register length is not a whole number of records');
  });
});

describe('building a register from rows', () => {
  const salt = new Uint8Array(16).fill(5);
  const row = (id: string) => ({ id, issued: 20700, expires: 21000, children: 1, kind: 0 as const });

  it('a card listed twice is refused, naming the card, however far apart the rows are', () => {
    expect(() => buildRegister(salt, [row('LOST0001'), row('KEEP0002'), row('LOST0001')])).toThrow(new Error('card LOST0001 is in the register twice'));
    expect(() => buildRegister(salt, [row('KEEP0002'), row('KEEP0002')])).toThrow(new Error('card KEEP0002 is in the register twice'));
  });

  it('distinct cards make a well-formed register in which each is found and others are not', () => {
    const ids = ['LOST0001', 'KEEP0002', 'KEEP0003', 'KEEP0004', 'KEEP0005'];
    const records = buildRegister(salt, ids.map(row));
    expect(registerProblem(records)).toBeNull();
    const register = openRegister(salt, records);
    expect(register.count).toBe(5);
    for (const id of ids) expect(register.lookup(id)).toEqual({ issued: 20700, expires: 21000, children: 1, kind: 0 });
    expect(register.lookup('KEEP0006')).toBeNull();
  });
});
