// Property tests of the strict base32 and base64url codecs: they round-trip, and refuse every
// spelling the contract does not allow.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase32, toBase32 } from '../../../src/core/base32.ts';
import { fromBase64url, toBase64url } from '../../../src/core/base64url.ts';
import { BASE32, BASE64URL, anyString, strictB64url } from './shared.ts';

describe('base32 (strict RFC 4648 §6, no padding)', () => {
  it('round-trips every byte string, in the alphabet and at the unpadded length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = toBase32(bytes);
        expect(text).toMatch(/^[A-Z2-7]*$/);
        expect(text.length).toBe(Math.ceil((bytes.length * 8) / 5));
        expect(fromBase32(text)).toEqual(bytes);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on any string, and accepts exactly one spelling of any bytes', () => {
    const nearBase32 = fc.string({ unit: fc.constantFrom(...BASE32, ...BASE32, 'a', 'z', '0', '1', '8', '=', ' ', '\n', 'ä'), maxLength: 40 });
    const pureBase32 = fc.string({ unit: fc.constantFrom(...BASE32), maxLength: 40 });
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(anyString, nearBase32, pureBase32), (text) => {
        const bytes = fromBase32(text);
        if (bytes !== null) {
          accepted++;
          expect(toBase32(bytes)).toBe(text);
        }
      }),
      { numRuns: 2500 },
    );
    expect(accepted).toBeGreaterThan(100); // the property was really exercised on accepted strings
  });
});

describe('base64url (strict RFC 4648 §5, no padding)', () => {
  it('round-trips every byte string and agrees with Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = toBase64url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(fromBase64url(text)).toEqual(bytes);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on any string, accepts exactly one spelling, and decodes as Node does', () => {
    const nearB64 = fc.string({ unit: fc.constantFrom(...BASE64URL, ...BASE64URL, '+', '/', '=', ' ', '\n', 'é'), maxLength: 40 });
    const pureB64 = fc.string({ unit: fc.constantFrom(...BASE64URL), maxLength: 40 });
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(anyString, nearB64, pureB64), (text) => {
        const bytes = fromBase64url(text);
        const oracle = strictB64url(text);
        expect(bytes === null).toBe(oracle === null);
        if (bytes !== null) {
          accepted++;
          expect(toBase64url(bytes)).toBe(text);
          expect(bytes).toEqual(oracle);
        }
      }),
      { numRuns: 2500 },
    );
    expect(accepted).toBeGreaterThan(100);
  });
});
