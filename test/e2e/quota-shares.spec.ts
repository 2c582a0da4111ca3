// Three desks (three browser contexts, three devices) share an event's quota of 10 card tickets on
// the reference server: offline together they never hand out more than 10; back online the unspent
// shares flow back and one desk sells what is left; a desk that never comes back has its share
// released by a manager, and the others sell it. The event is after today by the server's clock, so
// its shares are open; the desks' own clocks stay at the vectors' day and sell it ahead.

import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { helsinkiDay, isoDateOfDay } from '../../src/core/calendar.ts';
import type { RedemptionRecord } from '../../src/core/record.ts';
import { poolTickets } from '../../src/core/quota-pools.ts';
import { NOW, TODAY, confirm, typeCard, venue } from '../support/desk-fixture.ts';
import { anEvent } from '../support/venues.ts';
import type { ServerVenue } from './support/reference-server.ts';
import { managerCode, serverVenue } from './support/reference-server.ts';

test.use({ serviceWorkers: 'block', locale: 'en-GB' });
// Shares flow back at the desks' next refresh (every 30 s): a few of those fit in here.
test.setTimeout(240_000);

/** A community card: never limited per card, so one card can be admitted again and again. */
const COMMUNITY = 'MRHVEIXZJGWW';
const GALA = 'gala';

async function galaVenue(): Promise<ServerVenue> {
  // Ahead of both clocks: the server's (real) and the desks' (the vectors' day).
  const day = Math.max(helsinkiDay(Date.now()), TODAY) + 1;
  return serverVenue({ events: [...venue().events, anEvent({ id: GALA, title: 'Gala', day, quota: 10 })] });
}

interface Desk {
  context: BrowserContext;
  page: Page;
}

