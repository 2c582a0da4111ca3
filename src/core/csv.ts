// The CSV dialect of every file the desk exports (sync-api.md): UTF-8 with a byte-order mark,
// `;`-separated, CRLF line ends, a field quoted only when it needs it.

export const CSV_BOM = '\uFEFF';
export const CSV_SEPARATOR = ';';

/** A field as CSV: quoted (quotes doubled) when it holds the separator, a quote, a line break or edge spaces. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[;"\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row, with its CRLF. */
export function csvLine(row: readonly (string | number)[]): string {
  return row.map(csvField).join(CSV_SEPARATOR) + '\r\n';
}
