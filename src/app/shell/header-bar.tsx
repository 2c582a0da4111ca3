// The top bar: the event, the language, sound on/off, and the way to the settings.

import { memo } from '../shared/memo.ts';
import type { VenueEvent } from '../../core/venue.ts';
import type { Language } from '../i18n/translate.ts';
import { LANGUAGES } from '../i18n/translate.ts';
import { EventSelect } from './event-select.tsx';
import { useI18n } from '../shared/i18n-context.ts';

const NAMES: Record<Language, string> = { fi: 'Suomi', sv: 'Svenska', en: 'English' };

interface Props {
  events: VenueEvent[] | null;
  eventId: string | null;
  onEvent(id: string | null): void;
  language: Language;
  onLanguage(l: Language): void;
  sound: boolean;
  onSound(on: boolean): void;
  onManager: (() => void) | null;
}

export function LanguageSelect({ language, onLanguage }: Pick<Props, 'language' | 'onLanguage'>) {
  const { t } = useI18n();
  return (
    <label class="language">
      {/* The names of the languages say what the list is; the label stays for screen readers. */}
      <span class="visually-hidden">{t('language.label')}</span>
      <select data-testid="language" value={language} onChange={(e) => onLanguage((e.currentTarget as HTMLSelectElement).value as Language)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Memoised: a check does not redraw it. */
export const HeaderBar = memo(function HeaderBar({ events, eventId, onEvent, language, onLanguage, sound, onSound, onManager }: Props) {
  const { t } = useI18n();
  return (
    <header class="top">
      <span class="brand">{t('app.title')}</span>
      {events && <EventSelect events={events} value={eventId} onChange={onEvent} />}
      <LanguageSelect language={language} onLanguage={onLanguage} />
      <label class="sound">
        <input type="checkbox" checked={sound} onChange={(e) => onSound((e.currentTarget as HTMLInputElement).checked)} />
        <span>{t('sound.label')}</span>
      </label>
      {onManager && (
        <button type="button" class="secondary" data-testid="manager" onClick={onManager}>
          {t('manager.open')}
        </button>
      )}
    </header>
  );
});
