// Warnings that stay on screen while they hold: stale data, demo keys, a wrong clock, offline,
// an event that is not today, and an update waiting for a quiet moment.

import { useI18n } from '../shared/i18n-context.ts';

export type BannerKind = 'stale' | 'demo-keys' | 'clock' | 'offline' | 'event-not-today';

export interface BannerState {
  staleDays: number | null;
  demoKeys: boolean;
  clock: boolean;
  offline: boolean;
  eventDay: number | null;
  update: (() => void) | null;
  reenrol: (() => void) | null;
}

export function Banners({ staleDays, demoKeys, clock, offline, eventDay, update, reenrol }: BannerState) {
  const tr = useI18n();
  const { t } = tr;
  const items: [BannerKind, string, 'warn' | 'info'][] = [];
  if (demoKeys) items.push(['demo-keys', t('banner.demo-keys'), 'warn']);
  if (clock) items.push(['clock', t('banner.clock'), 'warn']);
  if (staleDays !== null) items.push(['stale', t('banner.stale', { days: staleDays }), 'warn']);
  if (eventDay !== null) items.push(['event-not-today', t('banner.event-not-today', { date: tr.day(eventDay) }), 'warn']);
  if (offline) items.push(['offline', t('banner.offline'), 'info']);
  if (!items.length && !update && !reenrol) return null;
  return (
    <div class="banners">
      {items.map(([kind, text, tone]) => (
        <p key={kind} class={`banner banner-${tone} banner-kind-${kind}`} data-testid="banner" data-kind={kind} role="status">
          <span aria-hidden="true">{kind === 'offline' ? '⚡︎ ' : tone === 'warn' ? '⚠ ' : 'ℹ '}</span>
          {text}
        </p>
      ))}
      {reenrol && (
        <p class="banner banner-warn" data-kind="unauthorized" role="alert">
          {t('banner.unauthorized')}{' '}
          <button type="button" class="link" onClick={reenrol}>
            {t('banner.unauthorized.action')}
          </button>
        </p>
      )}
      {update && (
        <p class="banner banner-info" data-kind="update" role="status">
          {t('banner.update')}{' '}
          <button type="button" class="link" onClick={update}>
            {t('banner.update.apply')}
          </button>
        </p>
      )}
    </div>
  );
}
