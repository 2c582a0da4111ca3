// Two managers change the same settings: the second save gets a 412, sees what changed elsewhere,
// redoes its change on top, and the server ends with both.

import { expect, test } from '@playwright/test';
import { addEvent, openEditor, save } from './support/manager-steps.ts';
import { serverSettings, serverVenue } from './support/reference-server.ts';

test('a 412 between two manager browsers: the change elsewhere is shown, redo keeps both', async ({ browser }) => {
  const v = await serverVenue();
  const contextA = await browser.newContext();
  const contextB = await browser.newContext();
  const a = await contextA.newPage();
  const b = await contextB.newPage();
  await openEditor(a, v.venueId);
  await openEditor(b, v.venueId);

  // B starts editing on the settings both have; A saves first.
  await addEvent(b, { title: 'Matinea', date: '2026-11-22', start: '12:00' });
  await a.getByTestId('limit-dayQuota').fill('40');
  await save(a);
  await expect(a.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');

  await save(b);
  await expect(b.getByTestId('save-status')).toHaveAttribute('data-status', 'conflict');
  await expect(b.getByTestId('conflict-item')).toHaveText(['Card tickets per day: no limit → 40']);
  await b.getByTestId('conflict-redo').click();
  await expect(b.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');

  const held = await serverSettings(v.venueId);
  expect(held.dayQuota).toBe(40);
  expect(held.events.find((e) => e.id === 'matinea-2026-11-22')).toMatchObject({ title: 'Matinea', start: '12:00' });
  await contextA.close();
  await contextB.close();
});
