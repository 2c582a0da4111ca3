// Property tests of openBundle (trust-bundle.md): it never throws, answers in the allowed shapes,
// and never opens a bundle it must not; and the tests' own signer signs as the core does.

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BundleContents, OpenResult, TrustBundle } from '../../../src/core/bundle.ts';
import { BUNDLE_FORMAT, openBundle, sealBundle } from '../../../src/core/bundle.ts';
import type { Ed25519 } from '../../../src/core/ed25519.ts';
import { signerFromSeed } from '../../../src/core/issue-code.ts';
import { registerProblem } from '../../../src/core/register.ts';
import { demoRoots, engines, vector } from '../../support/vectors.ts';
import { BASE64URL, CARD_ID, RUNS, TEST_MS, applyEdit, asyncOpts, b64u, cardIdArb, editArb, good, isPlainObject, isSafeInt, rootId, rootSeed, signRoot, signedEnvelope, strictB64url, utf8 } from './shared.ts';

/** An ISO 8601 timestamp as trust-bundle.md allows, to the millisecond; null otherwise. */
function specIsoMs(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?:Z|([+-])(\d{2}):(\d{2}))$/.exec(v);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return null;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  const offset = m[8] ? (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10])) : 0;
  if (m[8] && (Number(m[9]) > 23 || Number(m[10]) > 59)) return null;
  return date.getTime() + ((h * 60 + mi - offset) * 60 + s) * 1000 + Number((m[7] ?? '').padEnd(3, '0'));
}

/** trust-bundle.md "Shape", as a checklist: null when the payload is well-formed, else why not. */
function specPayloadProblem(p: unknown): string | null {
  if (!isPlainObject(p)) return 'not an object';
  // "integer": the core reads JSON numbers as doubles, so integers beyond 2^53 are not exact and
  // are refused; the oracle holds it to safe integers too.
  if (!isSafeInt(p.serial) || p.serial < 0) return 'serial';
  const issued = specIsoMs(p.issuedAt);
  const expires = specIsoMs(p.expiresAt);
  if (issued === null || expires === null) return 'timestamps';
  if (!(issued < expires)) return 'issuedAt not before expiresAt';
  if (!Array.isArray(p.keys)) return 'keys';
  const kids = new Set<number>();
  for (const k of p.keys) {
    if (!isPlainObject(k)) return 'key not an object';
    if (!isSafeInt(k.kid) || k.kid < 0 || k.kid > 0xffff) return 'kid';
    if (kids.has(k.kid)) return 'duplicate kid';
    kids.add(k.kid);
    if (strictB64url(k.publicKey)?.length !== 32) return 'publicKey';
    if (!isSafeInt(k.validFrom) || !isSafeInt(k.validUntil) || k.validFrom > k.validUntil) return 'validity';
    // Not in the spec's list, but the core insists (and the example has one): a label is text.
    if ('label' in k && typeof k.label !== 'string') return 'label';
  }
  if (!Array.isArray(p.revoked)) return 'revoked';
  for (const r of p.revoked) {
    if (!isPlainObject(r) || typeof r.id !== 'string' || !CARD_ID.test(r.id) || !isSafeInt(r.issuedUpTo)) return 'revocation';
  }
  if (!isPlainObject(p.register)) return 'register';
  if (strictB64url(p.register.salt)?.length !== 16) return 'salt';
  const records = strictB64url(p.register.records);
  if (!records) return 'records encoding';
  return specRecordsProblem(records);
}

/** trust-bundle.md's register records: whole, in strictly ascending hash order, each possible. */
function specRecordsProblem(records: Uint8Array): string | null {
  if (records.length % 18 !== 0) return 'records length';
  for (let at = 0; at < records.length; at += 18) {
    if (at > 0 && Buffer.compare(records.subarray(at - 18, at - 6), records.subarray(at, at + 12)) >= 0) return 'records order';
    const issued = (records[at + 12]! << 8) | records[at + 13]!;
    const expiresDay = (records[at + 14]! << 8) | records[at + 15]!;
    const children = records[at + 16]!;
    const kind = records[at + 17]!;
    if (issued > expiresDay || kind > 1 || children > 20 || (kind === 1 && children !== 0)) return 'record';
  }
  return null;
}

