// The venue's limits in the manager's editor: the day quota, the per-card limit and its window,
// overrides, fast mode and the default category. Changes go up as patches; the editor keeps them.

import { useEffect, useState } from 'preact/hooks';
import type { VenueSettings } from '../../core/venue.ts';
import { CATEGORIES, WINDOWS } from '../../core/venue.ts';
import { useI18n } from '../shared/i18n-context.ts';
import { numberOrNull } from './whole-number.ts';

export function LimitsForm({ venue, onChange }: { venue: VenueSettings; onChange(patch: Partial<VenueSettings>): void }) {
  const { t } = useI18n();
  const [quotaText, setQuotaText] = useState(venue.dayQuota === null ? '' : String(venue.dayQuota));
  useEffect(() => setQuotaText(venue.dayQuota === null ? '' : String(venue.dayQuota)), [venue.dayQuota]);
  const perCard = venue.perCard;
  return (
    <div class="limits">
      <label class="field">
        <span>{t('editor.dayQuota')}</span>
        <input
          type="number"
          min="0"
          inputMode="numeric"
          data-testid="limit-dayQuota"
          value={quotaText}
          onInput={(e) => {
            const text = (e.currentTarget as HTMLInputElement).value;
            setQuotaText(text);
            const n = numberOrNull(text);
            if (n !== 'bad') onChange({ dayQuota: n });
          }}
        />
      </label>
      <label class="check">
        <input type="checkbox" data-testid="limit-perCard" checked={perCard !== null} onChange={(e) => onChange({ perCard: (e.currentTarget as HTMLInputElement).checked ? { max: 1, window: 'event' } : null })} />
        <span>{t('editor.perCardLimit')}</span>
      </label>
      {perCard && (
        <>
          <label class="field">
            <span>{t('editor.perCardMax')}</span>
            <input
              type="number"
              min="1"
              max="1000"
              data-testid="limit-perCardMax"
              value={perCard.max}
              onInput={(e) => {
                const n = Number((e.currentTarget as HTMLInputElement).value);
                if (Number.isInteger(n) && n >= 1) onChange({ perCard: { ...perCard, max: n } });
              }}
            />
          </label>
          <label class="field">
            <span>{t('editor.window')}</span>
            <select data-testid="limit-window" value={perCard.window} onChange={(e) => onChange({ perCard: { ...perCard, window: (e.currentTarget as HTMLSelectElement).value as (typeof WINDOWS)[number] } })}>
              {WINDOWS.map((w) => (
                <option key={w} value={w}>
                  {t(`editor.window.${w}`)}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      <label class="check">
        <input type="checkbox" data-testid="limit-allowOverride" checked={venue.allowOverride} onChange={(e) => onChange({ allowOverride: (e.currentTarget as HTMLInputElement).checked })} />
        <span>{t('manager.allowOverride')}</span>
      </label>
      <label class="check">
        <input type="checkbox" data-testid="limit-fastMode" checked={venue.fastMode} onChange={(e) => onChange({ fastMode: (e.currentTarget as HTMLInputElement).checked })} />
        <span>{t('manager.fastMode')}</span>
      </label>
      <label class="field">
        <span>{t('editor.defaultCategory')}</span>
        <select data-testid="limit-defaultCategory" value={venue.defaultCategory} onChange={(e) => onChange({ defaultCategory: (e.currentTarget as HTMLSelectElement).value as VenueSettings['defaultCategory'] })}>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`category.${c}`)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
