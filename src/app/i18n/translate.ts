// Picking a language and filling in messages. Dates are Finnish calendar days (day numbers), shown
// in the language's own format through Intl; numbers likewise.

import type { DeskKey, DeskMessages } from './en.ts';
import type { SettingsKey, SettingsMessages } from './settings-en.ts';
import type { StatsKey } from './stats-en.ts';

export type MessageKey = DeskKey | SettingsKey | StatsKey;
type Messages = Partial<Record<MessageKey, string>>;

export const LANGUAGES = ['fi', 'sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

// Only the catalogue in use is loaded, and the settings screen's texts only with that screen (the
// statistics screen's likewise, stats-texts.ts): the rest stays out of the first screen's
// JavaScript (all is precached, so it all works offline).
const CATALOGUES: Record<Language, () => Promise<DeskMessages>> = {
  fi: () => import('./fi.ts').then((m) => m.fi),
  sv: () => import('./sv.ts').then((m) => m.sv),
  en: () => import('./en.ts').then((m) => m.en),
};
const SETTINGS: Record<Language, () => Promise<SettingsMessages>> = {
  fi: () => import('./settings-fi.ts').then((m) => m.settingsFi),
  sv: () => import('./settings-sv.ts').then((m) => m.settingsSv),
  en: () => import('./settings-en.ts').then((m) => m.settingsEn),
};
// Finland's own conventions in every language (sv-FI writes 3.10.2026 like fi), en-GB for English.
const LOCALES: Record<Language, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The device's preferred language among ours, Finnish when none matches. */
export function preferredLanguage(navigatorLanguages: readonly string[]): Language {
  for (const tag of navigatorLanguages) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'fi';
}

export type Params = Record<string, string | number>;

export interface Translator {
  language: Language;
  messages: Messages;
  t(key: MessageKey, params?: Params): string;
  day(dayNumber: number): string;
  /** A calendar month, YYYY-MM, named in the language ("marraskuu 2026", "November 2026"). */
  month(month: string): string;
  time(ms: number): string;
  number(n: number): string;
}

export async function loadTranslator(language: Language): Promise<Translator> {
  return translator(language, await CATALOGUES[language]());
}

/** The same language with the settings screen's texts too. */
export async function withSettingsTexts(tr: Translator): Promise<Translator> {
  return translator(tr.language, { ...tr.messages, ...(await SETTINGS[tr.language]()) });
}

export function translator(language: Language, messages: Messages): Translator {
  const locale = LOCALES[language];
  // "3.10.2026" in Finnish and Swedish; "3 Oct 2026" in English, where 3/10 would read as March.
  const dayFormat = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: language === 'en' ? 'short' : 'numeric', year: 'numeric' });
  const monthFormat = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'long', year: 'numeric' });
  const timeFormat = new Intl.DateTimeFormat(locale, { timeZone: 'Europe/Helsinki', hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'numeric' });
  const numberFormat = new Intl.NumberFormat(locale);
  const pluralRules = new Intl.PluralRules(locale);
  return {
    language,
    messages,
    t(key, params) {
      // A key whose catalogue is not loaded shows as itself rather than as nothing.
      const text = messages[key] ?? key;
      return params ? fill(text, params, pluralRules) : text;
    },
    day: (dayNumber) => dayFormat.format(new Date(dayNumber * 86_400_000)),
    month: (month) => monthFormat.format(new Date(`${month}-01T00:00:00Z`)),
    time: (ms) => timeFormat.format(new Date(ms)),
    number: (n) => numberFormat.format(n),
  };
}

/**
 * `{name}` is the parameter; `{name|one|other}` picks the word for its number by the language's
 * plural rules ("1 card ticket", "2 card tickets"; "1 lapsi", "2 lasta"). Finnish, Swedish and
 * English have only the forms one and other. A number given already formatted ("1 234") still counts.
 */
function fill(text: string, params: Params, rules: Intl.PluralRules): string {
  return text.replace(/\{(\w+)(?:\|([^|}]*)\|([^|}]*))?\}/g, (m, name: string, one?: string, other?: string) => {
    if (!(name in params)) return m;
    const value = params[name]!;
    if (one === undefined) return String(value);
    const n = typeof value === 'number' ? value : Number(String(value).replace(/[^\d.-]/g, ''));
    return rules.select(n) === 'one' ? one : other!;
  });
}
