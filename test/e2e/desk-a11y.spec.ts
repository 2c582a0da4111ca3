// axe finds no serious or critical violation on any screen or verdict.

import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { NOW, enrolledDesk, fakeServer, typeCard } from '../support/desk-fixture.ts';

test.use({ serviceWorkers: 'block' });

async function expectAccessible(page: Page, screen: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${screen}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad).toEqual([]);
}

test('first-run screen', async ({ page }) => {
  await page.clock.setFixedTime(NOW);
  await fakeServer(page.context());
  await page.goto('/');
  await expect(page.getByTestId('enrol-code')).toBeVisible();
  await expectAccessible(page, 'enrol');
});

test('desk screen in every verdict, and the settings screen', async ({ page }) => {
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
