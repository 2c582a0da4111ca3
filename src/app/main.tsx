// Starts the desk: opens storage, picks the Ed25519 engine, loads what the device has stored, and
// renders. Registers the service worker so the desk starts offline after one online visit.

import { render } from 'preact';
import { pickEd25519 } from '../core/ed25519.ts';
import type { SubtleEd25519 } from '../core/ed25519.ts';
import { DeskStore } from '../storage/desk-store.ts';
import { openDeskDb } from '../storage/db.ts';
import { requestPersistence } from '../storage/persistence.ts';
import type { DrainLoop } from '../sync/drain-loop.ts';
import { DeskSession } from './desk/desk-session.ts';
import { isLanguage, loadTranslator, preferredLanguage } from './i18n/translate.ts';
import { later } from './shared/later.ts';
import { buildRoots } from './roots.ts';
import { App } from './shell/app.tsx';
import './styles.css';

const root = document.getElementById('app')!;
let applyUpdate: (() => void) | null = null;
let rerender: () => void = () => undefined;

function fatal(message: string): void {
  root.innerHTML = '';
  const p = document.createElement('p');
  p.className = 'notice notice-error';
  p.setAttribute('role', 'alert');
  p.textContent = message;
  root.append(p);
}

async function start(): Promise<void> {
  const [db, ed] = await Promise.all([
    openDeskDb(undefined, {
      // Another tab wants a newer schema: let it, and say why this one stopped.
      onBlocking: (e) => fatal(e.message),
      onTerminated: (e) => fatal(e.message),
    }),
    // The fallback engine is a chunk of its own, fetched only where WebCrypto has no Ed25519.
    pickEd25519(globalThis.crypto?.subtle as unknown as SubtleEd25519 | undefined, async () => (await import('../core/ed25519-noble.ts')).nobleEd25519),
  ]);
  const store = new DeskStore(db);
  const httpFetch: typeof fetch = (input, init) => fetch(input, init);
  const now = () => Date.now();
  const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
  // The upload loop is loaded after the first screen (it and the HTTP side are a fifth of the desk's
  // JS); what the session tells it meanwhile waits for it, so no record or enrolment goes unheard.
  let markLoaded: (drain: DrainLoop) => void = () => undefined;
  const drainLoaded = new Promise<DrainLoop>((resolve) => (markLoaded = resolve));
  const session = new DeskSession({
    store,
    ed,
    roots: buildRoots,
    now,
    random,
    fetch: httpFetch,
    online: () => navigator.onLine,
    drain: later(() => drainLoaded, ['kick', 'reenrolled', 'reportUnauthorized']),
  });
  const desk = session;
  // The lazily loaded screens get what they work with from here, not by reaching through the session.
  const screens = { store, fetch: httpFetch, now, random };
  const [language, sound] = await Promise.all([store.getPref('language'), store.getPref('sound'), session.start()]);
  const translator = await loadTranslator(isLanguage(language) ? language : preferredLanguage(navigator.languages));
  void requestPersistence();
  // An enrolment code in the link is used once, then taken out of the address bar and history.
  const linkCode = new URLSearchParams(location.search).get('enrol');
  if (linkCode !== null) history.replaceState(null, '', location.pathname);
  rerender = () =>
    render(
      <App
        session={desk}
        screens={screens}
        translator={translator}
        sound={sound !== false}
        demoKeys={buildRoots.demo}
        defaultServer={location.origin}
        linkCode={desk.snapshot.device ? null : linkCode}
        savePref={(key, value) => void store.setPref(key, value as never)}
        updateReady={applyUpdate}
      />,
      root,
    );
  rerender();
  if (desk.snapshot.device && navigator.onLine) desk.server.refresh().catch(() => undefined);
  markLoaded(await startDrain(store, httpFetch, desk));
}

/**
 * Uploads run on their own: on a new record, on 'online', at start, and every 30 s while online,
 * when the venue-wide data (settings, bundle, other desks' uses) is refreshed too.
 */
async function startDrain(store: DeskStore, httpFetch: typeof fetch, desk: DeskSession): Promise<DrainLoop> {
  const [{ DrainLoop, browserNetwork, systemClock }, { deviceUploader }] = await Promise.all([import('../sync/drain-loop.ts'), import('../sync/upload.ts')]);
  const network = browserNetwork();
  const drain = new DrainLoop({
    store,
    upload: deviceUploader(store, { fetch: httpFetch }),
    clock: systemClock,
    network,
    onTick: async () => {
      // A refused token reaches the loop through the session; other failures wait for the next tick.
      await desk.server.refresh().catch(() => undefined);
    },
  });
  drain.subscribe((s) => desk.server.syncStatus(s));
  // Back online: report the quota shares at once (give back what is due, hear what was released).
  network.subscribe((online) => online && void desk.shares.poll());
  drain.start();
  return drain;
}

// The service worker's registration (pwa.ts, with workbox-window) loads beside the first screen, not in it.
void import('./pwa.ts')
  .then(({ registerServiceWorker }) =>
    registerServiceWorker({
      // Offered on screen, applied only when staff choose and the desk is not in the middle of a check.
      onUpdateReady(apply) {
        applyUpdate = () => void apply();
        rerender();
      },
      onOfflineReady: () => undefined,
      onError: (e) => console.warn('service worker', e),
    }),
  )
  .catch((e: unknown) => console.warn('service worker', e));

start().catch((e: unknown) => fatal((e as Error)?.message ?? String(e)));
