// The scanner section of `npm run bench`: decode rates on the generated frame corpus, ours beside
// stock @zxing/browser's on the same frames. The ≥ 98% rate is asserted by test/scanner; here it is
// reported with the per-frame times.

import type { BenchRow } from './rows.ts';
import { scannerCorpusRows } from './scanner-corpus.ts';

export async function scannerBench(log: (line: string) => void): Promise<BenchRow[]> {
  const rows = await scannerCorpusRows(log);
  return rows.map((r) => ({
    name: r.note ? `${r.name} (${r.note})` : r.name,
    unit: r.unit,
    median: r.value,
    p95: r.p95 ?? null,
    ratio: null,
    iterations: null,
    budget: null,
    within: null,
  }));
}
