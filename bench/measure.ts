// Timing in interleaved rounds: each row alternates blocks of anchor samples with blocks of its own
// samples, so when another process slows the machine down for a while, both slow down together
// and the ratio holds. Blocks rather than single alternations, each warmed up for a while: after
// a JavaScript verify a native one runs 1.5-2x slower for about 10 ms (likely its garbage being collected
// on the 2 cores), which would flatter the ratio of whatever ran before it.

import { performance } from 'node:perf_hooks';
import type { BenchRow, Budget } from './rows.ts';
import { withinBudget } from './rows.ts';

interface RowSpec {
  name: string;
  unit: 'µs' | 'ms';
  warmup: number;
  iterations: number;
  budget?: Budget;
}

const ROUNDS = 10;
const ANCHOR_WARMUP_MS = 25;
const ANCHORS_PER_ROUND = 100;
const UNIT_MS: Record<RowSpec['unit'], number> = { µs: 1e-3, ms: 1 };

function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** Nearest-rank percentile. */
function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function interleavedBench(anchor: () => void) {
  const anchorPool: number[] = [];

  function anchorBlock(into: number[]): void {
    for (const until = performance.now() + ANCHOR_WARMUP_MS; performance.now() < until; ) anchor();
    for (let i = 0; i < ANCHORS_PER_ROUND; i++) {
      const t0 = performance.now();
      anchor();
      into.push(performance.now() - t0);
    }
  }

  return {
    async row(spec: RowSpec, subject: () => unknown): Promise<BenchRow> {
      for (let i = 0; i < spec.warmup; i++) await subject();
      const samples: number[] = [];
      const anchors: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        anchorBlock(anchors);
        const end = Math.round(((round + 1) * spec.iterations) / ROUNDS);
        while (samples.length < end) {
          const t0 = performance.now();
          await subject();
          samples.push(performance.now() - t0);
        }
      }
      anchorPool.push(...anchors);
      const scale = UNIT_MS[spec.unit];
      const value = median(samples) / scale;
      const ratio = median(samples) / median(anchors);
      return {
        name: spec.name,
        unit: spec.unit,
        median: value,
        p95: percentile(samples, 95) / scale,
        ratio,
        iterations: spec.iterations,
        budget: spec.budget ?? null,
        within: withinBudget(spec.budget ?? null, value, ratio),
      };
    },

    /** The anchor itself, over every block taken between the rows so far. */
    anchorRow(name: string): BenchRow {
      return {
        name,
        unit: 'µs',
        median: median(anchorPool) / UNIT_MS.µs,
        p95: percentile(anchorPool, 95) / UNIT_MS.µs,
        ratio: 1,
        iterations: anchorPool.length,
        budget: null,
        within: null,
      };
    },
  };
}
