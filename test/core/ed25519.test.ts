import { Point, etc } from '@noble/ed25519';
import { describe, expect, it } from 'vitest';
import type { Ed25519, SubtleEd25519 } from '../../src/core/ed25519.ts';
import { isCanonicalSignature, isSmallOrderKey, pickEd25519 } from '../../src/core/ed25519.ts';
import { nobleEd25519 } from '../../src/core/ed25519-noble.ts';
import { NEUTRAL_KEY, NEUTRAL_SIGNATURE, edgeCases, smallOrderKeys } from '../support/ed25519-edges.ts';
import { engines, nodeSubtle, readTestFile } from '../support/vectors.ts';

interface WycheproofGroup {
  publicKey: { pk: string };
  tests: { tcId: number; comment: string; msg: string; sig: string; result: 'valid' | 'invalid' }[];
}
const suite = JSON.parse(readTestFile('wycheproof/ed25519_test.json')) as { testGroups: WycheproofGroup[] };
const hex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
const flat = suite.testGroups.flatMap((g) => g.tests.map((t) => ({ ...t, pk: g.publicKey.pk })));

async function verifies(ed: Ed25519, publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const key = await ed.importKey(publicKey);
  return key !== null && (await key.verify(message, signature));
}

describe.each(engines)('Wycheproof Ed25519 (%s)', (_name, ed) => {
  it('has all 151 cases', () => expect(flat).toHaveLength(151));
  it.each(flat.map((t) => [t.tcId, t.comment, t] as const))('tcId %i %s', async (_id, _c, t) => {
    expect(await verifies(ed, hex(t.pk), hex(t.msg), hex(t.sig))).toBe(t.result === 'valid');
  });
});

describe('the cases where Ed25519 verifiers part ways', () => {
  it('the set has cases on both sides', () => {
    expect(edgeCases.some((c) => c.cofactorless) && edgeCases.some((c) => !c.cofactorless)).toBe(true);
  });

  it.each(edgeCases)('$name: every engine answers as the cofactorless equation does', async (c) => {
    for (const [name, ed] of engines) expect(await verifies(ed, c.publicKey, c.message, c.signature), name).toBe(c.cofactorless);
  });

  it('every engine refuses every small-order key, canonical or not, either sign', async () => {
    // WebCrypto alone takes the neutral point with R = neutral, S = 0, for any message.
    const key = await nodeSubtle.importKey('raw', NEUTRAL_KEY, { name: 'Ed25519' }, false, ['verify']);
    expect(await nodeSubtle.verify({ name: 'Ed25519' }, key as never, NEUTRAL_SIGNATURE, new Uint8Array([1, 2, 3]))).toBe(true);
    for (const pk of smallOrderKeys()) {
      expect(isSmallOrderKey(pk), etc.bytesToHex(pk)).toBe(true);
      for (const [name, ed] of engines) expect(await ed.importKey(pk), name).toBeNull();
    }
    expect(isSmallOrderKey(Point.BASE.toBytes())).toBe(false);
    expect(isSmallOrderKey(hex(flat[0]!.pk))).toBe(false);
  });
});

describe('choosing an engine', () => {
  const fallback = async () => nobleEd25519;

  it('takes WebCrypto where the platform verifies Ed25519 (Node does), without loading the fallback', async () => {
    let loaded = false;
    const ed = await pickEd25519(nodeSubtle, async () => {
      loaded = true;
      return nobleEd25519;
    });
    expect(ed.engine).toBe('webcrypto');
    expect(loaded).toBe(false);
  });

  it('loads the fallback without WebCrypto, or with one that cannot do Ed25519', async () => {
    expect(await pickEd25519(undefined, fallback)).toBe(nobleEd25519);
    const refuses: SubtleEd25519 = { importKey: () => Promise.reject(new Error('NotSupportedError')), verify: () => Promise.resolve(true) };
    expect(await pickEd25519(refuses, fallback)).toBe(nobleEd25519);
    const saysYesToAll: SubtleEd25519 = { importKey: () => Promise.resolve({}), verify: () => Promise.resolve(true) };
    expect(await pickEd25519(saysYesToAll, fallback)).toBe(nobleEd25519);
  });

  it('refuses S = L and S + L but keeps S = L - 1', () => {
    const sig = new Uint8Array(64);
    const L = [0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, ...new Array(15).fill(0), 0x10];
    sig.set(L, 32);
    expect(isCanonicalSignature(sig)).toBe(false);
    sig[32] = 0xec;
    expect(isCanonicalSignature(sig)).toBe(true);
    sig[63] = 0x20;
    expect(isCanonicalSignature(sig)).toBe(false);
    expect(isCanonicalSignature(new Uint8Array(63))).toBe(false);
  });
});