/** What any answer of openBundle must look like; for a bundle, the shape rules of trust-bundle.md. */
function expectWellFormedOpen(r: OpenResult): void {
  expect(typeof r).toBe('object');
  if (!r.ok) {
    expect(r.ok).toBe(false);
    expect(typeof r.error).toBe('string');
    expect(r.error.length).toBeGreaterThan(0);
    return;
  }
  const b = r.bundle;
  expect(Number.isSafeInteger(b.serial) && b.serial >= 0).toBe(true);
  expect(b.issuedAtMs).toBeLessThan(b.expiresAtMs);
  expect(specIsoMs(b.issuedAt)).toBe(b.issuedAtMs);
  expect(specIsoMs(b.expiresAt)).toBe(b.expiresAtMs);
  expect(Number.isInteger(b.register.count) && b.register.count >= 0).toBe(true);
  for (const [kid, key] of b.keys) {
    expect(key.kid).toBe(kid);
    expect(Number.isInteger(kid) && kid >= 0 && kid <= 0xffff).toBe(true);
    expect(key.publicKey.length).toBe(32);
    expect(key.validFrom).toBeLessThanOrEqual(key.validUntil);
    expect(typeof key.label).toBe('string');
  }
  for (const [id, upTo] of b.revoked) {
    expect(id).toMatch(CARD_ID);
    expect(Number.isSafeInteger(upTo)).toBe(true);
  }
  expect(b.revokedCount).toBeGreaterThanOrEqual(b.revoked.size);
}

/** For a payload the oracle calls well-formed: the bundle says what the payload says. */
function expectBundleMatches(b: TrustBundle, p: Record<string, any>): void {
  expect(b.root).toBe(rootId);
  expect(b.serial).toBe(p.serial);
  expect(b.issuedAt).toBe(p.issuedAt);
  expect(b.expiresAt).toBe(p.expiresAt);
  expect(b.keys.size).toBe(p.keys.length);
  for (const k of p.keys) {
    const got = b.keys.get(k.kid)!;
    expect({ ...got, verifier: undefined, publicKey: b64u(got.publicKey) }).toEqual({
      kid: k.kid,
      publicKey: k.publicKey,
      validFrom: k.validFrom,
      validUntil: k.validUntil,
      label: k.label ?? '',
      verifier: undefined,
    });
  }
  expect(b.revokedCount).toBe(p.revoked.length);
  const latest = new Map<string, number>();
  for (const r of p.revoked) latest.set(r.id, Math.max(r.issuedUpTo, latest.get(r.id) ?? -Infinity));
  expect(new Map(b.revoked)).toEqual(latest);
  expect(b.register.count).toBe(strictB64url(p.register.records)!.length / 18);
}

interface Row {
  id: string;
  issued: number;
  expires: number;
  children: number;
  kind: number;
}

const rowArb: fc.Arbitrary<Row> = fc
  .record({ id: cardIdArb, issued: fc.integer({ min: 0, max: 30000 }), span: fc.integer({ min: 0, max: 400 }), kind: fc.constantFrom(0, 0, 1), children: fc.integer({ min: 0, max: 20 }) })
  .map((r) => ({ id: r.id, issued: r.issued, expires: r.issued + r.span, kind: r.kind, children: r.kind === 1 ? 0 : r.children }));

/** Register bytes made here, with Node's SHA-512, independently of src/core/register.ts. */
function recordsOf(salt: Uint8Array, rows: readonly Row[]): Uint8Array {
  const hashed = rows.map((row) => ({ row, hash: createHash('sha512').update(salt).update(row.id, 'ascii').digest().subarray(0, 12) }));
  hashed.sort((a, b) => Buffer.compare(a.hash, b.hash));
  const out = new Uint8Array(rows.length * 18);
  hashed.forEach(({ row, hash }, i) => {
    out.set(hash, i * 18);
    out.set([row.issued >>> 8, row.issued & 0xff, row.expires >>> 8, row.expires & 0xff, row.children, row.kind], i * 18 + 12);
  });
  return out;
}

