// A quiet spell at the gate: after some minutes with no card in view the camera rests and the desk
// says so; a tap on the notice goes on scanning. The page's clock is the test's, so the minutes
// pass at once.

import { expect, test } from '@playwright/test';
import { blankCameraVideo } from './support/camera-video.ts';
import { chromiumPath, fakeCameraArgs } from './support/chromium.ts';
import { previewTracks } from './support/page-visibility.ts';
import { NOW, enrolledDesk } from '../support/desk-fixture.ts';

test.use({ serviceWorkers: 'block', launchOptions: { executablePath: chromiumPath, args: fakeCameraArgs(blankCameraVideo()) } });

test('after idle minutes the camera pauses and says so in the desk language; a tap resumes it', async ({ page }) => {
  await page.clock.install({ time: NOW });
  await enrolledDesk(page);
  await page.getByTestId('language').selectOption('fi');
  await page.getByTestId('camera').click();
  const region = page.locator('.camera');
  await expect(region).toHaveAttribute('data-scan', 'on');
  await expect.poll(() => previewTracks(page)).toEqual(['live']);

  // Two minutes: still scanning.
  await page.clock.fastForward('02:00');
  await expect(region).toHaveAttribute('data-scan', 'on');
  await page.clock.fastForward('01:05');
  const paused = page.getByTestId('camera-paused');
  await expect(paused).toBeVisible();
  await expect(paused).toContainText('kamera lepää');
  await expect(region).toHaveAttribute('data-scan', 'paused');
  await expect.poll(() => previewTracks(page)).toBeNull();
  await expect(page.locator('video.preview')).toBeHidden();

  await page.getByTestId('language').selectOption('sv');
  await expect(paused).toContainText('kameran vilar');

  await paused.click();
  await expect(paused).toBeHidden();
  await expect(region).toHaveAttribute('data-scan', 'on');
  await expect.poll(() => previewTracks(page)).toEqual(['live']);
  await expect(page.locator('video.preview')).toBeVisible();
});
