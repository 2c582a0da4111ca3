// A manager's records: exports for a period (CSV for the national register's offline form, JSON
// for another desk), importing another desk's export, and the records the server refused.

import { useEffect, useState } from 'preact/hooks';
import { dayFromIsoDate, helsinkiDay, isoDateOfDay } from '../../core/calendar.ts';
import { attentionList, exportDays, importRecords, retryAttention } from './record-tools.ts';
import type { RecordDeps } from './record-tools.ts';
import type { DeskSession } from '../desk/desk-session.ts';
import type { RecordRow } from '../../storage/desk-store.ts';
import { exportJson } from '../../core/json-export.ts';
import { download } from '../shared/download.ts';
import { JsonFilePicker } from '../shared/json-file-picker.tsx';
import { useI18n } from '../shared/i18n-context.ts';

/** `withCsv`: the register-form CSV of a period, for a manager; every device keeps the JSON hand-over. */
export function RecordsPanel({ session, deps, attentionCount, withCsv }: { session: DeskSession; deps: RecordDeps; attentionCount: number; withCsv: boolean }) {
  const tr = useI18n();
  const { t } = tr;
  const today = isoDateOfDay(helsinkiDay(Date.now()));
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [attention, setAttention] = useState<RecordRow[]>([]);
  useEffect(() => {
    void attentionList(deps).then(setAttention);
  }, [attentionCount]);

  const fromDay = dayFromIsoDate(from);
  const toDay = dayFromIsoDate(to);
  const valid = fromDay !== null && toDay !== null && fromDay <= toDay;
  const exportAs = async (format: 'csv' | 'json') => {
    if (valid) download(await exportDays(session, deps, format, fromDay, toDay));
  };

  return (
    <section aria-labelledby="records-heading">
      <h2 id="records-heading">{t('records.heading')}</h2>
      <div class="row">
        <label>
          {t('records.from')} <input type="date" value={from} max={to} onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <label>
          {t('records.to')} <input type="date" value={to} min={from} onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)} />
        </label>
      </div>
      <div class="row">
        {withCsv && (
          <button type="button" class="secondary" data-testid="export-csv" disabled={!valid} onClick={() => void exportAs('csv')}>
            {t('records.csv')}
          </button>
        )}
        <button type="button" class="secondary" data-testid="export-json" disabled={!valid} onClick={() => void exportAs('json')}>
          {t('records.json')}
        </button>
      </div>
      <JsonFilePicker label={t('records.import')} testId="import-records" onText={(text) => importRecords(session, deps, text)} />

      <h2>{t('attention.heading')}</h2>
      {attention.length === 0 ? (
        <p>{t('attention.none')}</p>
      ) : (
        <>
          <ul class="attention-list" data-testid="attention-list">
            {attention.map((row) => (
              <li key={row.id}>
                {t('attention.item', { card: row.cardId, date: tr.time(row.atMs), outcome: row.record.outcome, error: row.error ?? '' })}{' '}
                <button type="button" class="link" onClick={() => void retryAttention(session, deps, row.id)}>
                  {t('attention.retry')}
                </button>
              </li>
            ))}
          </ul>
          {/* The refused records as JSON, for whoever sorts them out with the register or the server. */}
          <button
            type="button"
            class="secondary"
            data-testid="export-attention"
            onClick={() => download({ name: `kaiku-needs-attention-${today}.json`, type: 'application/json', text: exportJson(attention.map((row) => row.record)) })}
          >
            {t('attention.export')}
          </button>
        </>
      )}
    </section>
  );
}
