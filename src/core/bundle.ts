// The signed trust bundle: opening an envelope against the root keys, checking the payload's
// shape, and the rules that decide whether a desk takes it (authenticity, no rollback, staleness).

import { fromBase64url, toBase64url } from './base64url.ts';
import { asciiBytes, concatBytes } from './bytes.ts';
import { helsinkiDay, parseIsoTimestamp } from './calendar.ts';
import { isCardId } from './classify.ts';
import type { Ed25519, Ed25519Key } from './ed25519.ts';
import type { Register } from './register.ts';
import { SALT_SIZE, openRegister, registerProblem } from './register.ts';
import type { RootKey } from './roots.ts';

export const BUNDLE_FORMAT = 'kaiku-bundle/1';
export const BUNDLE_SIGNATURE_TAG = asciiBytes('KKB1');

export interface Envelope {
  format: string;
  root: string;
  payload: string;
  signature: string;
}

export interface IssuerKey {
  kid: number;
  publicKey: Uint8Array;
  validFrom: number;
  validUntil: number;
  label: string;
  /** Ready to verify with; null when the bytes are no usable key (its codes then fail to verify). */
  verifier: Ed25519Key | null;
}

export interface TrustBundle {
  root: string;
  serial: number;
  issuedAt: string;
  expiresAt: string;
  issuedAtMs: number;
  expiresAtMs: number;
  keys: ReadonlyMap<number, IssuerKey>;
  /** Card ID → the latest issue day whose copies are revoked. */
  revoked: ReadonlyMap<string, number>;
  revokedCount: number;
  register: Register;
}

export type OpenResult = { ok: true; bundle: TrustBundle } | { ok: false; error: string };

const fail = (error: string): OpenResult => ({ ok: false, error });

/** Parses envelope text (a file's contents, an HTTP body). */
export function parseEnvelope(text: string): Envelope | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'the file is not a bundle: it is not JSON';
  }
  return envelopeOf(json);
}

function envelopeOf(json: unknown): Envelope | string {
  if (!isObject(json)) return 'the file is not a bundle: it is not a JSON object';
  const { format, root, payload, signature } = json;
  if (typeof format !== 'string' || typeof root !== 'string' || typeof payload !== 'string' || typeof signature !== 'string')
    return 'the file is not a bundle: it needs "format", "root", "payload" and "signature"';
  return { format, root, payload, signature };
}

/** The same for envelope text, as read from a file or an HTTP body. */
export async function openBundleText(text: string, roots: readonly RootKey[], ed: Ed25519): Promise<OpenResult> {
  const env = parseEnvelope(text);
  return typeof env === 'string' ? fail(env) : openBundle(env, roots, ed);
}

/** Verifies an envelope against the roots and opens its payload, or says why it is refused. */
export async function openBundle(envelope: unknown, roots: readonly RootKey[], ed: Ed25519): Promise<OpenResult> {
  const env = envelopeOf(envelope);
  if (typeof env === 'string') return fail(env);
  if (env.format !== BUNDLE_FORMAT) return fail(`unknown bundle format "${env.format}" (this desk reads ${BUNDLE_FORMAT})`);
  const root = roots.find((r) => r.id === env.root);
  if (!root) return fail(`the bundle is signed by root "${env.root}", which this desk does not trust`);
  const payload = fromBase64url(env.payload);
  const signature = fromBase64url(env.signature);
  if (!payload || !signature) return fail('the bundle is damaged: its payload or signature is not base64url');
  const rootKey = await ed.importKey(root.publicKey);
  if (!rootKey || !(await rootKey.verify(concatBytes(BUNDLE_SIGNATURE_TAG, payload), signature)))
    return fail('the bundle signature does not verify: the file was altered or is not from the register');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    return fail('the bundle is signed but its payload is not JSON');
  }
  const shaped = shapeOf(json);
  if (typeof shaped === 'string') return fail(`the bundle is signed but not well-formed: ${shaped}`);
  const keys = new Map<number, IssuerKey>();
  for (const k of shaped.keys) keys.set(k.kid, { ...k, verifier: await ed.importKey(k.publicKey) });
  return { ok: true, bundle: { ...shaped, root: env.root, keys } };
}

type Shaped = Omit<TrustBundle, 'keys' | 'root'> & { keys: Omit<IssuerKey, 'verifier'>[] };

