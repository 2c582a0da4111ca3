// Property tests of the deciding core with fast-check: the encodings, classification, card checks
// and bundle opening never throw, always answer in the shapes the contract allows, and never accept
// what they must not. Oracles here are written from the contract's prose (card-codes.md,
// trust-bundle.md) and Node's own Buffer/crypto, not from the core's code.

import { createHash, createPrivateKey, sign as nodeSign } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase32, toBase32 } from '../../src/core/base32.ts';
import { fromBase64url, toBase64url } from '../../src/core/base64url.ts';
import type { BundleContents, OpenResult, TrustBundle } from '../../src/core/bundle.ts';
import { BUNDLE_FORMAT, openBundle, sealBundle } from '../../src/core/bundle.ts';
import type { CardCheck, CardCheckContext } from '../../src/core/card-check.ts';
import { checkCard } from '../../src/core/card-check.ts';
import { classify } from '../../src/core/classify.ts';
import type { Classified } from '../../src/core/classify.ts';
import type { Ed25519 } from '../../src/core/ed25519.ts';
import { signerFromSeed } from '../../src/core/issue-code.ts';
import { CARD_REASONS, REASONS } from '../../src/core/reasons.ts';
import { bundleEnvelope, demoRoots, engines, vector } from '../support/vectors.ts';

// ---------------------------------------------------------------------------------------------
// Shared pieces

// Nothing may hang: one run of an async property fails after RUN_MS, a whole property (shrinking
// included, which is slow on tweetnacl) is cut off after PROPERTY_MS and then fails, keeping the
// counterexample found so far, well before vitest's TEST_MS would hide it.
const RUN_MS = 2_000;
const PROPERTY_MS = 30_000;
const TEST_MS = 40_000;
const asyncOpts = (numRuns: number) => ({ numRuns, plugins: [fc.timeout(RUN_MS), fc.interruptAfterTimeLimit(PROPERTY_MS, { failOnInterrupt: true })] });

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const ID_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const CARD_ID = /^[0-9A-Z]{4,16}$/;

const cardIdArb = fc.string({ unit: fc.constantFrom(...ID_CHARS), minLength: 4, maxLength: 16 });

/** Characters scanners, keyboards and pastes produce, and a few that only look harmless. */
const scannerChar = fc.constantFrom(
  '\r', '\n', '\t', '\u0000', '\u0008', '\u001b', '\u001f', '\u007f',
  ' ', ' ', '-', '-', '.', '=', '/', ':', '+',
  'K', 'k', '1', 'A', 'z', '0', '9', '2', '7', 'O', 'o', 'I', 'l',
  'ß', 'ä', 'Ä', 'ö', 'å', 'ı', 'ſ', '\u212a' /* Kelvin sign */, '\u00a0', '\u2028', '\ufeff', '\u0301', '０',
);
const scannerString = fc
  .array(fc.oneof({ weight: 5, arbitrary: scannerChar }, { weight: 1, arbitrary: fc.constantFrom('KK1.', 'kk1.', 'Kk1.', 'KK1', 'KK1. ', ' KK1.') }), {
    maxLength: 40,
  })
  .map((parts) => parts.join(''));

const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary-ascii', maxLength: 60 }),
  scannerString,
);

const utf8 = (s: string) => new TextEncoder().encode(s);
const b64u = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

/** Strict base64url as trust-bundle.md defines it, decided with Node's Buffer. */
function strictB64url(v: unknown): Uint8Array | null {
  if (typeof v !== 'string' || !/^[A-Za-z0-9_-]*$/.test(v) || v.length % 4 === 1) return null;
  const bytes = Buffer.from(v, 'base64url');
  return bytes.toString('base64url') === v ? new Uint8Array(bytes) : null;
}

const isSafeInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// The demo root's seed is published (test/vectors/keys.json). Node signs natively, far faster than
// tweetnacl; a test below checks that both give the same signature.
function nodeSigner(seed: Uint8Array): (message: Uint8Array) => Uint8Array {
  const key = createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seed)]),
    format: 'der',
    type: 'pkcs8',
  });
  return (message) => new Uint8Array(nodeSign(null, message, key));
}
const keysFile = vector<{ roots: { id: string; seed: string }[]; issuers: { kid: number; seed: string }[] }>('keys.json');
const rootSeed = new Uint8Array(Buffer.from(keysFile.roots[0]!.seed, 'base64url'));
const rootId = keysFile.roots[0]!.id;
const signRoot = nodeSigner(rootSeed);
const issuerSigners = new Map(keysFile.issuers.map((i) => [i.kid, nodeSigner(new Uint8Array(Buffer.from(i.seed, 'base64url')))]));
const KKB1 = utf8('KKB1');

function signedEnvelope(payload: Uint8Array) {
  const message = new Uint8Array(KKB1.length + payload.length);
  message.set(KKB1);
  message.set(payload, KKB1.length);
  return { format: BUNDLE_FORMAT, root: rootId, payload: b64u(payload), signature: b64u(signRoot(message)) };
}

/** Single-character edits: substitute, insert, delete, truncate, or flip an ASCII letter's case. */
interface Edit {
  op: 'sub' | 'ins' | 'del' | 'trunc' | 'case';
  at: number;
  ch: string;
}

function applyEdit(s: string, e: Edit): string {
  // A negative position counts from the end: the last characters carry base32's padding bits.
  const at = e.at < 0 ? Math.max(0, s.length + e.at) : e.at % (s.length + 1);
  switch (e.op) {
    case 'sub':
      return at >= s.length ? s + e.ch : s.slice(0, at) + e.ch + s.slice(at + 1);
    case 'ins':
      return s.slice(0, at) + e.ch + s.slice(at);
    case 'del':
      return s.slice(0, at) + s.slice(at + 1);
    case 'trunc':
      return s.slice(0, at);
    case 'case': {
      const c = s.charAt(at);
      const flipped = c >= 'a' && c <= 'z' ? c.toUpperCase() : c >= 'A' && c <= 'Z' ? c.toLowerCase() : c;
      return s.slice(0, at) + flipped + s.slice(at + 1);
    }
  }
}

const editArb = (ch: fc.Arbitrary<string>) =>
  fc.record({
    op: fc.constantFrom<Edit['op']>('sub', 'sub', 'sub', 'ins', 'ins', 'del', 'del', 'trunc', 'case'),
    at: fc.oneof({ weight: 3, arbitrary: fc.nat() }, fc.integer({ min: -3, max: -1 })),
    ch,
  });

// ---------------------------------------------------------------------------------------------
// base32 and base64url

describe('base32 (strict RFC 4648 §6, no padding)', () => {
  it('round-trips every byte string, in the alphabet and at the unpadded length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = toBase32(bytes);
        expect(text).toMatch(/^[A-Z2-7]*$/);
        expect(text.length).toBe(Math.ceil((bytes.length * 8) / 5));
        expect(fromBase32(text)).toEqual(bytes);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on any string, and accepts exactly one spelling of any bytes', () => {
    const nearBase32 = fc.string({ unit: fc.constantFrom(...BASE32, ...BASE32, 'a', 'z', '0', '1', '8', '=', ' ', '\n', 'ä'), maxLength: 40 });
    const pureBase32 = fc.string({ unit: fc.constantFrom(...BASE32), maxLength: 40 });
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(anyString, nearBase32, pureBase32), (text) => {
        const bytes = fromBase32(text);
        if (bytes !== null) {
          accepted++;
          expect(toBase32(bytes)).toBe(text);
        }
      }),
      { numRuns: 2500 },
    );
    expect(accepted).toBeGreaterThan(100); // the property was really exercised on accepted strings
  });
});

describe('base64url (strict RFC 4648 §5, no padding)', () => {
  it('round-trips every byte string and agrees with Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = toBase64url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(fromBase64url(text)).toEqual(bytes);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on any string, accepts exactly one spelling, and decodes as Node does', () => {
    const nearB64 = fc.string({ unit: fc.constantFrom(...BASE64URL, ...BASE64URL, '+', '/', '=', ' ', '\n', 'é'), maxLength: 40 });
    const pureB64 = fc.string({ unit: fc.constantFrom(...BASE64URL), maxLength: 40 });
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(anyString, nearB64, pureB64), (text) => {
        const bytes = fromBase64url(text);
        const oracle = strictB64url(text);
        expect(bytes === null).toBe(oracle === null);
        if (bytes !== null) {
          accepted++;
          expect(toBase64url(bytes)).toBe(text);
          expect(bytes).toEqual(oracle);
        }
      }),
      { numRuns: 2500 },
    );
    expect(accepted).toBeGreaterThan(100);
  });
});

