import { describe, expect, it } from 'vitest';
import { CORE_GZIP_BUDGET_KIB, coreSize } from '../support/core-size.ts';

describe('core size', () => {
  // Bytes, not time: the same on every machine, so the budget is a test and not just a bench row.
  it(`ships the desk core, SHA-512 included, in at most ${CORE_GZIP_BUDGET_KIB} KiB gzip`, async () => {
    const { gzipBytes } = await coreSize();
    expect(gzipBytes).toBeLessThanOrEqual(CORE_GZIP_BUDGET_KIB * 1024);
  }, 30_000);
});
