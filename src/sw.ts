/// <reference lib="webworker" />
// The desk's service worker: the whole build is precached at install, so after one online visit
// the desk starts and runs with the network off. Updates wait until the desk applies them.

import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare let self: ServiceWorkerGlobalScope;

// vite-plugin-pwa injects the build's file list (every JS chunk, worker chunks included) here.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Any navigation (a reload, a deep link) gets the precached shell. /v1/ is the sync API: it must
// reach the network or fail, never get the shell, because the desk's HTTP module handles offline.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/v1\//, /^\/demo\//] }));

// No skipWaiting at install: a new build waits until the desk, when idle, asks for it (pwa.ts).
self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// Claiming only acts on activation. With no skipWaiting that is the first install (the page runs
// the very build just precached, so its lazy chunks now come from cache, offline included, without
// a reload) or an update the desk asked for; it never swaps a build under a page mid-check.
clientsClaim();
