import { describe, expect, it } from 'vitest';
import { isCanonicalSignature, pickEd25519, tweetnaclEd25519 } from '../../src/core/ed25519.ts';
import type { SubtleEd25519 } from '../../src/core/ed25519.ts';
import { engines, nodeSubtle, readTestFile } from '../support/vectors.ts';

interface WycheproofGroup {
  publicKey: { pk: string };
  tests: { tcId: number; comment: string; msg: string; sig: string; result: 'valid' | 'invalid' }[];
}
const suite = JSON.parse(readTestFile('wycheproof/ed25519_test.json')) as { testGroups: WycheproofGroup[] };
const hex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
const flat = suite.testGroups.flatMap((g) => g.tests.map((t) => ({ ...t, pk: g.publicKey.pk })));

describe.each(engines)('Wycheproof Ed25519 (%s)', (_name, ed) => {
  it('has all 151 cases', () => expect(flat).toHaveLength(151));
  it.each(flat.map((t) => [t.tcId, t.comment, t] as const))('tcId %i %s', async (_id, _c, t) => {
    const key = await ed.importKey(hex(t.pk));
    const ok = key !== null && (await key.verify(hex(t.msg), hex(t.sig)));
    expect(ok).toBe(t.result === 'valid');
  });
});

describe('choosing an engine', () => {
  it('takes WebCrypto where the platform verifies Ed25519 (Node does)', async () => {
    expect((await pickEd25519(nodeSubtle)).engine).toBe('webcrypto');
  });

  it('falls back to tweetnacl without WebCrypto, or with one that cannot do Ed25519', async () => {
    expect(await pickEd25519(undefined)).toBe(tweetnaclEd25519);
    const refuses: SubtleEd25519 = { importKey: () => Promise.reject(new Error('NotSupportedError')), verify: () => Promise.resolve(true) };
    expect(await pickEd25519(refuses)).toBe(tweetnaclEd25519);
    const saysYesToAll: SubtleEd25519 = { importKey: () => Promise.resolve({}), verify: () => Promise.resolve(true) };
    expect(await pickEd25519(saysYesToAll)).toBe(tweetnaclEd25519);
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
