// Ed25519 signature checks, strictly as RFC 8032 says, on two engines: the platform's WebCrypto
// where it has Ed25519 (native speed), and a fallback in JavaScript everywhere else
// (ed25519-noble.ts), which the caller loads only when the probe below says it is needed: most
// desks never download it. Both engines refuse what neither may tell apart from a forgery, before
// they run: a signature whose S half is not below the group order L (tweetnacl and others would
// accept S + L), and a public key of small order (for which one signature fits every message).
// Two desks must never disagree on the same code.

export interface Ed25519Key {
  verify(message: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

export interface Ed25519 {
  readonly engine: 'webcrypto' | 'noble';
  /** A key ready to verify with, or null for bytes that are no usable public key. */
  importKey(publicKey: Uint8Array): Promise<Ed25519Key | null>;
}

/** Loads the fallback engine (a dynamic import in the app, so it ships as a chunk of its own). */
export type LoadEd25519 = () => Promise<Ed25519>;

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

// The eight points of small order, by their y (the sign of x, bit 255, is ignored), canonical or
// not: 0 and p (order 4), 1 and p + 1 (the neutral point), p - 1 (order 2), and the two y of the
// points of order 8. The list libsodium refuses too.
const SMALL_ORDER_Y = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
].map(hexBytes);

/** A 32-byte public key that encodes a point of small order. */
export function isSmallOrderKey(publicKey: Uint8Array): boolean {
  if (publicKey.length !== 32) return false;
  return SMALL_ORDER_Y.some((y) => y.every((b, i) => b === (i === 31 ? publicKey[i]! & 0x7f : publicKey[i])));
}

export function webCryptoEd25519(subtle: SubtleEd25519): Ed25519 {
  return {
    engine: 'webcrypto',
    async importKey(publicKey) {
      if (publicKey.length !== 32 || isSmallOrderKey(publicKey)) return null;
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
 * signature passes and a damaged one fails), else the fallback `load` brings.
 */
export async function pickEd25519(subtle: SubtleEd25519 | undefined, load: LoadEd25519): Promise<Ed25519> {
  if (subtle && (await webCryptoWorks(subtle))) return webCryptoEd25519(subtle);
  return load();
}

async function webCryptoWorks(subtle: SubtleEd25519): Promise<boolean> {
  try {
    const key = await webCryptoEd25519(subtle).importKey(hexBytes(PROBE_KEY));
    const sig = hexBytes(PROBE_SIG);
    const empty = new Uint8Array(0);
    if (!key || !(await key.verify(empty, sig))) return false;
    sig[0] = sig[0]! ^ 1;
    return !(await key.verify(empty, sig));
  } catch {
    // Any failure of the probe means the platform cannot be trusted with Ed25519.
    return false;
  }
}
