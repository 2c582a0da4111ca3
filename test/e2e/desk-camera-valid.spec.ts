// The camera scanner in real Chromium: its fake capture device plays a .y4m of a valid card code.

import { expect, test } from '@playwright/test';
import { cameraVideo } from './support/camera-video.ts';
import { chromiumPath, fakeCameraArgs } from './support/chromium.ts';
import { cardCases, enrolledDesk } from '../support/desk-fixture.ts';
import { watchPolicy } from './support/policy.ts';

const valid = cardCases.find((c) => c.name.startsWith('valid personal code'))!;

test.use({ serviceWorkers: 'block', launchOptions: { executablePath: chromiumPath, args: fakeCameraArgs(cameraVideo('valid', valid.input)) } });

test('a valid code in front of the camera is read, verified and accepted under the server\'s policy; the camera turns off again', async ({ page }) => {
  const policy = await watchPolicy(page);
  await enrolledDesk(page);
  const camera = page.getByTestId('camera');
  await camera.click();
  await expect(camera).toHaveAttribute('data-state', 'on');
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toHaveAttribute('data-verdict', 'accepted');
  await expect(verdict).toHaveAttribute('data-source', 'code');
  await expect(verdict).toHaveAttribute('data-card-id', valid.expect.cardId as string);
  await camera.click();
  await expect(camera).toHaveAttribute('data-state', 'off');
  await policy.check();
});
