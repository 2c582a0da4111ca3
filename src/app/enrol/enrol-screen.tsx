// First run: enrol the device with the server address and a one-time code; or, with no network at
// all, load a bundle file first (enrolment is still needed once, for record ids).

import { useEffect, useRef, useState } from 'preact/hooks';
import { SyncError, normaliseServerUrl } from '../../sync/api-client.ts';
import { JsonFilePicker } from '../shared/json-file-picker.tsx';
import type { MessageKey } from '../i18n/translate.ts';
import { useI18n } from '../shared/i18n-context.ts';

interface Props {
  defaultServer: string;
  /** A code handed over in the link (?enrol=…, as the demo server prints it): enrol at once. */
  linkCode: string | null;
  onEnrol(serverUrl: string, code: string, deviceName: string): Promise<void>;
  onBundleFile(text: string): void;
}

function errorKey(e: unknown): { key: MessageKey; status: string } {
  if (e instanceof SyncError) {
    const status = e.status === null ? '' : String(e.status);
    if (e.kind === 'forbidden') return { key: 'enrol.error.forbidden', status };
    if (e.kind === 'rate-limited') return { key: 'enrol.error.rateLimited', status };
    if (e.kind === 'offline') return { key: 'enrol.error.offline', status };
    return { key: 'enrol.error.server', status: status || e.message };
  }
  return { key: 'enrol.error.server', status: String((e as Error)?.message ?? e) };
}

export function EnrolScreen({ defaultServer, linkCode, onEnrol, onBundleFile }: Props) {
  const { t } = useI18n();
  const [server, setServer] = useState(defaultServer);
  const [code, setCode] = useState(linkCode ?? '');
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (linkCode) form.current?.requestSubmit();
  }, []);
  const [name, setName] = useState('');
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  return (
    <main class="enrol">
      <h1>{t('enrol.heading')}</h1>
      <p>{t('enrol.intro')}</p>
      <p>{t('enrol.coordinator')}</p>
      <form
        ref={form}
        onSubmit={async (e) => {
          e.preventDefault();
          const url = normaliseServerUrl(server);
          if (!url) return setError(t('enrol.error.badUrl'));
          setWorking(true);
          setError(null);
          try {
            await onEnrol(url, code, name.trim() || 'Desk');
          } catch (err) {
            const { key, status } = errorKey(err);
            setError(t(key, { status }));
          } finally {
            setWorking(false);
          }
        }}
      >
        <label for="enrol-server">{t('enrol.server')}</label>
        <input id="enrol-server" data-testid="enrol-server" type="url" inputMode="url" autocomplete="url" value={server} onInput={(e) => setServer((e.currentTarget as HTMLInputElement).value)} required />
        <label for="enrol-code">{t('enrol.code')}</label>
        <input id="enrol-code" data-testid="enrol-code" autocomplete="one-time-code" autocapitalize="characters" spellcheck={false} value={code} onInput={(e) => setCode((e.currentTarget as HTMLInputElement).value)} required />
        <label for="enrol-name">{t('enrol.deviceName')}</label>
        <input id="enrol-name" value={name} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
        {error && (
          <p class="notice notice-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" data-testid="enrol-submit" disabled={working}>
          {working ? t('enrol.working') : t('enrol.submit')}
        </button>
      </form>
      <JsonFilePicker label={t('bundle.load')} testId="bundle-file" onText={onBundleFile} />
    </main>
  );
}
