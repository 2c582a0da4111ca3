// A festival gate with no network: after one online visit the desk starts, checks and redeems
// offline, and every record survives reloads and a page closed at once.

import { expect, test } from '@playwright/test';
import { confirm, enrolledDesk, typeCard } from '../support/desk-fixture.ts';

test('load once, go offline, reload: the desk checks and redeems, and the records survive', async ({ page, context }) => {
  const server = await enrolledDesk(page);
  // The service worker has taken the page: everything the desk needs is precached.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

  server.offline = true;
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('[data-testid="banner"][data-kind="offline"]')).toBeVisible();
  await typeCard(page, 'NA9C5ONQ');
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'accepted');
  await confirm(page);
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'redeemed');
  await expect(page.getByTestId('pending')).toHaveAttribute('data-count', '1');

  await page.reload();
  await expect(page.getByTestId('pending')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('event')).toHaveValue('hamlet');
  await typeCard(page, 'NA9C5ONQ');
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-reason', 'card-limit');
});

test('durability: confirm, close the page at once, reopen: the record is there', async ({ page, context }) => {
  const server = await enrolledDesk(page);
  // No network while it happens: the record can only be in the device's own storage.
  server.offline = true;
  await typeCard(page, '3UVQBQVOZ0');
  await confirm(page);
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'redeemed');
  await page.close({ runBeforeUnload: false });

  const again = await context.newPage();
  await again.clock.setFixedTime(new Date('2026-11-22T12:00:05.000Z'));
  await again.goto('/');
  await expect(again.getByTestId('pending')).toHaveAttribute('data-count', '1');
  expect(server.uploads).toEqual([]);
  await again.getByTestId('card-input').fill('3UVQBQVOZ0');
  await again.getByTestId('card-input').press('Enter');
  await expect(again.getByTestId('verdict')).toHaveAttribute('data-reason', 'card-limit');
});
