// The figures of one answer: the totals, four charts in the report's style (by venue, by month, by
// category, declines by reason), each with its table, and the answer's own rows with the distinct
// cards, which is what the CSV for the support service holds. Figures only: no card ID ever
// reaches this screen.

import type { StatsAnswer } from '../../core/stats.ts';
import type { StatsSummary } from '../../core/stats-summary.ts';
import { BarChart, ChartSection, TableBox } from '../shared/bar-chart.tsx';
import { CategoryChart } from '../shared/category-chart.tsx';
import { DeclinesChart } from '../shared/declines-chart.tsx';
import { PeopleCells, PeopleHeads, codeName, mostUses, peopleRows, peopleSeries } from '../shared/figure-columns.tsx';
import { useI18n } from '../shared/i18n-context.ts';

export function StatsTotals({ summary }: { summary: StatsSummary }) {
  const { t, number: n } = useI18n();
  const { totals } = summary;
  const tiles = [
    ['uses', t('report.uses'), totals.uses],
    ['adults', t('report.adults'), totals.adults],
    ['children', t('report.children'), totals.children],
    ['assistants', t('report.assistants'), totals.assistants],
    ['declines', t('report.declines'), totals.declines],
  ] as const;
  return (
    <section class="stats-totals-section" aria-labelledby="stats-totals-heading">
      <h2 id="stats-totals-heading">{t('stats.totals')}</h2>
      <dl class="stats-totals" data-testid="stats-totals">
        {tiles.map(([col, label, value]) => (
          <div key={col} data-col={col}>
            <dt>{label}</dt>
            <dd>{n(value)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function StatsFigures({ answer, summary }: { answer: StatsAnswer; summary: StatsSummary }) {
  const tr = useI18n();
  const { t, number: n } = tr;
  const showTable = t('report.showTable');
  const people = peopleSeries(t);
  const catName = (c: string) => codeName(tr, `category.${c}`, c);
  const typeName = (c: string) => codeName(tr, `type.${c}`, c);
  const { totals, byVenue, byMonth, byCategory, declines } = summary;
  const empty = t('report.summary.empty');
  const topVenue = mostUses(byVenue);
  const topMonth = mostUses(byMonth);

  return (
    <>
      <ChartSection id="stats-venues" heading={t('stats.byVenue')} showTable={showTable} legend={people} table={
        <table data-testid="stats-venues-table">
          <caption>{t('stats.byVenue')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('stats.venue')}</th>
              <PeopleHeads />
            </tr>
          </thead>
          <tbody>
            {byVenue.map((v) => (
              <tr key={v.venueId} data-venue={v.venueId}>
                <th scope="row">{v.venueId}</th>
                <PeopleCells counts={v} />
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-testid="stats-venues-total">
              <th scope="row">{t('report.total')}</th>
              <PeopleCells counts={totals} />
            </tr>
          </tfoot>
        </table>
      }>
        <BarChart
          id="stats-venues"
          series={people}
          rows={peopleRows(byVenue, (v) => v.venueId)}
          summary={`${t('stats.byVenue')}. ${topVenue ? t('stats.summary.byVenue', { uses: totals.uses, venues: byVenue.length, top: topVenue.venueId, n: topVenue.uses }) : empty}`}
        />
      </ChartSection>

      <ChartSection id="stats-months" heading={t('stats.byMonth')} showTable={showTable} legend={people} table={
        <table data-testid="stats-months-table">
          <caption>{t('stats.byMonth')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('stats.month')}</th>
              <PeopleHeads />
            </tr>
          </thead>
          <tbody>
            {byMonth.map((m) => (
              <tr key={m.month} data-month={m.month}>
                <th scope="row">{tr.month(m.month)}</th>
                <PeopleCells counts={m} />
              </tr>
            ))}
          </tbody>
        </table>
      }>
        <BarChart
          id="stats-months"
          series={people}
          rows={peopleRows(byMonth, (m) => tr.month(m.month))}
          summary={`${t('stats.byMonth')}. ${topMonth ? t('stats.summary.byMonth', { uses: totals.uses, months: byMonth.length, top: tr.month(topMonth.month), n: topMonth.uses }) : empty}`}
        />
      </ChartSection>

      <CategoryChart id="stats-categories" categories={byCategory} uses={totals.uses} />
      <DeclinesChart id="stats-declines" declines={declines} total={totals.declines} />

      <section class="report-section" aria-labelledby="stats-rows-heading" data-testid="stats-rows">
        <h3 id="stats-rows-heading">{t('stats.rows')}</h3>
        <p class="report-scope">{t('stats.rowsNote')}</p>
        {answer.rows.length === 0 ? (
          <p>{t('stats.noRows')}</p>
        ) : (
          <details class="report-table-toggle">
            <summary>{showTable}</summary>
            <TableBox label={t('stats.rows')}>
              <table data-testid="stats-rows-table">
                <caption>{t('stats.rows')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('stats.venue')}</th>
                    <th scope="col">{t('stats.month')}</th>
                    <th scope="col">{t('report.category')}</th>
                    <PeopleHeads />
                    <th scope="col">{t('stats.cards')}</th>
                  </tr>
                </thead>
                <tbody>
                  {answer.rows.map((r) => (
                    <tr key={`${r.venueId} ${r.month} ${r.category} ${r.type}`} data-row={`${r.venueId} ${r.month} ${r.category} ${r.type}`}>
                      <th scope="row">{r.venueId}</th>
                      <td class="stats-text">{tr.month(r.month)}</td>
                      <td class="stats-text">{`${catName(r.category)}, ${typeName(r.type)}`}</td>
                      <PeopleCells counts={r} />
                      <td data-col="cards">{n(r.cards)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableBox>
          </details>
        )}
      </section>
    </>
  );
}
