// One event in the manager's editor, new or changed: title, date, start, category, type, quota and
// whether it counts toward the day quota. Each problem is shown under its field; a new event (or
// one moved to another day) gets an id from its title and date, unique among the venue's events.

import { useState } from 'preact/hooks';
import { dayFromIsoDate, isoDateOfDay } from '../../core/calendar.ts';
import type { VenueEvent } from '../../core/venue.ts';
import { CATEGORIES, EVENT_TYPES } from '../../core/venue.ts';
import type { MessageKey } from '../i18n/translate.ts';
import { useI18n } from '../shared/i18n-context.ts';
import { copyEvent } from './venue-merge.ts';
import { numberOrNull } from './whole-number.ts';

// Each problem of the event form is shown under its field, which is marked for screen readers too.
const FIELD_OF: Partial<Record<MessageKey, string>> = { 'editor.error.title': 'event-title', 'editor.error.date': 'event-date', 'editor.error.start': 'event-start', 'editor.error.quota': 'event-quota' };

export function EventForm({ event, isNew, events, onDone, onCancel }: { event: VenueEvent; isNew: boolean; events: VenueEvent[]; onDone(e: VenueEvent): void; onCancel(): void }) {
  const { t } = useI18n();
  const [e, setE] = useState(event);
  const [date, setDate] = useState(isoDateOfDay(event.day));
  const [quota, setQuota] = useState(event.quota === null ? '' : String(event.quota));
  const [error, setError] = useState<MessageKey | null>(null);
  const done = (ev: Event) => {
    ev.preventDefault();
    const day = dayFromIsoDate(date);
    const q = numberOrNull(quota);
    if (e.title.trim() === '') return setError('editor.error.title');
    if (day === null) return setError('editor.error.date');
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(e.start)) return setError('editor.error.start');
    if (q === 'bad') return setError('editor.error.quota');
    const others = events.filter((x) => x.id !== event.id);
    const id = isNew || event.day !== day ? (isNew ? copyEventId(e.title, day, others) : event.id) : event.id;
    onDone({ ...e, title: e.title.trim(), id, day, quota: q });
  };
  const problemOf = (id: string) => (error && FIELD_OF[error] === id ? error : null);
  const text = (id: string, label: string, value: string, onInput: (v: string) => void, type = 'text') => {
    const problem = problemOf(id);
    return (
      <label class="field">
        <span>{label}</span>
        <input type={type} data-testid={id} value={value} aria-invalid={problem ? 'true' : undefined} aria-describedby={problem ? `${id}-problem` : undefined} onInput={(x) => onInput((x.currentTarget as HTMLInputElement).value)} />
        {problem && (
          <span class="field-error" id={`${id}-problem`} role="alert">
            {t(problem)}
          </span>
        )}
      </label>
    );
  };
  const choice = <T extends string>(id: string, label: string, value: T, options: readonly T[], name: (o: T) => string, onChange: (v: T) => void) => (
    <label class="field">
      <span>{label}</span>
      <select data-testid={id} value={value} onChange={(x) => onChange((x.currentTarget as HTMLSelectElement).value as T)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {name(o)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <form class="event-form" data-testid="event-form" onSubmit={done} noValidate>
      <h3>{t(isNew ? 'editor.newEvent' : 'editor.editEvent')}</h3>
      {text('event-title', t('editor.title'), e.title, (v) => setE({ ...e, title: v }))}
      {text('event-date', t('editor.date'), date, setDate, 'date')}
      {text('event-start', t('editor.start'), e.start, (v) => setE({ ...e, start: v }), 'time')}
      {choice('event-category', t('editor.category'), e.category, CATEGORIES, (c) => t(`category.${c}`), (category) => setE({ ...e, category }))}
      {choice('event-type', t('editor.type'), e.type, EVENT_TYPES, (c) => t(`type.${c}`), (type) => setE({ ...e, type }))}
      {text('event-quota', t('editor.quota'), quota, setQuota, 'number')}
      <label class="check">
        <input type="checkbox" data-testid="event-excluded" checked={e.excluded} onChange={(x) => setE({ ...e, excluded: (x.currentTarget as HTMLInputElement).checked })} />
        <span>{t('editor.excluded')}</span>
      </label>
      {error && !FIELD_OF[error] && (
        <p class="notice notice-error" role="alert">
          {t(error)}
        </p>
      )}
      <button type="submit" class="primary" data-testid="event-done">
        {t('editor.done')}
      </button>
      <button type="button" class="secondary" onClick={onCancel}>
        {t('editor.cancel')}
      </button>
    </form>
  );
}

/** A new event's id: from its title and date, unique among the venue's events. */
function copyEventId(title: string, day: number, others: VenueEvent[]): string {
  return copyEvent(others, { id: 'event', title, day, start: '00:00', category: 'culture', type: 'ticket', quota: null, excluded: false }, [day], isoDateOfDay)[0]!.id;
}
