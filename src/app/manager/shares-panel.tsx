// The desks' quota shares for a manager, behind the PIN: what each desk holds of each open quota
// now, as the server counts it, and a way to release what a desk that is gone for good holds (a
// broken tablet) so the other desks can hand it out. Online only: the figures are the server's.

import { useCallback, useEffect, useState } from 'preact/hooks';
import { parsePool } from '../../core/quota-pools.ts';
import type { PoolFigures } from '../../core/share-grants.ts';
import type { VenueSettings } from '../../core/venue.ts';
import { findEvent, isAdmission } from '../../core/venue.ts';
import type { DeviceState } from '../../storage/desk-store.ts';
import { SyncError } from '../../sync/api-client.ts';
import { listShares, releaseDeskShare } from '../../sync/shares.ts';
import type { SessionDeps } from '../desk/session-deps.ts';
import type { Translator } from '../i18n/translate.ts';
import { useI18n } from '../shared/i18n-context.ts';

type Load = { state: 'loading' } | { state: 'ready'; pools: PoolFigures[] } | { state: 'failed'; why: 'offline' | 'no-server' };

interface Props {
  device: DeviceState;
  deps: Pick<SessionDeps, 'fetch'>;
  venue: VenueSettings | null;
  today: number;
}

/** The quota a pool splits, in words: the event's title, or the day quota of a date. */
export function poolLabel(tr: Translator, venue: VenueSettings | null, pool: PoolFigures): string {
  const ref = parsePool(pool.pool);
  if (ref?.kind !== 'event') return tr.t('shares.dayPool', { date: tr.day(pool.day) });
  if (isAdmission(ref.eventId)) return `${tr.t('event.admission')} ${tr.day(pool.day)}`;
  return `${(venue && findEvent(venue, ref.eventId)?.title) ?? ref.eventId} · ${tr.day(pool.day)}`;
}

/** The desks' shares from `sinceDay` on, or why there are none to show. */
export async function loadShares(device: DeviceState, fetchImpl: typeof fetch, sinceDay: number): Promise<Load> {
  try {
    return { state: 'ready', pools: await listShares(device, sinceDay, fetchImpl) };
  } catch (e) {
    if (e instanceof SyncError && e.kind === 'not-found') return { state: 'failed', why: 'no-server' };
    return { state: 'failed', why: 'offline' };
  }
}

export function SharesPanel({ device, deps, venue, today }: Props) {
  const tr = useI18n();
  const { t } = tr;
  const n = tr.number;
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [asking, setAsking] = useState<{ pool: string; deviceId: string; name: string; holds: number } | null>(null);
  const [message, setMessage] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);

  const reload = useCallback(async () => {
    setLoad({ state: 'loading' });
    setLoad(await loadShares(device, deps.fetch, today));
  }, [device, deps, today]);
  useEffect(() => void reload(), [reload]);

  const release = async () => {
    if (!asking) return;
    const { pool, deviceId, name } = asking;
    setAsking(null);
    try {
      const released = await releaseDeskShare(device, pool, deviceId, deps.fetch);
      setMessage({ tone: 'info', text: t('shares.releasedDone', { n: released, name }) });
    } catch (e) {
      setMessage({ tone: 'error', text: t('shares.releaseFailed', { error: (e as Error).message }) });
    }
    await reload();
  };

  const open = load.state === 'ready' ? load.pools.filter((p) => p.open) : [];
  return (
    <section class="shares" aria-labelledby="shares-heading" data-testid="shares-panel">
      <h2 id="shares-heading">{t('shares.heading')}</h2>
      <p>{t('shares.intro')}</p>
      <button type="button" class="secondary" data-testid="shares-refresh" onClick={() => void reload()}>
        {t('shares.refresh')}
      </button>
      {message && (
        <p class={`notice notice-${message.tone}`} role={message.tone === 'error' ? 'alert' : 'status'} data-testid="shares-message">
          {message.text}
        </p>
      )}
      {load.state === 'loading' ? (
        <p aria-live="polite">{t('shares.loading')}</p>
      ) : load.state === 'failed' ? (
        <p>{t(load.why === 'offline' ? 'shares.offline' : 'shares.noServer')}</p>
      ) : open.length === 0 ? (
        <p>{t('shares.nothing')}</p>
      ) : (
        open.map((pool) => (
          <table key={pool.pool} data-testid="shares-pool" data-pool={pool.pool}>
            <caption>
              <strong>{poolLabel(tr, venue, pool)}</strong> · {t('shares.summary', { quota: pool.quota === null ? '–' : n(pool.quota), used: n(pool.used), unheld: n(pool.unheld) })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('shares.desk')}</th>
                <th scope="col">{t('shares.granted')}</th>
                <th scope="col">{t('shares.spent')}</th>
                <th scope="col">{t('shares.gaveBack')}</th>
                <th scope="col">{t('shares.holds')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('shares.release')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {pool.desks.map((d) => (
                <tr key={d.deviceId} data-testid="shares-desk" data-device={d.deviceId} data-holds={String(d.holds)}>
                  <th scope="row">{d.name}</th>
                  <td>{n(d.granted)}</td>
                  <td>{n(d.spent)}</td>
                  <td>{n(d.gaveBack)}</td>
                  <td>{n(d.holds)}</td>
                  <td>
                    {d.holds > 0 && d.deviceId !== device.deviceId && (
                      <button type="button" class="secondary" data-testid="shares-release" onClick={() => setAsking({ pool: pool.pool, deviceId: d.deviceId, name: d.name, holds: d.holds })}>
                        {t('shares.release')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))
      )}
      {asking && (
        <div class="shares-confirm" role="alertdialog" aria-labelledby="shares-confirm-text">
          <p id="shares-confirm-text">{t('shares.releaseConfirm', { n: asking.holds, name: asking.name })}</p>
          <button type="button" class="primary" data-testid="shares-release-yes" onClick={() => void release()}>
            {t('shares.releaseYes')}
          </button>{' '}
          <button type="button" class="secondary" onClick={() => setAsking(null)}>
            {t('shares.releaseNo')}
          </button>
        </div>
      )}
    </section>
  );
}
