// A national-size register, sealed into a bundle by the demo root, and the inputs the desk checks
// against it. Everything comes from a seeded PRNG and a fixed clock, so every run measures the same
// bytes and the same verdicts, whatever the date.

import { fromBase64url } from '../src/core/base64url.ts';
import type { Envelope } from '../src/core/bundle.ts';
import { sealBundle } from '../src/core/bundle.ts';
import { dayFromCivil } from '../src/core/calendar.ts';
import { issueCode, signerFromSeed } from '../src/core/issue-code.ts';
import type { RegisterRow } from '../src/core/register.ts';
import { SALT_SIZE, buildRegister } from '../src/core/register.ts';
import { vector } from '../test/support/vectors.ts';

export const REGISTER_SIZE = 100_000;
/** The desk's clock: 2026-11-22 12:00 in Helsinki, day 20779. */
export const NOW_MS = Date.UTC(2026, 10, 22, 10);
const TODAY = dayFromCivil(2026, 11, 22);
const CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export interface Fixture {
  envelope: Envelope;
  /** The envelope as a file or HTTP body holds it. */
  envelopeText: string;
  /** A valid KK1. code of a registered card, by issuer kid 1. */
  code: string;
  /** Registered cards valid today and not revoked; checks rotate over them. */
  plainIds: string[];
  /** A 10-character ID not in the register, one substitution from exactly one that is. */
  typo: { typed: string; meant: string };
  /** Seeded bytes for anything else a section needs (the anchor's message). */
  random: () => number;
}

/** mulberry32: tiny and seeded; Math.random would give every run a different register. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomBytes(random: () => number, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
}

interface DemoKeys {
  roots: { id: string; seed: string }[];
  issuers: { kid: number; seed: string }[];
}

export function makeFixture(): Fixture {
  const random = seededRandom(20779);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

  const rows = new Map<string, RegisterRow>();
  while (rows.size < REGISTER_SIZE) {
    let id = '';
    for (let n = int(6, 12); n > 0; n--) id += CHARS[int(0, CHARS.length - 1)];
    // A year's cards, all still valid today: the look-ups then end in "accepted", the common case.
    const issued = TODAY - int(0, 364);
    const community = random() < 0.03;
    const children = community || random() < 0.7 ? 0 : int(1, 4);
    rows.set(id, { id, issued, expires: issued + 365, children, kind: community ? 1 : 0 });
  }
  const all = [...rows.values()];
  const revokedRows = all.slice(0, 5);
  const valid = all.slice(revokedRows.length);

  const keys = vector<DemoKeys>('keys.json');
  const seed = (s: string) => fromBase64url(s)!;
  const rootKey = keys.roots.find((r) => r.id === 'demo-root-1')!;
  const issuerSeed = seed(keys.issuers.find((k) => k.kid === 1)!.seed);
  const salt = randomBytes(random, SALT_SIZE);

  const envelope = sealBundle(
    {
      serial: 1,
      issuedAtMs: Date.UTC(2026, 10, 21, 6),
      expiresAtMs: Date.UTC(2026, 10, 28, 6),
      keys: [{ kid: 1, publicKey: signerFromSeed(issuerSeed).publicKey, validFrom: TODAY - 400, validUntil: TODAY + 300, label: 'Issuers A' }],
      revoked: [
        ...revokedRows.map((r) => ({ id: r.id, issuedUpTo: r.issued })),
        { id: 'LOST0001', issuedUpTo: TODAY - 10 },
        { id: 'LOST0002', issuedUpTo: TODAY - 3 },
      ],
      salt,
      records: buildRegister(salt, all),
    },
    rootKey.id,
    signerFromSeed(seed(rootKey.seed)).sign,
  );

  const card = valid[0]!;
  const meant = valid.find((r) => r.id.length === 10)!.id;
  const typed = meant.slice(0, 9) + (meant[9] === '7' ? '8' : '7');
  return {
    envelope,
    envelopeText: JSON.stringify(envelope),
    code: issueCode(issuerSeed, { kid: 1, issued: card.issued, expires: card.expires, kind: card.kind, children: card.children, id: card.id }),
    plainIds: valid.slice(1, 1025).map((r) => r.id),
    typo: { typed, meant },
    random,
  };
}
