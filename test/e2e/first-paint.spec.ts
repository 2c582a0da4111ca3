// The desk's own styles arrive with the page: no stylesheet request stands between the server's
// answer and the first paint, and the policy allows the inlined style without refusing anything.

import { expect, test } from '@playwright/test';
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
