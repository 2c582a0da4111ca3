// What every table of figures shares (the venue report, the statistics): the columns uses, adults,
// children and assistants, and the words for a code (a category, a reason) in the chosen language.

import type { MessageKey, Translator } from '../i18n/translate.ts';
import { useI18n } from './i18n-context.ts';

export interface People {
  uses: number;
  adults: number;
  children: number;
  assistants: number;
}

/** A translated name for a code, or the code itself when the catalogue has none. */
export function codeName(tr: Translator, key: string, code: string): string {
  const text = tr.t(key as MessageKey);
  return typeof text === 'string' && text !== '' && text !== key ? text : code;
}

/** The column heads: uses, adults, children, assistants. */
export function PeopleHeads() {
  const { t } = useI18n();
  return (
    <>
      <th scope="col">{t('report.uses')}</th>
      <th scope="col">{t('report.adults')}</th>
      <th scope="col">{t('report.children')}</th>
      <th scope="col">{t('report.assistants')}</th>
    </>
  );
}

export function PeopleCells({ counts }: { counts: People }) {
  const n = useI18n().number;
  return (
    <>
      <td data-col="uses">{n(counts.uses)}</td>
      <td data-col="adults">{n(counts.adults)}</td>
      <td data-col="children">{n(counts.children)}</td>
      <td data-col="assistants">{n(counts.assistants)}</td>
    </>
  );
}
