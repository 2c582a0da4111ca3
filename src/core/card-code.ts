// The binary layout of a signed KK1. card code (version 1):
//   body      = version:u8 kid:u16 issued:u16 expires:u16 kind:u8 children:u8 idlen:u8 id
//   signature = Ed25519(issuer key kid, "KK1" || body), 64 bytes
//   code      = "KK1." base32(body || signature)

import { fromBase32, toBase32 } from './base32.ts';
import { asciiBytes, concatBytes, readU16, writeU16 } from './bytes.ts';
import { CODE_PREFIX, isCardId } from './classify.ts';

export const CODE_VERSION = 1;
export const CODE_SIGNATURE_TAG = asciiBytes('KK1');
export const MAX_VALIDITY_DAYS = 400;
export const MAX_CHILDREN = 20;
const HEADER = 10; // bytes before the id
const SIGNATURE = 64;

export type CardKind = 0 | 1;

export interface CardFacts {
  kid: number;
  issued: number;
  expires: number;
  kind: CardKind;
  children: number;
  id: string;
}

export interface DecodedCode extends CardFacts {
  /** The exact bytes the issuer signed: the domain tag and the body. */
  signed: Uint8Array;
  signature: Uint8Array;
}

export type DecodeResult =
  | { ok: true; code: DecodedCode }
  | { ok: false; reason: 'bad-format' | 'unsupported-version' };

/** Why card facts cannot be encoded, or null when they fit the layout. */
export function cardFactsProblem(f: CardFacts): string | null {
  if (!isCardId(f.id)) return 'the card ID must be 4-16 characters of 0-9 and A-Z';
  if (!isU16(f.kid)) return 'the key id must be 0-65535';
  if (!isU16(f.issued) || !isU16(f.expires)) return 'issued and expires must be day numbers 0-65535';
  if (f.issued > f.expires) return 'the card is issued after it expires';
  if (f.expires - f.issued > MAX_VALIDITY_DAYS) return `a card may be valid at most ${MAX_VALIDITY_DAYS} days`;
  if (f.kind !== 0 && f.kind !== 1) return 'kind must be 0 (personal) or 1 (community)';
  if (!Number.isInteger(f.children) || f.children < 0 || f.children > MAX_CHILDREN)
    return `children must be 0-${MAX_CHILDREN}`;
  if (f.kind === 1 && f.children !== 0) return 'a community card records no children';
  return null;
}

function isU16(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 0xffff;
}

/** Decodes the text of a code (already classified, so it starts with "KK1."). */
export function decodeCode(text: string): DecodeResult {
  const bytes = fromBase32(text.slice(CODE_PREFIX.length));
  if (!bytes || bytes.length === 0) return { ok: false, reason: 'bad-format' };
  if (bytes[0] !== CODE_VERSION) return { ok: false, reason: 'unsupported-version' };
  if (bytes.length < HEADER + SIGNATURE) return { ok: false, reason: 'bad-format' };
  const idlen = bytes[9]!;
  if (bytes.length !== HEADER + idlen + SIGNATURE) return { ok: false, reason: 'bad-format' };
  let id = '';
  for (let i = 0; i < idlen; i++) id += String.fromCharCode(bytes[HEADER + i]!);
  const facts: CardFacts = {
    kid: readU16(bytes, 1),
    issued: readU16(bytes, 3),
    expires: readU16(bytes, 5),
    kind: bytes[7] as CardKind,
    children: bytes[8]!,
    id,
  };
  if (cardFactsProblem(facts) !== null) return { ok: false, reason: 'bad-format' };
  const bodyEnd = HEADER + idlen;
  return {
    ok: true,
    code: {
      ...facts,
      signed: concatBytes(CODE_SIGNATURE_TAG, bytes.subarray(0, bodyEnd)),
      signature: bytes.slice(bodyEnd),
    },
  };
}

/** The body bytes of a code for these facts (the caller checks them with cardFactsProblem). */
export function encodeBody(f: CardFacts): Uint8Array {
  const body = new Uint8Array(HEADER + f.id.length);
  body[0] = CODE_VERSION;
  writeU16(body, 1, f.kid);
  writeU16(body, 3, f.issued);
  writeU16(body, 5, f.expires);
  body[7] = f.kind;
  body[8] = f.children;
  body[9] = f.id.length;
  body.set(asciiBytes(f.id), HEADER);
  return body;
}

export function formatCode(body: Uint8Array, signature: Uint8Array): string {
  return CODE_PREFIX + toBase32(concatBytes(body, signature));
}
