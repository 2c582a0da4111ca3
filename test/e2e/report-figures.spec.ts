// The venue report's figures against a known set of admissions made through a desk enrolled at a
// fresh venue on the reference server: the tables behind the charts and the CSV hold the same
// totals. A desk device (the settings stay read-only there, with no PIN).

import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { confirm, typeCard } from '../support/desk-fixture.ts';
import { enrolAtServer, serverVenue } from './support/reference-server.ts';

test.use({ serviceWorkers: 'block', locale: 'en-GB' });

async function admit(page: Page, card: string, children = 0, assistants = 0): Promise<void> {
  await typeCard(page, card);
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'accepted');
  if (children) await page.getByTestId('children').fill(String(children));
  if (assistants) await page.getByTestId('assistants').fill(String(assistants));
  await confirm(page);
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'redeemed');
}

const cell = (row: Locator, col: string) => row.locator(`[data-col="${col}"]`);

// Opens the manager screen behind a new PIN, where the report is.
async function openManager(page: Page): Promise<void> {
  await page.getByTestId('manager').click();
  await page.getByTestId('pin-new').fill('2468');
  await page.getByTestId('pin-again').fill('2468');
  await page.getByTestId('pin-set').click();
  await expect(page.getByTestId('editor')).toBeVisible();
}

test('a desk device shows neither the report nor the register-form CSV, and keeps the JSON hand-over', async ({ page }) => {
  await enrolAtServer(page, await serverVenue());
  await page.getByTestId('manager').click();
  await expect(page.getByTestId('export-json')).toBeVisible();
  await expect(page.getByTestId('report-panel')).toHaveCount(0);
  await expect(page.getByTestId('export-csv')).toHaveCount(0);
});

