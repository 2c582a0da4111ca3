// Which uses stand: the one rule the limits, the register export and the report all count by.
// A use is a `redeemed` record; a `void` among the same records undoes it; a record known twice
// (own and fetched, or imported again) counts once. Undo is same-day only, so a day's records
// hold their voids: pass a period's records whole.

import type { RedemptionRecord } from './record.ts';

/** What of a record says whether it is a use that stands. */
export type UseRecord = Pick<RedemptionRecord, 'id' | 'outcome' | 'voids'>;

/** The ids of the uses that a void among `records` undoes. */
export function voidedIds(records: Iterable<UseRecord>): Set<string> {
  const voided = new Set<string>();
  for (const r of records) if (r.outcome === 'void' && r.voids) voided.add(r.voids);
  return voided;
}

/** The uses that stand: redeemed, not undone by a void among `records`, each id once (the first given), in the order given. */
export function standingUses<R extends UseRecord>(records: Iterable<R>): R[] {
  const all = Array.isArray(records) ? (records as readonly R[]) : [...records];
  const voided = voidedIds(all);
  const seen = new Set<string>();
  const uses: R[] = [];
  for (const r of all) {
    if (r.outcome !== 'redeemed' || voided.has(r.id) || seen.has(r.id)) continue;
    seen.add(r.id);
    uses.push(r);
  }
  return uses;
}
