// The manager's screens on a manager device, against the reference server: the PIN form, the
// limits and events editor, the event form and the report pass axe and fit a 360 px phone.

import { expect, test } from '@playwright/test';
import { NOW } from '../support/desk-fixture.ts';
import { managerCode, serverVenue } from './support/reference-server.ts';
import { expectFit } from './support/page-checks.ts';

for (const width of [1024, 360]) {
  test(`PIN form, editor, event form and report at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 768 });
    const v = await serverVenue();
    await page.clock.setFixedTime(NOW);
    await page.goto('/');
    await page.getByTestId('enrol-code').fill(managerCode(v.venueId));
    await page.getByTestId('enrol-submit').click();
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', '');
    await page.getByTestId('manager').click();

    await expect(page.getByTestId('pin-new')).toBeVisible();
    await expectFit(page, 'PIN set');
    await page.getByTestId('pin-new').fill('2468');
    await page.getByTestId('pin-again').fill('2469');
    await page.getByTestId('pin-set').click();
    await expect(page.getByTestId('pin-message')).toBeVisible();
    await expectFit(page, 'PIN mismatch');
    await page.getByTestId('pin-again').fill('2468');
    await page.getByTestId('pin-set').click();

    await expect(page.getByTestId('editor')).toBeVisible();
    await expectFit(page, 'editor');
    await page.getByTestId('event-new').click();
    await expect(page.getByTestId('event-title')).toBeVisible();
    await expectFit(page, 'event form');
    await page.getByTestId('event-done').click(); // no title: the form says what is missing
    await expectFit(page, 'event form with an error');
  });
}
