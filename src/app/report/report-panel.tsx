// The venue report on the settings screen: a period (this week by default), four charts (uses by
// day and by event as adults and children, categories, declines by reason), each with its table,
// the quota of every event with any quota exceeded said in words, and the same figures as a CSV.
//
// The figures are computed by src/core/report.ts from every record the desk knows of: its own,
// imported ones, and the other desks' uses fetched from the server; the settings screen hands in the
// reader (records/record-tools.ts reportRecords). Beside them, from the server when it can be reached,
// each desk's share of each event's quota: got, handed out, given back.

import { useEffect, useState } from 'preact/hooks';
import { dayFromIsoDate, helsinkiDay, isoDateOfDay, weekStartOf } from '../../core/calendar.ts';
import type { RedemptionRecord } from '../../core/record.ts';
import type { Report, ReportCsvLabels } from '../../core/report.ts';
import { buildReport, reportCsv } from '../../core/report.ts';
import { parsePool } from '../../core/quota-pools.ts';
import type { PoolFigures } from '../../core/share-grants.ts';
import { USAGE_DAYS } from '../../core/sync-limits.ts';
import { isAdmission, type VenueSettings } from '../../core/venue.ts';
import type { Translator } from '../i18n/translate.ts';
import { download } from '../shared/download.ts';
import { useI18n } from '../shared/i18n-context.ts';
import type { BarRow } from '../shared/bar-chart.tsx';
import { BarChart, ChartSection } from '../shared/bar-chart.tsx';
import { CategoryChart } from '../shared/category-chart.tsx';
import { DeclinesChart } from '../shared/declines-chart.tsx';
import { PeopleCells, PeopleHeads, codeName, mostUses, peopleRows, peopleSeries } from '../shared/figure-columns.tsx';
import './report.css';

/** Advance sales count towards an event's quota: records are read from this many days before the period. */
export const QUOTA_LOOKBACK_DAYS = 60;
/** A manager device may read this many days back (sync-api.md); a longer period is refused. */
export const MAX_REPORT_DAYS = USAGE_DAYS.manager;

export type LoadRecords = (fromDay: number, toDay: number) => Promise<RedemptionRecord[]>;
/** The desks' shares of the pools listed from `fromDay` on; null when the server cannot say (offline). */
export type LoadShares = (fromDay: number) => Promise<PoolFigures[] | null>;

function csvLabels(t: Translator['t']): ReportCsvLabels {
  return {
    byDay: t('report.byDay'),
    byEvent: t('report.byEvent'),
    byCategory: t('report.byCategory'),
    byReason: t('report.byReason'),
    day: t('report.day'),
    event: t('report.event'),
    eventId: t('report.eventId'),
    category: t('report.category'),
    type: t('report.type'),
    uses: t('report.uses'),
    adults: t('report.adults'),
    children: t('report.children'),
    assistants: t('report.assistants'),
    cardTickets: t('report.cardTickets'),
    declines: t('report.declines'),
    quota: t('report.quota'),
    quotaUsed: t('report.quotaUsed'),
    exceeded: t('report.exceeded'),
    reason: t('report.reason'),
    count: t('report.count'),
    total: t('report.total'),
  };
}

type Load = { state: 'loading' } | { state: 'ready'; report: Report } | { state: 'failed'; error: string };

export function ReportPanel({ venue, loadRecords, loadShares }: { venue: VenueSettings | null; loadRecords: LoadRecords; loadShares?: LoadShares }) {
  const tr = useI18n();
  const { t } = tr;
  const today = helsinkiDay(Date.now());
  const [from, setFrom] = useState(isoDateOfDay(weekStartOf(today)));
  const [to, setTo] = useState(isoDateOfDay(weekStartOf(today) + 6));
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const fromDay = dayFromIsoDate(from);
  const toDay = dayFromIsoDate(to);
  const valid = fromDay !== null && toDay !== null && fromDay <= toDay && toDay - fromDay < MAX_REPORT_DAYS;

  useEffect(() => {
    if (!valid) return;
    let live = true;
    setLoad({ state: 'loading' });
    loadRecords(fromDay - QUOTA_LOOKBACK_DAYS, toDay)
      .then((records) => live && setLoad({ state: 'ready', report: buildReport(records, venue, fromDay, toDay) }))
      .catch((e: unknown) => live && setLoad({ state: 'failed', error: e instanceof Error ? e.message : String(e) }));
    return () => {
      live = false;
    };
  }, [fromDay, toDay, valid, venue, loadRecords]);

  const [shares, setShares] = useState<PoolFigures[] | null | undefined>(undefined);
  useEffect(() => {
    if (!valid || !loadShares) return;
    let live = true;
    setShares(undefined);
    loadShares(fromDay).then(
      (pools) => live && setShares(pools),
      () => live && setShares(null),
    );
    return () => {
      live = false;
    };
  }, [fromDay, toDay, valid, loadShares]);

  const report = valid && load.state === 'ready' ? load.report : null;
  const onCsv = () => {
    if (!report) return;
    download({ name: `kaiku-report-${venue?.venueId ?? 'desk'}-${from}_${to}.csv`, type: 'text/csv;charset=utf-8', text: reportCsv(report, csvLabels(t)) });
  };

  return (
    <section class="report" aria-labelledby="report-heading" data-testid="report-panel">
      <h2 id="report-heading">{t('report.heading')}</h2>
      <div class="row">
        <label>
          {t('records.from')} <input type="date" data-testid="report-from" value={from} max={to} onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <label>
          {t('records.to')} <input type="date" data-testid="report-to" value={to} min={from} onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <button type="button" class="secondary" data-testid="report-csv" disabled={!report} onClick={onCsv}>
          {t('report.csv')}
        </button>
      </div>
      <p class="report-scope">{t('report.scope')}</p>
      {!valid ? (
        <p role="alert">{t('report.invalid')}</p>
      ) : load.state === 'failed' ? (
        <p role="alert">{t('report.failed', { error: load.error })}</p>
      ) : !report ? (
        <p aria-live="polite">{t('report.loading')}</p>
      ) : (
        <ReportFigures report={report} tr={tr} />
      )}
      {valid && loadShares && shares !== undefined && <ShareFigures pools={shares} venue={venue} toDay={toDay} tr={tr} />}
    </section>
  );
}

