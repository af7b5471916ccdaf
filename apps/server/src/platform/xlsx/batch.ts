/**
 * Multi-row INSERTs for import writers. Each statement costs a round of query building, SQL compilation and (on
 * SQLite) statement preparation, so a writer sends as many rows per statement as the bind-variable limit allows.
 */

/** Bind variables one statement may carry on both dialects: SQLite's limit (32766) is below PostgreSQL's (65535). */
export const MAX_BIND_VARIABLES = 32_766;

/** Rows of `columns` values each that fit in one statement. */
export function rowsPerStatement(columns: number, limit: number = MAX_BIND_VARIABLES): number {
  return Math.max(1, Math.floor(limit / Math.max(1, columns)));
}

/**
 * `rows` in slices small enough for one multi-row INSERT each; the column count is taken from the first row
 * (all rows of one insert have the same columns).
 */
export function insertBatches<T extends object>(rows: readonly T[], limit: number = MAX_BIND_VARIABLES): T[][] {
  if (rows.length === 0) return [];
  const size = rowsPerStatement(Object.keys(rows[0]).length, limit);
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
