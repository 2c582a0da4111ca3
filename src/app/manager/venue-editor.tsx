// The manager's editor of the venue settings: a working copy of them, the events of a week
// (Helsinki days, Mon-Sun) around the limits form, the event form, the copy form and the save bar
// (each in its own file), saved through the session's venue sync with If-Match.

import { useEffect, useState } from 'preact/hooks';
import { isoDateOfDay, weekStartOf } from '../../core/calendar.ts';
import type { VenueEvent, VenueSettings } from '../../core/venue.ts';
import type { SavedVenue } from '../../sync/venue-update.ts';
import type { DeskSession } from '../desk/desk-session.ts';
import { useI18n } from '../shared/i18n-context.ts';
import { CopyForm } from './copy-form.tsx';
import { EventForm } from './event-form.tsx';
import { LimitsForm } from './limits-form.tsx';
import './manager.css';
import { SaveBar } from './save-bar.tsx';
import { copyEvent } from './venue-merge.ts';
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
