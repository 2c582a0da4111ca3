// A number of people (children, assistants): a real number field for keyboards and tests, with
// large − and + buttons beside it for fingers.

import { useI18n } from './i18n-context.ts';

interface Props {
  id: string;
  testId: string;
  label: string;
  value: number;
  max: number;
  onChange(value: number): void;
}

export function CountInput({ id, testId, label, value, max, onChange }: Props) {
  const { t } = useI18n();
  const set = (n: number) => onChange(Math.max(0, Math.min(max, n)));
  return (
    <div class="count">
      <label for={id}>{label}</label>
      <div class="count-row">
        <button type="button" class="step" aria-label={`${t('decrease')}: ${label}`} onClick={() => set(value - 1)} disabled={value <= 0}>
          −
        </button>
        <input
          id={id}
          data-testid={testId}
          type="number"
          inputMode="numeric"
          min={0}
          max={max}
          value={value}
          onInput={(e) => {
            const input = e.currentTarget as HTMLInputElement;
            if (input.value === '') return; // mid-edit: keep the last count until a number is typed
            const n = Math.max(0, Math.min(max, Math.floor(Number(input.value)) || 0));
            // Keep the field showing what counts, even when the clamped number did not change.
            if (input.value !== String(n)) input.value = String(n);
            onChange(n);
          }}
        />
        <button type="button" class="step" aria-label={`${t('increase')}: ${label}`} onClick={() => set(value + 1)} disabled={value >= max}>
          +
        </button>
      </div>
    </div>
  );
}
