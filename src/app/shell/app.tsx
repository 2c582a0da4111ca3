// The app: first-run enrolment, the desk, the settings screen and a manager's statistics, in the
// chosen language; a coordinator's browser shows the statistics screen only.

import { useEffect, useMemo, useState } from 'preact/hooks';
import { helsinkiDay } from '../../core/calendar.ts';
import type { DeskSession } from '../desk/desk-session.ts';
import type { DeskState } from '../desk/desk-state.ts';
import { useDeskState } from './desk-state-hook.ts';
import { signal, unlockAudio } from '../feedback.ts';
import type { Language, Translator } from '../i18n/translate.ts';
import { loadTranslator } from '../i18n/translate.ts';
import { createWedgeDetector } from '../wedge-detector.ts';
import { Banners } from './banners.tsx';
import { CameraView } from '../desk-screen/camera-view.tsx';
import { CardInput } from '../desk-screen/card-input.tsx';
import { RecentChecks } from '../desk-screen/recent-checks.tsx';
import { COUNT_FIELD_ATTR, WEDGE_SCAN_EVENT } from '../desk-screen/count-input.tsx';
import { HeaderBar, LanguageSelect } from './header-bar.tsx';
import { I18n, useI18n } from '../shared/i18n-context.ts';
import { LazyEnrol, LazySettings, LazyStats, useVenueOutbox } from './lazy-screens.tsx';
import type { SettingsDeps } from '../settings/manager-screen.tsx';
import { StatusBar } from './status-bar.tsx';
import { VerdictPanel } from '../desk-screen/verdict-panel.tsx';

export interface AppProps {
  session: DeskSession;
  /** What the settings screen and the manager's outbox work with, handed over as they load. */
  screens: SettingsDeps;
  /** The stored or preferred language, its catalogue already loaded. */
  translator: Translator;
  sound: boolean;
  demoKeys: boolean;
  defaultServer: string;
  linkCode: string | null;
  savePref(key: 'language' | 'sound', value: string | boolean): void;
  updateReady: (() => void) | null;
}

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    addEventListener('online', update);
    addEventListener('offline', update);
    return () => {
      removeEventListener('online', update);
      removeEventListener('offline', update);
    };
  }, []);
  return online;
}

/** Re-render each minute: banners and the event list depend on the time of day. The tick counts the minutes. */
function useMinuteTick(): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setTick((n) => n + 1), 60_000);
    return () => clearInterval(id);
  }, []);
  return tick;
}

const isField = (el: EventTarget | null) => el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName));
// A count field keeps feeding the wedge detector: a scan there is still a scan (see CountInput).
const isCountField = (el: EventTarget | null) => el instanceof HTMLElement && el.hasAttribute(COUNT_FIELD_ATTR);

// After Confirm or Undo the next card must work without a tap: with a keyboard, the card field
// takes the next typed number (and a wedge scan); on a touch screen nothing keeps focus, so no
// on-screen keyboard pops up and a wedge scan still lands on the desk.
function readyForNextCard(): void {
  const card = document.getElementById('card-input');
  if (card && !matchMedia('(pointer: coarse)').matches) card.focus({ preventScroll: true });
  else if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
}

