import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import { storageConfirmBench } from '../support/storage-confirm.ts';

// Only that the bench runs: its timings count in Chromium, not under fake-indexeddb.
it('the confirm bench seeds, appends and reports median and p95', async () => {
  const result = await storageConfirmBench({ seed: 1_000, appends: 20, warmup: 2 });
  expect(result).toMatchObject({ seeded: 1_000, appends: 20 });
  for (const t of [result, result.limits, result.shared]) {
    expect(t.median).toBeGreaterThan(0);
    expect(t.p95).toBeGreaterThanOrEqual(t.median);
  }
});