const spellingArb = fc.oneof({ weight: 25, arbitrary: fc.constant('strict') }, fc.constantFrom('padded', 'loose-bits', 'standard', 'spaced', 'not-a-string'));

function spell(bytes: Uint8Array, how: string): unknown {
  const s = b64u(bytes);
  switch (how) {
    case 'padded':
      return Buffer.from(bytes).toString('base64');
    case 'loose-bits': {
      if (s.length % 4 === 0) return `${s}A`;
      const last = BASE64URL.indexOf(s.charAt(s.length - 1));
      return s.slice(0, -1) + BASE64URL.charAt(last | 1);
    }
    case 'standard':
      return s.replace(/-/g, '+').replace(/_/g, '/');
    case 'spaced':
      return `${s.slice(0, 4)} ${s.slice(4)}`;
    case 'not-a-string':
      return bytes.length;
    default:
      return s;
  }
}

function isoOf(ms: number, offsetMin: number | 'Z', frac: number): string {
  const off = offsetMin === 'Z' ? 0 : offsetMin;
  const local = new Date(ms + off * 60_000).toISOString();
  const fraction = frac > 0 ? `.${local.slice(20, 20 + frac)}` : '';
  const pad = (n: number) => String(n).padStart(2, '0');
  const zone = offsetMin === 'Z' ? 'Z' : `${off < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return local.slice(0, 19) + fraction + zone;
}

/** Some value of `arb`, wrapped, one time in forty; otherwise null. */
function rarely<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<{ value: T } | null> {
  return fc.oneof({ weight: 39, arbitrary: fc.constant(null) }, arb.map((value) => ({ value })));
}

const badTimestamp = fc.constantFrom<unknown>(
  '2026-11-22',
  '2026-11-22 08:00:00Z',
  '2026-02-30T00:00:00Z',
  '2026-11-22T08:00:00',
  '2026-11-22T08:00Z',
  'yesterday',
  '',
  1795334400000,
  null,
  true,
);

const timestampFormat = fc.record({ offset: fc.constantFrom<number | 'Z'>('Z', 'Z', 0, 120, 180, -300, 330, -720, 840), frac: fc.constantFrom(0, 0, 1, 2, 3) });

const timesArb = fc
  .record({
    issued: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2090, 0, 1) }),
    delta: fc.oneof({ weight: 40, arbitrary: fc.integer({ min: 1, max: 40 * 86_400_000 }) }, fc.integer({ min: -86_400_000, max: 0 }), fc.integer({ min: 0, max: 999 })),
    issuedFormat: timestampFormat,
    expiresFormat: timestampFormat,
    issuedBad: rarely(badTimestamp),
    expiresBad: rarely(badTimestamp),
  })
  .map((t) => ({
    issuedAt: t.issuedBad ? t.issuedBad.value : isoOf(t.issued, t.issuedFormat.offset, t.issuedFormat.frac),
    expiresAt: t.expiresBad ? t.expiresBad.value : isoOf(t.issued + t.delta, t.expiresFormat.offset, t.expiresFormat.frac),
  }));

const keyArb = fc
  .record(
    {
      kid: fc.oneof({ weight: 30, arbitrary: fc.integer({ min: 0, max: 60 }) }, { weight: 3, arbitrary: fc.integer({ min: 0, max: 1 }) }, fc.constantFrom<unknown>(-1, 65535, 65536, 1.5, '1', null, 2 ** 53)),
      bytes: fc.oneof({ weight: 40, arbitrary: fc.uint8Array({ minLength: 32, maxLength: 32 }) }, fc.uint8Array({ maxLength: 40 })),
      spelling: spellingArb,
      validFrom: fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 19000, max: 21000 }) }, fc.integer({ min: -5, max: 22000 }), fc.constantFrom<unknown>(1.5, '20000', null)),
      // Days after validFrom (-1 is one day before it), or a value of the wrong kind.
      validFor: fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 0, max: 2000 }) }, fc.constantFrom(-1, 0, 1), fc.integer({ min: -3000, max: -1 }), fc.constantFrom<unknown>(1.5, '20000', null)),
      label: fc.oneof({ weight: 20, arbitrary: fc.string({ maxLength: 12 }) }, fc.constantFrom<unknown>(7, null, false, ['x'])),
    },
    { requiredKeys: ['kid', 'bytes', 'spelling', 'validFrom', 'validFor'] },
  )
  .map((k) => {
    const validUntil = typeof k.validFrom === 'number' && Number.isInteger(k.validFor) ? k.validFrom + (k.validFor as number) : k.validFor;
    const key: Record<string, unknown> = { kid: k.kid, publicKey: spell(k.bytes, k.spelling), validFrom: k.validFrom, validUntil };
    if ('label' in k) key.label = k.label;
    return key;
  });

const revocationArb = fc.record({
  id: fc.oneof({ weight: 15, arbitrary: fc.constantFrom('LOST0001', 'LOST0002', 'NA9C5ONQ') }, { weight: 15, arbitrary: cardIdArb }, fc.constantFrom<unknown>('abcd', 'AB', 'ABC-123', 42, null)),
  issuedUpTo: fc.oneof({ weight: 20, arbitrary: fc.integer({ min: -10, max: 30000 }) }, fc.constantFrom<unknown>(1.5, '20000', null, 2 ** 53)),
});

const recordsEditArb = fc.record({
  structural: fc.oneof(
    { weight: 20, arbitrary: fc.constant('none') },
    { weight: 3, arbitrary: fc.constantFrom('rotate', 'duplicate', 'reverse', 'trim', 'append', 'random') },
    { weight: 2, arbitrary: fc.constantFrom('kind 2', 'children 21', 'community with a child', 'issued after expires', 'issued = expires', 'children 20') },
  ),
  pokes: fc.oneof({ weight: 12, arbitrary: fc.constant([] as [number, number][]) }, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 2 })),
  n: fc.nat(),
  extra: fc.uint8Array({ maxLength: 60 }),
});

function editRecords(records: Uint8Array, e: { structural: string; pokes: [number, number][]; n: number; extra: Uint8Array }): Uint8Array {
  const count = records.length / 18;
  const rec = (i: number) => records.subarray(i * 18, i * 18 + 18);
  let out: Uint8Array;
  switch (e.structural) {
    case 'rotate': {
      const by = count > 1 ? 1 + (e.n % (count - 1)) : 0;
      out = new Uint8Array([...records.subarray(by * 18), ...records.subarray(0, by * 18)]);
      break;
    }
    case 'duplicate': {
      const i = count > 0 ? e.n % count : 0;
      out = count > 0 ? new Uint8Array([...records.subarray(0, (i + 1) * 18), ...rec(i), ...records.subarray((i + 1) * 18)]) : records.slice();
      break;
    }
    case 'reverse':
      out = new Uint8Array(Array.from({ length: count }, (_, i) => [...rec(count - 1 - i)]).flat());
      break;
    case 'trim':
      out = records.slice(0, Math.max(0, records.length - 1 - (e.n % 18)));
      break;
    case 'append':
      out = new Uint8Array([...records, ...e.extra]);
      break;
    case 'random':
      out = e.extra.slice();
      break;
    case 'kind 2':
    case 'children 21':
    case 'community with a child':
    case 'issued after expires':
    case 'issued = expires':
    case 'children 20': {
      // One record's facts set to a value just past (or just at) what trust-bundle.md allows.
      out = records.slice();
      const at = (count > 0 ? e.n % count : 0) * 18;
      if (count === 0) break;
      if (e.structural === 'kind 2') out[at + 17] = 2;
      if (e.structural === 'children 21') out.set([21, 0], at + 16);
      if (e.structural === 'children 20') out.set([20, 0], at + 16);
      if (e.structural === 'community with a child') out.set([1, 1], at + 16);
      if (e.structural === 'issued after expires' || e.structural === 'issued = expires') {
        const expires = (out[at + 14]! << 8) | out[at + 15]!;
        const issued = Math.min(0xffff, expires + (e.structural === 'issued = expires' ? 0 : 1));
        out.set([issued >>> 8, issued & 0xff], at + 12);
      }
      break;
    }
    default:
      out = records.slice();
  }
  for (const [at, value] of e.pokes) if (out.length > 0) out[at % out.length] = value;
  return out;
}

const PAYLOAD_FIELDS = ['serial', 'issuedAt', 'expiresAt', 'keys', 'revoked', 'register'] as const;

const topEditArb = fc.oneof(
  { weight: 20, arbitrary: fc.constant({ kind: 'none' as const }) },
  fc.record({ kind: fc.constant('delete' as const), field: fc.constantFrom(...PAYLOAD_FIELDS) }),
  fc.record({ kind: fc.constant('replace' as const), field: fc.constantFrom(...PAYLOAD_FIELDS), value: fc.jsonValue({ maxDepth: 2 }) }),
  fc.record({ kind: fc.constant('deleteRegisterPart' as const), field: fc.constantFrom('salt', 'records') }),
  fc.record({ kind: fc.constant('extra' as const), fields: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3, noNullPrototype: true }) }),
  fc.record({ kind: fc.constant('whole' as const), value: fc.jsonValue({ maxDepth: 2 }) }),
);

const signedPayloadArb = fc
  .record({
    serial: fc.oneof({ weight: 30, arbitrary: fc.nat() }, fc.integer({ min: -1000, max: -1 }), fc.constantFrom<unknown>(0, 1.5, 2 ** 53, Number.MAX_SAFE_INTEGER, '42', null, true, 1e300)),
    times: timesArb,
    keys: fc.array(fc.oneof({ weight: 40, arbitrary: keyArb }, fc.jsonValue({ maxDepth: 1 })), { maxLength: 4 }),
    revoked: fc.array(fc.oneof({ weight: 40, arbitrary: revocationArb }, fc.jsonValue({ maxDepth: 1 })), { maxLength: 4 }),
    salt: fc.oneof({ weight: 20, arbitrary: fc.uint8Array({ minLength: 16, maxLength: 16 }) }, fc.uint8Array({ maxLength: 24 })),
    saltSpelling: spellingArb,
    rows: fc.uniqueArray(rowArb, { selector: (r) => r.id, minLength: 1, maxLength: 6 }),
    recordsEdit: recordsEditArb,
    recordsSpelling: spellingArb,
    top: topEditArb,
  })
  .map((g) => {
    const original = recordsOf(g.salt, g.rows);
    const records = editRecords(original, g.recordsEdit);
    const register: Record<string, unknown> = { salt: spell(g.salt, g.saltSpelling), records: spell(records, g.recordsSpelling) };
    let payload: unknown = { serial: g.serial, ...g.times, keys: g.keys, revoked: g.revoked, register };
    const p = payload as Record<string, unknown>;
    const top = g.top;
    if (top.kind === 'delete') delete p[top.field];
    if (top.kind === 'replace') p[top.field] = top.value;
    if (top.kind === 'deleteRegisterPart') delete register[top.field];
    if (top.kind === 'extra') payload = { ...top.fields, ...p };
    if (top.kind === 'whole') payload = top.value;
    const intact = original.length === records.length && original.every((b, i) => b === records[i]);
    return { payload, rows: g.rows, lookupsHold: intact };
  });

/** A small, well-formed payload to wrap in broken bytes. */
const goodSmallPayload = JSON.stringify({
  serial: 1,
  issuedAt: '2026-11-22T08:00:00Z',
  expiresAt: '2026-11-29T08:00:00Z',
  keys: [],
  revoked: [],
  register: { salt: b64u(new Uint8Array(16)), records: '' },
});

const rawPayloadArb = fc.oneof(
  fc.uint8Array({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }).map(utf8),
  fc.constantFrom(
    utf8(goodSmallPayload),
    new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(goodSmallPayload)]),
    new Uint8Array([...utf8(goodSmallPayload).subarray(0, -1), 0xff, 0x7d]),
    utf8(goodSmallPayload.replace('"keys":[]', '"keys":[],"x":"\ud800"')),
    new Uint8Array([...utf8(goodSmallPayload.slice(0, 40)), 0xc3, 0x28, ...utf8(goodSmallPayload.slice(40))]),
    utf8(`${goodSmallPayload} `),
    utf8(`${goodSmallPayload}x`),
    utf8(goodSmallPayload.slice(0, -1)),
    utf8('null'),
    utf8('[]'),
    utf8('"x"'),
    utf8('1'),
    new Uint8Array(0),
  ),
);

/** What the oracle makes of raw payload bytes: the platform's strict UTF-8 and JSON, then the shape. */
function specRawProblem(bytes: Uint8Array): { problem: string | null; json?: unknown } {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { problem: 'not UTF-8 JSON' };
  }
  return { problem: specPayloadProblem(json), json };
}

type FieldEdit = { kind: 'keep' } | { kind: 'delete' } | { kind: 'set'; value: unknown } | { kind: 'other' };

const fieldEditArb: fc.Arbitrary<FieldEdit> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'keep' as const }) },
  fc.constant({ kind: 'delete' as const }),
  fc.constant({ kind: 'other' as const }),
  fc.jsonValue({ maxDepth: 2 }).map((value) => ({ kind: 'set' as const, value })),
  fc.string({ maxLength: 30 }).map((value) => ({ kind: 'set' as const, value })),
);

// Records near every limit of trust-bundle.md: the kinds, the children a kind may have, issue and
// expiry days a day apart, and hashes from a few bytes so that equal and unsorted ones come up.
const recordFactsArb = fc.record({
  hash: fc.uint8Array({ minLength: 12, maxLength: 12, min: 0, max: 2 }),
  issued: fc.integer({ min: 0, max: 0xffff }),
  span: fc.oneof(fc.constantFrom(-1, 0, 1), fc.integer({ min: -400, max: 400 })),
  children: fc.oneof(fc.constantFrom(0, 1, 20, 21, 255), fc.integer({ min: 0, max: 255 })),
  kind: fc.constantFrom(0, 1, 1, 2, 255),
});

const registerBytesArb = fc
  .record({ facts: fc.array(recordFactsArb, { maxLength: 5 }), sorted: fc.boolean(), cut: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, fc.integer({ min: 1, max: 17 })) })
  .map(({ facts, sorted, cut }) => {
    const rows = facts.map((f) => {
      const expires = Math.max(0, Math.min(0xffff, f.issued + f.span));
      return new Uint8Array([...f.hash, f.issued >>> 8, f.issued & 0xff, expires >>> 8, expires & 0xff, f.children, f.kind]);
    });
    if (sorted) rows.sort((a, b) => Buffer.compare(a.subarray(0, 12), b.subarray(0, 12)));
    const bytes = new Uint8Array(rows.flatMap((r) => [...r]));
    return bytes.subarray(0, Math.max(0, bytes.length - cut));
  });

describe('register records', () => {
  it("are taken exactly when trust-bundle.md's rules hold for every one of them", () => {
    let wellFormed = 0;
    fc.assert(
      fc.property(registerBytesArb, (records) => {
        const oracle = specRecordsProblem(records);
        expect(registerProblem(records) === null, `core says ${registerProblem(records) ?? 'well-formed'}, oracle says ${oracle ?? 'well-formed'}`).toBe(oracle === null);
        if (oracle === null) wellFormed++;
      }),
      { numRuns: 2000 },
    );
    // Not only broken ones: enough registers are taken for the rules to be tried both ways.
    expect(wellFormed).toBeGreaterThan(200);
  });
});

const ENVELOPE_FIELDS = ['format', 'root', 'payload', 'signature'] as const;

type EnvelopeField = (typeof ENVELOPE_FIELDS)[number];

const rollback = vector<{ rollback: { older: Record<EnvelopeField, string> } }>('bundle-cases.json').rollback;

describe.each(engines)('openBundle properties (%s)', (engineName, ed: Ed25519) => {
  const runs = RUNS[engineName]!;
  const open = async (envelope: unknown) => {
    const r = await openBundle(envelope, demoRoots, ed);
    expectWellFormedOpen(r);
    return r;
  };

  it(
    'refuses any JSON value or arbitrary value as an envelope, with a message, and never throws',
    async () => {
      const envelopeLike = fc.record(
        {
          format: fc.oneof(fc.constant(BUNDLE_FORMAT), fc.string({ maxLength: 20 })),
          root: fc.oneof(fc.constant(rootId), fc.string({ maxLength: 20 })),
          payload: fc.oneof(fc.string({ unit: fc.constantFrom(...BASE64URL), maxLength: 200 }), fc.jsonValue({ maxDepth: 1 })),
          signature: fc.oneof(fc.uint8Array({ minLength: 64, maxLength: 64 }).map(b64u), fc.string({ unit: fc.constantFrom(...BASE64URL), maxLength: 90 })),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.anything({ maxDepth: 3 }), envelopeLike), async (value) => {
          const r = await open(value);
          expect(r.ok).toBe(false);
        }),
        asyncOpts(runs.bundleAny),
      );
    },
    TEST_MS,
  );

  it(
    'opens the good envelope only with all four fields as signed (extra fields are ignored)',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({ format: fieldEditArb, root: fieldEditArb, payload: fieldEditArb, signature: fieldEditArb }),
          fc.dictionary(fc.string({ maxLength: 8 }).filter((k) => !(ENVELOPE_FIELDS as readonly string[]).includes(k)), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3, noNullPrototype: true }),
          async (edits, extras) => {
            const envelope: Record<string, unknown> = { ...extras };
            for (const f of ENVELOPE_FIELDS) {
              const e = edits[f];
              if (e.kind === 'keep') envelope[f] = good[f];
              else if (e.kind === 'other') envelope[f] = rollback.older[f];
              else if (e.kind === 'set') envelope[f] = e.value;
            }
            const signedAs = (env: Record<EnvelopeField, string>) => envelope.payload === env.payload && envelope.signature === env.signature;
            const shouldOpen = envelope.format === BUNDLE_FORMAT && envelope.root === rootId && (signedAs(good) || signedAs(rollback.older));
            const r = await open(envelope);
            expect(r.ok).toBe(shouldOpen);
            if (r.ok && signedAs(good)) expect(r.bundle.serial).toBe(42);
          },
        ),
        asyncOpts(runs.bundleFields),
      );
    },
    TEST_MS,
  );

  it(
    'refuses any character edit of the payload or the signature text',
    async () => {
      const charArb = fc.oneof(fc.constantFrom(...BASE64URL), fc.constantFrom('=', '+', '/', ' ', '\n', '.'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));
      await fc.assert(
        fc.asyncProperty(fc.constantFrom<'payload' | 'signature'>('payload', 'payload', 'signature'), fc.array(editArb(charArb), { minLength: 1, maxLength: 3 }), async (field, edits) => {
          const mutated = edits.reduce(applyEdit, good[field]);
          const r = await open({ ...good, [field]: mutated });
          expect(r.ok).toBe(mutated === good[field]);
        }),
        asyncOpts(runs.bundleChars),
      );
    },
    TEST_MS,
  );

  it(
    'a signed payload opens exactly when trust-bundle.md calls it well-formed, and then says what it says',
    async () => {
      let opened = 0;
      await fc.assert(
        fc.asyncProperty(signedPayloadArb, async ({ payload, rows, lookupsHold }) => {
          const bytes = utf8(JSON.stringify(payload));
          const json = JSON.parse(JSON.stringify(payload)) as unknown;
          const problem = specPayloadProblem(json);
          const r = await open(signedEnvelope(bytes));
          if (r.ok !== (problem === null)) throw new Error(`core ${r.ok ? 'opened' : `refused (${r.ok ? '' : r.error})`}, oracle says ${problem ?? 'well-formed'}`);
          if (!r.ok) return;
          opened++;
          const p = json as Record<string, any>;
          expectBundleMatches(r.bundle, p);
          if (lookupsHold) {
            for (const row of rows) expect(r.bundle.register.lookup(row.id)).toEqual({ issued: row.issued, expires: row.expires, children: row.children, kind: row.kind });
            expect(r.bundle.register.lookup('ZZZZ0000ZZZZ')).toBeNull();
          }
        }),
        asyncOpts(runs.resigned),
      );
      // Both sides of the property were exercised.
      expect(opened).toBeGreaterThan(engineName === 'webcrypto' ? 20 : 0);
    },
    TEST_MS,
  );

  it(
    'signed bytes that are no UTF-8 JSON object are refused; the rest go by the shape',
    async () => {
      await fc.assert(
        fc.asyncProperty(rawPayloadArb, async (bytes) => {
          const { problem } = specRawProblem(bytes);
          const r = await open(signedEnvelope(bytes));
          expect(r.ok).toBe(problem === null);
        }),
        asyncOpts(runs.raw),
      );
    },
    TEST_MS,
  );

  it(
    'sealBundle and openBundle round-trip any contents the contract allows',
    async () => {
      const contentsArb = fc.record({
        serial: fc.nat(),
        issuedAtMs: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2090, 0, 1) }),
        lifetime: fc.integer({ min: 1, max: 400 * 86_400_000 }),
        keys: fc.uniqueArray(
          fc.record({
            kid: fc.integer({ min: 0, max: 0xffff }),
            publicKey: fc.uint8Array({ minLength: 32, maxLength: 32 }),
            validFrom: fc.integer({ min: 0, max: 30000 }),
            span: fc.nat({ max: 2000 }),
            label: fc.string({ maxLength: 20 }),
          }),
          { selector: (k) => k.kid, maxLength: 4 },
        ),
        revoked: fc.array(fc.record({ id: cardIdArb, issuedUpTo: fc.integer({ min: -100, max: 30000 }) }), { maxLength: 4 }),
        salt: fc.uint8Array({ minLength: 16, maxLength: 16 }),
        rows: fc.uniqueArray(rowArb, { selector: (r) => r.id, maxLength: 6 }),
      });
      await fc.assert(
        fc.asyncProperty(contentsArb, async (c) => {
          const contents: BundleContents = {
            serial: c.serial,
            issuedAtMs: c.issuedAtMs,
            expiresAtMs: c.issuedAtMs + c.lifetime,
            keys: c.keys.map((k) => ({ kid: k.kid, publicKey: k.publicKey, validFrom: k.validFrom, validUntil: k.validFrom + k.span, label: k.label })),
            revoked: c.revoked,
            salt: c.salt,
            records: recordsOf(c.salt, c.rows),
          };
          const r = await open(sealBundle(contents, rootId, signRoot));
          if (!r.ok) throw new Error(r.error);
          const b = r.bundle;
          expect([b.serial, b.issuedAtMs, b.expiresAtMs, b.keys.size, b.register.count, b.revokedCount]).toEqual([
            c.serial,
            contents.issuedAtMs,
            contents.expiresAtMs,
            c.keys.length,
            c.rows.length,
            c.revoked.length,
          ]);
          for (const row of c.rows) expect(b.register.lookup(row.id)).toEqual({ issued: row.issued, expires: row.expires, children: row.children, kind: row.kind });
        }),
        asyncOpts(runs.seal),
      );
    },
    TEST_MS,
  );
});

describe('the test signer', () => {
  it('signs as the core signs with the demo root seed, under the demo root key', () => {
    const core = signerFromSeed(rootSeed);
    const message = utf8('KKB1 any message');
    expect(signRoot(message)).toEqual(core.sign(message));
    expect(core.publicKey).toEqual(demoRoots[0]!.publicKey);
  });
});
