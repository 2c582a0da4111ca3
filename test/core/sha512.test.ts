import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha512 } from '../../src/core/sha512.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const node = (b: Uint8Array) => createHash('sha512').update(b).digest('hex');

describe('sha512', () => {
  it('gives the FIPS 180-4 digests of "abc" and of the empty message', () => {
    expect(hex(sha512(new TextEncoder().encode('abc')))).toBe(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
    expect(hex(sha512(new Uint8Array(0)))).toBe(node(new Uint8Array(0)));
  });

  it('agrees with node:crypto on every length up to four blocks, and on long messages', () => {
    let seed = 7;
    const byte = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    for (let n = 0; n <= 520; n++) {
      const message = Uint8Array.from({ length: n }, byte);
      expect(hex(sha512(message)), `length ${n}`).toBe(node(message));
    }
    const long = Uint8Array.from({ length: 100_003 }, byte);
    expect(hex(sha512(long))).toBe(node(long));
    expect(hex(sha512(new Uint8Array(1000).fill(0xff)))).toBe(node(new Uint8Array(1000).fill(0xff)));
  });
});
