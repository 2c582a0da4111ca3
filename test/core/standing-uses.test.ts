import { describe, expect, it } from 'vitest';
import type { UseRecord } from '../../src/core/standing-uses.ts';
import { standingUses, voidedIds } from '../../src/core/standing-uses.ts';

const use = (id: string): UseRecord => ({ id, outcome: 'redeemed', voids: null });
const undo = (id: string, voids: string | null): UseRecord => ({ id, outcome: 'void', voids });
const decline = (id: string): UseRecord => ({ id, outcome: 'declined', voids: null });

describe('voidedIds', () => {
  it('names exactly the uses the voids undo, nothing for uses and declines', () => {
    expect(voidedIds([use('u1'), use('u2'), decline('d1'), undo('v1', 'u2')])).toEqual(new Set(['u2']));
    expect(voidedIds([use('u1'), decline('d1')])).toEqual(new Set());
  });

  // The record shape refuses these; the rule still holds for whatever is passed in.
  it('only a void undoes: a use or a decline carrying a "voids" id does not, nor a void naming nothing', () => {
    const strayUse: UseRecord = { id: 'u3', outcome: 'redeemed', voids: 'u1' };
    const strayDecline: UseRecord = { id: 'd2', outcome: 'declined', voids: 'u2' };
    expect(voidedIds([use('u1'), use('u2'), strayUse, strayDecline, undo('v2', null)])).toEqual(new Set());
    expect(standingUses([use('u1'), use('u2'), strayDecline])).toEqual([use('u1'), use('u2')]);
  });
});

describe('standingUses', () => {
  it('takes records from any iterable, not only a list: a set or a generator', () => {
    const records = [use('u1'), undo('v1', 'u1'), use('u2'), decline('d1'), use('u3')];
    expect(standingUses(new Set(records))).toEqual([use('u2'), use('u3')]);
    function* fetched(): Generator<UseRecord> {
      yield* records;
    }
    expect(standingUses(fetched())).toEqual([use('u2'), use('u3')]);
  });
});
