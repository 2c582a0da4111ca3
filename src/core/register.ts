// The register snapshot: N records of 18 bytes, sorted by hash, kept as the raw bytes. A look-up
// hashes the card ID and binary-searches the bytes, so opening a national register of 100,000 cards
// creates no object per card.
//
//   record = hash:12 issued:u16 expires:u16 children:u8 kind:u8
//   hash   = first 12 bytes of SHA-512(salt || card ID in ASCII)

import { asciiBytes, readU16, writeU16 } from './bytes.ts';
import type { CardKind } from './card-code.ts';
import { MAX_CHILDREN } from './card-code.ts';
import { sha512 } from './sha512.ts';

export const RECORD_SIZE = 18;
export const HASH_SIZE = 12;
export const SALT_SIZE = 16;

export interface RegisterEntry {
  issued: number;
  expires: number;
  children: number;
  kind: CardKind;
}

export interface Register {
  readonly count: number;
  lookup(cardId: string): RegisterEntry | null;
}

export function registerHash(salt: Uint8Array, cardId: string): Uint8Array {
  const input = new Uint8Array(salt.length + cardId.length);
  input.set(salt);
  input.set(asciiBytes(cardId), salt.length);
  return sha512(input).subarray(0, HASH_SIZE);
}

/** Why these record bytes are not a well-formed register, or null when they are. */
export function registerProblem(records: Uint8Array): string | null {
  if (records.length % RECORD_SIZE !== 0) return 'register length is not a whole number of records';
  for (let at = 0; at < records.length; at += RECORD_SIZE) {
    if (at > 0 && compareHash(records, at - RECORD_SIZE, records, at) >= 0) return 'register is not in strictly ascending hash order';
    const issued = readU16(records, at + 12);
    const expires = readU16(records, at + 14);
    const children = records[at + 16]!;
    const kind = records[at + 17]!;
    if (issued > expires) return 'a register record is issued after it expires';
    if (kind > 1) return 'a register record has an unknown kind';
    if (children > MAX_CHILDREN || (kind === 1 && children !== 0)) return 'a register record has an impossible number of children';
  }
  return null;
}

function compareHash(a: Uint8Array, aAt: number, b: Uint8Array, bAt: number): number {
  for (let i = 0; i < HASH_SIZE; i++) {
    const d = a[aAt + i]! - b[bAt + i]!;
    if (d !== 0) return d;
  }
  return 0;
}

/** A register over record bytes already checked with registerProblem. */
export function openRegister(salt: Uint8Array, records: Uint8Array): Register {
  const count = records.length / RECORD_SIZE;
  return {
    count,
    lookup(cardId) {
      const hash = registerHash(salt, cardId);
      let lo = 0;
      let hi = count - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const at = mid * RECORD_SIZE;
        const c = compareHash(records, at, hash, 0);
        if (c === 0) {
          return {
            issued: readU16(records, at + 12),
            expires: readU16(records, at + 14),
            children: records[at + 16]!,
            kind: records[at + 17] as CardKind,
          };
        }
        if (c < 0) lo = mid + 1;
        else hi = mid - 1;
      }
      return null;
    },
  };
}

export interface RegisterRow extends RegisterEntry {
  id: string;
}

/** Hashes and sorts rows into register bytes (for making bundles). Throws on a duplicate ID. */
export function buildRegister(salt: Uint8Array, rows: readonly RegisterRow[]): Uint8Array {
  const hashed = rows.map((row) => ({ row, hash: registerHash(salt, row.id) }));
  hashed.sort((a, b) => compareHash(a.hash, 0, b.hash, 0));
  const out = new Uint8Array(hashed.length * RECORD_SIZE);
  hashed.forEach(({ row, hash }, i) => {
    if (i > 0 && compareHash(hashed[i - 1]!.hash, 0, hash, 0) === 0) throw new Error(`card ${row.id} is in the register twice`);
    const at = i * RECORD_SIZE;
    out.set(hash, at);
    writeU16(out, at + 12, row.issued);
    writeU16(out, at + 14, row.expires);
    out[at + 16] = row.children;
    out[at + 17] = row.kind;
  });
  return out;
}
