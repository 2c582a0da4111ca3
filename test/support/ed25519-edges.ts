// Where Ed25519 verifiers part ways, made with @noble/ed25519's curve arithmetic: signatures a key
// holder can make that a cofactored check (noble's own verify(), ZIP 215) takes and a cofactorless
// one (WebCrypto, RFC 8032 as written) refuses, and the keys of small order. Every engine of the
// core must answer each as `cofactorless` says, in Node and in Chromium.

import { Point, etc } from '@noble/ed25519';
import { sha512 } from '../../src/core/sha512.ts';

export interface EdgeCase {
  name: string;
  publicKey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
  /** What RFC 8032's cofactorless equation says, and so what every engine must say. */
  cofactorless: boolean;
}

const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const le = (b: Uint8Array) => b.reduceRight((n, x) => (n << 8n) | BigInt(x), 0n);
const le32 = (n: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 255n));

/** A point of order 8. */
export const ORDER_8 = Point.fromHex('26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05');

function signed(name: string, torsionOnKey: boolean, torsionOnR: boolean, n: number): EdgeCase {
  const a = 0x1234567890abcdefn;
  const message = new TextEncoder().encode(`KK1 message ${n}`);
  const r = 0xfedcba0987654321n + BigInt(n);
  const A = torsionOnKey ? Point.BASE.multiply(a).add(ORDER_8) : Point.BASE.multiply(a);
  const R = torsionOnR ? Point.BASE.multiply(r).add(ORDER_8) : Point.BASE.multiply(r);
  const k = etc.mod(le(sha512(etc.concatBytes(R.toBytes(), A.toBytes(), message))), L);
  const signature = etc.concatBytes(R.toBytes(), le32(etc.mod(r + k * a, L)));
  // [S]B - [k]A = R - [k]T on such a key: it encodes to R only when k·T vanishes.
  return { name, publicKey: A.toBytes(), message, signature, cofactorless: !torsionOnR && (!torsionOnKey || k % 8n === 0n) };
}

export const edgeCases: EdgeCase[] = [
  ...Array.from({ length: 16 }, (_, n) => signed(`key with a part of order 8, #${n}`, true, false, n)),
  ...Array.from({ length: 4 }, (_, n) => signed(`R with a part of order 8, #${n}`, false, true, n)),
  signed('an honest signature', false, false, 0),
];

/** Every spelling of every point of small order: both signs, and y + p where that fits in 255 bits. */
export function smallOrderKeys(): Uint8Array[] {
  const points = Array.from({ length: 8 }, (_, i) => (i === 0 ? Point.ZERO : ORDER_8.multiply(BigInt(i))).toBytes());
  const spellings = points.flatMap((p) => [p, Uint8Array.from(p, (b, i) => (i === 31 ? b ^ 0x80 : b))]);
  const p = 2n ** 255n - 19n;
  for (const y of [0n, 1n]) spellings.push(le32(y + p));
  return spellings;
}

/** The neutral point as a key, and R = neutral, S = 0: a "signature" of every message under it. */
export const NEUTRAL_KEY = le32(1n);
export const NEUTRAL_SIGNATURE = etc.concatBytes(le32(1n), le32(0n));
