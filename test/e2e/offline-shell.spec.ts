// The service worker on the production build: after one online visit the desk starts with the
// network off, a new build is offered and applied only when staff choose, and Chromium finds the
// app installable.

import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Page, expect, test } from '@playwright/test';
import { enrolledDesk, typeCard } from '../support/desk-fixture.ts';
import { watchPolicy } from './support/policy.ts';

// What the precache must hold: every file the build emitted that a page can ask for (lazy and
// worker chunks included), not the worker itself nor source maps.
const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const emitted = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(js|css|html|svg|png|woff2|webmanifest)$/.test(f) && f !== 'sw.js');

// The desk registers its worker on start (src/app/pwa.ts); the first install claims the page
// (src/sw.ts), so no reload is needed before going offline.
async function installWorker(page: Page): Promise<void> {
  await page.goto('/');
  await page.waitForFunction(() => navigator.serviceWorker.controller?.scriptURL.endsWith('/sw.js'));
}

test('after one online visit the desk starts offline, deep links get the shell, /v1/ never does', async ({ page, context }) => {
  // The worker installs and serves under the server's policy.
  const policy = await watchPolicy(page);
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
  await policy.check();

  // The sync API fails offline, for the desk's HTTP module to handle: no cached answer, no shell.
  const sync = await page.evaluate(() => fetch('/v1/bundle').then((r) => `answered ${r.status}`, () => 'failed'));
  expect(sync).toBe('failed');
  await expect(page.goto('/v1/bundle')).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
});

test('a new build is offered on screen, not forced in the middle of a check, and applied when staff choose', async ({ page }) => {
  await enrolledDesk(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const waitingWorker = () => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting?.state ?? null);
  // A deploy: the server's worker script changes (the browser fetches it itself, past any route).
  const swFile = `${dist}sw.js`;
  const built = readFileSync(swFile, 'utf8');
  writeFileSync(swFile, `${built}\n// next build\n`);
  try {
    await typeCard(page, 'NA9C5ONQ');
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'accepted');
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await expect.poll(waitingWorker).toBe('installed');

    // While a card waits for its confirm, nothing is offered; once it is done, the update is.
    const offer = page.locator('[data-kind="update"]');
    await expect(offer).toHaveCount(0);
    await page.getByTestId('confirm').click();
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'redeemed');
    await expect(offer).toBeVisible();

    await Promise.all([page.waitForEvent('load'), offer.getByRole('button').click()]);
    await expect.poll(waitingWorker).toBeNull();
    await expect(page.getByTestId('pending')).toBeVisible();
    await expect(offer).toHaveCount(0);
  } finally {
    writeFileSync(swFile, built);
  }
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
