// The statistics screen: a coordinator's whole app (their locality's venues), and a manager's
// view of their own venue, reached from the settings behind the PIN. Pick a period, and the
// server's figures for it (GET /v1/stats) are shown as totals, charts with tables, and the rows
// the national support service takes as CSV; the page prints on A4. The figures come from the
// server only: offline there is nothing to show, and the screen says so.
//
//   idle ── valid period ──▶ loading ──▶ ready
//     ▲                        │  ▲ └──▶ failed ── Try again ─────────────────────────┐
//     └── bad custom range ────┘  ├──────────────────────────────────────────────────┘
//                                 └── offline: back online, or every 5 s (quietly) ──┘

import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { MAX_STATS_DAYS, statsCsv, statsCsvName } from '../../core/stats.ts';
import type { StatsAnswer } from '../../core/stats.ts';
import { pickPeriod, recentMonths } from '../../core/stats-period.ts';
import { summariseStats } from '../../core/stats-summary.ts';
import { helsinkiDay, isoDateOfDay } from '../../core/calendar.ts';
import type { ServerDevice } from '../../sync/api-client.ts';
import { SyncError } from '../../sync/api-client.ts';
import { fetchStats } from '../../sync/stats-fetch.ts';
import type { Translator } from '../i18n/translate.ts';
import { download } from '../shared/download.ts';
import { useI18n } from '../shared/i18n-context.ts';
import type { PeriodFields } from './period-picker.tsx';
import { PeriodPicker, choiceOf } from './period-picker.tsx';
import { StatsFigures, StatsTotals } from './stats-figures.tsx';
import '../shared/chart.css';
import './stats.css';

/** Whose figures these are: a coordinator's locality, or a manager's venue. */
export interface StatsScope {
  kind: 'locality' | 'venue';
  id: string;
  name: string;
}

export interface StatsScreenProps {
  device: ServerDevice;
  scope: StatsScope;
  fetch: typeof fetch;
  now(): number;
  /** A manager's way back to the desk; null for a coordinator, whose app is this screen. */
  onClose: (() => void) | null;
  /** The server refused the token: enrol the device again. */
  onReenrol(): void;
}

/** The months a coordinator may pick: this one and the two years before it. */
const MONTHS_OFFERED = 25;
/** While offline, ask again this often: the 'online' event can come a moment before requests get through. */
const OFFLINE_RETRY_MS = 5_000;

const isOffline = (error: unknown) => error instanceof SyncError && error.kind === 'offline';

type Load = { state: 'loading' } | { state: 'ready'; answer: StatsAnswer } | { state: 'failed'; error: unknown };

function failureText(tr: Translator, error: unknown): string {
  if (error instanceof SyncError) {
    if (error.kind === 'offline') return tr.t('stats.error.offline');
    if (error.kind === 'unauthorized') return tr.t('stats.error.unauthorized');
    if (error.kind === 'forbidden') return tr.t('stats.error.forbidden');
  }
  return tr.t('stats.error.failed', { error: error instanceof Error ? error.message : String(error) });
}

export function StatsScreen({ device, scope, fetch, now, onClose, onReenrol }: StatsScreenProps) {
  const tr = useI18n();
  const { t } = tr;
  const startMs = useMemo(now, []);
  const months = useMemo(() => recentMonths(startMs, MONTHS_OFFERED), [startMs]);
  const today = helsinkiDay(startMs);
  const [fields, setFields] = useState<PeriodFields>({ kind: 'this-year', month: months[0]!, from: `${isoDateOfDay(today).slice(0, 4)}-01-01`, to: isoDateOfDay(today) });
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // An automatic retry keeps the message on screen (no "Fetching…" flashing, no alert read out again).
  const quiet = useRef(false);
  const period = pickPeriod(choiceOf(fields), now());
  const from = period.ok ? period.from : null;
  const to = period.ok ? period.to : null;

  useEffect(() => {
    if (from === null || to === null) return;
    let live = true;
    if (!quiet.current) setLoad({ state: 'loading' });
    quiet.current = false;
    fetchStats(device, from, to, fetch).then(
      (answer) => live && setLoad({ state: 'ready', answer }),
      (error: unknown) => live && setLoad({ state: 'failed', error }),
    );
    return () => {
      live = false;
    };
  }, [device, from, to, fetch, attempt]);

  // Offline: ask again when the network is back, so a coordinator need not press anything.
  const offline = load.state === 'failed' && isOffline(load.error);
  useEffect(() => {
    if (!offline) return;
    const again = () => {
      quiet.current = true;
      setAttempt((n) => n + 1);
    };
    addEventListener('online', again);
    const timer = setInterval(again, OFFLINE_RETRY_MS);
    return () => {
      removeEventListener('online', again);
      clearInterval(timer);
    };
  }, [offline, load]);

  const answer = period.ok && load.state === 'ready' ? load.answer : null;
  const summary = useMemo(() => (answer ? summariseStats(answer) : null), [answer]);
  const onCsv = () => answer && download({ name: statsCsvName(scope.id, answer.from, answer.to), type: 'text/csv;charset=utf-8', text: statsCsv(answer.rows) });
  const problem = period.ok ? null : t(`stats.problem.${period.problem}`, { days: MAX_STATS_DAYS });

  return (
    <main class="stats report" data-testid="stats-screen" aria-labelledby="stats-heading">
      <h1 id="stats-heading">{t('stats.heading')}</h1>
      <p class="stats-scope" data-testid="stats-scope">
        {scope.kind === 'locality' ? t('stats.scope.locality', { id: scope.name }) : t('stats.scope.venue', { name: scope.name })}
      </p>
      <PeriodPicker fields={fields} months={months} onChange={setFields} problem={problem} />
      {period.ok && (
        <p class="stats-showing" data-testid="stats-showing">
          <strong>{t('stats.period')}:</strong> {t('stats.showing', { from: tr.day(period.fromDay), to: tr.day(period.toDay) })}
        </p>
      )}
      <div class="stats-actions no-print">
        <button type="button" class="primary" data-testid="stats-csv" disabled={!answer} onClick={onCsv}>
          {t('stats.csv')}
        </button>
        <button type="button" class="secondary" data-testid="stats-print" disabled={!answer} onClick={() => print()}>
          {t('stats.print')}
        </button>
        {onClose && (
          <button type="button" class="secondary" data-testid="stats-close" onClick={onClose}>
            {t('stats.close')}
          </button>
        )}
      </div>
      {!period.ok ? null : load.state === 'failed' ? (
        <div class="notice notice-error" role="alert" data-testid="stats-error">
          <p>{failureText(tr, load.error)}</p>
          {load.error instanceof SyncError && load.error.kind === 'unauthorized' ? (
            <button type="button" class="secondary" data-testid="stats-reenrol" onClick={onReenrol}>
              {t('stats.reenrol')}
            </button>
          ) : (
            <button type="button" class="secondary" data-testid="stats-retry" onClick={() => setAttempt((n) => n + 1)}>
              {t('stats.retry')}
            </button>
          )}
        </div>
      ) : !answer || !summary ? (
        <p aria-live="polite" data-testid="stats-loading">
          {t('stats.loading')}
        </p>
      ) : summary.empty ? (
        <p class="notice notice-info" role="status" data-testid="stats-empty">
          {t('stats.empty')}
        </p>
      ) : (
        <div data-testid="stats-figures">
          <StatsTotals summary={summary} />
          <StatsFigures answer={answer} summary={summary} />
        </div>
      )}
    </main>
  );
}
