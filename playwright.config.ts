import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// Browsers cannot be downloaded on every machine we run on: use KAIKU_CHROMIUM, else Debian's
// /usr/bin/chromium, else Playwright's own browser where one is installed (a developer's laptop).
const chromium = process.env.KAIKU_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

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
        launchOptions: {
          executablePath: chromium,
          // As root Chromium needs --no-sandbox; the rest keep it off a closed network.
          args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-gpu'],
        },
      },
    },
  ],
  webServer: {
    // The production build, as a venue gets it.
    command: 'npx vite preview --host 127.0.0.1 --port 4173 --strictPort',
    url: 'http://127.0.0.1:4173',
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
