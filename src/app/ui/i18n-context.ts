// The current language's translator, for every component below the app.

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Translator } from '../i18n/translate.ts';
import { translator } from '../i18n/translate.ts';

export const I18n = createContext<Translator>(translator('fi'));

export function useI18n(): Translator {
  return useContext(I18n);
}
