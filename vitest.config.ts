import { defineConfig } from 'vitest/config';

// Unit and CLI tests run in Node; browser tests (test/e2e) belong to Playwright. The server's tests
// run a second time on PostgreSQL ("server-postgres") when KAIKU_TEST_DATABASE_URL names a database
// the tests may make schemas in; .ci/run always sets it, and KAIKU_REQUIRE_POSTGRES=1 makes a
// missing one an error instead of a skipped project.
const postgres = process.env.KAIKU_TEST_DATABASE_URL;
if (!postgres) {
  if (process.env.KAIKU_REQUIRE_POSTGRES === '1') throw new Error('KAIKU_REQUIRE_POSTGRES=1 but KAIKU_TEST_DATABASE_URL is not set');
  console.warn('PostgreSQL store tests skipped: KAIKU_TEST_DATABASE_URL is not set (see docs/testing.md). The SQLite store is tested as always.');
}

// Server tests that are about SQLite itself (its file, its pragmas, its migrations) or about the
// command line's --data folder: the PostgreSQL side has tests of its own for these.
const SQLITE_ONLY = ['test/server/migrations.test.ts', 'test/server/sqlite-durability.test.ts', 'test/server/sqlite-open.test.ts', 'test/server/admin-cli.test.ts', 'test/server/demo.test.ts'];

const common = { testTimeout: 20_000 };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...common,
          name: 'unit',
          include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
          exclude: ['test/e2e/**', 'node_modules/**', 'test/postgres/**'],
        },
      },
      ...(postgres
        ? [
            {
              test: {
                ...common,
                name: 'server-postgres',
                include: ['test/server/**/*.test.ts', 'test/postgres/**/*.test.ts'],
                exclude: SQLITE_ONLY,
                env: { KAIKU_TEST_STORE: 'postgres' },
              },
            },
          ]
        : []),
    ],
  },
});
