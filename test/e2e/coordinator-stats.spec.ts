// The statistics screen against records made by hand on the reference server: a coordinator
// enrols a browser with a coordinator code and sees their locality's figures, which match what the
// records imply (a voided use, declines, children, assistants, a use each side of a Helsinki month
// edge, two venues, one of them in two localities), in Finnish, Swedish and English; the CSV holds
// the same rows; the page prints on A4; the failures are said in words. A manager sees their own
// venue's figures, behind the PIN.

import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { NOW } from '../support/desk-fixture.ts';
import { expectFit } from './support/page-checks.ts';
import type { ServerLocality, ServerVenue } from './support/reference-server.ts';
import { enrolAtServer, serverLocality, serverVenue } from './support/reference-server.ts';

test.use({ serviceWorkers: 'block', locale: 'en-GB' });

const cell = (row: Locator, col: string) => row.locator(`[data-col="${col}"]`);
const tile = (page: Page, col: string) => page.getByTestId('stats-totals').locator(`[data-col="${col}"] dd`);

interface Network {
  theatre: ServerVenue;
  museum: ServerVenue;
  other: ServerVenue;
  espoo: ServerLocality;
  region: ServerLocality;
}

/** Two venues of one locality, the second also in another locality with a third venue, and their records. */
async function makeNetwork(): Promise<Network> {
  const theatre = await serverVenue();
  const museum = await serverVenue();
  const other = await serverVenue();
  await theatre.upload([
    // 23:59:59 on 31 October in Helsinki (UTC+2): October.
    { cardId: 'CARDA1', children: 2, at: '2026-10-31T21:59:59.000Z' },
    // One second later it is 1 November in Helsinki, though still 31 October in UTC.
    { cardId: 'CARDA2', assistants: 1, at: '2026-10-31T22:00:00.000Z' },
    { cardId: 'CARDA1', at: '2026-11-20T10:00:00.000Z' },
    // A use undone at the desk: it counts nothing.
    { id: 'UNDONE-USE', cardId: 'CARDA3', children: 3, assistants: 1, at: '2026-11-05T10:00:00.000Z' },
    { outcome: 'void', voids: 'UNDONE-USE', cardId: 'CARDA3', adults: 0, children: 0, at: '2026-11-05T10:01:00.000Z' },
    { outcome: 'declined', reason: 'expired', cardId: 'CARDA5', at: '2026-11-10T10:00:00.000Z' },
    { cardId: 'CARDA4', category: 'education', type: 'course', children: 1, at: '2026-11-10T11:00:00.000Z' },
    // Next year: outside every period asked for below.
    { cardId: 'CARDA6', at: '2027-01-02T10:00:00.000Z' },
  ]);
  await museum.upload([
    { cardId: 'CARDB1', category: 'science', children: 3, assistants: 2, at: '2026-11-12T10:00:00.000Z' },
    { outcome: 'declined', reason: 'card-limit', cardId: 'CARDB2', at: '2026-11-12T10:05:00.000Z' },
  ]);
  await other.upload([{ cardId: 'CARDC1', at: '2026-11-12T10:00:00.000Z' }]);
  return { theatre, museum, other, espoo: serverLocality([theatre.venueId, museum.venueId]), region: serverLocality([museum.venueId, other.venueId]) };
}

// Made once for the file: the tests only read it, each through a browser of its own.
let net: Network;
test.beforeAll(async () => {
  // Some twenty `kaiku admin` runs: slow on a busy machine.
  test.setTimeout(120_000);
  net = await makeNetwork();
});

async function enrolCoordinator(page: Page, code: string): Promise<void> {
  await page.clock.setFixedTime(NOW);
  await page.goto('/');
  await page.getByTestId('enrol-code').fill(code);
  await page.getByTestId('enrol-submit').click();
  await expect(page.getByTestId('stats-screen')).toBeVisible();
}

async function openTables(page: Page): Promise<void> {
  for (const id of ['stats-venues', 'stats-months', 'stats-categories', 'stats-declines', 'stats-rows']) {
    const details = page.getByTestId(id).locator('details');
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  }
}

/** The CSV for the support service holding these rows. */
const csv = (rows: string[]) => ['\uFEFFvenue;month;category;type;uses;adults;children;assistants;cards', ...rows].map((l) => `${l}\r\n`).join('');
const theatreRows = (id: string) => [`${id};2026-10;culture;ticket;1;1;2;0;1`, `${id};2026-11;culture;ticket;2;2;0;1;2`, `${id};2026-11;education;course;1;1;1;0;1`];
const museumRows = (id: string) => [`${id};2026-11;science;ticket;1;1;3;2;1`];

