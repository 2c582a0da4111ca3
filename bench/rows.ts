// One result line of the bench, and the table it is printed as. Budgets are either a ratio to the
// anchor (for what depends on the machine's speed) or a plain amount (µs, ms, KiB).

export type Unit = 'µs' | 'ms' | 'KiB' | '%' | 'frames' | 'rec/s' | 'count';

export interface Budget {
  max: number;
  of: 'ratio' | 'value';
  /** A floor instead of a ceiling (throughput): within when the value is at least `max`. */
  atLeast?: boolean;
}

export interface BenchRow {
  name: string;
  unit: Unit;
  median: number;
  p95: number | null;
  /** Median over the median of the anchor samples interleaved with this row. */
  ratio: number | null;
  iterations: number | null;
  budget: Budget | null;
  within: boolean | null;
}

export function withinBudget(budget: Budget | null, value: number, ratio: number | null): boolean | null {
  if (!budget) return null;
  const measured = budget.of === 'ratio' ? ratio : value;
  if (measured === null) return false;
  return budget.atLeast ? measured >= budget.max : measured <= budget.max;
}

function amount(value: number | null, unit: Unit): string {
  if (value === null) return '—';
  const digits = value < 10 ? 2 : 1;
  return `${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${unit}`;
}

function ratioText(ratio: number | null): string {
  if (ratio === null) return '—';
  return ratio < 100 ? `${ratio.toFixed(2)}x` : `${Math.round(ratio).toLocaleString('en-US')}x`;
}

function budgetText(row: BenchRow): string {
  if (!row.budget) return '—';
  const sign = row.budget.atLeast ? '≥' : '≤';
  return row.budget.of === 'ratio' ? `${sign} ${row.budget.max}x anchor` : `${sign} ${row.budget.max} ${row.unit}`;
}

function withinText(within: boolean | null): string {
  return within === null ? '—' : within ? 'yes' : 'NO';
}

export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['name', 'median', 'p95', 'ratio to anchor', 'budget', 'within budget'];
  const cells = rows.map((r) => [r.name, amount(r.median, r.unit), amount(r.p95, r.unit), ratioText(r.ratio), budgetText(r), withinText(r.within)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  // Text left, figures right, so the columns of numbers line up.
  const line = (c: string[]) => `| ${c.map((s, i) => (i === 0 ? s.padEnd(widths[i]!) : s.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...cells.map(line)].join('\n');
}
