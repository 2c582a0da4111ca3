// Where the manager's change stands (unsaved, sending, not sent yet, refused, saved) with Save and
// Discard; after a 412, what another manager changed meanwhile, in words, and a redo of this
// change on top of theirs.

import { useMemo } from 'preact/hooks';
import type { VenueSettings } from '../../core/venue.ts';
import type { MessageKey, Translator } from '../i18n/translate.ts';
import { useI18n } from '../shared/i18n-context.ts';
import type { VenueChange } from './venue-merge.ts';
import { venueChanges } from './venue-merge.ts';
import type { VenueSyncState } from './venue-sync.ts';

const FIELD_LABEL: Record<string, MessageKey> = {
  name: 'manager.venue',
  dayQuota: 'manager.dayQuota',
  perCard: 'manager.perCard',
  allowOverride: 'manager.allowOverride',
  fastMode: 'manager.fastMode',
  defaultCategory: 'editor.defaultCategory',
};

function limitValue(tr: Translator, field: string, v: unknown): string {
  if (v === null) return tr.t('manager.unlimited');
  if (typeof v === 'boolean') return tr.t(v ? 'manager.yes' : 'manager.no');
  if (field === 'perCard') {
    const p = v as { max: number; window: string };
    return `${p.max} ${tr.t(`window.${p.window}` as MessageKey)}`;
  }
  if (field === 'defaultCategory') return tr.t(`category.${v as VenueSettings['defaultCategory']}`);
  return String(v);
}

function describeChange(tr: Translator, c: VenueChange): string {
  if (c.kind === 'limit') return tr.t('conflict.limit', { field: tr.t(FIELD_LABEL[c.field]!), from: limitValue(tr, c.field, c.from), to: limitValue(tr, c.field, c.to) });
  const e = c.kind === 'changed' ? c.after : c.event;
  return tr.t(`conflict.${c.kind}`, { title: e.title, date: `${tr.day(e.day)} ${e.start}` });
}

export function SaveBar({ state, dirty, problem, onSave, onRedo, onDiscard }: { state: VenueSyncState; dirty: boolean; problem: string | null; onSave(): void; onRedo(): void; onDiscard(): void }) {
  const tr = useI18n();
  const { t } = tr;
  const draft = state.draft;
  const elsewhere = useMemo(() => (draft?.status === 'conflict' && draft.current ? venueChanges(draft.base, draft.current.settings) : []), [draft]);
  const status = state.sending ? 'sending' : draft ? draft.status : dirty ? 'dirty' : state.savedAtMs !== null ? 'saved' : 'clean';
  return (
    <div class="save-bar">
      {problem && (
        <p class="notice notice-error" role="alert" data-testid="editor-problem">
          {t('editor.invalid', { problem })}
        </p>
      )}
      <p class="notice" role="status" data-testid="save-status" data-status={status}>
        {status === 'sending' && t('editor.saving')}
        {status === 'pending' && t('editor.pending')}
        {status === 'refused' && t('editor.refused', { error: draft?.error ?? '' })}
        {status === 'conflict' && t('conflict.heading')}
        {status === 'dirty' && t('editor.unsaved')}
        {status === 'saved' && t('editor.saved')}
      </p>
      {status === 'conflict' && (
        <div class="conflict" data-testid="conflict">
          <p>{t('conflict.intro')}</p>
          <ul>
            {elsewhere.map((c, i) => (
              <li key={i} data-testid="conflict-item">
                {describeChange(tr, c)}
              </li>
            ))}
          </ul>
          <button type="button" class="primary" data-testid="conflict-redo" onClick={onRedo}>
            {t('conflict.redo')}
          </button>
        </div>
      )}
      {((dirty && status !== 'conflict') || status === 'refused') && (
        <button type="button" class="primary" data-testid="venue-save" disabled={state.sending} onClick={onSave}>
          {t('editor.save')}
        </button>
      )}
      {draft && (
        <button type="button" class="secondary" data-testid="venue-discard" disabled={state.sending} onClick={onDiscard}>
          {t('editor.discard')}
        </button>
      )}
    </div>
  );
}