test('the report shows the known admissions by day, event, category and reason, and the CSV holds the same', async ({ page }) => {
  const v = await serverVenue();
  // The report is the manager's: a manager device, which checks cards like a desk. 22.11.2026
  // 14:00 in Helsinki, at Hamlet (quota 10, one use per card).
  await enrolAtServer(page, v, 'manager');

  await admit(page, 'NA9C5ONQ', 2); // 1 adult + 2 children
  await admit(page, '3UVQBQVOZ0'); // 1 adult
  await admit(page, '6TFA7W0D', 3, 1); // undone below: counts nothing
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('notice')).toBeVisible();
  await admit(page, 'MRHVEIXZJGWW', 4); // a community card with 4 clients under 16
  await typeCard(page, 'NA9C5ONQ'); // declined: card-limit
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-reason', 'card-limit');
  await typeCard(page, 'IW6E85W'); // declined: expired
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-reason', 'expired');

  await openManager(page);
  const panel = page.getByTestId('report-panel');
  // This week by default: Monday 16.11. to Sunday 22.11.2026.
  await expect(panel.getByTestId('report-from')).toHaveValue('2026-11-16');
  await expect(panel.getByTestId('report-to')).toHaveValue('2026-11-22');

  // Every chart is an image with a summary, and has its table.
  for (const id of ['report-days', 'report-events', 'report-categories', 'report-declines']) {
    const chart = panel.getByTestId(`${id}-chart`);
    await expect(chart).toHaveAttribute('role', 'img');
    await expect(chart).toHaveAttribute('aria-label', /\d/);
    await panel.getByTestId(id).locator('summary').click();
    await expect(panel.getByTestId(`${id}-table`)).toBeVisible();
  }
  await expect(panel.getByTestId('report-days-chart')).toHaveAttribute('aria-label', /3 uses in 7 days: 3 adults and 6 children/);

  const days = panel.getByTestId('report-days-table');
  await expect(days.locator('tbody tr')).toHaveCount(7);
  const sunday = days.locator('tr[data-day="2026-11-22"]');
  const total = panel.getByTestId('report-days-total');
  for (const row of [sunday, total]) {
    await expect(cell(row, 'uses')).toHaveText('3');
    await expect(cell(row, 'adults')).toHaveText('3');
    await expect(cell(row, 'children')).toHaveText('6');
    await expect(cell(row, 'assistants')).toHaveText('0');
    await expect(cell(row, 'cardTickets')).toHaveText('9');
    await expect(cell(row, 'declines')).toHaveText('2');
  }
  await expect(cell(days.locator('tr[data-day="2026-11-21"]'), 'uses')).toHaveText('0');

  const hamlet = panel.getByTestId('report-events-table').locator('tr[data-event="hamlet"]');
  await expect(cell(hamlet, 'uses')).toHaveText('3');
  await expect(cell(hamlet, 'children')).toHaveText('6');

  const quota = panel.getByTestId('report-quotas-table').locator('tr[data-event="hamlet"]');
  await expect(cell(quota, 'quota')).toHaveText('10');
  await expect(cell(quota, 'quotaUsed')).toHaveText('9');
  await expect(cell(quota, 'exceeded')).toHaveText('within the quota');
  await expect(quota).toHaveAttribute('data-exceeded', '0');

  const culture = panel.getByTestId('report-categories-table').locator('tr[data-category="culture"]');
  await expect(cell(culture, 'uses')).toHaveText('3');
  await expect(cell(culture, 'adults')).toHaveText('3');
  await expect(cell(culture, 'children')).toHaveText('6');
  await expect(cell(panel.getByTestId('report-categories-table').locator('tr[data-category="education"]'), 'uses')).toHaveText('0');

  const declines = panel.getByTestId('report-declines-table');
  await expect(cell(declines.locator('tr[data-reason="card-limit"]'), 'count')).toHaveText('1');
  await expect(cell(declines.locator('tr[data-reason="expired"]'), 'count')).toHaveText('1');
  await expect(cell(panel.getByTestId('report-declines-total'), 'count')).toHaveText('2');

  // The CSV: the same figures, section by section.
  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('report-csv').click()]);
  expect(download.suggestedFilename()).toBe(`kaiku-report-${v.venueId}-2026-11-16_2026-11-22.csv`);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const lines = csv.slice(1).split('\r\n');
  expect(lines).toContain('22.11.2026;3;3;6;0;9;;0;2');
  expect(lines).toContain('21.11.2026;0;0;0;0;0;;0;0');
  expect(lines).toContain('Total;3;3;6;0;9;;0;2');
  expect(lines).toContain('Hamlet;hamlet;22.11.2026;culture;ticket;3;3;6;0;9;10;9;0');
  expect(lines).toContain('culture;3;3;6;0;9');
  expect(lines).toContain('card-limit;1');
  expect(lines).toContain('expired;1');
  expect(lines).toContain('Total;2');

  // A period without records: zeros, not a stale report.
  await panel.getByTestId('report-from').fill('2026-11-23');
  await panel.getByTestId('report-to').fill('2026-11-24');
  await expect(panel.getByTestId('report-days-table').locator('tbody tr')).toHaveCount(2);
  await expect(cell(panel.getByTestId('report-days-total'), 'uses')).toHaveText('0');
});

test('the day quota has its own row in the quotas table, day by day', async ({ page }) => {
  await enrolAtServer(page, await serverVenue({ dayQuota: 4 }), 'manager');
  await page.getByTestId('language').selectOption('en');
  await typeCard(page, 'NA9C5ONQ');
  await page.getByTestId('children').fill('1');
  await confirm(page);
  await openManager(page);
  const row = page.getByTestId('report-quotas-table').locator('tr[data-day-quota="2026-11-22"]');
  await expect(row.locator('th')).toHaveText('Day quota (card tickets)');
  await expect(cell(row, 'quota')).toHaveText('4');
  await expect(cell(row, 'quotaUsed')).toHaveText('2');
  await expect(cell(row, 'exceeded')).toHaveText('within the quota');
});
