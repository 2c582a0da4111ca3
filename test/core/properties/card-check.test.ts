// Property tests of checkCard with fast-check: it never throws, always answers in the shapes the
// contract allows, and never accepts a code or ID it must not.

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase32, toBase32 } from '../../../src/core/base32.ts';
import type { TrustBundle } from '../../../src/core/bundle.ts';
import { openBundle } from '../../../src/core/bundle.ts';
import type { CardCheck, CardCheckContext } from '../../../src/core/card-check.ts';
import { checkCard } from '../../../src/core/card-check.ts';
import { classify } from '../../../src/core/classify.ts';
import { CARD_REASONS, REASONS } from '../../../src/core/reasons.ts';
import { bundleEnvelope, demoRoots, engines } from '../../support/vectors.ts';
import type { CodeFacts } from './shared.ts';
import { CARD_ID, RUNS, TEST_MS, TODAY, asyncOpts, bodyOf, cardCases, cardIdArb, cardInputs, good, goodCodes, issuerSigners, mutatedCode, utf8 } from './shared.ts';

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

/** 1-3 bytes of the decoded code XORed with a non-zero value (so at least one byte changes). */
const tamperedBytes = fc.record({
  code: fc.constantFrom(...goodCodes),
  flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 3 }),
  inSignature: fc.boolean(),
});

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
