// The statistics screen's period: this year so far, last year, one month from a list, or any
// from–to. The core turns the choice into Helsinki days (core/stats-period.ts); this only asks.

import type { PeriodChoice } from '../../core/stats-period.ts';
import type { MessageKey } from '../i18n/translate.ts';
import { useI18n } from '../shared/i18n-context.ts';

export type ChoiceKind = PeriodChoice['kind'];

export interface PeriodFields {
  kind: ChoiceKind;
  month: string;
  from: string;
  to: string;
}

export function choiceOf(f: PeriodFields): PeriodChoice {
  if (f.kind === 'month') return { kind: 'month', month: f.month };
  if (f.kind === 'custom') return { kind: 'custom', from: f.from, to: f.to };
  return { kind: f.kind };
}

const KINDS: { kind: ChoiceKind; label: MessageKey }[] = [
  { kind: 'this-year', label: 'stats.period.thisYear' },
  { kind: 'last-year', label: 'stats.period.lastYear' },
  { kind: 'month', label: 'stats.period.month' },
  { kind: 'custom', label: 'stats.period.custom' },
];

interface Props {
  fields: PeriodFields;
  /** The months offered, newest first (YYYY-MM). */
  months: string[];
  onChange(fields: PeriodFields): void;
  /** The bad custom range, said under the fields, or null. */
  problem: string | null;
}

export function PeriodPicker({ fields, months, onChange, problem }: Props) {
  const tr = useI18n();
  const { t } = tr;
  const set = (more: Partial<PeriodFields>) => onChange({ ...fields, ...more });
  const value = (e: Event) => (e.currentTarget as HTMLInputElement | HTMLSelectElement).value;
  return (
    <fieldset class="stats-period no-print">
      <legend>{t('stats.period')}</legend>
      <div class="stats-choices">
        {KINDS.map(({ kind, label }) => (
          <label key={kind} class="stats-choice">
            <input type="radio" name="stats-period" value={kind} data-testid={`stats-period-${kind}`} checked={fields.kind === kind} onChange={() => set({ kind })} />
            <span>{t(label)}</span>
          </label>
        ))}
      </div>
      {fields.kind === 'month' && (
        <label class="stats-field">
          <span>{t('stats.month')}</span>
          <select data-testid="stats-month" value={fields.month} onChange={(e) => set({ month: value(e) })}>
            {months.map((m) => (
              <option key={m} value={m}>
                {tr.month(m)}
              </option>
            ))}
          </select>
        </label>
      )}
      {fields.kind === 'custom' && (
        <div class="stats-range">
          <label class="stats-field">
            <span>{t('stats.from')}</span>
            <input type="date" data-testid="stats-from" value={fields.from} aria-invalid={problem !== null} aria-describedby={problem ? 'stats-problem' : undefined} onInput={(e) => set({ from: value(e) })} />
          </label>
          <label class="stats-field">
            <span>{t('stats.to')}</span>
            <input type="date" data-testid="stats-to" value={fields.to} aria-invalid={problem !== null} aria-describedby={problem ? 'stats-problem' : undefined} onInput={(e) => set({ to: value(e) })} />
          </label>
        </div>
      )}
      {problem && (
        <p id="stats-problem" class="notice notice-error" role="alert" data-testid="stats-problem">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
