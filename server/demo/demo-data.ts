// The demo's venue, bundle and cards, all made relative to "today" (the Helsinki day of the clock),
// so a demo started on any day has events today and cards that behave as labelled.

import { fromBase64url } from '../../src/core/base64url.ts';
import type { Envelope } from '../../src/core/bundle.ts';
import { sealBundle } from '../../src/core/bundle.ts';
import { isoDateOfDay } from '../../src/core/calendar.ts';
import type { CardFacts } from '../../src/core/card-code.ts';
import { issueCode, signerFromSeed } from '../../src/core/issue-code.ts';
import type { RegisterRow } from '../../src/core/register.ts';
import { buildRegister } from '../../src/core/register.ts';
import type { Locality } from '../../src/core/locality.ts';
import type { VenueSettings } from '../../src/core/venue.ts';
import { DEMO_FORGER_SEED, DEMO_ISSUER_KID, DEMO_ISSUER_SEED, DEMO_ROOT_ID, DEMO_ROOT_SEED } from './demo-keys.ts';

export const DEMO_VENUE_ID = 'demo-venue';
export const DEMO_LOCALITY_ID = 'demo-locality';
export const GENERATED_CARDS = 3000;
const BUNDLE_DAYS = 7;
const MS_PER_DAY = 86_400_000;

const seed = (b64: string) => fromBase64url(b64)!;

export function demoVenue(today: number): VenueSettings {
  const date = isoDateOfDay(today);
  return {
    venueId: DEMO_VENUE_ID,
    name: 'Kaiku-demoteatteri',
    defaultCategory: 'culture',
    allowOverride: true,
    fastMode: false,
    perCard: { max: 1, window: 'event' },
    dayQuota: 40,
    events: [
      { id: `demo-play-${date}`, title: 'Demo play (5 card tickets)', day: today, start: '19:00', category: 'culture', type: 'ticket', quota: 5, excluded: false },
      { id: `demo-course-${date}`, title: 'Drawing course', day: today, start: '17:00', category: 'education', type: 'course', quota: null, excluded: false },
      { id: `demo-premiere-${date}`, title: 'Premiere (not for the card)', day: today, start: '18:00', category: 'culture', type: 'ticket', quota: null, excluded: true },
    ],
  };
}

/** The demo's locality: its coordinator sees the demo venue's figures (what the demo desk admitted). */
export function demoLocality(): Locality {
  return { localityId: DEMO_LOCALITY_ID, name: 'Demo-alue', venues: [DEMO_VENUE_ID] };
}

/** True when stored demo settings still describe today (else the demo re-seeds its venue). */
export function isDemoVenueOf(settings: VenueSettings, today: number): boolean {
  return settings.events.length > 0 && settings.events.every((e) => e.day === today);
}

interface NamedCard extends Omit<CardFacts, 'kid'> {
  revoked: boolean;
}

function namedCards(today: number): NamedCard[] {
  const valid = { issued: today - 30, expires: today + 335, revoked: false };
  return [
    { id: 'DEMOFAMILY', kind: 0, children: 2, ...valid },
    { id: 'DEMOSOLO', kind: 0, children: 0, ...valid },
    { id: 'DEMOEXPIRED', kind: 0, children: 1, issued: today - 375, expires: today - 10, revoked: false },
    { id: 'DEMOREVOKED', kind: 0, children: 0, issued: today - 60, expires: today + 300, revoked: true },
    { id: 'DEMOGROUP', kind: 1, children: 0, ...valid },
    // Cards of their own for the typed examples, so working down the page never hits "already used".
    { id: 'DEMOTYPED', kind: 0, children: 1, ...valid },
    { id: 'DEMOLAPSED', kind: 0, children: 0, issued: today - 400, expires: today - 35, revoked: false },
  ];
}

export interface DemoCard {
  title: string;
  /** The card's ID, printed under its code or number. */
  cardId: string;
  /** A KK1. code (shown as a QR code) or a plain card number (shown as text to type). */
  input: string;
  kind: 'code' | 'plain';
  /** What the desk should say, for people. */
  expect: string;
  /** The same for tests: the verdict and reason of steps 1-3. */
  verdict: 'accepted' | 'rejected';
  reason: string | null;
}

