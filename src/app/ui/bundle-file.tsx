// Load a bundle file, for venues without a network: the same rules as a bundle from the server.

import { useI18n } from './i18n-context.ts';

export function BundleFile({ onText }: { onText(text: string): void }) {
  const { t } = useI18n();
  return (
    <label class="file">
      <span class="secondary button-like">{t('bundle.load')}</span>
      <input
        type="file"
        data-testid="bundle-file"
        accept=".json,application/json"
        class="visually-hidden"
        onChange={async (e) => {
          const input = e.currentTarget as HTMLInputElement;
          const file = input.files?.[0];
          if (file) onText(await file.text());
          input.value = '';
        }}
      />
    </label>
  );
}
