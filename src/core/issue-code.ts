// Minting a signed KK1. code, for the register's operators (the CLI) and the demo data.

import { nacl } from './nacl.ts';
import type { CardFacts } from './card-code.ts';
import { CODE_SIGNATURE_TAG, cardFactsProblem, encodeBody, formatCode } from './card-code.ts';
import { concatBytes } from './bytes.ts';

/** Signs a code with an issuer's 32-byte Ed25519 seed. Throws when the facts do not fit the layout. */
export function issueCode(seed: Uint8Array, facts: CardFacts): string {
  const problem = cardFactsProblem(facts);
  if (problem) throw new Error(problem);
  const body = encodeBody(facts);
  return formatCode(body, signerFromSeed(seed).sign(concatBytes(CODE_SIGNATURE_TAG, body)));
}

/** A signer for a root's 32-byte seed, for sealing bundles. */
export function signerFromSeed(seed: Uint8Array): { publicKey: Uint8Array; sign(message: Uint8Array): Uint8Array } {
  if (seed.length !== 32) throw new Error('the seed must be 32 bytes');
  const { publicKey, secretKey } = nacl.sign.keyPair.fromSeed(seed);
  return { publicKey, sign: (message) => nacl.sign.detached(message, secretKey) };
}
