// Timing by interleaving: each sample of a subject is taken right after a sample of the anchor, so
// when another process slows the machine down, both slow down together and the ratio holds.

import { performance } from 'node:perf_hooks';
import type { BenchRow, Budget, Unit } from './rows.ts';
import { withinBudget } from './rows.ts';

export interface RowSpec {
  name: string;
  unit: Exclude<Unit, 'KiB'>;
  warmup: number;
  iterations: number;
  /** Anchor samples per subject sample: more for slow subjects, so the anchor's median is steady. */
  anchorsPerIteration?: number;
  budget?: Budget;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** Nearest-rank percentile. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const UNIT_MS: Record<RowSpec['unit'], number> = { µs: 1e-3, ms: 1 };

export function interleavedBench(anchor: () => void) {
  const anchorPool: number[] = [];

  function timeAnchor(into: number[]): void {
    const t0 = performance.now();
    anchor();
    into.push(performance.now() - t0);
  }

  return {
    async row(spec: RowSpec, subject: () => unknown): Promise<BenchRow> {
      for (let i = 0; i < spec.warmup; i++) {
        anchor();
        await subject();
      }
      const samples: number[] = [];
      const anchors: number[] = [];
      for (let i = 0; i < spec.iterations; i++) {
        for (let a = spec.anchorsPerIteration ?? 1; a > 0; a--) timeAnchor(anchors);
        const t0 = performance.now();
        await subject();
        samples.push(performance.now() - t0);
      }
      anchorPool.push(...anchors);
      const scale = UNIT_MS[spec.unit];
      const ratio = median(samples) / median(anchors);
      return {
        name: spec.name,
        unit: spec.unit,
        median: median(samples) / scale,
        p95: percentile(samples, 95) / scale,
        ratio,
        iterations: spec.iterations,
        budget: spec.budget ?? null,
        within: withinBudget(spec.budget ?? null, median(samples) / scale, ratio),
      };
    },

    /** The anchor itself, over every sample taken between the rows so far. */
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