// ---------------------------------------------------------------------------------------------
// classify

/** card-codes.md "what the desk reads", steps 1-3, written out character by character. */
function specClassify(input: string): Classified {
  let text = '';
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c <= 0x1f || c === 0x7f) continue;
    text += c >= 0x61 && c <= 0x7a ? String.fromCharCode(c - 0x20) : input[i];
  }
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === ' ') start++;
  while (end > start && text[end - 1] === ' ') end--;
  text = text.slice(start, end);
  if (text.startsWith('KK1.')) return { kind: 'code', text };
  let id = '';
  for (const ch of text) if (ch !== ' ' && ch !== '-') id += ch;
  if (id.length >= 4 && id.length <= 16 && [...id].every((ch) => ID_CHARS.includes(ch))) return { kind: 'plain', id };
  return { kind: 'not-a-card' };
}

describe('classify', () => {
  const inputs = fc.oneof(
    anyString,
    fc.string({ unit: 'binary', maxLength: 300 }),
    cardIdArb.chain((id) => fc.tuple(fc.constant(id), fc.array(fc.tuple(fc.nat(), scannerChar), { maxLength: 4 }))).map(([id, inserts]) =>
      inserts.reduce((s, [at, ch]) => s.slice(0, at % (s.length + 1)) + ch + s.slice(at % (s.length + 1)), id),
    ),
    fc.mixedCase(cardIdArb),
    fc.tuple(scannerString, fc.string({ unit: fc.constantFrom(...BASE32, ...BASE32.toLowerCase()), maxLength: 30 })).map(([a, b]) => `${a}KK1.${b}`),
  );

  it('never throws, answers one of the three kinds, and does what card-codes.md says', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const got = classify(input);
        expect(['code', 'plain', 'not-a-card']).toContain(got.kind);
        if (got.kind === 'plain') expect(got.id).toMatch(CARD_ID);
        if (got.kind === 'code') {
          expect(got.text.startsWith('KK1.')).toBe(true);
          expect(got.text).not.toMatch(/[\u0000-\u001f\u007fa-z]|^ | $/);
        }
        expect(got).toEqual(specClassify(input));
      }),
      { numRuns: 2500 },
    );
  });

  it('is idempotent: the canonical form classifies to itself', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const got = classify(input);
        if (got.kind === 'plain') expect(classify(got.id)).toEqual(got);
        if (got.kind === 'code') expect(classify(got.text)).toEqual(got);
      }),
      { numRuns: 2500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// checkCard

interface CardCase {
  name: string;
  input: string;
  today: number;
  expect: Record<string, unknown>;
}
const cardCases = vector<{ cases: CardCase[] }>('card-codes.json').cases;
const goodCodes = cardCases.filter((c) => c.expect.verdict === 'accepted' && c.expect.source === 'code' && c.today === 20779);
const plainInputs = cardCases.filter((c) => classify(c.input).kind === 'plain').map((c) => c.input);
const TODAY = 20779;
const good = bundleEnvelope as Record<'format' | 'root' | 'payload' | 'signature', string>;

// The vectors bundle's payload, read here with Node for the oracle of card-codes.md's check table.
interface VectorPayload {
  keys: { kid: number; validFrom: number; validUntil: number }[];
  revoked: { id: string; issuedUpTo: number }[];
  register: { salt: string; records: string };
}
const vectorPayload = JSON.parse(Buffer.from(good.payload, 'base64url').toString('utf8')) as VectorPayload;
const vectorSalt = Buffer.from(vectorPayload.register.salt, 'base64url');
const vectorRecords = Buffer.from(vectorPayload.register.records, 'base64url');

/** The snapshot's records by hash, read here with Node, and the entry of a card ID among them. */
const vectorEntries = new Map<string, { issued: number; expires: number; children: number; kind: number }>();
for (let at = 0; at < vectorRecords.length; at += 18) {
  const entry = { issued: vectorRecords.readUInt16BE(at + 12), expires: vectorRecords.readUInt16BE(at + 14), children: vectorRecords[at + 16]!, kind: vectorRecords[at + 17]! };
  vectorEntries.set(vectorRecords.toString('hex', at, at + 12), entry);
}
function specRegisterEntry(id: string): { issued: number; expires: number; children: number; kind: number } | null {
  return vectorEntries.get(createHash('sha512').update(vectorSalt).update(id, 'ascii').digest().toString('hex', 0, 12)) ?? null;
}
const knownIds = [...new Set([...cardCases.map((c) => classify(c.input)).flatMap((r) => (r.kind === 'plain' ? [r.id] : [])), ...vectorPayload.revoked.map((r) => r.id), ...goodCodes.map((c) => String(c.expect.cardId))])];

interface CodeFacts {
  kid: number;
  issued: number;
  expires: number;
  kind: number;
  children: number;
  id: string;
}

/** The body bytes of card-codes.md's layout, written here independently of src/core/card-code.ts. */
function bodyOf(f: CodeFacts, version = 1, idlen?: number): Uint8Array {
  const id = utf8(f.id);
  const body = new Uint8Array(10 + id.length);
  body.set([version, f.kid >>> 8, f.kid & 0xff, f.issued >>> 8, f.issued & 0xff, f.expires >>> 8, f.expires & 0xff, f.kind, f.children, (idlen ?? id.length) & 0xff]);
  body.set(id, 10);
  return body;
}

/** card-codes.md, "Checks, in this order": the layout table first, then checks 2-7. */
function specCheckCode(f: CodeFacts, signedByItsKid: boolean, today: number, version = 1): Record<string, unknown> {
  const rejected = (reason: string) => ({ verdict: 'rejected', reason });
  if (version !== 1) return rejected('unsupported-version');
  const layoutOk =
    CARD_ID.test(f.id) && f.issued <= f.expires && f.expires - f.issued <= 400 && (f.kind === 0 || f.kind === 1) && f.children <= 20 && (f.kind === 0 || f.children === 0);
  if (!layoutOk) return rejected('bad-format');
  const key = vectorPayload.keys.find((k) => k.kid === f.kid);
  if (!key) return rejected('unknown-key');
  if (!signedByItsKid) return rejected('bad-signature');
  if (f.issued < key.validFrom || f.issued > key.validUntil) return rejected('key-not-valid');
  if (vectorPayload.revoked.some((r) => r.id === f.id && r.issuedUpTo >= f.issued)) return rejected('revoked');
  if (f.issued > today) return rejected('not-yet-valid');
  const entry = specRegisterEntry(f.id);
  const facts = entry && entry.issued >= f.issued ? entry : f;
  if (today > facts.expires) return rejected('expired');
  return { verdict: 'accepted', reason: null, source: 'code', cardId: f.id, kind: facts.kind, children: facts.children, expires: facts.expires };
}

/** card-codes.md, "Plain card IDs", for a canonical ID. */
function specCheckPlain(id: string, today: number): Record<string, unknown> {
  const rejected = (reason: string) => ({ verdict: 'rejected', reason, source: 'register', cardId: id });
  const entry = specRegisterEntry(id);
  const revocations = vectorPayload.revoked.filter((r) => r.id === id);
  if (revocations.length > 0 && (!entry || revocations.some((r) => r.issuedUpTo >= entry.issued))) return rejected('revoked');
  if (!entry) return rejected('not-registered');
  if (today > entry.expires) return rejected('expired');
  return { verdict: 'accepted', reason: null, source: 'register', cardId: id, kind: entry.kind, children: entry.children, expires: entry.expires };
}

/** A known or random card ID as a person types it: mixed case, spaces and hyphens, a stray CR. */
const typedIdArb = fc
  .record({
    id: fc.oneof(fc.constantFrom(...knownIds), cardIdArb),
    lower: fc.array(fc.boolean(), { maxLength: 16 }),
    seps: fc.array(fc.tuple(fc.nat(), fc.constantFrom(' ', '-', '--', '\r', '\t')), { maxLength: 3 }),
    pad: fc.constantFrom('', ' ', '  ', '\r\n'),
    todayDelta: fc.oneof(fc.integer({ min: -400, max: 400 }), fc.constantFrom(-1, 0, 1)),
  })
  .map((g) => {
    let typed = [...g.id].map((ch, i) => (g.lower[i] ? ch.toLowerCase() : ch)).join('');
    for (const [at, sep] of g.seps) {
      const i = 1 + (at % Math.max(1, typed.length - 1));
      typed = typed.slice(0, i) + sep + typed.slice(i);
    }
    const entry = specRegisterEntry(g.id);
    return { id: g.id, input: g.pad + typed + g.pad, today: (entry?.expires ?? TODAY) + g.todayDelta };
  });

/** Codes really signed by the vectors' issuer keys (or by the wrong one), with random facts. */
const signedCodeArb = fc
  .record({
    kid: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(1, 2, 3) }, fc.constantFrom(0, 4, 700)),
    signer: fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, fc.constantFrom(1, 2, 3)),
    // Mostly inside the key's window (each is 700 days), sometimes just outside it.
    issuedInWindow: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 700 }) }, fc.integer({ min: -30, max: 730 }), fc.constantFrom(-1, 0, 700, 701)),
    // Sometimes on the edges that decide: a revocation's issuedUpTo, the register entry's issued.
    edge: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, fc.record({ on: fc.constantFrom('revocation', 'entry'), by: fc.constantFrom(-1, 0, 0, 1) })),
    span: fc.oneof(fc.integer({ min: 0, max: 400 }), fc.constantFrom(0, 400)),
    kind: fc.constantFrom(0, 0, 0, 1),
    children: fc.integer({ min: 0, max: 20 }),
    id: fc.oneof({ weight: 2, arbitrary: cardIdArb }, { weight: 2, arbitrary: fc.constantFrom(...knownIds) }, fc.constantFrom(...vectorPayload.revoked.map((r) => r.id))),
    todayOffset: fc.oneof(fc.integer({ min: -30, max: 430 }), fc.constantFrom(-1, 0, 1)),
    mixedCase: fc.boolean(),
    // Signed, but not what the layout allows (or just at its limits).
    layout: fc.oneof(
      { weight: 8, arbitrary: fc.constant('as generated') },
      fc.constantFrom('children 21', 'children 20', 'community with a child', 'kind 2', 'valid 401 days', 'valid 400 days', 'issued after expires', 'lower-case id', 'id of 3', 'id of 17', 'non-ASCII id', 'version 2', 'version 0'),
    ),
  })
  .map((g) => {
    const edgeDay = g.edge?.on === 'revocation' ? vectorPayload.revoked.find((r) => r.id === g.id)?.issuedUpTo : g.edge ? specRegisterEntry(g.id)?.issued : undefined;
    const issued = edgeDay !== undefined ? edgeDay + g.edge!.by : (vectorPayload.keys.find((k) => k.kid === g.kid)?.validFrom ?? 20379) + g.issuedInWindow;
    const facts: CodeFacts = { kid: g.kid, issued, expires: issued + g.span, kind: g.kind, children: g.kind === 1 ? 0 : g.children, id: g.id };
    let version = 1;
    switch (g.layout) {
      case 'children 21':
      case 'children 20':
        Object.assign(facts, { kind: 0, children: g.layout === 'children 21' ? 21 : 20 });
        break;
      case 'community with a child':
        Object.assign(facts, { kind: 1, children: 1 + (g.children % 20) });
        break;
      case 'kind 2':
        facts.kind = 2;
        break;
      case 'valid 401 days':
      case 'valid 400 days':
        facts.expires = issued + (g.layout === 'valid 401 days' ? 401 : 400);
        break;
      case 'issued after expires':
        facts.expires = issued - 1;
        break;
      case 'lower-case id':
        facts.id = `${g.id.slice(0, -1)}a`;
        break;
      case 'id of 3':
        facts.id = g.id.slice(0, 3);
        break;
      case 'id of 17':
        facts.id = g.id.padEnd(17, 'X');
        break;
      case 'non-ASCII id':
        facts.id = `${g.id.slice(0, -1)}Ä`;
        break;
      case 'version 2':
      case 'version 0':
        version = g.layout === 'version 2' ? 2 : 0;
        break;
    }
    const signerKid = g.signer === 0 ? (issuerSigners.has(g.kid) ? g.kid : 1) : g.signer;
    const body = bodyOf(facts, version);
    const message = new Uint8Array([...utf8('KK1'), ...body]);
    const code = `KK1.${toBase32(new Uint8Array([...body, ...issuerSigners.get(signerKid)!(message)]))}`;
    return { facts, version, signedByItsKid: signerKid === g.kid, today: issued + g.todayOffset, input: g.mixedCase ? code.toLowerCase() : code };
  });

