// A number of people (children, assistants): a number field (the contract's hook) that takes only
// digits from a keyboard, with large − and + buttons beside it for fingers. A barcode scanner may "type" into it when it has
// focus: its letters never get in, and when the app recognises the burst as a scan it sends
// WEDGE_SCAN_EVENT here, and the field goes back to the count it had before the burst.

import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from '../shared/i18n-context.ts';

/** Dispatched on the focused count field when a keyboard-wedge scan ended in it. */
export const WEDGE_SCAN_EVENT = 'kaiku-wedge-scan';
/** Marks the field for the app's wedge detector: keys typed here still feed it. */
export const COUNT_FIELD_ATTR = 'data-count-field';
// Keys further apart than this start a new run of typing; the count before a run is kept.
const RUN_BREAK_MS = 300;

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
  const run = useRef({ lastKeyMs: -Infinity, before: value });
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const el = field.current;
    if (!el) return;
    const undoBurst = () => {
      el.value = String(run.current.before);
      onChange(run.current.before);
    };
    el.addEventListener(WEDGE_SCAN_EVENT, undoBurst);
    return () => el.removeEventListener(WEDGE_SCAN_EVENT, undoBurst);
  }, [onChange]);
  return (
    <div class="count">
      <label for={id}>{label}</label>
      <div class="count-row">
        <button type="button" class="step" aria-label={`${t('decrease')}: ${label}`} onClick={() => set(value - 1)} disabled={value <= 0}>
          −
        </button>
        <input
          id={id}
          ref={field}
          data-testid={testId}
          {...{ [COUNT_FIELD_ATTR]: '' }}
          type="number"
          inputMode="numeric"
          min={0}
          max={max}
          value={value}
          onKeyDown={(e) => {
            if (e.timeStamp - run.current.lastKeyMs > RUN_BREAK_MS) run.current.before = value;
            run.current.lastKeyMs = e.timeStamp;
            // Only digits get in: a scanner's letters (and the "e", "-" or "." a number field takes) never do.
            if (e.key.length === 1 && !/[0-9]/.test(e.key) && !e.ctrlKey && !e.metaKey) e.preventDefault();
          }}
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