function shapeOf(p: unknown): Shaped | string {
  if (!isObject(p)) return 'the payload is not an object';
  if (!isInt(p.serial) || p.serial < 0) return '"serial" must be a whole number of at least 0';
  const issuedAtMs = parseIsoTimestamp(p.issuedAt);
  const expiresAtMs = parseIsoTimestamp(p.expiresAt);
  if (issuedAtMs === null || expiresAtMs === null) return '"issuedAt" and "expiresAt" must be ISO 8601 timestamps';
  if (issuedAtMs >= expiresAtMs) return '"issuedAt" must be before "expiresAt"';

  if (!Array.isArray(p.keys)) return '"keys" must be a list';
  const keys: Omit<IssuerKey, 'verifier'>[] = [];
  for (const k of p.keys) {
    if (!isObject(k)) return 'every key must be an object';
    const publicKey = typeof k.publicKey === 'string' ? fromBase64url(k.publicKey) : null;
    if (!isInt(k.kid) || k.kid > 0xffff || k.kid < 0) return 'every key needs a "kid" of 0-65535';
    if (keys.some((seen) => seen.kid === k.kid)) return `key ${k.kid} is listed twice`;
    if (!publicKey || publicKey.length !== 32) return `key ${k.kid} needs a "publicKey" of 32 bytes`;
    if (!isInt(k.validFrom) || !isInt(k.validUntil) || k.validFrom > k.validUntil) return `key ${k.kid} needs day numbers "validFrom" <= "validUntil"`;
    if (k.label !== undefined && typeof k.label !== 'string') return `key ${k.kid} has a "label" that is not text`;
    keys.push({ kid: k.kid, publicKey, validFrom: k.validFrom, validUntil: k.validUntil, label: k.label ?? '' });
  }

  if (!Array.isArray(p.revoked)) return '"revoked" must be a list';
  const revoked = new Map<string, number>();
  for (const r of p.revoked) {
    if (!isObject(r) || typeof r.id !== 'string' || !isCardId(r.id) || !isInt(r.issuedUpTo))
      return 'every revocation needs a card "id" and a day number "issuedUpTo"';
    revoked.set(r.id, Math.max(r.issuedUpTo, revoked.get(r.id) ?? -Infinity));
  }

  const reg = p.register;
  if (!isObject(reg)) return '"register" must be an object';
  const salt = typeof reg.salt === 'string' ? fromBase64url(reg.salt) : null;
  if (!salt || salt.length !== SALT_SIZE) return `the register salt must be ${SALT_SIZE} bytes in base64url`;
  const records = typeof reg.records === 'string' ? fromBase64url(reg.records) : null;
  if (!records) return 'the register records must be base64url';
  const problem = registerProblem(records);
  if (problem) return problem;

  return {
    serial: p.serial,
    issuedAt: p.issuedAt as string,
    expiresAt: p.expiresAt as string,
    issuedAtMs,
    expiresAtMs,
    keys,
    revoked,
    revokedCount: p.revoked.length,
    register: openRegister(salt, records),
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

/** The rollback rule: a desk replaces its bundle only with one of a higher serial. */
export function replacesBundle(current: Pick<TrustBundle, 'serial'> | null, candidate: Pick<TrustBundle, 'serial'>): boolean {
  return current === null || candidate.serial > current.serial;
}

/** Past expiresAt the desk goes on deciding, but every verdict says the data is stale. */
export function isStaleAt(bundle: TrustBundle, nowMs: number): boolean {
  return nowMs > bundle.expiresAtMs;
}

/** The same for a given calendar day (the CLI's --today). */
export function isStaleOnDay(bundle: TrustBundle, day: number): boolean {
  return day > helsinkiDay(bundle.expiresAtMs);
}

/**
 * The day a desk decides with: the Helsinki day of its clock, but never before the bundle was made,
 * so a tablet whose clock fell back to a factory date does not turn every card away.
 */
export function deskToday(bundle: TrustBundle | null, nowMs: number): number {
  const today = helsinkiDay(nowMs);
  return bundle ? Math.max(today, helsinkiDay(bundle.issuedAtMs)) : today;
}

export const CLOCK_SKEW_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

export type ClockProblem = 'before-bundle' | 'off-server' | null;

/** Whether the device clock is plainly wrong (the desk shows a warning). */
export function clockProblem(nowMs: number, bundle: TrustBundle | null, serverDateMs: number | null): ClockProblem {
  if (bundle && nowMs < bundle.issuedAtMs - DAY_MS) return 'before-bundle';
  if (serverDateMs !== null && Math.abs(nowMs - serverDateMs) > CLOCK_SKEW_MS) return 'off-server';
  return null;
}

export interface BundleContents {
  serial: number;
  issuedAtMs: number;
  expiresAtMs: number;
  keys: { kid: number; publicKey: Uint8Array; validFrom: number; validUntil: number; label: string }[];
  revoked: { id: string; issuedUpTo: number }[];
  salt: Uint8Array;
  records: Uint8Array;
}

/** Makes a signed envelope; `sign` holds the root's secret key (the CLI and the server pass it in). */
export function sealBundle(contents: BundleContents, rootId: string, sign: (message: Uint8Array) => Uint8Array): Envelope {
  const payloadJson = {
    serial: contents.serial,
    issuedAt: new Date(contents.issuedAtMs).toISOString(),
    expiresAt: new Date(contents.expiresAtMs).toISOString(),
    keys: contents.keys.map((k) => ({ ...k, publicKey: toBase64url(k.publicKey) })),
    revoked: contents.revoked,
    register: { salt: toBase64url(contents.salt), records: toBase64url(contents.records) },
  };
  const payload = new TextEncoder().encode(JSON.stringify(payloadJson));
  return {
    format: BUNDLE_FORMAT,
    root: rootId,
    payload: toBase64url(payload),
    signature: toBase64url(sign(concatBytes(BUNDLE_SIGNATURE_TAG, payload))),
  };
}
