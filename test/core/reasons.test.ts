import { describe, expect, it } from 'vitest';
import { CARD_REASONS, LIMIT_REASONS, REASONS, isReason, refusalKind } from '../../src/core/reasons.ts';

describe('refusalKind', () => {
  it('refuses the person when the card itself is not valid', () => {
    for (const r of ['bad-signature', 'unknown-key', 'key-not-valid', 'revoked', 'not-yet-valid', 'expired', 'not-registered', 'card-limit'] as const) {
      expect(refusalKind(r, false), r).toBe('person');
    }
  });

  it('asks the desk to act when staff can do something about it', () => {
    for (const r of ['no-event', 'event-excluded', 'event-full', 'day-full', 'children-not-allowed', 'children-limit', 'bad-format', 'not-a-card', 'no-bundle', 'unsupported-version'] as const) {
      expect(refusalKind(r, false), r).toBe('desk');
    }
  });

  it('an unregistered card the venue lets staff override is the desk\'s to decide', () => {
    expect(refusalKind('not-registered', true)).toBe('desk');
  });

  it('gives every reason a kind', () => {
    for (const r of REASONS) expect(['person', 'desk']).toContain(refusalKind(r, false));
  });
});

describe('REASONS and isReason', () => {
  it('lists every reason once: the card checks first, then the limits, in the order the steps meet them', () => {
    expect(REASONS).toEqual([...CARD_REASONS, ...LIMIT_REASONS]);
    expect(REASONS).toHaveLength(18);
    expect(REASONS[0]).toBe('not-a-card');
    expect(REASONS.at(-1)).toBe('children-limit');
  });

  it('knows every listed reason and nothing else', () => {
    for (const r of REASONS) expect(isReason(r), r).toBe(true);
    for (const v of ['no-such-reason', '', 'EXPIRED', null, undefined, 7, ['expired']]) expect(isReason(v), String(v)).toBe(false);
  });
});
