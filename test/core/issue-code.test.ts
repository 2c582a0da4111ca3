// Minting KK1. codes and sealing keys (what `kaiku issue` and `kaiku bundle make` run): facts that
// do not fit a code and seeds of the wrong size are refused word for word, never minted.

import { describe, expect, it } from 'vitest';
import { fromBase64url } from '../../src/core/base64url.ts';
import type { CardFacts } from '../../src/core/card-code.ts';
import { decodeCode } from '../../src/core/card-code.ts';
import { issueCode, signerFromSeed } from '../../src/core/issue-code.ts';
import { vector } from '../support/vectors.ts';

const keys = vector<{ issuers: { kid: number; seed: string }[] }>('keys.json');
const seed = fromBase64url(keys.issuers[0]!.seed)!;
const fits: CardFacts = { kid: 1, issued: 20000, expires: 20365, kind: 0, children: 2, id: 'NA9C5ONQ' };

describe('issuing a card code', () => {
  it('facts that fit are minted into a code that reads back as the same card', () => {
    const code = issueCode(seed, fits);
    expect(code.startsWith('KK1.')).toBe(true);
    expect(decodeCode(code)).toMatchObject({ ok: true, code: fits });
  });

  it('facts that do not fit are refused with the reason, and no code is minted', () => {
    expect(() => issueCode(seed, { ...fits, id: 'na9c5onq' })).toThrow(new Error('the card ID must be 4-16 characters of 0-9 and A-Z'));
    expect(() => issueCode(seed, { ...fits, kind: 1, children: 2 })).toThrow(new Error('a community card records no children'));
  });

  it('a seed that is not 32 bytes is refused as such, for codes and for bundle signing alike', () => {
    expect(() => signerFromSeed(seed.subarray(0, 31))).toThrow(new Error('the seed must be 32 bytes'));
    expect(() => signerFromSeed(new Uint8Array(64))).toThrow(new Error('the seed must be 32 bytes'));
    expect(() => issueCode(new Uint8Array(33), fits)).toThrow(new Error('the seed must be 32 bytes'));
    expect(signerFromSeed(seed).publicKey).toHaveLength(32);
  });
});