test('a coordinator enrols with a code and sees the figures the records imply, in three languages, and the CSV holds the same', async ({ page }) => {
  const { theatre, museum, espoo } = net;
  await enrolCoordinator(page, espoo.coordinatorCode());
  // A coordinator's browser is no desk: no card field, no settings, no status bar.
  await expect(page.getByTestId('card-input')).toHaveCount(0);
  await expect(page.getByTestId('manager')).toHaveCount(0);
  await page.getByTestId('language').selectOption('en');
  await expect(page.getByTestId('stats-scope')).toHaveText(`Locality: ${espoo.localityId}`);
  // This year so far, by default: 1.1. to 22.11.2026.
  await expect(page.getByTestId('stats-period-this-year')).toBeChecked();
  await expect(page.getByTestId('stats-showing')).toHaveText('Period: 1 Jan 2026 – 22 Nov 2026');

  // Totals: four uses at the theatre (the undone one counts nothing), one at the museum.
  for (const [col, n] of [['uses', '5'], ['adults', '5'], ['children', '6'], ['assistants', '3'], ['declines', '2']] as const) await expect(tile(page, col)).toHaveText(n);

  await openTables(page);
  const venues = page.getByTestId('stats-venues-table');
  await expect(venues.locator('tbody tr')).toHaveCount(2);
  const t = venues.locator(`tr[data-venue="${theatre.venueId}"]`);
  const m = venues.locator(`tr[data-venue="${museum.venueId}"]`);
  for (const [row, uses, children, assistants] of [[t, '4', '3', '1'], [m, '1', '3', '2']] as const) {
    await expect(cell(row, 'uses')).toHaveText(uses);
    await expect(cell(row, 'adults')).toHaveText(uses);
    await expect(cell(row, 'children')).toHaveText(children);
    await expect(cell(row, 'assistants')).toHaveText(assistants);
  }

  // Every month from January to November; the use at 23:59:59 on 31 October is October's, the one
  // a second later November's.
  const months = page.getByTestId('stats-months-table');
  await expect(months.locator('tbody tr')).toHaveCount(11);
  await expect(cell(months.locator('tr[data-month="2026-10"]'), 'uses')).toHaveText('1');
  await expect(cell(months.locator('tr[data-month="2026-10"]'), 'children')).toHaveText('2');
  await expect(cell(months.locator('tr[data-month="2026-11"]'), 'uses')).toHaveText('4');
  await expect(cell(months.locator('tr[data-month="2026-11"]'), 'assistants')).toHaveText('3');
  await expect(cell(months.locator('tr[data-month="2026-03"]'), 'uses')).toHaveText('0');
  await expect(months.locator('tr[data-month="2026-10"] th')).toHaveText('October 2026');

  const categories = page.getByTestId('stats-categories-table');
  for (const [category, uses] of [['culture', '3'], ['education', '1'], ['science', '1'], ['sports', '0']] as const) await expect(cell(categories.locator(`tr[data-category="${category}"]`), 'uses')).toHaveText(uses);

  const declines = page.getByTestId('stats-declines-table');
  await expect(cell(declines.locator('tr[data-reason="expired"]'), 'count')).toHaveText('1');
  await expect(cell(declines.locator('tr[data-reason="card-limit"]'), 'count')).toHaveText('1');

  // The answer's own rows, with the distinct cards: CARDA1 twice in November is one card.
  const rows = page.getByTestId('stats-rows-table');
  await expect(rows.locator('tbody tr')).toHaveCount(4);
  const novCulture = rows.locator(`tr[data-row="${theatre.venueId} 2026-11 culture ticket"]`);
  await expect(cell(novCulture, 'uses')).toHaveText('2');
  await expect(cell(novCulture, 'cards')).toHaveText('2');
  await expect(cell(rows.locator(`tr[data-row="${museum.venueId} 2026-11 science ticket"]`), 'children')).toHaveText('3');

  // Every chart is an image with a summary.
  for (const id of ['stats-venues', 'stats-months', 'stats-categories', 'stats-declines']) await expect(page.getByTestId(`${id}-chart`)).toHaveAttribute('role', 'img');
  await expect(page.getByTestId('stats-venues-chart')).toHaveAttribute('aria-label', `Uses by venue. 5 uses at 2 venues. Most at ${theatre.venueId}: 4.`);

  // No card ID anywhere on the screen.
  expect(await page.locator('body').innerText()).not.toMatch(/CARD[A-C]\d/);

  // The CSV for the support service: the same rows.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('stats-csv').click()]);
  expect(download.suggestedFilename()).toBe(`kaikukortti-${espoo.localityId}-2026-01-01-2026-11-22.csv`);
  const saved = readFileSync((await download.path())!, 'utf8');
  expect(saved).toBe(csv([...theatreRows(theatre.venueId), ...museumRows(museum.venueId)]));
  // The very file the server gives the support service.
  expect(saved).toBe(await espoo.csv('2026-01-01', '2026-11-22'));

  // The same figures in Finnish and in Swedish, in their own words.
  await page.getByTestId('language').selectOption('fi');
  await expect(page.getByTestId('stats-screen').locator('h1')).toHaveText('Tilastot');
  await expect(page.getByTestId('stats-totals').locator('[data-col="children"] dt')).toHaveText('Lapset');
  await expect(tile(page, 'uses')).toHaveText('5');
  await openTables(page);
  await expect(page.getByTestId('stats-months-table').locator('tr[data-month="2026-10"] th')).toHaveText('lokakuu 2026');
  await expect(page.getByTestId('stats-categories-table').locator('tr[data-category="culture"] th')).toHaveText('Kulttuuri');
  await expect(page.getByTestId('stats-showing')).toHaveText('Aikaväli: 1.1.2026 – 22.11.2026');

  await page.getByTestId('language').selectOption('sv');
  await expect(page.getByTestId('stats-screen').locator('h1')).toHaveText('Statistik');
  await expect(page.getByTestId('stats-totals').locator('[data-col="assistants"] dt')).toHaveText('Assistenter');
  await expect(tile(page, 'assistants')).toHaveText('3');
  await openTables(page);
  await expect(page.getByTestId('stats-months-table').locator('tr[data-month="2026-11"] th')).toHaveText('november 2026');
  await expect(cell(page.getByTestId('stats-declines-table').locator('tr[data-reason="expired"]'), 'count')).toHaveText('1');

  // The choice stays after a reload: the browser is still a coordinator's.
  await page.reload();
  await expect(page.getByTestId('stats-screen').locator('h1')).toHaveText('Statistik');
});