/** The bytes after "KK1." of a code, and where its body ends and its signature starts. */
function codeBytes(input: string): { bytes: Uint8Array; bodyEnd: number } {
  const read = classify(input);
  if (read.kind !== 'code') throw new Error('not a code');
  const bytes = fromBase32(read.text.slice(4));
  if (!bytes) throw new Error('not base32');
  return { bytes, bodyEnd: 10 + bytes[9]! };
}

/** What every check result must look like (verdicts.md, card-codes.md), whatever the input. */
function expectWellFormedCheck(r: CardCheck, input: string, ctx: CardCheckContext): void {
  expect(['accepted', 'rejected']).toContain(r.verdict);
  expect(r.stale).toBe(ctx.stale);
  const read = classify(input);
  if (r.verdict === 'rejected') {
    expect(REASONS).toContain(r.reason);
    expect(CARD_REASONS).toContain(r.reason);
    expect(r.reason === 'not-a-card').toBe(read.kind === 'not-a-card');
    if (r.reason === 'no-bundle') expect(ctx.bundle).toBeNull();
    return;
  }
  expect(r.reason).toBeNull();
  expect(ctx.bundle).not.toBeNull();
  expect([0, 1]).toContain(r.kind);
  expect(Number.isInteger(r.children) && r.children! >= 0 && r.children! <= 20).toBe(true);
  if (r.kind === 1) expect(r.children).toBe(0);
  expect(r.cardId).toMatch(CARD_ID);
  expect(r.expires).not.toBeNull();
  expect(r.expires!).toBeGreaterThanOrEqual(ctx.today);
  if (r.source === 'code') {
    expect(read.kind).toBe('code');
    expect(r.issued!).toBeLessThanOrEqual(ctx.today);
    expect(r.kid).not.toBeNull();
  } else {
    expect(r.source).toBe('register');
    expect(read).toEqual({ kind: 'plain', id: r.cardId });
    expect(ctx.bundle!.register.lookup(r.cardId!)).not.toBeNull();
  }
}

