// Declines by reason, most frequent first, as the venue report and the statistics both show them:
// a chart with the table behind it and its total, or a sentence when there were none.

import { BarChart, ChartSection } from './bar-chart.tsx';
import { codeName } from './figure-columns.tsx';
import { useI18n } from './i18n-context.ts';

/** `id` names the section, the chart and (with `-table`, `-total`) the table and its total row. */
export function DeclinesChart({ id, declines, total }: { id: string; declines: readonly { reason: string; count: number }[]; total: number }) {
  const tr = useI18n();
  const { t, number: n } = tr;
  const reasonName = (r: string) => codeName(tr, `report.reason.${r}`, r);
  const first = declines[0];
  return (
    <ChartSection id={id} heading={t('report.byReason')} showTable={t('report.showTable')} table={
      <table data-testid={`${id}-table`}>
        <caption>{t('report.byReason')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('report.reason')}</th>
            <th scope="col">{t('report.count')}</th>
          </tr>
        </thead>
        <tbody>
          {declines.map((d) => (
            <tr key={d.reason} data-reason={d.reason}>
              <th scope="row">{reasonName(d.reason)}</th>
              <td data-col="count">{n(d.count)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid={`${id}-total`}>
            <th scope="row">{t('report.total')}</th>
            <td data-col="count">{n(total)}</td>
          </tr>
        </tfoot>
      </table>
    }>
      {first === undefined ? (
        <p>{t('report.noDeclines')}</p>
      ) : (
        <BarChart
          id={id}
          series={[{ label: t('report.declines'), fill: 'solid' }]}
          rows={declines.map((d) => ({ label: reasonName(d.reason), values: [d.count] }))}
          summary={`${t('report.byReason')}. ${t('report.summary.byReason', { declines: total, top: reasonName(first.reason), n: first.count })}`}
        />
      )}
    </ChartSection>
  );
}
