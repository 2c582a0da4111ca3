// A locality (national.md): a municipality, region or wellbeing services county whose coordinators
// compile the card's statistics for the venues listed. A venue may be in more than one (a city and
// its region). The exact shape, checked here, so an admin's typo is refused with the field named.

import { VENUE_ID } from './venue-shape.ts';

export interface Locality {
  localityId: string;
  name: string;
  venues: string[];
}

const FIELDS = ['localityId', 'name', 'venues'];
/** A locality has tens of venues; the whole network is 450+. */
export const MAX_LOCALITY_VENUES = 2000;

/** Why a value is not a locality, naming the field, or null when it is. */
export function localityProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'a locality must be an object like {"localityId", "name", "venues"}';
  const o = value as Record<string, unknown>;
  const extra = Object.keys(o).find((k) => !FIELDS.includes(k));
  if (extra !== undefined) return `"${extra}" is not a field of a locality`;
  const missing = FIELDS.find((k) => !(k in o));
  if (missing !== undefined) return `"${missing}" is missing`;
  if (typeof o.localityId !== 'string' || !VENUE_ID.test(o.localityId)) return '"localityId" must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit';
  if (typeof o.name !== 'string' || o.name.trim() === '' || o.name.length > 200) return '"name" must be text of 1-200 characters';
  if (!Array.isArray(o.venues) || o.venues.length > MAX_LOCALITY_VENUES) return `"venues" must be a list of at most ${MAX_LOCALITY_VENUES} venue ids`;
  const bad = o.venues.findIndex((v) => typeof v !== 'string' || !VENUE_ID.test(v));
  if (bad >= 0) return `"venues" item ${bad + 1} is not a venue id`;
  const venues = o.venues as string[];
  const twice = venues.find((v, i) => venues.indexOf(v) !== i);
  if (twice !== undefined) return `"venues" lists "${String(twice)}" twice`;
  return null;
}
