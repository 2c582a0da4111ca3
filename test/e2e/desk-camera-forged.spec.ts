// The camera scanner in real Chromium: its fake capture device plays a .y4m of a forged card code.

import { expect, test } from '@playwright/test';
import { cameraVideo } from './support/camera-video.ts';
import { chromiumPath, fakeCameraArgs } from './support/chromium.ts';
import { cardCases, enrolledDesk } from '../support/desk-fixture.ts';

const forged = cardCases.find((c) => c.name.startsWith('known kid, signed by another key'))!;

test.use({ serviceWorkers: 'block', launchOptions: { executablePath: chromiumPath, args: fakeCameraArgs(cameraVideo('forged', forged.input)) } });

test('a forged code in front of the camera is read and refused as a bad signature, naming the card it claims', async ({ page }) => {
  await enrolledDesk(page);
  await page.getByTestId('camera').click();
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toHaveAttribute('data-verdict', 'rejected');
  await expect(verdict).toHaveAttribute('data-reason', 'bad-signature');
  await expect(verdict).not.toHaveAttribute('data-card-id', '');
});
