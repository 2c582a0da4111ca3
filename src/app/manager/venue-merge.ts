// What changed between two versions of the venue settings, and a manager's change made again on
// top of newer settings (after a 412: another manager saved first). Pure functions, no DOM.

import type { VenueEvent, VenueSettings } from '../../core/venue.ts';

export const LIMIT_FIELDS = ['name', 'dayQuota', 'perCard', 'allowOverride', 'fastMode', 'defaultCategory'] as const;
export type LimitField = (typeof LIMIT_FIELDS)[number];

export type VenueChange =
  | { kind: 'limit'; field: LimitField; from: unknown; to: unknown }
  | { kind: 'added'; event: VenueEvent }
  | { kind: 'removed'; event: VenueEvent }
  | { kind: 'changed'; before: VenueEvent; after: VenueEvent };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function sameEvent(a: VenueEvent, b: VenueEvent): boolean {
  return a.id === b.id && a.title === b.title && a.day === b.day && a.start === b.start && a.category === b.category && a.type === b.type && a.quota === b.quota && a.excluded === b.excluded;
}

/** Every difference from `from` to `to`: limit fields first, then events in `to`'s order. */
export function venueChanges(from: VenueSettings, to: VenueSettings): VenueChange[] {
  const out: VenueChange[] = [];
  for (const field of LIMIT_FIELDS) if (!same(from[field], to[field])) out.push({ kind: 'limit', field, from: from[field], to: to[field] });
  const before = new Map(from.events.map((e) => [e.id, e]));
  const after = new Map(to.events.map((e) => [e.id, e]));
  for (const e of to.events) {
    const b = before.get(e.id);
    if (!b) out.push({ kind: 'added', event: e });
    else if (!sameEvent(b, e)) out.push({ kind: 'changed', before: b, after: e });
  }
  for (const e of from.events) if (!after.has(e.id)) out.push({ kind: 'removed', event: e });
  return out;
}

/**
 * The manager's change (base → mine) made again on `theirs`: the limit fields the manager changed
 * take the manager's value; events the manager added or changed are put in (by id), those the
 * manager deleted are taken out. Everything else stays as in `theirs`.
 */
export function reapply(base: VenueSettings, mine: VenueSettings, theirs: VenueSettings): VenueSettings {
  const out: VenueSettings = { ...theirs, events: [...theirs.events] };
  for (const c of venueChanges(base, mine)) {
    if (c.kind === 'limit') (out as unknown as Record<string, unknown>)[c.field] = c.to;
    else if (c.kind === 'removed') out.events = out.events.filter((e) => e.id !== c.event.id);
    else {
      const e = c.kind === 'added' ? c.event : c.after;
      const i = out.events.findIndex((x) => x.id === e.id);
      if (i >= 0) out.events[i] = e;
      else out.events.push(e);
    }
  }
  out.events.sort((a, b) => a.day - b.day || a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
  return out;
}

/** An id for a copy of `event` on `day`: `${slug}-${yyyy-mm-dd}`, with -2, -3, … if taken. */
export function copyId(event: Pick<VenueEvent, 'id' | 'title'>, isoDate: string, taken: ReadonlySet<string>): string {
  const fromTitle = event.title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  const slug = fromTitle || event.id.replace(/-\d{4}-\d{2}-\d{2}(-\d+)?$/, '').slice(0, 40) || 'event';
  const first = `${slug}-${isoDate}`;
  if (!taken.has(first)) return first;
  for (let n = 2; ; n++) if (!taken.has(`${first}-${n}`)) return `${first}-${n}`;
}

/** Copies of `event` on each of `days` with unique ids (not clashing with `events` or each other). */
export function copyEvent(events: readonly VenueEvent[], event: VenueEvent, days: readonly number[], isoDateOf: (day: number) => string): VenueEvent[] {
  const taken = new Set(events.map((e) => e.id));
  return days.map((day) => {
    const id = copyId(event, isoDateOf(day), taken);
    taken.add(id);
    return { ...event, id, day };
  });
}
