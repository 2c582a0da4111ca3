// The camera scanner in real Chromium: its fake capture device plays a .y4m video made by
// `kaiku qr`, once of a valid card code and once of a forged one.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { kaiku } from '../support/kaiku.ts';
import { chromiumPath, fakeCameraArgs } from './support/chromium.ts';
import { cardCases, enrolledDesk } from './support/desk-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'kaiku-camera-'));

function cameraVideo(name: string, code: string): string {
  const out = join(dir, `${name}.y4m`);
  const made = kaiku(['qr', code, '--out', out]);
  if (made.status !== 0) throw new Error(`kaiku qr failed: ${made.stderr}`);
  return out;
}

const valid = cardCases.find((c) => c.name.startsWith('valid personal code'))!;
const forged = cardCases.find((c) => c.name.startsWith('known kid, signed by another key'))!;

test.use({ serviceWorkers: 'block' });

test.describe('a valid card code in front of the camera', () => {
  test.use({ launchOptions: { executablePath: chromiumPath, args: fakeCameraArgs(cameraVideo('valid', valid.input)) } });

  test('is read, verified and shown as accepted; the camera turns off again', async ({ page }) => {
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
  });
});

test.describe('a forged card code in front of the camera', () => {
  test.use({ launchOptions: { executablePath: chromiumPath, args: fakeCameraArgs(cameraVideo('forged', forged.input)) } });

  test('is read and refused as a bad signature, naming the card it claims', async ({ page }) => {
    await enrolledDesk(page);
    await page.getByTestId('camera').click();
    const verdict = page.getByTestId('verdict');
    await expect(verdict).toHaveAttribute('data-verdict', 'rejected');
    await expect(verdict).toHaveAttribute('data-reason', 'bad-signature');
    await expect(verdict).not.toHaveAttribute('data-card-id', '');
  });
});
