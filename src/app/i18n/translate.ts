// Picking a language and filling in messages. Dates are Finnish calendar days (day numbers), shown
// in the language's own format through Intl; numbers likewise.

import { en } from './en.ts';
import type { MessageKey, Messages } from './en.ts';
import { fi } from './fi.ts';
import { sv } from './sv.ts';

export const LANGUAGES = ['fi', 'sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const CATALOGUES: Record<Language, Messages> = { fi, sv, en };
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
  t(key: MessageKey, params?: Params): string;
  day(dayNumber: number): string;
  time(ms: number): string;
  number(n: number): string;
}

export function translator(language: Language): Translator {
  const messages = CATALOGUES[language];
  const locale = LOCALES[language];
  // "3.10.2026" in Finnish and Swedish; "3 Oct 2026" in English, where 3/10 would read as March.
  const dayFormat = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: language === 'en' ? 'short' : 'numeric', year: 'numeric' });
  const timeFormat = new Intl.DateTimeFormat(locale, { timeZone: 'Europe/Helsinki', hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'numeric' });
  const numberFormat = new Intl.NumberFormat(locale);
  return {
    language,
    t(key, params) {
      const text = messages[key];
      return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
    },
    day: (dayNumber) => dayFormat.format(new Date(dayNumber * 86_400_000)),
    time: (ms) => timeFormat.format(new Date(ms)),
    number: (n) => numberFormat.format(n),
  };
}
