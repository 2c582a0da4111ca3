// A broken tablet's records reach the server from another desk: exported as JSON on one desk of
// the venue, imported on another, uploaded from there exactly once. And the CSV export for the
// national register's offline form.

import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { confirm, typeCard } from '../support/desk-fixture.ts';
import { enrolAtServer, expectExactlyOnce, serverVenue } from './support/reference-server.ts';

test.use({ serviceWorkers: 'block' });

test('records exported on an offline desk are imported on another desk and uploaded once', async ({ browser }) => {
  const v = await serverVenue();
  const broken = await browser.newContext();
  const a = await broken.newPage();
  await enrolAtServer(a, v);
  // Without a service worker in this test, the settings screen's code is fetched once while online.
  await a.getByTestId('manager').click();
  await expect(a.getByTestId('export-json')).toBeVisible();
  await a.getByRole('button', { name: /Back to the desk/ }).click();
  await broken.setOffline(true);
  for (const card of ['NA9C5ONQ', '3UVQBQVOZ0']) {
    await typeCard(a, card);
    await confirm(a);
  }
  await expect(a.getByTestId('pending')).toHaveAttribute('data-count', '2');

  await a.getByTestId('manager').click();
  const [json] = await Promise.all([a.waitForEvent('download'), a.getByTestId('export-json').click()]);
  expect(json.suggestedFilename()).toMatch(/\.json$/);
  const exported = readFileSync((await json.path())!, 'utf8');

  const spare = await browser.newContext();
  const b = await spare.newPage();
  await enrolAtServer(b, v);
  await b.getByTestId('manager').click();
  await b.getByTestId('import-records').setInputFiles({ name: 'export.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
  await expect(b.getByTestId('notice')).toContainText('2');
  const ids = (JSON.parse(exported) as { records: { id: string }[] }).records.map((r) => r.id);
  // The server has them once they are uploaded from this desk; then nothing waits here.
  await expect.poll(async () => (await v.records()).length, { timeout: 30_000 }).toBe(ids.length);
  await expect(b.getByTestId('pending')).toHaveAttribute('data-count', '0');
  expectExactlyOnce(await v.records(), ids);
  // Importing the same file again changes nothing.
  await b.getByTestId('import-records').setInputFiles({ name: 'export.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
  await expect(b.getByTestId('pending')).toHaveAttribute('data-count', '0');
  expectExactlyOnce(await v.records(), ids);
  await broken.close();
  await spare.close();
});

test('a file that is not an export is refused with a reason, and nothing changes', async ({ page }) => {
  const v = await serverVenue();
  await enrolAtServer(page, v);
  await page.getByTestId('manager').click();
  await page.getByTestId('import-records').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  await expect(page.getByTestId('notice')).toContainText(/not imported/);
  await expect(page.getByTestId('pending')).toHaveAttribute('data-count', '0');
});