test('a venue in two localities counts in both; each coordinator sees only their own venues', async ({ browser }) => {
  const { museum, other, theatre, region } = net;
  const context = await browser.newContext({ serviceWorkers: 'block', locale: 'en-GB' });
  const page = await context.newPage();
  await enrolCoordinator(page, region.coordinatorCode());
  await page.getByTestId('language').selectOption('en');
  await openTables(page);
  const venues = page.getByTestId('stats-venues-table');
  await expect(venues.locator('tbody tr')).toHaveCount(2);
  await expect(cell(venues.locator(`tr[data-venue="${museum.venueId}"]`), 'children')).toHaveText('3');
  await expect(cell(venues.locator(`tr[data-venue="${other.venueId}"]`), 'uses')).toHaveText('1');
  await expect(venues.locator(`tr[data-venue="${theatre.venueId}"]`)).toHaveCount(0);
  await expect(tile(page, 'uses')).toHaveText('2');
  await context.close();
});

test('the period picker: a month, last year, a bad custom range, and offline or failed loads said in words', async ({ page, context }) => {
  const { espoo } = net;
  await enrolCoordinator(page, espoo.coordinatorCode());
  await page.getByTestId('language').selectOption('en');
  await expect(tile(page, 'uses')).toHaveText('5');

  // One month: October holds the use of 23:59:59 on its last day, and nothing else.
  await page.getByTestId('stats-period-month').check();
  await page.getByTestId('stats-month').selectOption('2026-10');
  await expect(page.getByTestId('stats-showing')).toHaveText('Period: 1 Oct 2026 – 31 Oct 2026');
  await expect(tile(page, 'uses')).toHaveText('1');
  await expect(tile(page, 'declines')).toHaveText('0');

  // Last year: nothing happened, and the screen says so.
  await page.getByTestId('stats-period-last-year').check();
  await expect(page.getByTestId('stats-showing')).toHaveText('Period: 1 Jan 2025 – 31 Dec 2025');
  await expect(page.getByTestId('stats-empty')).toHaveText('No uses and no declines in this period.');
  await expect(page.getByTestId('stats-csv')).toBeEnabled();

  // A custom range: backwards, then longer than the server answers, then good.
  await page.getByTestId('stats-period-custom').check();
  await page.getByTestId('stats-from').fill('2026-11-30');
  await page.getByTestId('stats-to').fill('2026-11-01');
  await expect(page.getByTestId('stats-problem')).toHaveText('The start date must be on or before the end date.');
  await expect(page.getByTestId('stats-csv')).toBeDisabled();
  await page.getByTestId('stats-from').fill('2025-01-01');
  await page.getByTestId('stats-to').fill('2026-11-30');
  await expect(page.getByTestId('stats-problem')).toHaveText('A period may be at most 400 days: choose a shorter one.');
  await page.getByTestId('stats-from').fill('2026-11-01');
  await expect(page.getByTestId('stats-problem')).toHaveCount(0);
  await expect(tile(page, 'uses')).toHaveText('4');

  // Offline: said in words; back online, the figures come by themselves (at the 'online' event,
  // or at the next quiet retry, 5 s at most, when the event came a moment too early).
  await context.setOffline(true);
  await page.getByTestId('stats-from').fill('2026-10-01');
  await expect(page.getByTestId('stats-error')).toContainText('No connection to the server.');
  await context.setOffline(false);
  await expect(tile(page, 'uses')).toHaveText('5', { timeout: 20_000 });

  // A server failure: said, with the way to try again.
  let failing = true;
  await page.route('**/v1/stats?**', (route) => (failing ? route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { code: 'internal', message: 'the database does not answer' } }) }) : route.fallback()));
  await page.getByTestId('stats-from').fill('2026-11-02');
  await expect(page.getByTestId('stats-error')).toContainText('The figures could not be fetched (the database does not answer).');
  failing = false;
  await page.getByTestId('stats-retry').click();
  // From 2 November: the use at 00:00 on 1 November in Helsinki is left out.
  await expect(tile(page, 'uses')).toHaveText('3');
});

