// A reason code in words staff can act on, with the date or number it concerns.

import type { CardCheck } from '../../core/card-check.ts';
import type { Reason } from '../../core/reasons.ts';
import type { VenueSettings } from '../../core/venue.ts';
import type { ShareShortage } from '../desk/desk-view.ts';
import type { Translator } from '../i18n/translate.ts';

export function reasonText(tr: Translator, reason: Reason, check: CardCheck | null, venue: VenueSettings | null, ticketsLeft: number | null, share: ShareShortage | null = null): string {
  // This desk's share of the quota ran out, not the quota: say so, and what the other desks hold.
  if (share && (reason === 'event-full' || reason === 'day-full')) {
    // Never heard about this quota: nothing was used up, the desk was just never online for it.
    if (!share.heard) return tr.t(reason === 'event-full' ? 'shares.none.event' : 'shares.none.day');
    return tr.t(reason === 'event-full' ? 'shares.spent.event' : 'shares.spent.day', { n: tr.number(share.othersHold) });
  }
  switch (reason) {
    case 'expired':
      return tr.t('reason.expired', { date: check?.expires != null ? tr.day(check.expires) : '?' });
    case 'not-yet-valid':
      return tr.t('reason.not-yet-valid', { date: check?.issued != null ? tr.day(check.issued) : '?' });
    case 'card-limit':
      return venue?.perCard ? tr.t('reason.card-limit', { max: venue.perCard.max, window: tr.t(`window.${venue.perCard.window}`) }) : tr.t('reason.card-limit', { max: 0, window: '' });
    case 'event-full':
    case 'day-full':
      return ticketsLeft ? tr.t(`reason.${reason}.some`, { n: tr.number(ticketsLeft) }) : tr.t(`reason.${reason}`);
    case 'children-limit':
      return tr.t('reason.children-limit', { n: check?.children ?? 0 });
    default:
      return tr.t(`reason.${reason}`);
  }
}
