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
