// The fallback Ed25519 engine, for browsers whose WebCrypto has no Ed25519 (the older tablets): the
// curve arithmetic of @noble/ed25519 (BigInt, about 13x a native verify against tweetnacl's 90-260x),
// and the check of RFC 8032 §5.1.7 in its cofactorless form, the one WebCrypto (BoringSSL,
// OpenSSL) makes: [S]B - [k]A must encode to exactly the R of the signature. noble's own verify()
// multiplies both sides by the cofactor 8 and so takes signatures whose R or key carries a
// small-order part, which WebCrypto refuses; two desks must never disagree on the same code.
//
// Only the app's start-up loads this module, by import(), and only when WebCrypto fails the probe
// of ed25519.ts: it is never part of the first screen's JS.

import { Point, etc } from '@noble/ed25519';
import type { Ed25519 } from './ed25519.ts';
import { isCanonicalSignature, isSmallOrderKey } from './ed25519.ts';
import { sha512 } from './sha512.ts';

const ORDER_L = 2n ** 252n + 27742317777372353535851937790883648493n;

function littleEndian(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

export const nobleEd25519: Ed25519 = {
  engine: 'noble',
  async importKey(publicKey) {
    if (publicKey.length !== 32 || isSmallOrderKey(publicKey)) return null;
    let minusA: Point;
    try {
      // Strict decoding (not ZIP 215): y below p, and no x = 0 with the sign bit set.
      minusA = Point.fromBytes(publicKey, false).negate();
    } catch {
      return null;
    }
    const key = publicKey.slice();
    return {
      async verify(message, signature) {
        if (!isCanonicalSignature(signature)) return false;
        const r = signature.subarray(0, 32);
        const s = littleEndian(signature.subarray(32));
        const k = etc.mod(littleEndian(sha512(etc.concatBytes(r, key, message))), ORDER_L);
        // Variable-time multiplication is fine: everything here is public.
        const encoded = Point.BASE.multiply(s, false).add(minusA.multiply(k, false)).toBytes();
        return encoded.every((b, i) => b === r[i]);
      },
    };
  },
};
