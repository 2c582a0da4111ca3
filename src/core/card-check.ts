// Steps 1-3 of a check: is this string a card, and may that card be used today? Signed KK1. codes
// are decided by their signature, the issuer key's window, revocations and dates; plain card IDs
// by the register snapshot. Event and venue limits come after this (limits.ts).

import type { TrustBundle } from './bundle.ts';
import type { CardKind } from './card-code.ts';
import { decodeCode } from './card-code.ts';
import { classify } from './classify.ts';
import type { CardReason } from './reasons.ts';

export type CardSource = 'code' | 'register' | 'manual';

export interface CardCheck {
  verdict: 'accepted' | 'rejected';
  reason: CardReason | null;
  /** Where the card was read from; null when nothing was read. */
  source: CardSource | null;
  /** The card ID once read (also from a code whose signature failed). */
  cardId: string | null;
  /** Known for an accepted card: the register's facts when they are as new as the code's. */
  kind: CardKind | null;
  children: number | null;
  /** The card's last day of validity and issue day, when known (for "expired on …"). */
  expires: number | null;
  issued: number | null;
  /** The issuer key of a code. */
  kid: number | null;
  stale: boolean;
}

export interface CardCheckContext {
  /** null: the desk has no bundle yet. */
  bundle: TrustBundle | null;
  /** The Helsinki day to decide on (see deskToday). */
  today: number;
  stale: boolean;
}

const BLANK: Omit<CardCheck, 'verdict' | 'reason' | 'stale'> = {
  source: null,
  cardId: null,
  kind: null,
  children: null,
  expires: null,
  issued: null,
  kid: null,
};

export async function checkCard(input: string, ctx: CardCheckContext): Promise<CardCheck> {
  const read = classify(input);
  const reject = (reason: CardReason, known: Partial<CardCheck> = {}): CardCheck => ({
    ...BLANK,
    ...known,
    verdict: 'rejected',
    reason,
    stale: ctx.stale,
  });
  if (read.kind === 'not-a-card') return reject('not-a-card');
  const { bundle, today } = ctx;
  if (!bundle) return reject('no-bundle', read.kind === 'plain' ? { cardId: read.id, source: 'register' } : {});

  if (read.kind === 'plain') {
    const id = read.id;
    const known = { cardId: id, source: 'register' as const };
    const entry = bundle.register.lookup(id);
    const revokedUpTo = bundle.revoked.get(id);
    if (revokedUpTo !== undefined && (!entry || revokedUpTo >= entry.issued)) return reject('revoked', { ...known, issued: entry?.issued ?? null });
    if (!entry) return reject('not-registered', known);
    if (today > entry.expires) return reject('expired', { ...known, expires: entry.expires, issued: entry.issued });
    return { ...known, verdict: 'accepted', reason: null, kind: entry.kind, children: entry.children, expires: entry.expires, issued: entry.issued, kid: null, stale: ctx.stale };
  }

  const decoded = decodeCode(read.text);
  if (!decoded.ok) return reject(decoded.reason);
  const code = decoded.code;
  const known = { cardId: code.id, source: 'code' as const, kid: code.kid, issued: code.issued };
  const key = bundle.keys.get(code.kid);
  if (!key) return reject('unknown-key', known);
  if (!key.verifier || !(await key.verifier.verify(code.signed, code.signature))) return reject('bad-signature', known);
  if (code.issued < key.validFrom || code.issued > key.validUntil) return reject('key-not-valid', known);
  const revokedUpTo = bundle.revoked.get(code.id);
  if (revokedUpTo !== undefined && revokedUpTo >= code.issued) return reject('revoked', known);
  if (code.issued > today) return reject('not-yet-valid', known);
  // The register is the authority, unless the code is newer than the snapshot's entry.
  const entry = bundle.register.lookup(code.id);
  const facts = entry && entry.issued >= code.issued ? entry : code;
  if (today > facts.expires) return reject('expired', { ...known, expires: facts.expires });
  return { ...known, verdict: 'accepted', reason: null, kind: facts.kind, children: facts.children, expires: facts.expires, stale: ctx.stale };
}
