// The manager PIN on a device enrolled with a manager code, against the reference server: set on
// first use (typed twice), asked again after leaving, wrong tries lock with a countdown that a
// reload does not reset, and a forgotten PIN leads to enrolling again.

import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { NOW } from '../support/desk-fixture.ts';
import { managerCode, serverVenue } from './support/reference-server.ts';

async function enrolManager(page: Page, venueId: string): Promise<void> {
  await page.clock.setFixedTime(NOW);
  await page.goto('/');
  await page.getByTestId('enrol-code').fill(managerCode(venueId));
  await page.getByTestId('enrol-submit').click();
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', '');
}

test('a manager device sets its PIN, is asked for it again, and slows down wrong tries', async ({ page }) => {
  const v = await serverVenue();
  await enrolManager(page, v.venueId);
  await page.getByTestId('manager').click();

  // First use: set and confirm.
  await page.getByTestId('pin-new').fill('2468');
  await page.getByTestId('pin-again').fill('2469');
  await page.getByTestId('pin-set').click();
  await expect(page.getByTestId('pin-message')).toContainText('not the same');
  await page.getByTestId('pin-again').fill('2468');
  await page.getByTestId('pin-set').click();
  await expect(page.getByTestId('editor')).toBeVisible();

  // Leaving locks it again.
  await page.getByTestId('manager-close-locked').click();
  await page.getByTestId('manager').click();
  await expect(page.getByTestId('editor')).toHaveCount(0);
  await page.getByTestId('pin-input').fill('2468');
  await page.getByTestId('pin-unlock').click();
  await expect(page.getByTestId('editor')).toBeVisible();
  await page.getByTestId('manager-close-locked').click();

  // Three wrong tries: locked for 30 s, with a countdown.
  await page.getByTestId('manager').click();
  for (const wrong of ['1111', '2222']) {
    await page.getByTestId('pin-input').fill(wrong);
    await page.getByTestId('pin-unlock').click();
    await expect(page.getByTestId('pin-message')).toHaveText('Wrong PIN.');
    await expect(page.getByTestId('pin-input')).toHaveValue('');
  }
  await page.getByTestId('pin-input').fill('3333');
  await page.getByTestId('pin-unlock').click();
  await expect(page.getByTestId('pin-message')).toHaveText('Too many wrong tries. Try again in 30 s.');
  await expect(page.getByTestId('pin-unlock')).toBeDisabled();

  // A reload does not reset the lock.
  await page.reload();
  await page.getByTestId('manager').click();
  await expect(page.getByTestId('pin-message')).toHaveAttribute('data-locked', 'true');
  await expect(page.getByTestId('pin-unlock')).toBeDisabled();

  // 31 s later the right PIN opens the editor.
  await page.clock.setFixedTime(new Date(NOW.getTime() + 31_000));
  await expect(page.getByTestId('pin-unlock')).toBeEnabled();
  await page.getByTestId('pin-input').fill('2468');
  await page.getByTestId('pin-unlock').click();
  await expect(page.getByTestId('editor')).toBeVisible();
});

test('a forgotten PIN leads to enrolling the device again, not around the PIN', async ({ page }) => {
  const v = await serverVenue();
  await enrolManager(page, v.venueId);
  await page.getByTestId('manager').click();
  await page.getByTestId('pin-new').fill('2468');
  await page.getByTestId('pin-again').fill('2468');
  await page.getByTestId('pin-set').click();
  await page.getByTestId('manager-close-locked').click();
  await page.getByTestId('manager').click();
  await page.getByTestId('pin-forgot').click();
  await expect(page.getByText('cannot be recovered or bypassed')).toBeVisible();
  await page.getByTestId('pin-reenrol').click();
  // The enrol screen; a new manager code gives a new enrolment whose PIN is set anew.
  await page.getByTestId('enrol-code').fill(managerCode(v.venueId));
  await page.getByTestId('enrol-submit').click();
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', '');
  await page.getByTestId('manager').click();
  await expect(page.getByTestId('pin-new')).toBeVisible();
});

test('a desk device shows the settings read-only, without a PIN', async ({ page }) => {
  const v = await serverVenue();
  await page.clock.setFixedTime(NOW);
  await page.goto('/');
  await page.getByTestId('enrol-code').fill(v.deskCode());
  await page.getByTestId('enrol-submit').click();
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', '');
  await page.getByTestId('manager').click();
  await expect(page.getByText('Only a manager device can change these settings.')).toBeVisible();
  await expect(page.getByTestId('pin-input')).toHaveCount(0);
  await expect(page.getByTestId('editor')).toHaveCount(0);
});
