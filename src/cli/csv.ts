// Plain CSV as the register's operators export it: a header row, comma-separated, optional
// double quotes, CRLF or LF, a byte-order mark tolerated. Rows come back keyed by header.

import { UsageError } from '../node/usage-error.ts';

export interface CsvRow {
  line: number;
  get(column: string): string;
}

function splitLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell.trim() === '') (quoted = true), (cell = '');
    else if (c === ',') cells.push(cell.trim()), (cell = '');
    else cell += c;
  }
  cells.push(cell.trim());
  return cells;
}

export function parseCsv(text: string, file: string, columns: readonly string[]): CsvRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitLine(lines[0] ?? '').map((h) => h.toLowerCase());
  const missing = columns.filter((c) => !header.includes(c.toLowerCase()));
  if (missing.length) throw new UsageError(`${file}: the header must name the columns ${columns.join(',')} (missing: ${missing.join(', ')})`);
  const rows: CsvRow[] = [];
  lines.forEach((raw, i) => {
    if (i === 0 || raw.trim() === '') return;
    const cells = splitLine(raw);
    const line = i + 1;
    rows.push({
      line,
      get(column) {
        const value = cells[header.indexOf(column.toLowerCase())];
        if (value === undefined || value === '') throw new UsageError(`${file} line ${line}: no value for "${column}"`);
        return value;
      },
    });
  });
  return rows;
}
