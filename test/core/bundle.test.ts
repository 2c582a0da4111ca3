import { describe, expect, it } from 'vitest';
import { BUNDLE_FORMAT, BUNDLE_SIGNATURE_TAG, CLOCK_SKEW_MS, clockProblem, deskToday, isStaleAt, isStaleOnDay, openBundle, openBundleText, parseEnvelope, replacesBundle, sealBundle } from '../../src/core/bundle.ts';
import { concatBytes } from '../../src/core/bytes.ts';
import { helsinkiDay } from '../../src/core/calendar.ts';
import { fromBase64url, toBase64url } from '../../src/core/base64url.ts';
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

// A coordinator who builds a bundle by hand, or a register export gone wrong, gets told which field
// is wrong: the desk must refuse the file with that sentence and keep the bundle it has.
describe('a signed bundle whose payload is badly shaped', () => {
  const ed = engines[0]![1];
  const keys = vector<{ roots: { id: string; seed: string }[] }>('keys.json');
  const root = signerFromSeed(fromBase64url(keys.roots[0]!.seed)!);
  const issuer = signerFromSeed(new Uint8Array(32).fill(3));
  const good = {
    serial: 3,
    issuedAt: '2026-11-22T08:00:00.000Z',
    expiresAt: '2026-11-29T08:00:00.000Z',
    keys: [{ kid: 65535, publicKey: toBase64url(issuer.publicKey), validFrom: 20000, validUntil: 21000, label: 'top kid' }],
    revoked: [{ id: 'LOST0001', issuedUpTo: 20710 }],
    register: { salt: toBase64url(new Uint8Array(16).fill(7)), records: toBase64url(buildRegister(new Uint8Array(16).fill(7), [])) },
  };
  const signedBytes = (payload: Uint8Array) => ({
    format: BUNDLE_FORMAT,
    root: keys.roots[0]!.id,
    payload: toBase64url(payload),
    signature: toBase64url(root.sign(concatBytes(BUNDLE_SIGNATURE_TAG, payload))),
  });
  const signed = (payload: unknown) => signedBytes(new TextEncoder().encode(typeof payload === 'string' ? payload : JSON.stringify(payload)));
  const refusal = async (envelope: unknown) => {
    const got = await openBundle(envelope, demoRoots, ed);
    return got.ok ? 'opened' : got.error;
  };
  const shaped = (problem: string) => `the bundle is signed but not well-formed: ${problem}`;

  it('opens the well-formed payload these cases start from (a kid of 65535 is the largest allowed)', async () => {
    const got = await openBundle(signed(good), demoRoots, ed);
    if (!got.ok) throw new Error(got.error);
    expect([...got.bundle.keys.keys()]).toEqual([65535]);
    expect(got.bundle.keys.get(65535)?.label).toBe('top kid');
  });

  it.each<[string, unknown, string]>([
    ['a list for a payload', [good], 'the payload is not an object'],
    ['a negative serial', { ...good, serial: -1 }, '"serial" must be a whole number of at least 0'],
    ['a serial in quotes', { ...good, serial: '3' }, '"serial" must be a whole number of at least 0'],
    ['no issuedAt', { ...good, issuedAt: undefined }, '"issuedAt" and "expiresAt" must be ISO 8601 timestamps'],
    ['an expiresAt that is no date', { ...good, expiresAt: 'next week' }, '"issuedAt" and "expiresAt" must be ISO 8601 timestamps'],
    ['issued when it expires', { ...good, expiresAt: good.issuedAt }, '"issuedAt" must be before "expiresAt"'],
    ['keys that are no list', { ...good, keys: {} }, '"keys" must be a list'],
    ['a key that is no object', { ...good, keys: ['k'] }, 'every key must be an object'],
    ['a kid above 65535', { ...good, keys: [{ ...good.keys[0], kid: 65536 }] }, 'every key needs a "kid" of 0-65535'],
    ['a negative kid', { ...good, keys: [{ ...good.keys[0], kid: -1 }] }, 'every key needs a "kid" of 0-65535'],
    ['a kid listed twice', { ...good, keys: [good.keys[0], good.keys[0]] }, 'key 65535 is listed twice'],
    ['a public key of 31 bytes', { ...good, keys: [{ ...good.keys[0], publicKey: toBase64url(new Uint8Array(31)) }] }, 'key 65535 needs a "publicKey" of 32 bytes'],
    ['a key valid until before it is valid', { ...good, keys: [{ ...good.keys[0], validFrom: 21001 }] }, 'key 65535 needs day numbers "validFrom" <= "validUntil"'],
    ['a key whose label is a number', { ...good, keys: [{ ...good.keys[0], label: 5 }] }, 'key 65535 has a "label" that is not text'],
    ['revocations that are no list', { ...good, revoked: 'LOST0001' }, '"revoked" must be a list'],
    ['an empty revocation', { ...good, revoked: [null] }, 'every revocation needs a card "id" and a day number "issuedUpTo"'],
    ['a revocation of a lower-case card id', { ...good, revoked: [{ id: 'lost0001', issuedUpTo: 1 }] }, 'every revocation needs a card "id" and a day number "issuedUpTo"'],
    ['a revocation without a day', { ...good, revoked: [{ id: 'LOST0001' }] }, 'every revocation needs a card "id" and a day number "issuedUpTo"'],
    ['no register', { ...good, register: undefined }, '"register" must be an object'],
    ['a salt of 15 bytes', { ...good, register: { ...good.register, salt: toBase64url(new Uint8Array(15)) } }, 'the register salt must be 16 bytes in base64url'],
    ['register records that are not base64url', { ...good, register: { ...good.register, records: 'not*base64' } }, 'the register records must be base64url'],
  ])('%s is refused, saying what is wrong', async (_name, payload, problem) => {
    expect(await refusal(signed(payload))).toBe(shaped(problem));
  });

  it('a payload that is not JSON, or not UTF-8, is refused as such', async () => {
    expect(await refusal(signed('{"serial": 3,'))).toBe('the bundle is signed but its payload is not JSON');
    // A byte that is no UTF-8 inside a JSON string: read leniently it would become "\uFFFD" and open.
    const text = new TextEncoder().encode(JSON.stringify({ ...good, keys: [{ ...good.keys[0], label: 'X' }] }));
    const at = new TextDecoder().decode(text).indexOf('"label":"X"') + '"label":"'.length;
    text[at] = 0xff;
    expect(await refusal(signedBytes(text))).toBe('the bundle is signed but its payload is not JSON');
  });

  it('an envelope missing any one of its four fields is refused before anything is verified', async () => {
    const env = signed(good);
    const needs = 'the file is not a bundle: it needs "format", "root", "payload" and "signature"';
    for (const field of ['format', 'root', 'payload', 'signature'] as const) {
      expect(await refusal({ ...env, [field]: undefined }), field).toBe(needs);
      expect(await openBundleText(JSON.stringify({ ...env, [field]: 1 }), demoRoots, ed), field).toEqual({ ok: false, error: needs });
    }
    expect(await openBundleText('{not json', demoRoots, ed)).toEqual({ ok: false, error: 'the file is not a bundle: it is not JSON' });
    expect(await openBundleText(JSON.stringify(env), demoRoots, ed)).toMatchObject({ ok: true });
  });

  it('the clock warnings start just past their margins: a day before the bundle, five minutes off the server', async () => {
    const opened = await openBundle(signed(good), demoRoots, ed);
    if (!opened.ok) throw new Error(opened.error);
    const b = opened.bundle;
    expect(clockProblem(b.issuedAtMs - 86_400_000, b, null)).toBeNull();
    expect(clockProblem(b.issuedAtMs - 86_400_001, b, null)).toBe('before-bundle');
    expect(CLOCK_SKEW_MS).toBe(300_000);
    expect(clockProblem(b.issuedAtMs, b, b.issuedAtMs + CLOCK_SKEW_MS)).toBeNull();
    expect(clockProblem(b.issuedAtMs, b, b.issuedAtMs - CLOCK_SKEW_MS - 1)).toBe('off-server');
  });
});
