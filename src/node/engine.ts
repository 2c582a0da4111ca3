// The Ed25519 engine on Node: WebCrypto, which Node implements natively.

import { webcrypto } from 'node:crypto';
import type { Ed25519, SubtleEd25519 } from '../core/ed25519.ts';
import { pickEd25519 } from '../core/ed25519.ts';

export function nodeEd25519(): Promise<Ed25519> {
  // Node 20 verifies Ed25519 in WebCrypto; a Node that could not would load the JavaScript engine.
  return pickEd25519(webcrypto.subtle as unknown as SubtleEd25519, async () => (await import('../core/ed25519-noble.ts')).nobleEd25519);
}
