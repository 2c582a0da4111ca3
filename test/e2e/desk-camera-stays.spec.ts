// A card left in front of the camera after its admission: the fake capture device keeps playing
// the same valid code for as long as the test runs, as a card left lying on the counter would.

import { expect, test } from '@playwright/test';
import { cameraVideo } from './support/camera-video.ts';
import { chromiumPath, fakeCameraArgs } from './support/chromium.ts';
import { cardCases, confirm, enrolledDesk } from '../support/desk-fixture.ts';

const valid = cardCases.find((c) => c.name.startsWith('valid personal code'))!;

test.use({ serviceWorkers: 'block', launchOptions: { executablePath: chromiumPath, args: fakeCameraArgs(cameraVideo('valid', valid.input)) } });

test('a card that stays in view for 10 s after Confirm is one admission and no decline', async ({ page }) => {
  const server = await enrolledDesk(page);
  const camera = page.getByTestId('camera');
  await camera.click();
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toHaveAttribute('data-verdict', 'accepted');
  await confirm(page);
  await expect(verdict).toHaveAttribute('data-verdict', 'redeemed');
  const afterConfirm = await verdict.getAttribute('data-check');

  // The observation window itself is the point: 10 s with the code in view and the camera on.
  const start = await page.evaluate(() => performance.now());
  await page.waitForFunction((t0) => performance.now() - t0 >= 10_000, start, { timeout: 15_000 });
  await expect(camera).toHaveAttribute('data-state', 'on');

  await expect(verdict).toHaveAttribute('data-check', afterConfirm!);
  await expect(page.getByTestId('pending')).toHaveAttribute('data-count', '0');
  const outcomes = server.uploads.flat().map((r) => r.outcome);
  expect(outcomes).toEqual(['redeemed']);
});
