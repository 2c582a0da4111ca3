/// <reference types="vite-plugin-pwa/vanillajs" />
// The one place that registers the service worker (src/sw.ts, built to /sw.js). The desk decides
// when an update is applied: never in the middle of a check.

import { registerSW } from 'virtual:pwa-register';

export interface ServiceWorkerHandlers {
  /** A new build is installed and waiting. `apply` activates it and reloads the page. */
  onUpdateReady(apply: () => Promise<void>): void;
  /** The build is precached: from now on the desk starts with the network off. */
  onOfflineReady(): void;
  onError(error: Error): void;
}

// A desk tab stays open all day and never navigates, and browsers only look for a new worker on
// navigation, so without this a build deployed in the morning would wait for tomorrow's restart.
const updateCheckMs = 60 * 60 * 1000;

export function registerServiceWorker(handlers: ServiceWorkerHandlers): void {
  let offered = false;
  const offer = () => {
    if (offered) return;
    offered = true;
    handlers.onUpdateReady(async () => {
      // The new worker takes over on SKIP_WAITING; reload once it controls the page.
      navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
      await updateSW(true);
    });
  };
  const updateSW = registerSW({
    immediate: true,
    // workbox-window reports a waiting build only when it believes it caused the install; the
    // registration's own events below catch the rest (a check of ours, another tab's).
    onNeedRefresh: offer,
    onOfflineReady: () => handlers.onOfflineReady(),
    onRegisterError: (error: unknown) => handlers.onError(error instanceof Error ? error : new Error(String(error))),
    onRegisteredSW: (_url, registration) => {
      if (!registration) return;
      const watch = (sw: ServiceWorker | null) => {
        if (!sw) return;
        const ready = () => sw.state === 'installed' && navigator.serviceWorker.controller !== null && offer();
        ready();
        sw.addEventListener('statechange', ready);
      };
      watch(registration.waiting);
      registration.addEventListener('updatefound', () => watch(registration.installing));
      setInterval(() => {
        // Offline the check can only fail; skip it rather than wake the network stack for nothing.
        if (!navigator.onLine || registration.installing) return;
        // A failed check (venue Wi-Fi without internet, server down) is routine: the next one retries.
        registration.update().catch(() => undefined);
      }, updateCheckMs);
    },
  });
}
