// Screens a desk rarely shows are loaded when shown: the setup screen (first run only), the
// settings screen (limits editor, records, report with charts) with its texts, the statistics
// screen (a coordinator's app, a manager's view of the venue) with its texts; and a manager
// device's outbox for settings changes only on manager devices: the desk's first screen carries
// none of them. Every chunk is precached, so this works offline too.

import type { ComponentProps, FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { DeskSession } from '../desk/desk-session.ts';
import type { Translator } from '../i18n/translate.ts';
import { withSettingsTexts } from '../i18n/translate.ts';
import { I18n, useI18n } from '../shared/i18n-context.ts';
import type { EnrolScreen } from '../enrol/enrol-screen.tsx';
import type { ManagerScreen } from '../settings/manager-screen.tsx';
import type { StatsScreenProps } from '../stats/stats-screen.tsx';

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
  return <WithTexts load={(tr) => Promise.all([import('../settings/manager-screen.tsx').then((m) => m.ManagerScreen), withSettingsTexts(tr)])} props={props} />;
}

export function LazyStats(props: StatsScreenProps) {
  return <WithTexts load={(tr) => Promise.all([import('../stats/stats-screen.tsx').then((m) => m.StatsScreen), import('../i18n/stats-texts.ts').then((m) => m.withStatsTexts(tr))])} props={props} />;
}

/** A screen loaded with the texts it needs beside the desk's, in the current language. */
function WithTexts<P extends object>({ load, props }: { load(tr: Translator): Promise<[FunctionComponent<P>, Translator]>; props: P }) {
  const tr = useI18n();
  const [loaded, setLoaded] = useState<{ Screen: FunctionComponent<P>; tr: Translator } | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    load(tr).then(
      ([Screen, withTexts]) => live && setLoaded({ Screen, tr: withTexts }),
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
