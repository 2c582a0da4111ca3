// What waits to upload, what needs attention, and when the venue-wide data was last refreshed.

import { memo } from '../shared/memo.ts';
import { useI18n } from '../shared/i18n-context.ts';

interface Props {
  pending: number;
  attention: number;
  lastSyncMs: number | null;
  /** What Undo would undo (card, event, counts), or null when nothing today. */
  undoable: Record<string, string | number> | null;
  onUndo(): void;
  busy: boolean;
}

/** Memoised: a check that changes none of these does not redraw it. */
export const StatusBar = memo(function StatusBar({ pending, attention, lastSyncMs, undoable, onUndo, busy }: Props) {
  const tr = useI18n();
  const { t } = tr;
  return (
    <footer class="status">
      <span data-testid="pending" data-count={String(pending)} class={pending ? 'pending-some' : ''}>
        {t('status.pending', { n: tr.number(pending) })}
      </span>
      <span data-testid="attention" data-count={String(attention)} class={attention ? 'attention' : ''}>
        {t('status.attention', { n: tr.number(attention) })}
      </span>
      <span class="last-sync">{lastSyncMs === null ? t('status.neverSynced') : t('status.lastSync', { time: tr.time(lastSyncMs) })}</span>
      {/* The button names what one tap undoes, so the tap is never a guess at what "last" is. */}
      <button type="button" class="secondary undo" data-testid="undo" onClick={onUndo} disabled={busy} title={undoable ? t('undo.hint', undoable) : t('undo.nothing')}>
        {undoable ? t('undo.of', undoable) : t('undo')}
      </button>
    </footer>
  );
});
