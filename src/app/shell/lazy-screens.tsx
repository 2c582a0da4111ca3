// Screens a desk rarely shows are loaded when shown: the setup screen (first run only), the
// settings screen (limits editor, records, report with charts) with its texts; and
// a manager device's outbox for settings changes only on manager devices: the desk's first screen
// carries neither. Both chunks are precached, so this works offline too.

import type { ComponentProps, FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { DeskSession } from '../desk/desk-session.ts';
import type { Translator } from '../i18n/translate.ts';
import { withSettingsTexts } from '../i18n/translate.ts';
import { I18n, useI18n } from '../shared/i18n-context.ts';
import type { EnrolScreen } from '../enrol/enrol-screen.tsx';
import type { ManagerScreen } from '../settings/manager-screen.tsx';

type Props = ComponentProps<typeof ManagerScreen>;
type EnrolProps = ComponentProps<typeof EnrolScreen>;

/** First run only: the setup screen, loaded when a device has no enrolment. */
export function LazyEnrol(props: EnrolProps) {
  const [Screen, setScreen] = useState<FunctionComponent<EnrolProps> | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    import('../enrol/enrol-screen.tsx').then(
      (m) => live && setScreen(() => m.EnrolScreen),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);
  return Screen ? <Screen {...props} /> : <Loading failed={failed} />;
}

export function LazySettings(props: Props) {
  const tr = useI18n();
  const [loaded, setLoaded] = useState<{ Screen: FunctionComponent<Props>; tr: Translator } | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    Promise.all([import('../settings/manager-screen.tsx'), withSettingsTexts(tr)]).then(
      ([m, withTexts]) => live && setLoaded({ Screen: m.ManagerScreen, tr: withTexts }),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [tr]);
  if (!loaded) return <Loading failed={failed} />;
  return (
    <I18n.Provider value={loaded.tr}>
      <loaded.Screen {...props} />
    </I18n.Provider>
  );
}

/** While a screen's code loads; if it cannot (offline before the app was ever cached), say so. */
function Loading({ failed }: { failed: boolean }) {
  const { t } = useI18n();
  return (
    <main aria-busy={!failed}>
      {failed && (
        <p class="notice notice-error" role="alert">
          {t('screen.loadFailed')}
        </p>
      )}
    </main>
  );
}

/** On a manager device: sends a settings change kept offline once the desk is online again. */
export function useVenueOutbox(session: DeskSession, deps: Props['deps'], isManager: boolean): void {
  useEffect(() => {
    if (!isManager) return;
    let stop: (() => void) | null = null;
    let live = true;
    void import('../manager/venue-sync.ts').then((m) => {
      if (live) stop = m.startVenueOutbox(session, deps);
    });
    return () => {
      live = false;
      stop?.();
    };
  }, [session, deps, isManager]);
}