export function App(props: AppProps) {
  const { session } = props;
  const state = useDeskState(session);
  const online = useOnline();
  const minute = useMinuteTick();
  const [tr, setTr] = useState(props.translator);
  const language = tr.language;
  const [sound, setSound] = useState(props.sound);
  const [screen, setScreen] = useState<'desk' | 'manager' | 'stats'>('desk');
  const [camera, setCamera] = useState(false);
  // After a revoked token: the enrol screen again, with every record kept (they keep their old device id).
  const [reenrolling, setReenrolling] = useState(false);
  // A coordinator's browser has no desk: no scanner listens there.
  const onDesk = state.device !== null && state.device.role !== 'coordinator' && !reenrolling && screen === 'desk';

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  // A manager's settings change kept offline is sent when the desk is online again.
  useVenueOutbox(session, props.screens, state.device?.role === 'manager');

  // A verdict clears itself back to the idle screen after a while, so the counter never shows an
  // old answer to the next person. A valid card waiting for Confirm stays until staff act.
  useEffect(() => {
    const kind = state.verdict.kind;
    if (state.clearAfterS <= 0 || kind === 'idle' || kind === 'accepted') return;
    const timer = setTimeout(() => session.flow.clear(), state.clearAfterS * 1000);
    return () => clearTimeout(timer);
  }, [state.checkNo, state.clearAfterS, state.verdict.kind]);

  // A sound and a vibration for every new verdict.
  useEffect(() => {
    const kind = state.verdict.kind === 'accepted' && state.verdict.confirmReason ? 'rejected' : state.verdict.kind;
    if (state.checkNo > 0 && kind !== 'idle') signal(kind, sound);
  }, [state.checkNo]);

  // Keyboard-wedge scanners work with no field focused, anywhere on the desk screen.
  useEffect(() => {
    if (!onDesk) return;
    const detector = createWedgeDetector();
    const onKey = (e: KeyboardEvent) => {
      unlockAudio();
      if ((isField(e.target) && !isCountField(e.target)) || e.ctrlKey || e.altKey || e.metaKey) return detector.reset();
      const scanned = detector.key(e.key, e.timeStamp);
      if (scanned !== null) {
        e.preventDefault();
        if (isCountField(e.target)) e.target!.dispatchEvent(new Event(WEDGE_SCAN_EVENT));
        void session.flow.check(scanned, 'wedge');
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  }, [onDesk, session]);

  // The same functions from render to render: the header, the camera and the status bar are
  // memoised (shared/memo.ts), and a new function each time would redraw them on every check.
  const on = useMemo(
    () => ({
      language: (l: Language) => {
        props.savePref('language', l);
        void loadTranslator(l).then(setTr);
      },
      sound: (value: boolean) => {
        setSound(value);
        props.savePref('sound', value);
      },
      event: (id: string | null) => void session.events.choose(id),
      manager: () => setScreen('manager'),
      code: (text: string) => void session.flow.check(text, 'camera'),
      undo: () => void session.undo.last().finally(readyForNextCard),
    }),
    [session, props.savePref],
  );
  const onBundleFile = (text: string) => void session.bundleFile.load(text);
  // What the header lists and what Undo names, worked out again only when what they show changed.
  const events = useMemo(() => (screen === 'desk' && state.device ? session.events.choices() : null), [session, screen, state.device, state.venue, state.eventId, minute]);
  const undoable = useMemo(() => (state.undoable ? session.undo.describe(state.undoable) : null), [session, state.undoable, state.venue]);

  if (!state.ready) return null;

  if (!state.device || reenrolling) {
    return (
      <I18n.Provider value={tr}>
        <div class="shell" onPointerDown={unlockAudio}>
          <header class="top">
            <span class="brand">{tr.t('app.title')}</span>
            <LanguageSelect language={language} onLanguage={on.language} />
          </header>
          <Banners demoKeys={props.demoKeys} clock={false} staleDays={null} offline={!online} eventDay={null} update={props.updateReady} reenrol={null} />
          <Notice state={state} />
          <LazyEnrol defaultServer={props.defaultServer} linkCode={props.linkCode} onEnrol={async (u, c, n) => {
              await session.server.enrol(u, c, n);
              setReenrolling(false);
            }} onBundleFile={onBundleFile} />
        </div>
      </I18n.Provider>
    );
  }

  const device = state.device;
  // A coordinator's browser: no venue, no cards, no outbox; the statistics of their locality only.
  if (device.role === 'coordinator') {
    return (
      <I18n.Provider value={tr}>
        <div class="shell">
          <header class="top">
            <span class="brand">{tr.t('app.title')}</span>
            <LanguageSelect language={language} onLanguage={on.language} />
          </header>
          <Banners demoKeys={false} clock={false} staleDays={null} offline={!online} eventDay={null} update={props.updateReady} reenrol={null} />
          <LazyStats device={device} scope={{ kind: 'locality', id: device.localityId, name: device.localityId }} fetch={props.screens.fetch} now={props.screens.now} onClose={null} onReenrol={() => setReenrolling(true)} />
        </div>
      </I18n.Provider>
    );
  }

  const today = session.clock.today();
  const event = session.events.current();
  const bundle = state.bundle;
  const busyChecking = state.busy;

  return (
    <I18n.Provider value={tr}>
      <div class="shell" onPointerDown={unlockAudio}>
        <HeaderBar events={events} eventId={state.eventId} onEvent={on.event} language={language} onLanguage={on.language} sound={sound} onSound={on.sound} onManager={screen === 'desk' ? on.manager : null} />
        <Banners
          demoKeys={props.demoKeys}
          clock={session.clock.problem() !== null}
          staleDays={bundle && session.clock.isStale() ? Math.max(1, today - helsinkiDay(bundle.issuedAtMs)) : null}
          offline={!online}
          eventDay={event && event.day !== today ? event.day : null}
          update={props.updateReady && state.verdict.kind !== 'accepted' ? props.updateReady : null}
          reenrol={state.unauthorized ? () => setReenrolling(true) : null}
        />
        <Notice state={state} />
        {screen === 'manager' ? (
          <LazySettings venue={state.venue} bundle={bundle} device={device} session={session} deps={props.screens} attentionCount={state.attention} onBundleFile={onBundleFile} onClose={() => setScreen('desk')} onStats={() => setScreen('stats')} onReenrol={() => {
              setScreen('desk');
              setReenrolling(true);
            }} />
        ) : screen === 'stats' ? (
          <LazyStats device={device} scope={{ kind: 'venue', id: device.venueId, name: state.venue?.name ?? device.venueId }} fetch={props.screens.fetch} now={props.screens.now} onClose={() => setScreen('desk')} onReenrol={() => {
              setScreen('desk');
              setReenrolling(true);
            }} />
        ) : (
          <main class="desk">
            <div class="inputs">
              <CardInput busy={busyChecking} onCheck={(text) => void session.flow.check(text, 'typed')} />
              <CameraView on={camera} onToggle={setCamera} onCode={on.code} />
            </div>
            <VerdictPanel
              view={state.verdict}
              checkNo={state.checkNo}
              busy={busyChecking}
              venue={state.venue}
              standing={state.standing}
              onConfirm={(children, assistants) => void session.flow.confirm({ adults: 1, children, assistants }).finally(readyForNextCard)}
              onOverride={(children) => void session.flow.override(children)}
              onSuggestion={(id) => void session.flow.check(id, 'typed')}
            />
            <RecentChecks recent={state.recent} />
          </main>
        )}
        <StatusBar undoable={undoable} pending={state.pending} attention={state.attention} lastSyncMs={state.lastSyncMs} busy={busyChecking} onUndo={on.undo} />
      </div>
    </I18n.Provider>
  );
}

function Notice({ state }: { state: DeskState }) {
  const tr = useI18n();
  const { t } = tr;
  if (!state.notice) return null;
  const params = state.notice.params && Object.fromEntries(Object.entries(state.notice.params).map(([k, v]) => [k, k.endsWith('Day') && typeof v === 'number' ? tr.day(v) : v]));
  return (
    <p class={`notice notice-${state.notice.tone}`} role={state.notice.tone === 'error' ? 'alert' : 'status'} data-testid="notice">
      {t(state.notice.key, params)}
    </p>
  );
}
