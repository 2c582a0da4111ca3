// Uploads against the real reference server, with faults injected on the way: a server error, a
// connection lost after the server stored a batch, the desk going offline mid-drain, a revoked
// device enrolled again, and a record the server refuses. Afterwards the server holds every record
// exactly once, and nothing waits or is lost.

import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { confirm, typeCard } from '../support/desk-fixture.ts';
import { deskStoreKeys, enrolAtServer, expectExactlyOnce, serverVenue } from './support/reference-server.ts';

test.use({ serviceWorkers: 'block' });

const CARDS = ['NA9C5ONQ', '3UVQBQVOZ0', 'MRHVEIXZJGWW'];

/** Admits each card (holder only); returns the ids of the records the desk made. */
async function admit(page: Page, cards: string[]): Promise<void> {
  for (const card of cards) {
    await typeCard(page, card);
    await confirm(page);
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'redeemed');
  }
}

/** What the desk made, read from its own storage (the export a manager would download). */
const deskRecordIds = (page: Page) => deskStoreKeys(page, 'records');

const pendingIsZero = (page: Page) => expect(page.getByTestId('pending')).toHaveAttribute('data-count', '0', { timeout: 30_000 });

test('the server answers 500 for a while: the desk backs off and retries until all are stored once', async ({ page, context }) => {
  const v = await serverVenue();
  let failures = 2;
  await context.route('**/v1/redemptions', (route) =>
    failures-- > 0 ? route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal","message":"boom"}}' }) : route.continue(),
  );
  await enrolAtServer(page, v);
  await admit(page, CARDS);
  await pendingIsZero(page);
  expect(failures).toBeLessThan(0);
  expectExactlyOnce(await v.records(), await deskRecordIds(page));
});

test('the connection drops after the server stored a batch: the retry is a duplicate, stored once', async ({ page, context }) => {
  const v = await serverVenue();
  let dropped = 0;
  await context.route('**/v1/redemptions', async (route) => {
    if (dropped++ === 0) {
      await route.fetch(); // the server stores the batch…
      return route.abort('connectionreset'); // …but its answer never reaches the desk
    }
    return route.continue();
  });
  await enrolAtServer(page, v);
  await admit(page, CARDS.slice(0, 1));
  await pendingIsZero(page);
  expect(dropped).toBeGreaterThan(1);
  expectExactlyOnce(await v.records(), await deskRecordIds(page));
});

test('the desk goes offline in the middle of a drain and picks up where it was', async ({ page, context }) => {
  const v = await serverVenue();
  await enrolAtServer(page, v);
  await context.setOffline(true);
  await admit(page, CARDS);
  await expect(page.getByTestId('pending')).toHaveAttribute('data-count', '3');

  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let first = true;
  await context.route('**/v1/redemptions', async (route) => {
    if (first) {
      first = false;
      await held; // the request is on its way when the network goes
      return route.abort('internetdisconnected');
    }
    return route.continue();
  });
  await context.setOffline(false);
  await expect.poll(() => first).toBe(false);
  await context.setOffline(true);
  release();
  await expect(page.getByTestId('pending')).toHaveAttribute('data-count', '3');
  await context.setOffline(false);
  await pendingIsZero(page);
  expectExactlyOnce(await v.records(), await deskRecordIds(page));
});

test('a revoked device keeps everything, asks to be enrolled again, then uploads it all once', async ({ page }) => {
  const v = await serverVenue();
  await enrolAtServer(page, v);
  await admit(page, CARDS.slice(0, 1));
  await pendingIsZero(page);
  const [deviceId] = v.deviceIds();
  v.revoke(deviceId!);

  await admit(page, CARDS.slice(1, 2));
  const again = page.locator('[data-kind="unauthorized"]');
  await expect(again).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('pending')).toHaveAttribute('data-count', '1');

  await again.getByRole('button').click();
  await page.getByTestId('enrol-code').fill(v.deskCode());
  await page.getByTestId('enrol-submit').click();
  await expect(page.getByTestId('verdict')).toBeVisible();
  await admit(page, CARDS.slice(2, 3));
  await pendingIsZero(page);
  await expect(again).toHaveCount(0);
  const held = await v.records();
  expectExactlyOnce(held, await deskRecordIds(page));
  // Records made before the re-enrolment keep the old device id and seq; new ones start at 1.
  expect(held.map((r) => [r.deviceId === deviceId, r.seq]).sort()).toEqual([
    [false, 1],
    [true, 1],
    [true, 2],
  ]);
});

test('a record the server refuses moves to "needs attention", where it can be downloaded and sent again', async ({ page, context }) => {
  const v = await serverVenue();
  let refuse = true;
  await context.route('**/v1/redemptions', async (route) => {
    if (!refuse) return route.continue();
    const { records } = route.request().postDataJSON() as { records: { id: string }[] };
    return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ results: records.map((r) => ({ id: r.id, status: 'invalid', error: 'test: refused on purpose' })) }) });
  });
  await enrolAtServer(page, v);
  await admit(page, CARDS.slice(0, 1));
  await expect(page.getByTestId('attention')).toHaveAttribute('data-count', '1', { timeout: 30_000 });
  await expect(page.getByTestId('pending')).toHaveAttribute('data-count', '0');

  await page.getByTestId('manager').click();
  await expect(page.getByTestId('attention-list')).toContainText('refused on purpose');
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-attention').click()]);
  const exported = JSON.parse(readFileSync((await file.path())!, 'utf8')) as { records: { cardId: string }[] };
  expect(exported.records.map((r) => r.cardId)).toEqual([CARDS[0]]);

  refuse = false;
  await page.getByTestId('attention-list').getByRole('button').click();
  await expect(page.getByTestId('attention')).toHaveAttribute('data-count', '0', { timeout: 30_000 });
  await expect(page.getByTestId('pending')).toHaveAttribute('data-count', '0');
  expectExactlyOnce(await v.records(), await deskRecordIds(page));
});