/** A desk of its own (a new browser context), enrolled as `name`, at the gala, once it has heard what it holds. */
async function openDesk(browser: Browser, v: ServerVenue, name: string, code = v.deskCode()): Promise<Desk> {
  const context = await browser.newContext({ locale: 'en-GB', serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.clock.setFixedTime(NOW);
  await page.goto('/');
  await page.getByTestId('enrol-code').fill(code);
  await page.getByLabel('Name of this desk').fill(name);
  await page.getByTestId('enrol-submit').click();
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', '');
  await page.getByTestId('event').selectOption(GALA);
  await expect(page.getByTestId('idle-share')).toHaveAttribute('data-heard', 'true');
  return { context, page };
}

const held = async (d: Desk) => Number(await d.page.getByTestId('idle-share').getAttribute('data-held'));

/** One try at admitting the community card; true when it was admitted. */
async function tryAdmit(d: Desk): Promise<boolean> {
  await typeCard(d.page, COMMUNITY);
  const verdict = d.page.getByTestId('verdict');
  if ((await verdict.getAttribute('data-verdict')) !== 'accepted') return false;
  await confirm(d.page);
  return (await verdict.getAttribute('data-verdict')) === 'redeemed';
}

async function tries(d: Desk, n: number): Promise<number> {
  let admitted = 0;
  for (let i = 0; i < n; i++) if (await tryAdmit(d)) admitted++;
  return admitted;
}

/** Card tickets of the gala's uses that stand, as the server holds them. */
const standing = (records: RedemptionRecord[]) => poolTickets(records, `event:${GALA}`).total;

const uploaded = (d: Desk) => expect(d.page.getByTestId('pending')).toHaveAttribute('data-count', '0', { timeout: 45_000 });

test('offline together after one refresh, three desks trying 10 each hand out at most 10', async ({ browser }) => {
  const v = await galaVenue();
  const desks = [await openDesk(browser, v, 'Gate 1'), await openDesk(browser, v, 'Gate 2'), await openDesk(browser, v, 'Gate 3')];
  const holding = await Promise.all(desks.map(held));
  expect(holding.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(10);

  for (const d of desks) await d.context.setOffline(true);
  const admitted: number[] = [];
  for (const d of desks) {
    admitted.push(await tries(d, 10));
    // Its share spent, the desk says so, and what the others hold (before the verdict clears itself).
    if (admitted.at(-1) === 0) {
      await expect(d.page.getByTestId('verdict')).toHaveAttribute('data-reason', 'event-full');
      await expect(d.page.locator('.verdict-reason')).toHaveAttribute('data-share', 'spent');
      await expect(d.page.locator('.verdict-reason')).toContainText("This desk's card tickets for this event are used up. Other desks hold 10 more.");
    }
  }
  expect(admitted).toEqual(holding);

  for (const d of desks) await d.context.setOffline(false);
  for (const d of desks) await uploaded(d);
  const records = await v.records();
  expect(standing(records)).toBeLessThanOrEqual(10);
  expect(standing(records)).toBe(admitted.reduce((a, b) => a + b, 0));
  for (const d of desks) await d.context.close();
});

test('back online, unspent shares flow back and one desk sells what is left', async ({ browser }) => {
  const v = await galaVenue();
  const [first, second, third] = [await openDesk(browser, v, 'Gate 1'), await openDesk(browser, v, 'Gate 2'), await openDesk(browser, v, 'Gate 3')];
  // The first desk to ask got the whole quota: nobody else was selling.
  expect([await held(first!), await held(second!), await held(third!)]).toEqual([10, 0, 0]);

  for (const d of [first!, second!, third!]) await d.context.setOffline(true);
  expect(await tries(first!, 3)).toBe(3);
  expect(await tries(second!, 2)).toBe(0);
  for (const d of [first!, second!, third!]) await d.context.setOffline(false);
  await uploaded(first!);

  // The second desk runs dry and the server asks the others back; the first gives its 7 back at
  // its next refresh, and from then on the second desk sells the rest.
  await expect.poll(() => tryAdmit(second!), { timeout: 75_000, intervals: [2_000] }).toBe(true);
  await expect(first!.page.getByTestId('idle-share')).toHaveAttribute('data-held', '0');
  expect(await tries(second!, 7)).toBe(6);
  await expect(second!.page.getByTestId('verdict')).toHaveAttribute('data-reason', 'event-full');

  await uploaded(second!);
  expect(standing(await v.records())).toBe(10);
  for (const d of [first!, second!, third!]) await d.context.close();
});

test("a desk gone for good: a manager releases its share, the desks are told, and the others sell it; the report shows each desk's share", async ({ browser }) => {
  const v = await galaVenue();
  const gone = await openDesk(browser, v, 'Broken tablet');
  expect(await held(gone)).toBe(10);
  await gone.context.setOffline(true);
  const [second, third] = [await openDesk(browser, v, 'Gate 2'), await openDesk(browser, v, 'Gate 3')];
  expect(await tryAdmit(second!)).toBe(false);

  // The manager, behind the PIN, sees who holds what, and releases the broken tablet's share.
  const manager = await openDesk(browser, v, 'Office', managerCode(v.venueId));
  const mp = manager.page;
  await mp.getByTestId('manager').click();
  await mp.getByTestId('pin-new').fill('2468');
  await mp.getByTestId('pin-again').fill('2468');
  await mp.getByTestId('pin-set').click();
  const row = mp.getByTestId('shares-desk').filter({ hasText: 'Broken tablet' });
  await expect(row).toHaveAttribute('data-holds', '10');
  await row.getByTestId('shares-release').click();
  await expect(mp.getByRole('alertdialog')).toContainText('gone for good');
  await mp.getByTestId('shares-release-yes').click();
  await expect(mp.getByTestId('shares-message')).toContainText('Released 10 card tickets of desk Broken tablet');
  await expect(row).toHaveAttribute('data-holds', '0');

  // The other desks hear of it at their next round, and sell the released tickets.
  await expect.poll(() => tryAdmit(second!), { timeout: 75_000, intervals: [2_000] }).toBe(true);
  expect(await tries(second!, 10)).toBe(9);
  await expect(second!.page.getByTestId('verdict')).toHaveAttribute('data-reason', 'event-full');
  await expect(third!.page.getByTestId('notice')).toContainText('A manager released the 10 card tickets desk Broken tablet held', { timeout: 45_000 });
  await uploaded(second!);
  expect(standing(await v.records())).toBe(10);

  // The report: each desk's share of the gala, got / handed out / gave back.
  await mp.getByTestId('report-from').fill('2026-11-16');
  await mp.getByTestId('report-to').fill(isoDateOfDay(Math.max(helsinkiDay(Date.now()), TODAY) + 1));
  const report = mp.getByTestId('report-shares-table');
  const line = (name: string) => report.locator('tr', { hasText: name });
  await expect(line('Broken tablet').locator('[data-col="gaveBack"]')).toHaveText('10');
  await expect(line('Gate 2').locator('[data-col="spent"]')).toHaveText('10');
  for (const d of [gone, second!, third!, manager]) await d.context.close();
});
