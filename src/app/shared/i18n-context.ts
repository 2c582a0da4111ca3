// The current language's translator, for every component below the app.

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Translator } from '../i18n/translate.ts';
import { translator } from '../i18n/translate.ts';

// Outside a provider (never in the app) keys show as themselves rather than failing.
export const I18n = createContext<Translator>(translator('en', {}));

export function useI18n(): Translator {
  return useContext(I18n);
}
