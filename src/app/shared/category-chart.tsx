// Uses by category, as the venue report and the statistics both show them: a chart of adults and
// children, with the table of uses, adults, children and assistants behind it.

import type { People } from './figure-columns.tsx';
import { PeopleCells, PeopleHeads, codeName, mostUses, peopleRows, peopleSeries } from './figure-columns.tsx';
import { BarChart, ChartSection } from './bar-chart.tsx';
import { useI18n } from './i18n-context.ts';

/** `id` names the section, the chart and (with `-table`) the table. */
export function CategoryChart({ id, categories, uses }: { id: string; categories: readonly (People & { category: string })[]; uses: number }) {
  const tr = useI18n();
  const { t } = tr;
  const people = peopleSeries(t);
  const catName = (c: string) => codeName(tr, `category.${c}`, c);
  const topCat = mostUses(categories);
  return (
    <ChartSection id={id} heading={t('report.byCategory')} showTable={t('report.showTable')} legend={people} table={
      <table data-testid={`${id}-table`}>
        <caption>{t('report.byCategory')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('report.category')}</th>
            <PeopleHeads />
          </tr>
        </thead>
        <tbody>
          {categories.map((c) => (
            <tr key={c.category} data-category={c.category}>
              <th scope="row">{catName(c.category)}</th>
              <PeopleCells counts={c} />
            </tr>
          ))}
        </tbody>
      </table>
    }>
      <BarChart
        id={id}
        series={people}
        rows={peopleRows(categories, (c) => catName(c.category))}
        summary={`${t('report.byCategory')}. ${topCat ? t('report.summary.byCategory', { uses, top: catName(topCat.category), n: topCat.uses }) : t('report.summary.empty')}`}
      />
    </ChartSection>
  );
}
