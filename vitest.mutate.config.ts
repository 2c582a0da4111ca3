import { defineConfig } from 'vitest/config';

// The tests Stryker runs against each mutant (`npm run mutate`, stryker.config.mjs): the unit tests
// of the mutated areas, in Node, on SQLite. Left out: PostgreSQL and the browser, the scanner (not
// mutated), and the tests that only drive other processes (the CLI, two serve processes), which
// would run the code unmutated and rebuild the CLI bundle in node_modules/.cache from the mutants,
// and the scale and bench checks, whose seconds per mutant the smaller tests make unnecessary.
export default defineConfig({
  test: {
    name: 'mutate',
    include: ['test/core/**/*.test.ts', 'test/storage/**/*.test.ts', 'test/sync/**/*.test.ts', 'test/app/**/*.test.ts', 'test/server/**/*.test.ts'],
    exclude: ['test/core/size.test.ts', 'test/sync/drain-scale.test.ts', 'test/storage/confirm-bench.test.ts', 'test/server/two-processes.test.ts', 'test/server/admin-cli.test.ts', 'test/server/admin-locality.test.ts'],
    testTimeout: 20_000,
  },
});
