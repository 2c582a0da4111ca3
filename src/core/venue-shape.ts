// Venue settings as the server accepts them (venue-limits.md): the exact shape, so a manager's
// mistake is refused with the field named instead of reaching every desk of the venue.

import { CATEGORIES, EVENT_TYPES, WINDOWS, isAdmission } from './venue.ts';

const VENUE_FIELDS = ['venueId', 'name', 'defaultCategory', 'allowOverride', 'fastMode', 'perCard', 'dayQuota', 'events'];
const EVENT_FIELDS = ['id', 'title', 'day', 'start', 'category', 'type', 'quota', 'excluded'];
export const VENUE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const MAX_EVENTS = 5000;
const MAX_QUOTA = 100_000;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fieldsProblem(o: Record<string, unknown>, fields: readonly string[], where: string): string | null {
  const extra = Object.keys(o).find((k) => !fields.includes(k));
  if (extra !== undefined) return `${where}"${extra}" is not a field of the settings`;
  const missing = fields.find((k) => !(k in o));
  return missing === undefined ? null : `${where}"${missing}" is missing`;
}

function isQuota(v: unknown): boolean {
  return v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_QUOTA);
}

function oneOf(list: readonly string[], v: unknown): boolean {
  return typeof v === 'string' && list.includes(v);
}

function eventProblem(e: unknown, i: number): string | null {
  const where = `event ${i + 1}: `;
  if (!isObject(e)) return `${where}must be an object`;
  const fields = fieldsProblem(e, EVENT_FIELDS, where);
  if (fields) return fields;
  if (typeof e.id !== 'string' || e.id.length < 1 || e.id.length > 128) return `${where}"id" must be text of 1-128 characters`;
  // Daily admissions exist implicitly; a listed event of that name would shadow one.
  if (isAdmission(e.id)) return `${where}"id" must not start with "admission-" (daily admissions exist without settings)`;
  if (typeof e.title !== 'string' || e.title.trim() === '' || e.title.length > 200) return `${where}"title" must be text of 1-200 characters`;
  if (typeof e.day !== 'number' || !Number.isInteger(e.day) || e.day < 0 || e.day > 0xffff) return `${where}"day" must be a day number`;
  if (typeof e.start !== 'string' || !HH_MM.test(e.start)) return `${where}"start" must be a time like 19:00`;
  if (!oneOf(CATEGORIES, e.category)) return `${where}"category" must be one of ${CATEGORIES.join(', ')}`;
  if (!oneOf(EVENT_TYPES, e.type)) return `${where}"type" must be one of ${EVENT_TYPES.join(', ')}`;
  if (!isQuota(e.quota)) return `${where}"quota" must be null or a whole number of 0-${MAX_QUOTA}`;
  if (typeof e.excluded !== 'boolean') return `${where}"excluded" must be true or false`;
  return null;
}

/** Why a value is not venue settings, naming the field, or null when it is. */
export function venueProblem(value: unknown): string | null {
  if (!isObject(value)) return 'the settings must be a JSON object';
  const fields = fieldsProblem(value, VENUE_FIELDS, '');
  if (fields) return fields;
  const v = value;
  if (typeof v.venueId !== 'string' || !VENUE_ID.test(v.venueId)) return '"venueId" must be 1-64 characters of letters, digits, ".", "_" and "-"';
  if (typeof v.name !== 'string' || v.name.trim() === '' || v.name.length > 200) return '"name" must be text of 1-200 characters';
  if (!oneOf(CATEGORIES, v.defaultCategory)) return `"defaultCategory" must be one of ${CATEGORIES.join(', ')}`;
  if (typeof v.allowOverride !== 'boolean') return '"allowOverride" must be true or false';
  if (typeof v.fastMode !== 'boolean') return '"fastMode" must be true or false';
  if (v.perCard !== null) {
    const p = v.perCard;
    if (!isObject(p) || fieldsProblem(p, ['max', 'window'], '') !== null) return '"perCard" must be null or {"max", "window"}';
    if (typeof p.max !== 'number' || !Number.isInteger(p.max) || p.max < 1 || p.max > 1000) return '"perCard.max" must be a whole number of 1-1000';
    if (!oneOf(WINDOWS, p.window)) return `"perCard.window" must be one of ${WINDOWS.join(', ')}`;
  }
  if (!isQuota(v.dayQuota)) return `"dayQuota" must be null or a whole number of 0-${MAX_QUOTA}`;
  if (!Array.isArray(v.events)) return '"events" must be a list';
  if (v.events.length > MAX_EVENTS) return `"events" may hold at most ${MAX_EVENTS} events`;
  for (let i = 0; i < v.events.length; i++) {
    const problem = eventProblem(v.events[i], i);
    if (problem) return problem;
  }
  const ids = (v.events as { id: string }[]).map((e) => e.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) return `event "${twice}" is listed twice`;
  return null;
}

