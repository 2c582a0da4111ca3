// `npm run bench`: runs each section and prints one table, or JSON with --json. A missed budget is
// printed, never fatal: timings depend on the machine, so the deterministic budgets live in tests.
// `npm run bench -- --section browser` (or core) runs one section; `--shift-minutes N` shortens the
// tablet section's shift (10 minutes by default).

import { cpus } from 'node:os';
import { browserBench } from './browser-bench.ts';
import { coreBench } from './core-bench.ts';
import { nationalBench } from './national.ts';
import { scannerBench } from './scanner-section.ts';
import { tabletBench } from './tablet.ts';
import { syncBench } from './sync-drain.ts';
import { usageBench } from './usage-pages.ts';
import type { BenchRow } from './rows.ts';
import { formatTable } from './rows.ts';

type Section = (log: (line: string) => void) => Promise<BenchRow[]>;

const sections: [string, Section][] = [
  ['core', coreBench],
  ['browser', browserBench],
  ['scanner', scannerBench],
  ['sync', syncBench],
  ['usage', usageBench],
  ['national', nationalBench],
  ['tablet', tabletBench],
];

// Progress goes to stderr, so stdout holds only the results (and --json stays parseable).
const log = (line: string) => process.stderr.write(`${line}\n`);
const json = process.argv.includes('--json');
const at = process.argv.findIndex((a) => a === '--section' || a.startsWith('--section='));
const only = at < 0 ? null : process.argv[at]!.includes('=') ? process.argv[at]!.split('=')[1]! : (process.argv[at + 1] ?? '');
if (only !== null && !sections.some(([name]) => name === only)) {
  process.stderr.write(`--section: expected one of ${sections.map(([name]) => name).join(', ')}, got "${only}"\n`);
  process.exit(2);
}
const started = performance.now();
const results: { section: string; rows: BenchRow[] }[] = [];
for (const [section, run] of sections) if (only === null || section === only) results.push({ section, rows: await run(log) });

const machine = {
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpus: `${cpus().length} x ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`,
  date: new Date().toISOString(),
  seconds: Math.round((performance.now() - started) / 100) / 10,
};

if (json) {
  process.stdout.write(`${JSON.stringify({ ...machine, results }, null, 2)}\n`);
} else {
  const out = [`Kaiku Desk bench · Node ${machine.node} · ${machine.platform} · ${machine.cpus} · ${machine.date} · ${machine.seconds} s`];
  for (const { section, rows } of results) {
    out.push('', `## ${section}`, '', formatTable(rows));
    const missed = rows.filter((r) => r.within === false).map((r) => r.name);
    out.push('', missed.length ? `BUDGET MISSED (${missed.length}): ${missed.join('; ')}` : 'All budgets met.');
  }
  out.push(
    '',
    'median and p95 per operation after warm-up; ratio = median / median of the anchor samples interleaved with that row.',
  );
  process.stdout.write(`${out.join('\n')}\n`);
}
