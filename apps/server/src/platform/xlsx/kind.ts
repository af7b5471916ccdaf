import type { Executor } from '../../db/database.ts';
import type { Scope } from '../access/actor.ts';
import type { AppContext } from '../context.ts';

export type ColumnType = 'text' | 'int' | 'date' | 'enum' | 'list' | 'phone';

export interface ColumnDef {
  /** The exact Chinese header of the import contract. */
  header: string;
  /** Field name in a parsed row. */
  key: string;
  type: ColumnType;
  required?: boolean;
  /** Allowed values (enum; list when given). Drop-downs in the template. */
  values?: readonly string[];
  /** What the column means, shown on the template's 填写说明 sheet. */
  help: string;
  example?: string;
  maxLength?: number;
  min?: number;
  max?: number;
}

export type CellValue = string | number | string[] | null;
export type RowValues = Record<string, CellValue>;

export interface ParsedRow {
  /** The row number as Excel shows it. */
  rowNumber: number;
  values: RowValues;
}

/** One problem with one cell, reported as row, column, value, reason. */
export interface RowProblem {
  row: number;
  column: string;
  value: string;
  reason: string;
}

export interface ImportContext {
  app: AppContext;
  actorId: number | null;
  actorName: string;
  /** Identifies the rows this import wrote. */
  batchId: string;
  /** The caller's scope: rows outside it are row errors. Whole tree for the CLI. */
  scope: Scope;
}

export interface ExportFilter {
  scope: Scope;
  orgId?: number;
  /** The running app (keys to open sealed personal fields); absent in unit tests of a kind. */
  app?: AppContext;
  /** The caller may read personal fields (phones) in full; otherwise exports mask them as lists do. */
  fullPersonal?: boolean;
}

/** A template kind: the columns, the checks that need the database, the upsert, the export. */
export interface ImportKind {
  kind: string;
  title: string;
  columns: ColumnDef[];
  /** Database-aware checks; must not write. Every problem, not just the first. */
  validate(rows: ParsedRow[], exec: Executor, ctx: ImportContext): Promise<RowProblem[]>;
  /** Upserts all rows (by code, or by natural key) inside the import's transaction. */
  write(rows: ParsedRow[], exec: Executor, ctx: ImportContext): Promise<{ inserted: number; updated: number }>;
  /** Rows for export, keyed by column key, limited to the filter's scope. */
  exportRows(exec: Executor, filter: ExportFilter): Promise<RowValues[]>;
}

/** Problem helper for kinds: names the row and the column by its header. */
export function problem(kind: Pick<ImportKind, 'columns'>, row: ParsedRow, key: string, reason: string): RowProblem {
  const col = kind.columns.find((c) => c.key === key);
  const v = row.values[key];
  return { row: row.rowNumber, column: col?.header ?? key, value: Array.isArray(v) ? v.join('、') : v == null ? '' : String(v), reason };
}
