// The card-number field: a typed ID or a pasted KK1. code, checked on Enter.

import { useState } from 'preact/hooks';
import { useI18n } from '../shared/i18n-context.ts';

export function CardInput({ onCheck, busy }: { onCheck(text: string): void; busy: boolean }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  return (
    <form
      class="card-input"
      onSubmit={(e) => {
        e.preventDefault();
        onCheck(text);
        setText('');
      }}
    >
      <label for="card-input">{t('card.label')}</label>
      <div class="row">
        <input
          id="card-input"
          data-testid="card-input"
          value={text}
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          enterKeyHint="go"
          onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit" class="primary" disabled={busy}>
          {t('card.check')}
        </button>
      </div>
    </form>
  );
}
