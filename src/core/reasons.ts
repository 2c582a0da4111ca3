// Every reason a check can end in, in the order the deciding steps meet them.

export const CARD_REASONS = [
  'not-a-card',
  'no-bundle',
  'bad-format',
  'unsupported-version',
  'unknown-key',
  'bad-signature',
  'key-not-valid',
  'revoked',
  'not-yet-valid',
  'expired',
  'not-registered',
] as const;

export const LIMIT_REASONS = [
  'no-event',
  'event-excluded',
  'card-limit',
  'event-full',
  'day-full',
  'children-not-allowed',
  'children-limit',
] as const;

export type CardReason = (typeof CARD_REASONS)[number];
export type LimitReason = (typeof LIMIT_REASONS)[number];
export type Reason = CardReason | LimitReason;

export const REASONS: readonly Reason[] = [...CARD_REASONS, ...LIMIT_REASONS];

export function isReason(value: unknown): value is Reason {
  return typeof value === 'string' && (REASONS as readonly string[]).includes(value);
}

/**
 * How a refusal is presented: `person` when the card itself is not valid (refuse this person), `desk`
 * when the desk or the venue has to do something first (choose an event, lower a count, check a
 * typed number, use the override, find another event). The contract's verdict stays `rejected`
 * either way.
 */
export type RefusalKind = 'person' | 'desk';

// The refusals staff can act on at the counter; the rest say the card is not valid here and now.
const DESK_REASONS: ReadonlySet<Reason> = new Set<Reason>([
  'not-a-card',
  'no-bundle',
  'bad-format',
  'unsupported-version',
  'no-event',
  'event-excluded',
  'event-full',
  'day-full',
  'children-not-allowed',
  'children-limit',
]);

export function refusalKind(reason: Reason, overridable: boolean): RefusalKind {
  return overridable || DESK_REASONS.has(reason) ? 'desk' : 'person';
}