test('the screen passes axe, fits a 360 px phone, and prints on A4 without the controls', async ({ page }) => {
  // Three axe runs and a PDF: slow on a busy machine.
  test.slow();
  const { espoo } = net;
  await page.setViewportSize({ width: 360, height: 740 });
  await enrolCoordinator(page, espoo.coordinatorCode());
  await expect(tile(page, 'uses')).toHaveText('5');
  await expectFit(page, 'statistics');
  await openTables(page);
  await expectFit(page, 'statistics with its tables');
  await page.getByTestId('stats-period-custom').check();
  await page.getByTestId('stats-to').fill('2025-01-01');
  await expect(page.getByTestId('stats-problem')).toBeVisible();
  await expectFit(page, 'statistics with a bad range');
  await page.getByTestId('stats-period-this-year').check();
  await expect(tile(page, 'uses')).toHaveText('5');

  // Print: A4, the figures and every table, none of the controls, nothing wider than the paper.
  await page.setViewportSize({ width: 1024, height: 800 });
  await page.getByTestId('stats-rows').locator('summary').click(); // closed again: print shows it anyway
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('stats-period-this-year')).toBeHidden();
  await expect(page.getByTestId('stats-csv')).toBeHidden();
  await expect(page.locator('header.top')).toBeHidden();
  await expect(page.getByTestId('stats-rows-table')).toBeVisible();
  await expect(page.getByTestId('stats-showing')).toBeVisible();
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const pages = pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g) ?? [];
  expect(pages.length).toBeGreaterThanOrEqual(1);
  expect(pages.length).toBeLessThanOrEqual(3);
  // A4 is 595 × 842 points (Chromium rounds it through 96 dpi pixels).
  expect(pdf.toString('latin1').match(/\/MediaBox\s*\[0 0 (\d+)\.?\d* (\d+)\.?\d*\]/)?.slice(1)).toEqual(['595', '842']);
});

test('a manager opens the same screen behind the PIN and sees their own venue only', async ({ page }) => {
  const { theatre } = net;
  await enrolAtServer(page, theatre, 'manager');
  await page.getByTestId('language').selectOption('en');
  await page.getByTestId('manager').click();
  // Behind the PIN: nothing of the statistics before it is set.
  await expect(page.getByTestId('open-stats')).toHaveCount(0);
  await page.getByTestId('pin-new').fill('2468');
  await page.getByTestId('pin-again').fill('2468');
  await page.getByTestId('pin-set').click();
  await page.getByTestId('open-stats').click();
  await expect(page.getByTestId('stats-scope')).toHaveText('Venue: Espoon teatteri');
  for (const [col, n] of [['uses', '4'], ['children', '3'], ['assistants', '1'], ['declines', '1']] as const) await expect(tile(page, col)).toHaveText(n);
  await openTables(page);
  await expect(page.getByTestId('stats-venues-table').locator('tbody tr')).toHaveCount(1);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('stats-csv').click()]);
  expect(download.suggestedFilename()).toBe(`kaikukortti-${theatre.venueId}-2026-01-01-2026-11-22.csv`);
  expect(readFileSync((await download.path())!, 'utf8')).toBe(csv(theatreRows(theatre.venueId)));
  await page.getByTestId('stats-close').click();
  await expect(page.getByTestId('card-input')).toBeVisible();
});
