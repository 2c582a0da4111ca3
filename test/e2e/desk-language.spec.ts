// Finnish, Swedish and English, switchable on every screen and remembered.

import { expect, test } from '@playwright/test';
import { enrolledDesk, fakeServer, NOW, typeCard, venue } from '../support/desk-fixture.ts';

test.use({ serviceWorkers: 'block' });

test('the first-run screen follows the language switch', async ({ page }) => {
  await page.clock.setFixedTime(NOW);
  await fakeServer(page.context());
  await page.goto('/');
  await page.getByTestId('language').selectOption('fi');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ota kassa käyttöön');
  await page.getByTestId('language').selectOption('sv');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ta kassan i bruk');
  await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
  await page.getByTestId('enrol-code').fill('WRONG');
  await page.getByTestId('enrol-submit').click();
  await expect(page.getByRole('alert')).toContainText('Koden är fel');
});

test('verdicts and reasons in each language, dates in Finnish style, and the choice is remembered', async ({ page }) => {
  await enrolledDesk(page);
  await page.getByTestId('language').selectOption('fi');
  await typeCard(page, 'IW6E85W');
  await expect(page.getByTestId('verdict')).toContainText('EI KELPAA');
  await expect(page.getByTestId('verdict')).toContainText(/Kortti vanheni \d{1,2}\.\d{1,2}\.20\d\d\./);

  await page.getByTestId('language').selectOption('sv');
  await expect(page.getByTestId('verdict')).toContainText('OGILTIGT');
  await expect(page.getByTestId('verdict')).toContainText(/Kortet gick ut \d{1,2}\.\d{1,2}\.20\d\d\./);

  await page.getByTestId('language').selectOption('en');
  await expect(page.getByTestId('verdict')).toContainText('NOT VALID');
  await expect(page.getByTestId('verdict')).toContainText(/Card expired on \d{1,2} \w{3} 20\d\d\./);

  await page.getByTestId('language').selectOption('sv');
  await page.reload();
  await expect(page.getByTestId('language')).toHaveValue('sv');
  await expect(page.getByTestId('verdict')).toContainText('Läs kortet');
});

test('words follow the language: plural forms, a named daily admission, and the offline data by the date it was made', async ({ page }) => {
  const events = venue().events.map((e) => (e.id === 'hamlet' ? { ...e, quota: 1 } : e));
  await enrolledDesk(page, { venue: venue({ events }) });
  await page.getByTestId('language').selectOption('en');
  // The first-load notice names the day the data was made, not an internal version number.
  await expect(page.getByTestId('notice')).toContainText(/made \d{1,2} \w{3} 20\d\d/);
  await expect(page.getByTestId('notice')).not.toContainText('version');
  await typeCard(page, 'NA9C5ONQ');
  await expect(page.getByTestId('tickets-left')).toContainText('1 card ticket left');
  await page.getByTestId('language').selectOption('fi');
  await expect(page.getByTestId('tickets-left')).toContainText('1 korttilippu jäljellä');
});
