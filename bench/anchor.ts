// The anchor every timing is divided by: one native Ed25519 verify through node:crypto (OpenSSL,
// synchronous, no thread-pool hop). It is the fastest a signature check can be on this machine, so
// "3x the anchor" means the same on a fast laptop and on a loaded CI runner.

import { createPublicKey, verify } from 'node:crypto';
import { toBase64url } from '../src/core/base64url.ts';
import { signerFromSeed } from '../src/core/issue-code.ts';
import { randomBytes } from './fixture.ts';

export const ANCHOR_NAME = 'anchor: node:crypto Ed25519 verify, 100 B';

/** A ready-to-time native verify of a ~100-byte message (about the size of a KK1. payload). */
export function nativeVerifyAnchor(random: () => number): () => void {
  const signer = signerFromSeed(randomBytes(random, 32));
  const message = randomBytes(random, 100);
  const signature = signer.sign(message);
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: toBase64url(signer.publicKey) }, format: 'jwk' });
  return () => {
    if (!verify(null, message, key, signature)) throw new Error('the anchor signature does not verify');
  };
}
