import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './test/e2e/support/chromium.ts';
import { venue } from './test/support/desk-fixture.ts';

// The reference server serves the production build and the real sync API; a fresh data folder per
// run, which the tests also reach with `kaiku admin` (venues, enrolment codes, revocations).
const dataDir = join('node_modules', '.cache', 'e2e-data');
if (!process.env.KAIKU_E2E_DATA) {
  rmSync(dataDir, { recursive: true, force: true });
  process.env.KAIKU_E2E_DATA = dataDir;
  // `serve` refuses a folder without a database: set a first venue up, as an operator would.
  const settings = join('node_modules', '.cache', 'e2e-venue.json');
  writeFileSync(settings, JSON.stringify(venue({ venueId: 'e2e-first' })));
  const made = spawnSync(process.execPath, ['scripts/kaiku.mjs', 'admin', 'venue', '--data', dataDir, settings], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`kaiku admin venue: ${made.stderr}`);
}

// KAIKU_E2E_PORT lets two checkouts run their browser tests side by side.
const port = process.env.KAIKU_E2E_PORT ?? '4173';
process.env.KAIKU_E2E_PORT = port;

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
    baseURL: `http://127.0.0.1:${port}`,
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
    // --quiet: the request log would drown the test report.
    command: `node scripts/kaiku.mjs serve --quiet --port ${port} --data ${process.env.KAIKU_E2E_DATA}`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
