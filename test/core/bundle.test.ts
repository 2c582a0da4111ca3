import { describe, expect, it } from 'vitest';
import { clockProblem, deskToday, isStaleAt, isStaleOnDay, openBundle, parseEnvelope, replacesBundle, sealBundle } from '../../src/core/bundle.ts';
import { helsinkiDay } from '../../src/core/calendar.ts';
import { fromBase64url } from '../../src/core/base64url.ts';
import { signerFromSeed } from '../../src/core/issue-code.ts';
import { buildRegister } from '../../src/core/register.ts';
import { bundleEnvelope, demoRoots, engines, vector } from '../support/vectors.ts';

interface BundleCase {
  name: string;
  envelope: unknown;
  expect: { accept: boolean; serial?: number; keys?: number; registerCount?: number; revoked?: number };
}
const bc = vector<{ cases: BundleCase[]; rollback: { current: unknown; older: unknown; newer: unknown; expect: Record<string, boolean> } }>('bundle-cases.json');

describe.each(engines)('bundle-cases.json through the core (%s)', (_name, ed) => {
  it.each(bc.cases.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const got = await openBundle(c.envelope, demoRoots, ed);
    expect(got.ok).toBe(c.expect.accept);
    if (got.ok) {
      const { serial, keys, register, revokedCount } = got.bundle;
      const summary = { accept: true, serial, keys: keys.size, registerCount: register.count, revoked: revokedCount };
      expect(summary).toEqual({ ...summary, ...c.expect });
    } else {
      // A refusal is a sentence a person can act on, not a code or a stack trace.
      expect(got.error).toMatch(/^[a-z"].{10,}/);
    }
  });

  it.each(Object.entries(bc.rollback.expect))('rollback: would the %s bundle replace the current one', async (which, want) => {
    const current = await openBundle(bc.rollback.current, demoRoots, ed);
    const candidate = await openBundle(which === 'same' ? bc.rollback.current : bc.rollback[which as 'older' | 'newer'], demoRoots, ed);
    if (!current.ok || !candidate.ok) throw new Error('rollback envelopes must open');
    expect(replacesBundle(current.bundle, candidate.bundle)).toBe(want);
  });
});

describe('bundle rules', () => {
  const ed = engines[0]![1];
  const keys = vector<{ roots: { id: string; seed: string }[] }>('keys.json');

  it('says plainly why a file that is no bundle is refused', () => {
    expect(parseEnvelope('{not json')).toMatch(/not JSON/);
    expect(parseEnvelope('[1,2]')).toMatch(/not a JSON object/);
    expect(parseEnvelope('{"format":"kaiku-bundle/1"}')).toMatch(/needs "format", "root", "payload" and "signature"/);
  });

  it('a first bundle is always taken', () => {
    expect(replacesBundle(null, { serial: 0 })).toBe(true);
  });

  it('stale after expiresAt, by moment at the desk and by Helsinki day in the CLI', async () => {
    const opened = await openBundle(bundleEnvelope, demoRoots, ed);
    if (!opened.ok) throw new Error(opened.error);
    const b = opened.bundle;
    expect(isStaleAt(b, b.expiresAtMs)).toBe(false);
    expect(isStaleAt(b, b.expiresAtMs + 1)).toBe(true);
    const lastDay = helsinkiDay(b.expiresAtMs);
    expect(isStaleOnDay(b, lastDay)).toBe(false);
    expect(isStaleOnDay(b, lastDay + 1)).toBe(true);
  });

  it('a clock that fell back to a factory date decides on the bundle day and is flagged', async () => {
    const opened = await openBundle(bundleEnvelope, demoRoots, ed);
    if (!opened.ok) throw new Error(opened.error);
    const b = opened.bundle;
    const factory = Date.UTC(2020, 0, 1);
    expect(deskToday(b, factory)).toBe(helsinkiDay(b.issuedAtMs));
    expect(clockProblem(factory, b, null)).toBe('before-bundle');
    const later = b.issuedAtMs + 3 * 86_400_000;
    expect(deskToday(b, later)).toBe(helsinkiDay(later));
    expect(clockProblem(later, b, null)).toBeNull();
    expect(clockProblem(later, b, later + 6 * 60_000)).toBe('off-server');
    expect(clockProblem(later, b, later - 4 * 60_000)).toBeNull();
  });

  it('a bundle sealed by the core opens again with the same contents', async () => {
    const root = signerFromSeed(fromBase64url(keys.roots[0]!.seed)!);
    const salt = new Uint8Array(16).fill(7);
    const records = buildRegister(salt, [
      { id: 'ABCD1234', issued: 20700, expires: 21000, children: 2, kind: 0 },
      { id: 'GROUP01', issued: 20700, expires: 21000, children: 0, kind: 1 },
    ]);
    const envelope = sealBundle(
      {
        serial: 7,
        issuedAtMs: Date.UTC(2026, 10, 22, 8),
        expiresAtMs: Date.UTC(2026, 10, 29, 8),
        keys: [{ kid: 9, publicKey: root.publicKey, validFrom: 20000, validUntil: 21000, label: 'test' }],
        revoked: [{ id: 'LOST0001', issuedUpTo: 20710 }],
        salt,
        records,
      },
      'demo-root-1',
      root.sign,
    );
    const opened = await openBundle(envelope, demoRoots, ed);
    if (!opened.ok) throw new Error(opened.error);
    expect(opened.bundle.serial).toBe(7);
    expect(opened.bundle.register.lookup('ABCD1234')).toEqual({ issued: 20700, expires: 21000, children: 2, kind: 0 });
    expect(opened.bundle.register.lookup('GROUP01')?.kind).toBe(1);
    expect(opened.bundle.register.lookup('ABCD1235')).toBeNull();
    expect(opened.bundle.revoked.get('LOST0001')).toBe(20710);
  });
});
