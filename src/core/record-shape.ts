// The redemption record as the sync API accepts it (sync-api.md): every field present, no other
// field, each of its type and range, and the rules each outcome adds. The server answers `invalid`
// with this message, so it names the field and says what is wrong with it.

import { parseIsoTimestamp } from './calendar.ts';
import { isCardId } from './classify.ts';
import type { RedemptionRecord } from './record.ts';
import { isReason } from './reasons.ts';
import type { Reason } from './reasons.ts';
import { CATEGORIES, EVENT_TYPES } from './venue.ts';

export const RECORD_FIELDS = [
  'id',
  'deviceId',
  'seq',
  'venueId',
  'eventId',
  'at',
  'outcome',
  'reason',
  'voids',
  'cardId',
  'source',
  'kid',
  'issued',
  'adults',
  'children',
  'assistants',
  'category',
  'type',
] as const satisfies readonly (keyof RedemptionRecord)[];

const OUTCOMES = ['redeemed', 'declined', 'void'] as const;
const SOURCES = ['code', 'register', 'manual'] as const;
// A community group brings its clients under 16 as children; the desk lets staff enter up to 99.
const MAX_COUNT = 99;
const MAX_ID = 64;

// Only a rejection at scan, with a card ID and an event, is recorded (sync-api.md): these never are.
const UNRECORDED: readonly Reason[] = ['not-a-card', 'no-bundle', 'bad-format', 'unsupported-version', 'no-event', 'children-not-allowed', 'children-limit'];

// UTC with exactly three fraction digits: the form the desk writes, so equal moments are equal text.
const RECORD_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function isShortText(v: unknown): v is string {
  return typeof v === 'string' && v.length >= 1 && v.length <= MAX_ID && /^[\x21-\x7e]+$/.test(v);
}

function isCount(v: unknown, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
}

function isDayOrKid(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffff;
}

function oneOf<T extends string>(list: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (list as readonly string[]).includes(v);
}

/** Why a value is not a redemption record the server can store, or null when it is one. */
export function recordProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'a record must be a JSON object';
  const r = value as Record<string, unknown>;
  const extra = Object.keys(r).find((k) => !(RECORD_FIELDS as readonly string[]).includes(k));
  if (extra !== undefined) return `"${extra}" is not a field of a record (records hold no other data)`;
  const missing = RECORD_FIELDS.find((k) => !(k in r));
  if (missing !== undefined) return `"${missing}" is missing`;

  if (!isShortText(r.id)) return `"id" must be 1-${MAX_ID} visible ASCII characters`;
  if (!isShortText(r.deviceId)) return `"deviceId" must be 1-${MAX_ID} visible ASCII characters`;
  if (typeof r.seq !== 'number' || !Number.isSafeInteger(r.seq) || r.seq < 1) return '"seq" must be a whole number of at least 1';
  if (!isShortText(r.venueId)) return `"venueId" must be 1-${MAX_ID} visible ASCII characters`;
  if (typeof r.eventId !== 'string' || r.eventId.length < 1 || r.eventId.length > 128) return '"eventId" must be text of 1-128 characters';
  if (typeof r.at !== 'string' || !RECORD_AT.test(r.at) || parseIsoTimestamp(r.at) === null)
    return '"at" must be an ISO 8601 UTC moment with milliseconds, like 2026-11-22T17:03:12.123Z';
  if (!oneOf(OUTCOMES, r.outcome)) return `"outcome" must be one of ${OUTCOMES.join(', ')}`;
  if (r.reason !== null && !isReason(r.reason)) return '"reason" must be null or a reason code of verdicts.md';
  if (r.voids !== null && !isShortText(r.voids)) return `"voids" must be null or a record id of 1-${MAX_ID} characters`;
  if (typeof r.cardId !== 'string' || !isCardId(r.cardId)) return '"cardId" must be a card ID of 4-16 characters of 0-9 and A-Z';
  if (!oneOf(SOURCES, r.source)) return `"source" must be one of ${SOURCES.join(', ')}`;
  if (r.kid !== null && !isDayOrKid(r.kid)) return '"kid" must be null or a whole number of 0-65535';
  if (r.issued !== null && !isDayOrKid(r.issued)) return '"issued" must be null or a day number of 0-65535';
  if ((r.kid === null) !== (r.issued === null)) return '"kid" and "issued" must both be set (from a code) or both be null';
  if (r.kid !== null && r.source !== 'code') return '"kid" and "issued" must be null unless "source" is "code"';
  if (!isCount(r.adults, 1)) return '"adults" must be 0 or 1';
  if (!isCount(r.children, MAX_COUNT)) return `"children" must be a whole number of 0-${MAX_COUNT}`;
  if (!isCount(r.assistants, MAX_COUNT)) return `"assistants" must be a whole number of 0-${MAX_COUNT}`;
  if (!oneOf(CATEGORIES, r.category)) return `"category" must be one of ${CATEGORIES.join(', ')}`;
  if (!oneOf(EVENT_TYPES, r.type)) return `"type" must be one of ${EVENT_TYPES.join(', ')}`;

  switch (r.outcome) {
    case 'redeemed':
      if (r.reason !== null) return 'a "redeemed" record must have "reason" null';
      if (r.voids !== null) return 'a "redeemed" record must have "voids" null';
      if (r.adults !== 1) return 'a "redeemed" record must have "adults" 1 (the holder or the staff member)';
      return null;
    case 'declined':
      if (r.reason === null) return 'a "declined" record needs a "reason"';
      if (UNRECORDED.includes(r.reason as Reason)) return `"${r.reason as string}" is never recorded as a decline (only rejections at scan with a card and an event are)`;
      if (r.voids !== null) return 'a "declined" record must have "voids" null';
      if (r.adults !== 1 || r.children !== 0 || r.assistants !== 0) return 'a "declined" record counts the holder alone: "adults" 1, "children" 0, "assistants" 0';
      return null;
    default:
      if (r.voids === null) return 'a "void" record needs "voids": the id of the use it undoes';
      if (r.voids === r.id) return 'a "void" record cannot undo itself';
      if (r.reason !== null) return 'a "void" record must have "reason" null';
      if (r.adults !== 0 || r.children !== 0 || r.assistants !== 0) return 'a "void" record counts nothing: "adults", "children" and "assistants" 0';
      return null;
  }
}

/** Two records are the same content when every field of the record is equal. */
export function sameContent(a: RedemptionRecord, b: RedemptionRecord): boolean {
  return RECORD_FIELDS.every((k) => a[k] === b[k]);
}