export function demoCards(today: number): DemoCard[] {
  const cards = namedCards(today);
  const code = (id: string, signer = DEMO_ISSUER_SEED) => {
    const c = cards.find((x) => x.id === id) ?? { id, kind: 0 as const, children: 0, issued: today - 30, expires: today + 335 };
    return issueCode(seed(signer), { kid: DEMO_ISSUER_KID, id: c.id, issued: c.issued, expires: c.expires, kind: c.kind, children: c.children });
  };
  const card = (title: string, input: string, expect: string, reason: string | null, cardId = input): DemoCard => ({
    title,
    cardId,
    input,
    kind: input.startsWith('KK1.') ? 'code' : 'plain',
    expect,
    verdict: reason === null ? 'accepted' : 'rejected',
    reason,
  });
  return [
    card('Family card', code('DEMOFAMILY'), 'Accepted (verified code): personal card admitting up to 2 children. On the drawing course, children are refused.', null, 'DEMOFAMILY'),
    card('Holder only', code('DEMOSOLO'), 'Accepted (verified code): personal card, no children. A second use at the same event: card limit.', null, 'DEMOSOLO'),
    card('Community card', code('DEMOGROUP'), 'Accepted (verified code): community card; its staff member leads a group of clients under 16.', null, 'DEMOGROUP'),
    card('Expired card', code('DEMOEXPIRED'), 'Rejected: expired 10 days ago.', 'expired', 'DEMOEXPIRED'),
    card('Revoked card', code('DEMOREVOKED'), 'Rejected: revoked (reported lost).', 'revoked', 'DEMOREVOKED'),
    card('Forged code', code('DEMOFORGED', DEMO_FORGER_SEED), 'Rejected: bad signature (signed with the wrong key).', 'bad-signature', 'DEMOFORGED'),
    card('Card number, typed', 'DEMOTYPED', 'Accepted (from the register): personal card admitting 1 child.', null),
    card('Expired card number, typed', 'DEMOLAPSED', 'Rejected: expired.', 'expired'),
    card('Unknown card number', 'DEMOUNKNOWN', 'Rejected: not registered. The venue allows a staff override.', 'not-registered'),
  ];
}

/** A few thousand made-up cards, the same every time (a small linear congruential generator). */
function generatedRows(today: number): RegisterRow[] {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  let state = 20_779;
  const next = () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0);
  const ids = new Set<string>();
  const rows: RegisterRow[] = [];
  while (rows.length < GENERATED_CARDS) {
    // A leading "G" keeps them apart from the named DEMO… cards.
    let id = 'G';
    for (let i = 0; i < 7; i++) id += alphabet[next() % alphabet.length]!;
    if (ids.has(id)) continue;
    ids.add(id);
    const issued = today - (next() % 360);
    const kind = next() % 50 === 0 ? 1 : 0;
    rows.push({ id, issued, expires: issued + 365, kind, children: kind === 1 ? 0 : next() % 4 });
  }
  return rows;
}

export function demoBundle(today: number, nowMs: number, serial: number, salt: Uint8Array): Envelope {
  const named = namedCards(today);
  const rows: RegisterRow[] = [...generatedRows(today), ...named.map(({ id, issued, expires, children, kind }) => ({ id, issued, expires, children, kind }))];
  const issuer = signerFromSeed(seed(DEMO_ISSUER_SEED));
  return sealBundle(
    {
      serial,
      issuedAtMs: nowMs,
      expiresAtMs: nowMs + BUNDLE_DAYS * MS_PER_DAY,
      keys: [{ kid: DEMO_ISSUER_KID, publicKey: issuer.publicKey, validFrom: today - 500, validUntil: today + 500, label: 'Demo issuer (public seed, demo only)' }],
      revoked: named.filter((c) => c.revoked).map((c) => ({ id: c.id, issuedUpTo: c.issued })),
      salt,
      records: buildRegister(salt, rows),
    },
    DEMO_ROOT_ID,
    signerFromSeed(seed(DEMO_ROOT_SEED)).sign,
  );
}
