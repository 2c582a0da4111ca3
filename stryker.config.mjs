// Mutation testing (`npm run mutate`, docs/testing.md): Stryker changes the deciding code one small
// way at a time and runs the tests that cover it; a mutant no test notices is a gap in the tests.
// Not part of `npm test` or CI: a whole run takes hours on a small machine. Incremental, so a run
// after a change tests only the mutants of what changed; `-m 'src/sync/**/*.ts'` runs one area.

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutate.config.ts', related: false },
  // The PostgreSQL store is left out: its tests need a database, and these runs stay on SQLite.
  mutate: ['src/core/**/*.ts', 'src/storage/**/*.ts', 'src/sync/**/*.ts', 'server/store/**/*.ts', 'src/app/desk/**/*.ts', '!server/store/postgres-*.ts', '!**/*.d.ts'],
  coverageAnalysis: 'perTest',
  // Mutants of module-level code (a constant, a list of reasons) would need each test file's modules
  // loaded afresh with the mutant on; with vitest 4 they never are, so every one of them "survives".
  // They are left out of the score (reported as ignored); tests of their own guard those constants.
  ignoreStatic: true,
  // The machine is shared: one test process at a time. KAIKU_MUTATE_CONCURRENCY=2 on a free one.
  concurrency: Number(process.env.KAIKU_MUTATE_CONCURRENCY ?? 1),
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  tempDirName: 'node_modules/.cache/stryker-tmp',
  cleanTempDir: 'always',
  reporters: ['html', 'clear-text', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  thresholds: { high: 90, low: 80, break: null },
  timeoutMS: 10_000,
  // The first run, of every test with coverage per test, takes minutes on a busy machine.
  dryRunTimeoutMinutes: 40,
};
