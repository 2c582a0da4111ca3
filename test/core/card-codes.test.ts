import { describe, expect, it } from 'vitest';
import { isStaleOnDay, openBundle, sealBundle } from '../../src/core/bundle.ts';
import { fromBase64url } from '../../src/core/base64url.ts';
import { signerFromSeed } from '../../src/core/issue-code.ts';
import { buildRegister } from '../../src/core/register.ts';
import { checkCard } from '../../src/core/card-check.ts';
import { bundleEnvelope, demoRoots, engines, vector } from '../support/vectors.ts';

interface CardCase {
  name: string;
  input: string;
  today: number;
  expect: Record<string, unknown>;
}
const { cases } = vector<{ cases: CardCase[] }>('card-codes.json');

describe.each(engines)('card-codes.json through the core (%s)', (_name, ed) => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const opened = await openBundle(bundleEnvelope, demoRoots, ed);
    if (!opened.ok) throw new Error(opened.error);
    const got = await checkCard(c.input, { bundle: opened.bundle, today: c.today, stale: isStaleOnDay(opened.bundle, c.today) });
    const picked = Object.fromEntries(Object.keys(c.expect).map((k) => [k, got[k as keyof typeof got]]));
    expect(picked).toEqual(c.expect);
    // A rejection always names exactly one reason; an acceptance none.
    expect(got.reason === null).toBe(got.verdict === 'accepted');
  });
});

describe('what a check reports beside the verdict', () => {
  const ed = engines[0]![1];
  const code = cases.find((c) => c.name.startsWith('expired yesterday'))!;
  const forged = cases.find((c) => c.name.startsWith('known kid, signed by another key'))!;
  const keys = vector<{ roots: { id: string; seed: string }[] }>('keys.json');

  it('an expired card says on which day it expired', async () => {
    const opened = await openBundle(bundleEnvelope, demoRoots, ed);
    if (!opened.ok) throw new Error(opened.error);
    const got = await checkCard(code.input, { bundle: opened.bundle, today: code.today, stale: false });
    expect(got).toMatchObject({ verdict: 'rejected', reason: 'expired', expires: code.today - 1, source: 'code' });
  });

  it('a forged code still names the card ID it claims, for the staff and the record', async () => {
    const opened = await openBundle(bundleEnvelope, demoRoots, ed);
    if (!opened.ok) throw new Error(opened.error);
    const got = await checkCard(forged.input, { bundle: opened.bundle, today: forged.today, stale: false });
    expect(got.reason).toBe('bad-signature');
    expect(got.cardId).toMatch(/^[0-9A-Z]{4,16}$/);
    expect(got.kind).toBeNull();
  });

  it('without a bundle every card is no-bundle, but noise is still not-a-card', async () => {
    const ctx = { bundle: null, today: 20779, stale: false };
    expect((await checkCard('NA9C5ONQ', ctx)).reason).toBe('no-bundle');
    expect((await checkCard(code.input, ctx)).reason).toBe('no-bundle');
    // Unread without keys, a code's claims are not shown as if they were known.
    expect(await checkCard(code.input, ctx)).toMatchObject({ cardId: null, source: null, issued: null });
    expect((await checkCard('https://example.org', ctx)).reason).toBe('not-a-card');
  });

  it('a revoked card typed by number names the issue day of the copy that was revoked', async () => {
    const root = signerFromSeed(fromBase64url(keys.roots[0]!.seed)!);
    const salt = new Uint8Array(16).fill(5);
    const records = buildRegister(salt, [{ id: 'LOST0001', issued: 20700, expires: 21000, children: 1, kind: 0 }]);
    const envelope = sealBundle(
      { serial: 1, issuedAtMs: Date.UTC(2026, 10, 22), expiresAtMs: Date.UTC(2026, 10, 29), keys: [], revoked: [{ id: 'LOST0001', issuedUpTo: 20700 }], salt, records },
      keys.roots[0]!.id,
      root.sign,
    );
    const opened = await openBundle(envelope, demoRoots, ed);
    if (!opened.ok) throw new Error(opened.error);
    const got = await checkCard('LOST0001', { bundle: opened.bundle, today: 20779, stale: false });
    expect(got).toMatchObject({ verdict: 'rejected', reason: 'revoked', cardId: 'LOST0001', source: 'register', issued: 20700 });
  });

  it('stale rides along with any verdict', async () => {
    const opened = await openBundle(bundleEnvelope, demoRoots, ed);
    if (!opened.ok) throw new Error(opened.error);
    const got = await checkCard('NA9C5ONQ', { bundle: opened.bundle, today: 20779, stale: true });
    expect(got).toMatchObject({ verdict: 'accepted', stale: true });
  });
});
