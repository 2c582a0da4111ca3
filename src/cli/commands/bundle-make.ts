// kaiku bundle make: a signed bundle from the register's CSV exports and the issuer keys.

import { fromBase64url } from '../../core/base64url.ts';
import type { BundleContents } from '../../core/bundle.ts';
import { sealBundle } from '../../core/bundle.ts';
import type { CardKind } from '../../core/card-code.ts';
import { MAX_CHILDREN } from '../../core/card-code.ts';
import { classify } from '../../core/classify.ts';
import { signerFromSeed } from '../../core/issue-code.ts';
import { buildRegister } from '../../core/register.ts';
import type { RegisterRow } from '../../core/register.ts';
import { parseCsv } from '../csv.ts';
import { parseDay, parseSeed, parseWhole, readJson, readText, required } from '../../node/inputs.ts';
import { emit } from '../../node/output.ts';
import { UsageError } from '../../node/usage-error.ts';

export interface BundleMakeOptions {
  rootSeed?: string;
  rootId?: string;
  keys?: string;
  register?: string;
  revoked?: string;
  serial?: string;
  days?: string;
  /** The clock, passed in so tests can fix it. */
  now: number;
}

/** A card ID as the register spells it, or a message naming the line. */
function cardIdAt(text: string, where: string): string {
  const read = classify(text);
  if (read.kind !== 'plain') throw new UsageError(`${where}: "${text}" is not a card ID (4-16 characters of 0-9 and A-Z)`);
  return read.id;
}

function readKeys(path: string): BundleContents['keys'] {
  const json = readJson(path, 'keys file');
  if (!Array.isArray(json)) throw new UsageError(`${path}: the keys file must be a JSON array of {kid, publicKey, validFrom, validUntil, label}`);
  const keys = json.map((k: Record<string, unknown>, i) => {
    const where = `${path}: key ${i + 1}`;
    if (typeof k !== 'object' || k === null) throw new UsageError(`${where} is not an object`);
    const kid = parseWhole(String(k.kid), `${where} "kid"`, 0, 0xffff)!;
    const publicKey = typeof k.publicKey === 'string' ? fromBase64url(k.publicKey) : null;
    if (!publicKey || publicKey.length !== 32) throw new UsageError(`${where} needs a "publicKey" of 32 bytes in base64url`);
    const validFrom = parseDay(String(k.validFrom), `${where} "validFrom"`);
    const validUntil = parseDay(String(k.validUntil), `${where} "validUntil"`);
    if (validFrom > validUntil) throw new UsageError(`${where}: "validFrom" is after "validUntil"`);
    return { kid, publicKey, validFrom, validUntil, label: typeof k.label === 'string' ? k.label : '' };
  });
  const twice = keys.find((k, i) => keys.findIndex((o) => o.kid === k.kid) !== i);
  if (twice) throw new UsageError(`${path}: key ${twice.kid} is listed twice (every desk would refuse the bundle)`);
  return keys;
}

function readRegister(path: string): RegisterRow[] {
  return parseCsv(readText(path, 'register CSV'), path, ['id', 'issued', 'expires', 'children', 'kind']).map((row) => {
    const where = `${path} line ${row.line}`;
    const id = cardIdAt(row.get('id'), where);
    const issued = parseDay(row.get('issued'), `${where} "issued"`);
    const expires = parseDay(row.get('expires'), `${where} "expires"`);
    const kind = parseWhole(row.get('kind'), `${where} "kind"`, 0, 1) as CardKind;
    const children = parseWhole(row.get('children'), `${where} "children"`, 0, kind === 1 ? 0 : MAX_CHILDREN)!;
    if (issued > expires) throw new UsageError(`${where}: card ${id} is issued after it expires`);
    return { id, issued, expires, children, kind };
  });
}

function readRevoked(path: string): BundleContents['revoked'] {
  return parseCsv(readText(path, 'revocations CSV'), path, ['id', 'issuedUpTo']).map((row) => {
    const where = `${path} line ${row.line}`;
    return { id: cardIdAt(row.get('id'), where), issuedUpTo: parseDay(row.get('issuedUpTo'), `${where} "issuedUpTo"`) };
  });
}

export function runBundleMake(opts: BundleMakeOptions, randomSalt: () => Uint8Array): void {
  const root = signerFromSeed(parseSeed(required(opts.rootSeed, '--root-seed B64'), '--root-seed'));
  const rootId = required(opts.rootId, '--root-id ID');
  const keys = readKeys(required(opts.keys, '--keys FILE'));
  const rows = readRegister(required(opts.register, '--register CSV'));
  const revoked = opts.revoked === undefined ? [] : readRevoked(opts.revoked);
  const days = parseWhole(opts.days, '--days', 1, 3650) ?? 7;
  // By default the serial is the time in seconds, so every bundle made later replaces the earlier.
  const serial = parseWhole(opts.serial, '--serial', 0, Number.MAX_SAFE_INTEGER) ?? Math.floor(opts.now / 1000);
  const salt = randomSalt();
  let records: Uint8Array;
  try {
    records = buildRegister(salt, rows);
  } catch (e) {
    throw new UsageError(`${opts.register}: ${(e as Error).message}`);
  }
  const contents: BundleContents = { serial, issuedAtMs: opts.now, expiresAtMs: opts.now + days * 86_400_000, keys, revoked, salt, records };
  emit(sealBundle(contents, rootId, root.sign));
}
