// What every table and chart of figures shares (the venue report, the statistics): the columns
// uses, adults, children and assistants, the words for a code (a category, a reason) in the chosen
// language, and a people chart's series, bars and the item its summary names.

import type { MessageKey, Translator } from '../i18n/translate.ts';
import type { BarRow, Series } from './bar-chart.tsx';
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

/** The two series of a people chart: adults solid, children striped. */
export function peopleSeries(t: Translator['t']): Series[] {
  return [
    { label: t('report.legend.adults'), fill: 'solid' },
    { label: t('report.legend.children'), fill: 'stripes' },
  ];
}

/** A people chart's bars: the adults and children of each item. */
export function peopleRows<T extends People>(items: readonly T[], label: (x: T) => string): BarRow[] {
  return items.map((x) => ({ label: label(x), values: [x.adults, x.children] }));
}

/** The item with the most uses (the first of equals), or null when none has any: what a chart's summary names. */
export function mostUses<T extends { uses: number }>(items: readonly T[]): T | null {
  let best: T | null = null;
  for (const x of items) if (x.uses > 0 && (best === null || x.uses > best.uses)) best = x;
  return best;
}
