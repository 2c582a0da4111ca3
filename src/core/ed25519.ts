// Ed25519 signature checks, strictly as RFC 8032 says, on two engines: the platform's WebCrypto
// where it has Ed25519 (native speed), and tweetnacl everywhere else. Both reject a signature whose
// S half is not below the group order L: tweetnacl alone would accept S + L, and two desks must
// never disagree on the same code.

import { nacl } from './nacl.ts';

export interface Ed25519Key {
  verify(message: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

export interface Ed25519 {
  readonly engine: 'webcrypto' | 'tweetnacl';
  /** A key ready to verify with, or null for bytes that are no usable public key. */
  importKey(publicKey: Uint8Array): Promise<Ed25519Key | null>;
}

/** The parts of WebCrypto's SubtleCrypto used here (passed in: the core reads no globals). */
export interface SubtleEd25519 {
  importKey(format: 'raw', keyData: Uint8Array, algorithm: { name: 'Ed25519' }, extractable: false, usages: ['verify']): Promise<unknown>;
  verify(algorithm: { name: 'Ed25519' }, key: never, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
}

// L = 2^252 + 27742317777372353535851937790883648493, little-endian as S is encoded.
const ORDER_L = [
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

/** A 64-byte signature whose S (second half, little-endian) is below L. */
export function isCanonicalSignature(signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  for (let i = 31; i >= 0; i--) {
    const s = signature[32 + i]!;
    const l = ORDER_L[i]!;
    if (s !== l) return s < l;
  }
  return false; // S == L
}

export const tweetnaclEd25519: Ed25519 = {
  engine: 'tweetnacl',
  async importKey(publicKey) {
    if (publicKey.length !== 32) return null;
    const pk = publicKey.slice();
    return {
      async verify(message, signature) {
        return isCanonicalSignature(signature) && nacl.sign.detached.verify(message, signature, pk);
      },
    };
  },
};

export function webCryptoEd25519(subtle: SubtleEd25519): Ed25519 {
  return {
    engine: 'webcrypto',
    async importKey(publicKey) {
      if (publicKey.length !== 32) return null;
      let key: unknown;
      try {
        key = await subtle.importKey('raw', publicKey.slice(), { name: 'Ed25519' }, false, ['verify']);
      } catch {
        return null;
      }
      return {
        async verify(message, signature) {
          if (!isCanonicalSignature(signature)) return false;
          try {
            return await subtle.verify({ name: 'Ed25519' }, key as never, signature, message);
          } catch {
            return false;
          }
        },
      };
    },
  };
}

// RFC 8032 §7.1, test 1: the empty message.
const PROBE_KEY = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const PROBE_SIG =
  'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * The fastest engine this platform has: WebCrypto when it really verifies Ed25519 (a known good
 * signature passes and a damaged one fails), else tweetnacl.
 */
export async function pickEd25519(subtle: SubtleEd25519 | undefined): Promise<Ed25519> {
  if (!subtle) return tweetnaclEd25519;
  try {
    const engine = webCryptoEd25519(subtle);
    const key = await engine.importKey(hexBytes(PROBE_KEY));
    const sig = hexBytes(PROBE_SIG);
    const empty = new Uint8Array(0);
    if (key && (await key.verify(empty, sig))) {
      sig[0] = sig[0]! ^ 1;
      if (!(await key.verify(empty, sig))) return engine;
    }
  } catch {
    // Any failure of the probe means the platform cannot be trusted with Ed25519.
  }
  return tweetnaclEd25519;
}
