// Enrolment codes, device tokens and device ids. Codes are typed by a person, so they use Crockford
// base32 (no I, L, O, U) in two groups of five: 50 random bits. Tokens are 32 random bytes. The
// server keeps only SHA-256 hashes of both, so a copy of its database enrols and unlocks nothing.

import { createHash } from 'node:crypto';
import { toBase64url } from '../src/core/base64url.ts';

export type RandomBytes = (size: number) => Uint8Array;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 10;

export function newEnrolCode(random: RandomBytes): string {
  const bytes = random(CODE_LENGTH);
  // The low 5 bits of each of 10 random bytes: 50 bits, without modulo bias (256 is a multiple of 32).
  const chars = Array.from(bytes.subarray(0, CODE_LENGTH), (b) => CROCKFORD[b & 31]!).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** A typed code in canonical form: case, hyphens and spaces ignored, Crockford's look-alikes read. */
export function normaliseEnrolCode(text: string): string | null {
  const code = text
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return code.length === CODE_LENGTH && [...code].every((c) => CROCKFORD.includes(c)) ? code : null;
}

export function newToken(random: RandomBytes): string {
  return toBase64url(random(32));
}

export function newDeviceId(random: RandomBytes): string {
  return 'd-' + Buffer.from(random(8)).toString('hex');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
