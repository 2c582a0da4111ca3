// Copies of an event on other dates (a weekly show): the manager adds dates, a week apart by
// default, and the editor makes the copies with ids of their own.

import { useState } from 'preact/hooks';
import { dayFromIsoDate, isoDateOfDay } from '../../core/calendar.ts';
import type { VenueEvent } from '../../core/venue.ts';
import { useI18n } from '../shared/i18n-context.ts';

export function CopyForm({ event, onCopy, onCancel }: { event: VenueEvent; onCopy(days: number[]): void; onCancel(): void }) {
  const { t } = useI18n();
  const [dates, setDates] = useState<number[]>([]);
  const [next, setNext] = useState(isoDateOfDay(event.day + 7));
  const add = () => {
    const day = dayFromIsoDate(next);
    if (day === null || dates.includes(day)) return;
    setDates([...dates, day].sort((a, b) => a - b));
    setNext(isoDateOfDay(day + 7));
  };
  const tr = useI18n();
  return (
    <div class="copy-form" data-testid="copy-form">
      <h3>{t('editor.copyHeading', { title: event.title })}</h3>
      <label class="field">
        <span>{t('editor.date')}</span>
        <input type="date" data-testid="copy-date" value={next} onInput={(x) => setNext((x.currentTarget as HTMLInputElement).value)} />
      </label>
      <button type="button" class="secondary" data-testid="copy-add" onClick={add}>
        {t('editor.copyAdd')}
      </button>
      <ul>
        {dates.map((d) => (
          <li key={d} data-testid="copy-day">
            {tr.day(d)}{' '}
            <button type="button" class="secondary" onClick={() => setDates(dates.filter((x) => x !== d))}>
              {t('editor.delete')}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" class="primary" data-testid="copy-do" disabled={dates.length === 0} onClick={() => onCopy(dates)}>
        {t('editor.copyDo', { n: dates.length })}
      </button>
      <button type="button" class="secondary" onClick={onCancel}>
        {t('editor.cancel')}
      </button>
    </div>
  );
}
