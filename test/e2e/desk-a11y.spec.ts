// axe finds no serious or critical violation on any screen or verdict.

import { expect, test } from '@playwright/test';
import { NOW, enrolledDesk, fakeServer, typeCard } from '../support/desk-fixture.ts';
import { expectFit as expectAccessible } from './support/page-checks.ts';

test.use({ serviceWorkers: 'block' });

for (const width of [1024, 360]) test(`first-run screen at ${width} px`, async ({ page }) => {
  await page.setViewportSize({ width, height: width === 360 ? 740 : 768 });
  await page.clock.setFixedTime(NOW);
  await fakeServer(page.context());
  await page.goto('/');
  await expect(page.getByTestId('enrol-code')).toBeVisible();
  await expectAccessible(page, 'enrol');
});

for (const width of [1024, 360]) test(`desk screen in every verdict, and the settings screen, at ${width} px`, async ({ page }) => {
  await page.setViewportSize({ width, height: width === 360 ? 740 : 768 });
  await enrolledDesk(page);
  await expectAccessible(page, 'idle');
  await typeCard(page, 'NA9C5ONQ');
  await expectAccessible(page, 'accepted');
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'redeemed');
  await expectAccessible(page, 'redeemed');
  await typeCard(page, 'NA9A5ONQ');
  await expect(page.getByTestId('suggestion')).toBeVisible();
  await expectAccessible(page, 'rejected');
  await page.getByTestId('manager').click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectAccessible(page, 'settings');
});
