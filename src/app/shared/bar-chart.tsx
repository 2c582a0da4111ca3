// A small hand-written horizontal bar chart in SVG: one row per label, stacked segments told apart
// by pattern (solid, stripes) as well as shade, the total written at the end of each bar. Rows run
// down the page, so long event titles and long periods stay readable on a tablet. The chart is an
// image with a one-sentence summary for screen readers; the figures themselves are in the table the
// caller shows with it.

import type { ComponentChildren } from 'preact';
import './chart.css';

export type Fill = 'solid' | 'stripes';

export interface Series {
  label: string;
  fill: Fill;
}

export interface BarRow {
  label: string;
  /** One value per series, stacked left to right. */
  values: number[];
  /** Words after the total (e.g. "over the quota by 2"); drawn bold. */
  note?: string;
}

const WIDTH = 640;
const LABEL_W = 190;
const BAR_W = 330;
const ROW_H = 38;
const BAR_H = 24;
const FONT = 16;
const INK = '#0f1720';
const BAR = '#0b3d5c';

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function Legend({ series }: { series: Series[] }) {
  return (
    <ul class="report-legend">
      {series.map((s) => (
        <li key={s.label}>
          <span class={`report-swatch report-swatch-${s.fill}`} aria-hidden="true" />
          {s.label}
        </li>
      ))}
    </ul>
  );
}

export function BarChart({ id, summary, series, rows }: { id: string; summary: string; series: Series[]; rows: BarRow[] }) {
  const max = Math.max(1, ...rows.map((r) => r.values.reduce((a, b) => a + b, 0)));
  const height = Math.max(1, rows.length) * ROW_H + 8;
  const stripes = `${id}-stripes`;
  const fillOf = (f: Fill) => (f === 'solid' ? BAR : `url(#${stripes})`);
  return (
    // On a phone the chart is wider than the screen (its text stays legible) and scrolls sideways;
    // a keyboard can reach and scroll it too.
    <div class="report-chart-box" tabIndex={0} role="region" aria-label={summary}>
      <svg role="img" aria-label={summary} data-testid={`${id}-chart`} viewBox={`0 0 ${WIDTH} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet" class="report-chart">
        <defs>
          <pattern id={stripes} patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)">
            <rect width="8" height="8" fill="#ffffff" />
            <rect width="4" height="8" fill={BAR} />
          </pattern>
        </defs>
        {rows.map((row, i) => {
          const y = i * ROW_H + 4;
          const total = row.values.reduce((a, b) => a + b, 0);
          let x = LABEL_W;
          return (
            <g key={`${row.label}-${i}`} aria-hidden="true">
              <text x={LABEL_W - 8} y={y + BAR_H / 2} dy="0.35em" text-anchor="end" font-size={FONT} fill={INK}>
                <title>{row.label}</title>
                {clip(row.label, 22)}
              </text>
              <line x1={LABEL_W} x2={LABEL_W} y1={y - 4} y2={y + ROW_H - 4} stroke={INK} stroke-width="1" />
              {row.values.map((v, s) => {
                const w = (v / max) * BAR_W;
                const rect = v > 0 ? <rect key={s} x={x} y={y} width={w} height={BAR_H} fill={fillOf(series[s]?.fill ?? 'solid')} stroke={BAR} stroke-width="1.5" /> : null;
                x += w;
                return rect;
              })}
              <text x={x + 8} y={y + BAR_H / 2} dy="0.35em" font-size={FONT} fill={INK} font-weight={row.note ? 700 : 400}>
                {row.note ? `${total} · ${row.note}` : String(total)}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}

/** A table wider than a phone scrolls sideways in its own box, which a keyboard can reach and scroll. */
export function TableBox({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="report-table-box" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}

/** A chart section: heading, legend, chart, and its table behind "Show as table". */
export function ChartSection(props: { id: string; heading: string; showTable: string; legend?: Series[]; children: ComponentChildren; table: ComponentChildren }) {
  return (
    <section class="report-section" aria-labelledby={`${props.id}-heading`} data-testid={props.id}>
      <h3 id={`${props.id}-heading`}>{props.heading}</h3>
      {props.legend && <Legend series={props.legend} />}
      {props.children}
      <details class="report-table-toggle">
        <summary>{props.showTable}</summary>
        <TableBox label={props.heading}>{props.table}</TableBox>
      </details>
    </section>
  );
}
