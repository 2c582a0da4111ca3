// The desk's current event: today's admission and the venue's events, remembered across restarts.

import { isAdmission, type VenueEvent } from '../../core/venue.ts';
import { useI18n } from '../shared/i18n-context.ts';

interface Props {
  events: VenueEvent[];
  value: string | null;
  onChange(eventId: string | null): void;
}

export function EventSelect({ events, value, onChange }: Props) {
  const tr = useI18n();
  const { t } = tr;
  return (
    <label class="event">
      <span>{t('event.label')}</span>
      <select data-testid="event" value={value ?? ''} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value || null)}>
        <option value="">{t('event.none')}</option>
        {events.map((e) => (
          <option key={e.id} value={e.id}>
            {/* The start time first: a narrow select cuts the end of the text, never the time. */}
            {isAdmission(e.id) ? `${t('event.admission')} · ${tr.day(e.day)}` : `${e.start} ${e.title} · ${tr.day(e.day)}`}
            {e.excluded ? ' ✕' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