/** Bytes shaped like a code body and signature, with each field sometimes out of range. */
const codeLikeBytes = fc
  .record({
    version: fc.oneof({ weight: 8, arbitrary: fc.constant(1) }, fc.constantFrom(0, 2, 255)),
    kid: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 4 }) }, fc.integer({ min: 0, max: 0xffff })),
    issued: fc.integer({ min: 0, max: 0xffff }),
    span: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 400 }) }, fc.integer({ min: -3, max: 600 })),
    kind: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(0, 1) }, fc.integer({ min: 2, max: 255 })),
    children: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 3 }) }, fc.integer({ min: 0, max: 255 })),
    id: fc.oneof({ weight: 8, arbitrary: cardIdArb }, fc.string({ unit: 'binary-ascii', maxLength: 20 })),
    idlenDelta: fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, fc.constantFrom(-1, 1, 200)),
    signature: fc.oneof({ weight: 8, arbitrary: fc.uint8Array({ minLength: 64, maxLength: 64 }) }, fc.uint8Array({ minLength: 0, maxLength: 70 })),
  })
  .map((f) => {
    const facts = { kid: f.kid, issued: f.issued, expires: Math.max(0, Math.min(0xffff, f.issued + f.span)), kind: f.kind, children: f.children, id: f.id };
    const body = bodyOf(facts, f.version, utf8(f.id).length + f.idlenDelta);
    return `KK1.${toBase32(new Uint8Array([...body, ...f.signature]))}`;
  });

