// First run: enrolment by hand and by link, and what a wrong code or no server looks like.

import { expect, test } from '@playwright/test';
import { NOW, fakeServer } from '../support/desk-fixture.ts';

test.use({ serviceWorkers: 'block' });

test.beforeEach(async ({ page }) => {
  await page.clock.setFixedTime(NOW);
});

test('a wrong code says what to do, and the desk stays on the setup screen', async ({ page }) => {
  await fakeServer(page.context());
  await page.goto('/');
  await page.getByTestId('language').selectOption('en');
  await page.getByTestId('enrol-code').fill('NOPE-NOPE');
  await page.getByTestId('enrol-submit').click();
  await expect(page.getByRole('alert')).toHaveText(/wrong, already used or expired/);
  await expect(page.getByTestId('enrol-code')).toHaveValue('NOPE-NOPE');
});

test('no server at the address is said plainly', async ({ page }) => {
  const server = await fakeServer(page.context());
  server.offline = true;
  await page.goto('/');
  await page.getByTestId('language').selectOption('en');
  await page.getByTestId('enrol-code').fill('DESK-CODE-1');
  await page.getByTestId('enrol-submit').click();
  await expect(page.getByRole('alert')).toHaveText(/Cannot reach the server/);
});

test('a link with ?enrol= enrols at once and leaves no code in the address bar', async ({ page }) => {
  await fakeServer(page.context());
  await page.goto('/?enrol=DESK-CODE-1');
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', '');
  expect(new URL(page.url()).search).toBe('');
  await expect(page.getByTestId('pending')).toHaveAttribute('data-count', '0');
});
