// The figures of one answer: the totals, four charts in the report's style (by venue, by month, by
// category, declines by reason), each with its table, and the answer's own rows with the distinct
// cards, which is what the CSV for the support service holds. Figures only: no card ID ever
// reaches this screen.

import type { StatsAnswer } from '../../core/stats.ts';
import type { StatsSummary } from '../../core/stats-summary.ts';
import type { BarRow, Series } from '../shared/bar-chart.tsx';
import { BarChart, ChartSection, TableBox } from '../shared/bar-chart.tsx';
import type { People } from '../shared/figure-columns.tsx';
import { PeopleCells, PeopleHeads, codeName } from '../shared/figure-columns.tsx';
import { useI18n } from '../shared/i18n-context.ts';

function top<T extends People>(items: T[]): T | null {
  let best: T | null = null;
  for (const x of items) if (x.uses > 0 && (best === null || x.uses > best.uses)) best = x;
  return best;
}

const peopleRows = <T extends People>(items: T[], label: (x: T) => string): BarRow[] => items.map((x) => ({ label: label(x), values: [x.adults, x.children] }));

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
  const people: Series[] = [
    { label: t('report.legend.adults'), fill: 'solid' },
    { label: t('report.legend.children'), fill: 'stripes' },
  ];
  const catName = (c: string) => codeName(tr, `category.${c}`, c);
  const typeName = (c: string) => codeName(tr, `type.${c}`, c);
  const reasonName = (r: string) => codeName(tr, `report.reason.${r}`, r);
  const { totals, byVenue, byMonth, byCategory, declines } = summary;
  const empty = t('report.summary.empty');
  const topVenue = top(byVenue);
  const topMonth = top(byMonth);
  const topCat = top(byCategory);

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

      <ChartSection id="stats-categories" heading={t('report.byCategory')} showTable={showTable} legend={people} table={
        <table data-testid="stats-categories-table">
          <caption>{t('report.byCategory')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('report.category')}</th>
              <PeopleHeads />
            </tr>
          </thead>
          <tbody>
            {byCategory.map((c) => (
              <tr key={c.category} data-category={c.category}>
                <th scope="row">{catName(c.category)}</th>
                <PeopleCells counts={c} />
              </tr>
            ))}
          </tbody>
        </table>
      }>
        <BarChart
          id="stats-categories"
          series={people}
          rows={peopleRows(byCategory, (c) => catName(c.category))}
          summary={`${t('report.byCategory')}. ${topCat ? t('report.summary.byCategory', { uses: totals.uses, top: catName(topCat.category), n: topCat.uses }) : empty}`}
        />
      </ChartSection>

      <ChartSection id="stats-declines" heading={t('report.byReason')} showTable={showTable} table={
        <table data-testid="stats-declines-table">
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
            <tr data-testid="stats-declines-total">
              <th scope="row">{t('report.total')}</th>
              <td data-col="count">{n(totals.declines)}</td>
            </tr>
          </tfoot>
        </table>
      }>
        {declines.length === 0 ? (
          <p>{t('report.noDeclines')}</p>
        ) : (
          <BarChart
            id="stats-declines"
            series={[{ label: t('report.declines'), fill: 'solid' }]}
            rows={declines.map((d) => ({ label: reasonName(d.reason), values: [d.count] }))}
            summary={`${t('report.byReason')}. ${t('report.summary.byReason', { declines: totals.declines, top: reasonName(declines[0]!.reason), n: declines[0]!.count })}`}
          />
        )}
      </ChartSection>

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