const cardInputs = fc.oneof(
  anyString,
  fc.string({ unit: fc.constantFrom(...BASE32), maxLength: 200 }).map((s) => `KK1.${s}`),
  fc.uint8Array({ maxLength: 120 }).map((b) => `KK1.${toBase32(b)}`),
  codeLikeBytes,
  fc.constantFrom(...plainInputs, ...goodCodes.map((c) => c.input)),
  cardIdArb,
);

const mutationChar = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...BASE32) },
  { weight: 2, arbitrary: fc.constantFrom(...BASE32.toLowerCase()) },
  { weight: 3, arbitrary: scannerChar },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
const mutatedCode = fc
  .record({ code: fc.constantFrom(...goodCodes), edits: fc.array(editArb(mutationChar), { minLength: 1, maxLength: 3 }) })
  .map(({ code, edits }) => ({ code, input: edits.reduce(applyEdit, code.input) }));

/** 1-3 bytes of the decoded code XORed with a non-zero value (so at least one byte changes). */
const tamperedBytes = fc.record({
  code: fc.constantFrom(...goodCodes),
  flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 3 }),
  inSignature: fc.boolean(),
});

const RUNS: Record<string, { plain: number; signed: number; any: number; mutate: number; tamper: number; resize: number; bundleAny: number; bundleFields: number; bundleChars: number; resigned: number; raw: number; seal: number }> = {
  webcrypto: { plain: 300, signed: 400, any: 800, mutate: 600, tamper: 300, resize: 200, bundleAny: 500, bundleFields: 200, bundleChars: 150, resigned: 400, raw: 150, seal: 100 },
  // tweetnacl verifies in ~5-10 ms: few runs, enough to show both engines answer alike.
  tweetnacl: { plain: 100, signed: 25, any: 120, mutate: 30, tamper: 20, resize: 40, bundleAny: 150, bundleFields: 12, bundleChars: 8, resigned: 20, raw: 10, seal: 8 },
};

