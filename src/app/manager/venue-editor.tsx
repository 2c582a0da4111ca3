// The manager's editor of the venue settings: the limits, the events of a week (Helsinki days,
// Mon-Sun), an event's form, copies of an event on other dates, and saving to the server with
// If-Match: "not sent yet" offline, and after a 412 what changed elsewhere and a redo.

import { useEffect, useMemo, useState } from 'preact/hooks';
import { dayFromIsoDate, isoDateOfDay, weekStartOf } from '../../core/calendar.ts';
import type { VenueEvent, VenueSettings } from '../../core/venue.ts';
import { CATEGORIES, EVENT_TYPES, WINDOWS } from '../../core/venue.ts';
import type { SavedVenue } from '../../sync/venue-update.ts';
import type { DeskSession } from '../desk/desk-session.ts';
import type { MessageKey, Translator } from '../i18n/translate.ts';
import { useI18n } from '../shared/i18n-context.ts';
import './manager.css';
import type { VenueChange } from './venue-merge.ts';
import { copyEvent, venueChanges } from './venue-merge.ts';
import type { VenueSync, VenueSyncDeps, VenueSyncState } from './venue-sync.ts';
import { venueSyncOf } from './venue-sync.ts';

const LOCALES = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' } as const;

function useSync(sync: VenueSync): VenueSyncState {
  const [state, setState] = useState(sync.snapshot);
  useEffect(() => {
    const off = sync.subscribe(setState);
    void sync.load();
    return off;
  }, [sync]);
  return state;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function VenueEditor({ session, deps, venue, today }: { session: DeskSession; deps: VenueSyncDeps; venue: VenueSettings | null; today: number }) {
  const tr = useI18n();
  const { t } = tr;
  const sync = venueSyncOf(session, deps);
  const s = useSync(sync);
  // The working copy and the settings (with ETag) it was started from.
  const [start, setStart] = useState<SavedVenue | null>(null);
  const [edit, setEdit] = useState<VenueSettings | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [week, setWeek] = useState(weekStartOf(today));
  const [form, setForm] = useState<{ original: string | null; event: VenueEvent } | null>(null);
  const [copying, setCopying] = useState<VenueEvent | null>(null);
  // Newer settings from the server (a refresh): read them again.
  useEffect(() => void sync.load(), [venue]);

  // Start from the draft (a change not yet on the server) or the stored settings; follow newer
  // settings as long as nothing is being edited.
  useEffect(() => {
    if (!s.base) return;
    const fromDraft = s.draft ? s.draft.settings : s.base.settings;
    const dirty = edit !== null && start !== null && !same(edit, start.settings);
    if (!dirty || s.draft || same(edit, s.base.settings)) {
      setStart(s.draft ? { settings: s.draft.base, etag: s.draft.baseEtag } : s.base);
      setEdit(fromDraft);
    }
  }, [s.base, s.draft]);

  if (!s.loaded) return null;
  if (!edit || !start) return <p>{t('bundle.noneYet')}</p>;

  const dirty = !same(edit, s.draft ? s.draft.settings : start.settings);
  const change = (patch: Partial<VenueSettings>) => {
    setEdit({ ...edit, ...patch });
    setProblem(null);
  };
  const save = async () => {
    const p = await sync.save(edit, start);
    setProblem(p);
  };

  const days = Array.from({ length: 7 }, (_, i) => week + i);
  const weekday = new Intl.DateTimeFormat(LOCALES[tr.language], { weekday: 'short', timeZone: 'UTC' });
  const byDay = (day: number) => edit.events.filter((e) => e.day === day).sort((a, b) => a.start.localeCompare(b.start));

  const putEvent = (original: string | null, event: VenueEvent) => {
    const events = original === null ? [...edit.events, event] : edit.events.map((e) => (e.id === original ? event : e));
    change({ events });
  };
  const newEvent = (): VenueEvent => {
    const day = today >= week && today < week + 7 ? today : week;
    return { id: '', title: '', day, start: '19:00', category: edit.defaultCategory, type: 'ticket', quota: null, excluded: false };
  };

  return (
    <section class="venue-editor" data-testid="editor">
      <h2>{t('editor.limits')}</h2>
      <LimitsForm venue={edit} onChange={change} />

      <h2>{t('editor.events')}</h2>
      <div class="week-nav">
        <button type="button" class="secondary" data-testid="week-prev" onClick={() => setWeek(week - 7)}>
          {t('editor.prevWeek')}
        </button>
        <span data-testid="week-label">{t('editor.week', { from: tr.day(week), to: tr.day(week + 6) })}</span>
        <button type="button" class="secondary" data-testid="week-next" onClick={() => setWeek(week + 7)}>
          {t('editor.nextWeek')}
        </button>
      </div>
      <ol class="week">
        {days.map((day) => (
          <li key={day} data-day={isoDateOfDay(day)} class={day === today ? 'today' : undefined}>
            <strong>
              {weekday.format(new Date(day * 86_400_000))} {tr.day(day)}
            </strong>
            <ul>
              {byDay(day).map((e) => (
                <li key={e.id} data-testid="event-row" data-event-id={e.id}>
                  <span>
                    {e.start} {e.title} · {t(`category.${e.category}`)} · {t(`type.${e.type}`)} · {e.quota === null ? t('manager.unlimited') : t('editor.quotaShort', { n: e.quota })}
                    {e.excluded && ` · ${t('editor.excludedMark')}`}
                  </span>
                  <button type="button" class="secondary" data-testid="event-edit" onClick={() => setForm({ original: e.id, event: e })}>
                    {t('editor.edit')}
                  </button>
                  <button type="button" class="secondary" data-testid="event-copy" onClick={() => setCopying(e)}>
                    {t('editor.copy')}
                  </button>
                  <button type="button" class="secondary" data-testid="event-delete" onClick={() => change({ events: edit.events.filter((x) => x.id !== e.id) })}>
                    {t('editor.delete')}
                  </button>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      <button type="button" class="secondary" data-testid="event-new" onClick={() => setForm({ original: null, event: newEvent() })}>
        {t('editor.newEvent')}
      </button>
      {form && (
        <EventForm
          key={form.original ?? 'new'}
          event={form.event}
          isNew={form.original === null}
          events={edit.events}
          onDone={(e) => {
            putEvent(form.original, e);
            setForm(null);
            if (e.day < week || e.day >= week + 7) setWeek(weekStartOf(e.day));
          }}
          onCancel={() => setForm(null)}
        />
      )}
      {copying && (
        <CopyForm
          event={copying}
          onCopy={(daysToCopy) => {
            change({ events: [...edit.events, ...copyEvent(edit.events, copying, daysToCopy, isoDateOfDay)] });
            setCopying(null);
          }}
          onCancel={() => setCopying(null)}
        />
      )}

      <SaveBar state={s} dirty={dirty} problem={problem} onSave={() => void save()} onRedo={() => void sync.redo(edit).then(setProblem)} onDiscard={() => {
          setStart(null);
          setEdit(null);
          void sync.discard();
        }} />
    </section>
  );
}

function numberOrNull(text: string): number | null | 'bad' {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isInteger(n) && n >= 0 ? n : 'bad';
}

function LimitsForm({ venue, onChange }: { venue: VenueSettings; onChange(patch: Partial<VenueSettings>): void }) {
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

// Each problem of the event form is shown under its field, which is marked for screen readers too.
const FIELD_OF: Partial<Record<MessageKey, string>> = { 'editor.error.title': 'event-title', 'editor.error.date': 'event-date', 'editor.error.start': 'event-start', 'editor.error.quota': 'event-quota' };

function EventForm({ event, isNew, events, onDone, onCancel }: { event: VenueEvent; isNew: boolean; events: VenueEvent[]; onDone(e: VenueEvent): void; onCancel(): void }) {
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

function CopyForm({ event, onCopy, onCancel }: { event: VenueEvent; onCopy(days: number[]): void; onCancel(): void }) {
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

const FIELD_LABEL: Record<string, MessageKey> = {
  name: 'manager.venue',
  dayQuota: 'manager.dayQuota',
  perCard: 'manager.perCard',
  allowOverride: 'manager.allowOverride',
  fastMode: 'manager.fastMode',
  defaultCategory: 'editor.defaultCategory',
};

function limitValue(tr: Translator, field: string, v: unknown): string {
  if (v === null) return tr.t('manager.unlimited');
  if (typeof v === 'boolean') return tr.t(v ? 'manager.yes' : 'manager.no');
  if (field === 'perCard') {
    const p = v as { max: number; window: string };
    return `${p.max} ${tr.t(`window.${p.window}` as MessageKey)}`;
  }
  if (field === 'defaultCategory') return tr.t(`category.${v as VenueSettings['defaultCategory']}`);
  return String(v);
}

export function describeChange(tr: Translator, c: VenueChange): string {
  if (c.kind === 'limit') return tr.t('conflict.limit', { field: tr.t(FIELD_LABEL[c.field]!), from: limitValue(tr, c.field, c.from), to: limitValue(tr, c.field, c.to) });
  const e = c.kind === 'changed' ? c.after : c.event;
  return tr.t(`conflict.${c.kind}`, { title: e.title, date: `${tr.day(e.day)} ${e.start}` });
}

function SaveBar({ state, dirty, problem, onSave, onRedo, onDiscard }: { state: VenueSyncState; dirty: boolean; problem: string | null; onSave(): void; onRedo(): void; onDiscard(): void }) {
  const tr = useI18n();
  const { t } = tr;
  const draft = state.draft;
  const elsewhere = useMemo(() => (draft?.status === 'conflict' && draft.current ? venueChanges(draft.base, draft.current.settings) : []), [draft]);
  const status = state.sending ? 'sending' : draft ? draft.status : dirty ? 'dirty' : state.savedAtMs !== null ? 'saved' : 'clean';
  return (
    <div class="save-bar">
      {problem && (
        <p class="notice notice-error" role="alert" data-testid="editor-problem">
          {t('editor.invalid', { problem })}
        </p>
      )}
      <p class="notice" role="status" data-testid="save-status" data-status={status}>
        {status === 'sending' && t('editor.saving')}
        {status === 'pending' && t('editor.pending')}
        {status === 'refused' && t('editor.refused', { error: draft?.error ?? '' })}
        {status === 'conflict' && t('conflict.heading')}
        {status === 'dirty' && t('editor.unsaved')}
        {status === 'saved' && t('editor.saved')}
      </p>
      {status === 'conflict' && (
        <div class="conflict" data-testid="conflict">
          <p>{t('conflict.intro')}</p>
          <ul>
            {elsewhere.map((c, i) => (
              <li key={i} data-testid="conflict-item">
                {describeChange(tr, c)}
              </li>
            ))}
          </ul>
          <button type="button" class="primary" data-testid="conflict-redo" onClick={onRedo}>
            {t('conflict.redo')}
          </button>
        </div>
      )}
      {((dirty && status !== 'conflict') || status === 'refused') && (
        <button type="button" class="primary" data-testid="venue-save" disabled={state.sending} onClick={onSave}>
          {t('editor.save')}
        </button>
      )}
      {draft && (
        <button type="button" class="secondary" data-testid="venue-discard" disabled={state.sending} onClick={onDiscard}>
          {t('editor.discard')}
        </button>
      )}
    </div>
  );
}
