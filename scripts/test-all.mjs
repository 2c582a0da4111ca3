#!/usr/bin/env node
// `npm test`: every check the project has, in the order a failure is cheapest to find: types,
// unit and CLI tests (vitest), the production build, browser tests (Playwright on that build).
// Ends with one line that adds up both runners: "N passed, M failed".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const reports = join('node_modules', '.cache', 'test-reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const vitestJson = join(reports, 'vitest.json');
const playwrightJson = join(reports, 'playwright.json');

function step(name, cmd, args, env = {}) {
  process.stdout.write(`\n== ${name}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

let passed = 0;
let failed = 0;
const broken = [];

if (!step('types', 'npx', ['tsc', '-b'])) broken.push('types');

step('unit and CLI tests (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${vitestJson}`]);
const v = readJson(vitestJson);
if (v) {
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  if (v.numFailedTests || v.numFailedTestSuites) broken.push('vitest');
} else broken.push('vitest (no report)');

if (!step('production build', 'npx', ['vite', 'build', '--logLevel', 'warn'])) broken.push('build');
else {
  step('browser tests (Playwright, Chromium)', 'npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson });
  const p = readJson(playwrightJson);
  if (p) {
    passed += p.stats.expected;
    failed += p.stats.unexpected + p.stats.flaky;
    if (p.stats.unexpected || p.stats.flaky || p.errors?.length) broken.push('playwright');
  } else broken.push('playwright (no report)');
}

if (broken.length) process.stdout.write(`\nfailed steps: ${broken.join(', ')}\n`);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(broken.length ? 1 : 0);
