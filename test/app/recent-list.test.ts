// The desk's list of what it just showed: newest first, one line a card as it goes from check to
// confirm, and the reason staff saw.

import { describe, expect, it } from 'vitest';
import type { CardCheck } from '../../src/core/card-check.ts';
import type { RecentCheck } from '../../src/app/desk/recent-list.ts';
import { RECENT_CHECKS, withRecent } from '../../src/app/desk/recent-list.ts';
import type { VerdictView } from '../../src/app/desk/desk-view.ts';

type Shown = Exclude<VerdictView, { kind: 'idle' }>;
const check = (cardId: string | null) => ({ cardId }) as CardCheck;
const accepted = (cardId: string, confirmReason: string | null = null) => ({ kind: 'accepted', check: check(cardId), confirmReason }) as unknown as Shown;
const rejected = (cardId: string | null, reason: string) => ({ kind: 'rejected', check: cardId === undefined ? undefined : check(cardId), reason }) as unknown as Shown;
const redeemed = (cardId: string) => ({ kind: 'redeemed', check: check(cardId) }) as unknown as Shown;

function shown(...verdicts: Shown[]): RecentCheck[] {
  return verdicts.reduce<RecentCheck[]>((list, v, i) => withRecent(list, v, i + 1, 1000 + i), []);
}

describe('recent checks', () => {
  it('says what each line showed: the reason of a refusal or of a refused confirm, none for an admission', () => {
    expect(shown(rejected('A1', 'expired'), accepted('B2', 'day-full'), redeemed('C3')).map((r) => [r.cardId, r.kind, r.reason])).toEqual([
      ['C3', 'redeemed', null],
      ['B2', 'accepted', 'day-full'],
      ['A1', 'rejected', 'expired'],
    ]);
  });

  it('a card checked and then confirmed is one line that moves on; other cards, refusals and unread input are lines of their own', () => {
    expect(shown(accepted('A1'), redeemed('A1')).map((r) => [r.checkNo, r.kind])).toEqual([[2, 'redeemed']]);
    expect(shown(accepted('A1'), redeemed('B2'))).toHaveLength(2);
    expect(shown(rejected('A1', 'card-limit'), redeemed('A1'))).toHaveLength(2);
    expect(shown(rejected(null, 'not-a-card'), rejected(null, 'not-a-card'))).toHaveLength(2);
    const noCheck = { kind: 'rejected', reason: 'not-a-card' } as unknown as Shown;
    expect(withRecent([], noCheck, 1, 0)).toEqual([{ checkNo: 1, atMs: 0, cardId: null, kind: 'rejected', reason: 'not-a-card' }]);
  });

  it(`keeps the last ${RECENT_CHECKS}`, () => {
    const list = shown(...Array.from({ length: 8 }, (_, i) => redeemed(`C${i}`)));
    expect(list.map((r) => r.cardId)).toEqual(['C7', 'C6', 'C5', 'C4', 'C3']);
  });
});
