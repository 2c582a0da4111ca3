import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './test/e2e/support/chromium.ts';

// The reference server serves the production build and the real sync API; a fresh data folder per
// run, which the tests also reach with `kaiku admin` (venues, enrolment codes, revocations).
const dataDir = join('node_modules', '.cache', 'e2e-data');
if (!process.env.KAIKU_E2E_DATA) {
  rmSync(dataDir, { recursive: true, force: true });
  process.env.KAIKU_E2E_DATA = dataDir;
}

export default defineConfig({
  testDir: 'test/e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: 'http://127.0.0.1:4173',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
      },
    },
  ],
  webServer: {
    // The production build, as a venue gets it, from the reference server.
    command: `node scripts/kaiku.mjs serve --port 4173 --data ${process.env.KAIKU_E2E_DATA}`,
    url: 'http://127.0.0.1:4173',
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
