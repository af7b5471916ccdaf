/**
 * CSV for exports (UTF-8 with a BOM so Excel opens Chinese correctly, CRLF rows, RFC 4180 quoting). A cell that
 * starts like a formula (= + - @ tab CR) gets a leading apostrophe, as in the xlsx exports, so it never runs.
 */
export function csvCell(v: unknown): string {
  const raw = v == null ? '' : String(v);
  const s = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