describe.each(engines)('checkCard properties (%s)', (engineName, ed) => {
  const runs = RUNS[engineName]!;
  let bundle: TrustBundle;
  let ctx: CardCheckContext;
  beforeAll(async () => {
    const opened = await openBundle(bundleEnvelope, demoRoots, ed);
    if (!opened.ok) throw new Error(opened.error);
    bundle = opened.bundle;
    ctx = { bundle, today: TODAY, stale: false };
  });

  it(
    'never throws on any input, and answers accepted/rejected with a reason only on rejection',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          cardInputs,
          fc.integer({ min: 20300, max: 21300 }),
          fc.boolean(),
          fc.boolean(),
          async (input, today, stale, withBundle) => {
            const c: CardCheckContext = { bundle: withBundle ? bundle : null, today, stale };
            const r = await checkCard(input, c);
            expectWellFormedCheck(r, input, c);
          },
        ),
        asyncOpts(runs.any),
      );
    },
    TEST_MS,
  );

  it(
    'a really signed code with random facts is decided as card-codes.md\'s check table says',
    async () => {
      await fc.assert(
        fc.asyncProperty(signedCodeArb, fc.boolean(), async ({ facts, version, signedByItsKid, today, input }, stale) => {
          const c = { bundle, today, stale };
          const r = await checkCard(input, c);
          expectWellFormedCheck(r, input, c);
          const want = specCheckCode(facts, signedByItsKid, today, version);
          const picked = Object.fromEntries(Object.keys(want).map((k) => [k, r[k as keyof CardCheck]]));
          expect(picked).toEqual(want);
          if (r.source === 'code') expect([r.cardId, r.kid, r.issued]).toEqual([facts.id, facts.kid, facts.issued]);
        }),
        asyncOpts(runs.signed),
      );
    },
    TEST_MS,
  );

  it(
    'a typed plain card ID is decided as card-codes.md\'s plain-ID table says',
    async () => {
      await fc.assert(
        fc.asyncProperty(typedIdArb, async ({ id, input, today }) => {
          const c = { bundle, today, stale: false };
          const r = await checkCard(input, c);
          expectWellFormedCheck(r, input, c);
          const want = specCheckPlain(id, today);
          const picked = Object.fromEntries(Object.keys(want).map((k) => [k, r[k as keyof CardCheck]]));
          expect(picked).toEqual(want);
        }),
        asyncOpts(runs.plain),
      );
    },
    TEST_MS,
  );

  it(
    'a mutated valid code is decided exactly as the original when it reads the same, and is never accepted as a code otherwise',
    async () => {
      const originals = new Map<string, CardCheck>();
      for (const c of goodCodes) originals.set(c.input, await checkCard(c.input, ctx));
      await fc.assert(
        fc.asyncProperty(mutatedCode, async ({ code, input }) => {
          const r = await checkCard(input, ctx);
          expectWellFormedCheck(r, input, ctx);
          const sameReading = JSON.stringify(classify(input)) === JSON.stringify(classify(code.input));
          if (sameReading) expect(r).toEqual(originals.get(code.input));
          else if (r.verdict === 'accepted') {
            // Only a plain ID can be accepted now (a truncation that happens to be registered): a
            // changed code never is.
            expect(r.source).toBe('register');
            expect(classify(input).kind).toBe('plain');
          }
        }),
        asyncOpts(runs.mutate),
      );
    },
    TEST_MS,
  );

  it(
    'a code whose signed body or signature bytes changed is rejected at steps 1-3 (signature bytes: bad-signature)',
    async () => {
      await fc.assert(
        fc.asyncProperty(tamperedBytes, async ({ code, flips, inSignature }) => {
          const { bytes, bodyEnd } = codeBytes(code.input);
          const tampered = bytes.slice();
          for (const [at, x] of flips) {
            const i = inSignature ? bodyEnd + (at % (bytes.length - bodyEnd)) : at % bodyEnd;
            tampered[i] = tampered[i]! ^ x;
          }
          fc.pre(tampered.some((b, i) => b !== bytes[i]));
          const input = `KK1.${toBase32(tampered)}`;
          const r = await checkCard(input, ctx);
          expectWellFormedCheck(r, input, ctx);
          expect(r.verdict).toBe('rejected');
          if (inSignature) expect(r.reason).toBe('bad-signature');
          else expect(['bad-format', 'unsupported-version', 'unknown-key', 'bad-signature']).toContain(r.reason);
        }),
        asyncOpts(runs.tamper),
      );
    },
    TEST_MS,
  );

  it(
    'a code with bytes added or removed anywhere is bad-format',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...goodCodes),
          fc.nat(),
          fc.oneof(fc.integer({ min: 1, max: 5 }).map((n) => -n), fc.uint8Array({ minLength: 1, maxLength: 5 })),
          async (code, at, change) => {
            const { bytes } = codeBytes(code.input);
            const i = at % (bytes.length + 1);
            const resized =
              typeof change === 'number'
                ? new Uint8Array([...bytes.subarray(0, i), ...bytes.subarray(Math.min(bytes.length, i - change))])
                : new Uint8Array([...bytes.subarray(0, i), ...change, ...bytes.subarray(i)]);
            fc.pre(resized.length !== bytes.length);
            const r = await checkCard(`KK1.${toBase32(resized)}`, ctx);
            // Only when the first byte is no longer the version 1 is it unsupported-version.
            const versionKept = resized.length === 0 || resized[0] === 1;
            expect(r.reason).toBe(versionKept ? 'bad-format' : 'unsupported-version');
          },
        ),
        asyncOpts(runs.resize),
      );
    },
    TEST_MS,
  );
});

describe('the two Ed25519 engines decide every check alike', () => {
  it(
    'same input, same bundle, same answer',
    async () => {
      const opened = await Promise.all(engines.map(([, ed]) => openBundle(bundleEnvelope, demoRoots, ed)));
      const bundles = opened.map((o) => {
        if (!o.ok) throw new Error(o.error);
        return o.bundle;
      });
      await fc.assert(
        fc.asyncProperty(fc.oneof(mutatedCode.map((m) => m.input), codeLikeBytes, cardInputs), async (input) => {
          const [a, b] = await Promise.all(bundles.map((bundle) => checkCard(input, { bundle, today: TODAY, stale: false })));
          expect(a).toEqual(b);
        }),
        asyncOpts(60),
      );
    },
    TEST_MS,
  );
});

// ---------------------------------------------------------------------------------------------
// openBundle

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

// The generator of signed payloads: a well-formed payload most of the time, each part sometimes
// broken in the ways trust-bundle.md names (and a few it does not).

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
