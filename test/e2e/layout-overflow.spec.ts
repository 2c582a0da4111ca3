// Nothing on any screen may scroll sideways on a small phone (360 px), and on a phone Confirm
// must be on the first screen without scrolling.

import { expect, test } from '@playwright/test';
import { enrolledDesk, typeCard } from '../support/desk-fixture.ts';
import { expectNoSidewaysScroll } from './support/page-checks.ts';

test.use({ serviceWorkers: 'block', viewport: { width: 360, height: 740 } });

test('the desk at 360 px: idle, a valid card with Confirm in view, a refusal, and the settings', async ({ page }) => {
  await enrolledDesk(page);
  await page.getByTestId('language').selectOption('fi'); // the longest words
  await expectNoSidewaysScroll(page, 'idle');

  await typeCard(page, 'NA9C5ONQ');
  await expect(page.getByTestId('confirm')).toBeInViewport();
  await expectNoSidewaysScroll(page, 'accepted');

  await typeCard(page, 'IW6E85W');
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'rejected');
  await expectNoSidewaysScroll(page, 'rejected');

  await page.getByTestId('manager').click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectNoSidewaysScroll(page, 'settings');
});

test('at 1024 px the header is one row and nothing scrolls sideways', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await enrolledDesk(page);
  for (const language of ['fi', 'sv', 'en']) {
    await page.getByTestId('language').selectOption(language);
    const header = await page.locator('header.top').boundingBox();
    // One row of 48 px controls and its padding; a second row would make it about twice that.
    expect(header!.height, language).toBeLessThan(80);
    await expectNoSidewaysScroll(page, `desk in ${language}`);
  }
});
