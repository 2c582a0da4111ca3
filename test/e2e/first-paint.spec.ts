// The desk's own styles arrive with the page: no stylesheet request stands between the server's
// answer and the first paint, and the policy allows the inlined style without refusing anything.

import { expect, test } from '@playwright/test';
import { confirm, enrolledDesk, typeCard } from '../support/desk-fixture.ts';
import { watchPolicy } from './support/policy.ts';

test('the first paint needs no stylesheet request, and the page is styled under the policy', async ({ page }) => {
  const policy = await watchPolicy(page);
  const stylesheets: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'stylesheet') stylesheets.push(r.url());
  });
  const answer = await page.goto('/');
  expect(answer?.headers()['content-encoding']).toMatch(/^(br|gzip)$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // The desk's type size from styles.css, not the browser's 16px default.
  await expect(page.locator('html')).toHaveCSS('font-size', '18px');
  expect(stylesheets).toEqual([]);
  await policy.check();
});

test('every piece the desk loads after the first screen is there: enrolling, checking and confirming fetch nothing that fails', async ({ page }) => {
  // A lazy piece waiting on a file the build took out (the inlined stylesheet) held the desk's
  // first refresh for half a minute.
  const failed: string[] = [];
  page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/assets/') && !r.ok()) failed.push(`${r.url()} ${r.status()}`);
  });
  await enrolledDesk(page);
  await expect(page.getByTestId('idle-event-left')).toBeVisible();
  await typeCard(page, 'NA9C5ONQ');
  await confirm(page);
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'redeemed');
  expect(failed).toEqual([]);
});
