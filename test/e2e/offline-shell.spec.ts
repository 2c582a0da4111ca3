// The service worker on the production build: after one online visit the desk starts with the
// network off, a new build waits until the desk applies it, and Chromium finds the app installable.

import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Page, expect, test } from '@playwright/test';

// What the precache must hold: every file the build emitted that a page can ask for (lazy and
// worker chunks included), not the worker itself nor source maps.
const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const emitted = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(js|css|html|svg|png|woff2|webmanifest)$/.test(f) && f !== 'sw.js');

// Registered as src/app/pwa.ts will (classic script, scope '/'), so this holds before the desk UI
// calls it and after. The wait needs no reload: the first install claims the page (src/sw.ts).
async function installWorker(page: Page): Promise<void> {
  await page.goto('/');
  await page.evaluate(() => navigator.serviceWorker.register('/sw.js'));
  await page.waitForFunction(() => navigator.serviceWorker.controller?.scriptURL.endsWith('/sw.js'));
}

test('after one online visit the desk starts offline, deep links get the shell, /v1/ never does', async ({ page, context }) => {
  await installWorker(page);
  await context.setOffline(true);

  const reloaded = await page.reload();
  expect(reloaded?.fromServiceWorker()).toBe(true);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  const deep = await page.goto('/some/path');
  expect(deep?.fromServiceWorker()).toBe(true);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  expect(emitted).toContain('index.html');
  const missing = await page.evaluate(
    (files) => Promise.all(files.map((f) => fetch(`/${f}`).then((r) => (r.ok ? [] : [f]), () => [f]))).then((r) => r.flat()),
    emitted,
  );
  expect(missing).toEqual([]);

  // The sync API fails offline, for the desk's HTTP module to handle: no cached answer, no shell.
  const sync = await page.evaluate(() => fetch('/v1/bundle').then((r) => `answered ${r.status}`, () => 'failed'));
  expect(sync).toBe('failed');
  await expect(page.goto('/v1/bundle')).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
});

test('a new build waits, through a reload, until the desk sends SKIP_WAITING', async ({ page }) => {
  await installWorker(page);
  // To the browser another script URL for the same scope is a new worker: a stand-in for a deploy.
  await page.evaluate(() => navigator.serviceWorker.register('/sw.js?next'));
  await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistration())?.waiting?.state === 'installed');

  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const after = await page.evaluate(async () => ({
    controller: navigator.serviceWorker.controller?.scriptURL,
    waiting: (await navigator.serviceWorker.getRegistration())?.waiting?.scriptURL,
  }));
  expect(after.controller).toMatch(/\/sw\.js$/);
  expect(after.waiting).toMatch(/\/sw\.js\?next$/);

  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting?.postMessage({ type: 'SKIP_WAITING' }));
  await page.waitForFunction(() => navigator.serviceWorker.controller?.scriptURL.endsWith('/sw.js?next'));
});

test('Chromium finds the manifest valid and the app installable', async ({ page, context }) => {
  await installWorker(page);
  const cdp = await context.newCDPSession(page);
  const manifest = await cdp.send('Page.getAppManifest');
  expect(manifest.url).toMatch(/\/manifest\.webmanifest$/);
  expect(manifest.errors).toEqual([]);
  // Playwright's contexts are incognito ones, where Chromium never offers an install.
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  expect(installabilityErrors.filter((e) => e.errorId !== 'in-incognito')).toEqual([]);

  const icons = await page.evaluate(async (url) => {
    const { icons } = (await (await fetch(url)).json()) as { icons: { src: string; sizes: string; purpose?: string }[] };
    return Promise.all(
      icons.map(async ({ src, sizes, purpose }) => {
        const img = new Image();
        img.src = new URL(src, url).href;
        await img.decode();
        return { sizes, purpose: purpose ?? 'any', actual: `${img.naturalWidth}x${img.naturalHeight}` };
      }),
    );
  }, manifest.url);
  for (const icon of icons) expect(icon.actual).toBe(icon.sizes);
  expect(icons.map((i) => `${i.sizes} ${i.purpose}`).sort()).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
});
