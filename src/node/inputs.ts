// Reading what the command line points at, with messages that say which file and what is wrong.

import { readFileSync } from 'node:fs';
import { dayFromIsoDate } from '../core/calendar.ts';
import type { RootKey } from '../core/roots.ts';
import { parseRoots, rootConfig } from '../core/roots.ts';
import { fromBase64url } from '../core/base64url.ts';
import { UsageError } from './usage-error.ts';

export function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
    throw new UsageError(`cannot read the ${what} ${path}: ${why}`);
  }
}

export function readJson(path: string, what: string): unknown {
  const text = readText(path, what);
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`the ${what} ${path} is not valid JSON`);
  }
}

/** Roots from --roots FILE, else KAIKU_ROOTS, else the demo root. */
export function loadRoots(path: string | undefined): RootKey[] {
  try {
    return path === undefined ? rootConfig(process.env.KAIKU_ROOTS).roots : parseRoots(readText(path, 'roots file'));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${path === undefined ? 'KAIKU_ROOTS' : path}: ${(e as Error).message}`);
  }
}

/** A DAY argument: a day number or an ISO date. */
export function parseDay(text: string, option: string): number {
  const day = /^\d{1,5}$/.test(text) ? Number(text) : dayFromIsoDate(text);
  // Codes and register records hold days in 16 bits: 1970-01-01 to 2149-06-06.
  if (day === null || day > 0xffff) throw new UsageError(`${option} must be a day number or a date like 2026-11-22 (up to 2149-06-06), not "${text}"`);
  return day;
}

export function parseWhole(text: string | undefined, option: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new UsageError(`${option} must be a whole number from ${min} to ${max}, not "${text}"`);
  return n;
}

export function parseSeed(text: string, option: string): Uint8Array {
  const seed = fromBase64url(text);
  if (!seed || seed.length !== 32) throw new UsageError(`${option} must be a 32-byte Ed25519 seed in base64url (43 characters)`);
  return seed;
}

export function required(value: string | undefined, option: string): string {
  if (value === undefined || value === '') throw new UsageError(`${option} is required`);
  return value;
}
