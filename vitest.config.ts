import { defineConfig } from 'vitest/config';

// Unit and CLI tests run in Node; browser tests (test/e2e) belong to Playwright.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 20_000,
  },
});