/** Each desk's share of each event's quota in the period: got, handed out, given back. */
function ShareFigures({ pools, venue, toDay, tr }: { pools: PoolFigures[] | null; venue: VenueSettings | null; toDay: number; tr: Translator }) {
  const { t } = tr;
  const n = tr.number;
  const events = (pools ?? []).filter((p) => p.day <= toDay && parsePool(p.pool)?.kind === 'event');
  const title = (p: PoolFigures) => {
    const eventId = p.pool.slice('event:'.length);
    return isAdmission(eventId) ? t('event.admission') : (venue?.events.find((e) => e.id === eventId)?.title ?? eventId);
  };
  return (
    <section class="report-section" aria-labelledby="report-shares-heading" data-testid="report-shares">
      <h3 id="report-shares-heading">{t('report.shares')}</h3>
      {pools === null ? (
        <p>{t('report.sharesOffline')}</p>
      ) : events.length === 0 ? (
        <p>{t('shares.nothing')}</p>
      ) : (
        <>
          <p>{t('report.sharesNote')}</p>
          <table data-testid="report-shares-table">
            <thead>
              <tr>
                <th scope="col">{t('report.event')}</th>
                <th scope="col">{t('report.day')}</th>
                <th scope="col">{t('shares.desk')}</th>
                <th scope="col">{t('shares.granted')}</th>
                <th scope="col">{t('shares.spent')}</th>
                <th scope="col">{t('shares.gaveBack')}</th>
              </tr>
            </thead>
            <tbody>
              {events.flatMap((p) =>
                p.desks.map((d) => (
                  <tr key={`${p.pool} ${d.deviceId}`} data-pool={p.pool} data-device={d.deviceId}>
                    <th scope="row">{title(p)}</th>
                    <td>{tr.day(p.day)}</td>
                    <td>{d.name}</td>
                    <td data-col="granted">{n(d.granted)}</td>
                    <td data-col="spent">{n(d.spent)}</td>
                    <td data-col="gaveBack">{n(d.gaveBack)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function ReportFigures({ report, tr }: { report: Report; tr: Translator }) {
  const { t } = tr;
  const n = tr.number;
  const showTable = t('report.showTable');
  const people = peopleSeries(t);
  const catName = (c: string) => codeName(tr, `category.${c}`, c);
  const typeName = (c: string) => codeName(tr, `type.${c}`, c);
  const { totals } = report;
  const anyDayQuota = report.days.some((d) => d.quota !== null);

  const topDay = mostUses(report.days);
  const topEvent = mostUses(report.events);
  const empty = t('report.summary.empty');

  const dayRows: BarRow[] = report.days.map((d) => ({
    label: tr.day(d.day),
    values: [d.adults, d.children],
    note: d.exceeded > 0 ? t('report.dayOver', { n: d.exceeded }) : undefined,
  }));
  // A daily admission has no title of its own: name it in the chosen language.
  const eventTitle = (e: { eventId: string; title: string }) => (isAdmission(e.eventId) ? t('event.admission') : e.title);
  const eventRows = peopleRows(report.events, eventTitle);

  return (
    <>
      <ChartSection id="report-days" heading={t('report.byDay')} showTable={showTable} legend={people} table={
        <table data-testid="report-days-table">
          <caption>{t('report.byDay')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('report.day')}</th>
              <PeopleHeads />
              <th scope="col">{t('report.cardTickets')}</th>
              {anyDayQuota && <th scope="col">{t('report.dayQuota')}</th>}
              <th scope="col">{t('report.declines')}</th>
            </tr>
          </thead>
          <tbody>
            {report.days.map((d) => (
              <tr key={d.day} data-day={isoDateOfDay(d.day)} class={d.exceeded > 0 ? 'report-over' : undefined}>
                <th scope="row">{tr.day(d.day)}</th>
                <PeopleCells counts={d} />
                <td data-col="cardTickets">{n(d.cardTickets)}</td>
                {anyDayQuota && <td data-col="quota">{d.quota === null ? t('report.noQuota') : d.exceeded > 0 ? `${n(d.quota)} · ${t('report.dayOver', { n: d.exceeded })}` : n(d.quota)}</td>}
                <td data-col="declines">{n(d.declines)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-testid="report-days-total">
              <th scope="row">{t('report.total')}</th>
              <PeopleCells counts={totals} />
              <td data-col="cardTickets">{n(totals.cardTickets)}</td>
              {anyDayQuota && <td />}
              <td data-col="declines">{n(totals.declines)}</td>
            </tr>
          </tfoot>
        </table>
      }>
        <BarChart
          id="report-days"
          series={people}
          rows={dayRows}
          summary={`${t('report.byDay')}. ${topDay ? t('report.summary.byDay', { uses: totals.uses, days: report.days.length, adults: totals.adults, children: totals.children, top: tr.day(topDay.day), n: topDay.uses }) : empty}`}
        />
      </ChartSection>

      <ChartSection id="report-events" heading={t('report.byEvent')} showTable={showTable} legend={people} table={
        <table data-testid="report-events-table">
          <caption>{t('report.byEvent')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('report.event')}</th>
              <th scope="col">{t('report.day')}</th>
              <th scope="col">{t('report.category')}</th>
              <PeopleHeads />
            </tr>
          </thead>
          <tbody>
            {report.events.map((e) => (
              <tr key={e.eventId} data-event={e.eventId}>
                <th scope="row">{eventTitle(e)}</th>
                <td>{e.day === null ? '' : tr.day(e.day)}</td>
                <td>{`${catName(e.category)}, ${typeName(e.type)}`}</td>
                <PeopleCells counts={e} />
              </tr>
            ))}
          </tbody>
        </table>
      }>
        {report.events.length === 0 ? (
          <p>{t('report.noEvents')}</p>
        ) : (
          <BarChart
            id="report-events"
            series={people}
            rows={eventRows}
            summary={`${t('report.byEvent')}. ${topEvent ? t('report.summary.byEvent', { uses: totals.uses, events: report.events.filter((e) => e.uses > 0).length, top: eventTitle(topEvent), n: topEvent.uses }) : empty}`}
          />
        )}
      </ChartSection>

      <section class="report-section" aria-labelledby="report-quotas-heading" data-testid="report-quotas">
        <h3 id="report-quotas-heading">{t('report.quotas')}</h3>
        {report.events.some((e) => e.exceeded > 0) && <p class="report-warning">{t('report.overNote')}</p>}
        <table data-testid="report-quotas-table">
          <thead>
            <tr>
              <th scope="col">{t('report.event')}</th>
              <th scope="col">{t('report.day')}</th>
              <th scope="col">{t('report.quota')}</th>
              <th scope="col">{t('report.quotaUsed')}</th>
              <th scope="col">{t('report.exceeded')}</th>
            </tr>
          </thead>
          <tbody>
            {report.events.map((e) => (
              <tr key={e.eventId} data-event={e.eventId} data-exceeded={e.exceeded} class={e.exceeded > 0 ? 'report-over' : undefined}>
                <th scope="row">{eventTitle(e)}</th>
                <td>{e.day === null ? '' : tr.day(e.day)}</td>
                <td data-col="quota">{e.quota === null ? t('report.noQuota') : n(e.quota)}</td>
                <td data-col="quotaUsed">{n(e.quotaUsed)}</td>
                <td data-col="exceeded">
                  {e.quota === null ? '–' : e.exceeded > 0 ? <strong>⚠ {t('report.overQuota', { n: e.exceeded })}</strong> : t('report.withinQuota')}
                </td>
              </tr>
            ))}
            {/* The venue's day quota is a quota too: one row for each day it applied. */}
            {report.days
              .filter((d) => d.quota !== null && d.cardTickets > 0)
              .map((d) => (
                <tr key={`day-${d.day}`} data-day-quota={isoDateOfDay(d.day)} class={d.exceeded > 0 ? 'report-over' : undefined}>
                  <th scope="row">{t('report.dayQuota')}</th>
                  <td>{tr.day(d.day)}</td>
                  <td data-col="quota">{n(d.quota!)}</td>
                  <td data-col="quotaUsed">{n(d.cardTickets)}</td>
                  <td data-col="exceeded">{d.exceeded > 0 ? <strong>⚠ {t('report.overQuota', { n: d.exceeded })}</strong> : t('report.withinQuota')}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </section>

      <CategoryChart id="report-categories" categories={report.categories} uses={totals.uses} />
      <DeclinesChart id="report-declines" declines={report.declines} total={totals.declines} />
    </>
  );
}
