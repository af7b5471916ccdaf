import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.ts';
import type { Scope } from '../access/actor.ts';
import { AppError } from '../errors.ts';
import { DEFAULT_LIMITS, WorkbookRefused, type WorkbookLimits } from './guard.ts';
import type { ImportContext, ImportKind, RowProblem } from './kind.ts';
import { readWorkbook } from './reader.ts';

export interface ImportOutcome {
  ok: boolean;
  kind: string;
  batchId: string;
  rows: number;
  inserted: number;
  updated: number;
  dryRun: boolean;
  problems: RowProblem[];
  /** Whole-file refusal (not an xlsx, too large, zip bomb …). */
  refused?: string;
}

/**
 * All-or-nothing import: read → cell checks → database checks → one transaction writing every row and
 * the audit event. Any problem and nothing is written (the refusal itself is audited).
 */
export async function runImport(
  app: AppContext,
  kind: ImportKind,
  buf: Buffer,
  opts: { dryRun?: boolean; actorId: number | null; actorName: string; scope: Scope; limits?: WorkbookLimits; requestId?: string; ip?: string },
): Promise<ImportOutcome> {
  const batchId = randomUUID();
  const base = { kind: kind.kind, batchId, dryRun: opts.dryRun ?? false, rows: 0, inserted: 0, updated: 0 };
  const ctx: ImportContext = { app, actorId: opts.actorId, actorName: opts.actorName, batchId, scope: opts.scope };
  const auditRefusal = async (detail: unknown) =>
    app.audit.write(app.db, {
      at: app.clock.now().toISOString(),
      actorId: opts.actorId,
      actorName: opts.actorName,
      action: `import.${kind.kind}`,
      entityType: 'import',
      entityId: batchId,
      result: 'failed',
      after: detail,
      requestId: opts.requestId ?? null,
      ip: opts.ip ?? null,
    });
  let read: Awaited<ReturnType<typeof readWorkbook>>;
  try {
    read = await readWorkbook(buf, kind, opts.limits ?? DEFAULT_LIMITS);
  } catch (err) {
    if (err instanceof WorkbookRefused) {
      await auditRefusal({ refused: err.reason });
      return { ...base, ok: false, problems: [], refused: err.reason };
    }
    throw err;
  }
  const rowsOut = { ...base, rows: read.rows.length };
  if (read.problems.length) {
    await auditRefusal({ problems: read.problems.length });
    return { ...rowsOut, ok: false, problems: sortProblems(read.problems) };
  }
  if (read.rows.length === 0) {
    await auditRefusal({ problems: 1 });
    return { ...rowsOut, ok: false, problems: [{ row: 0, column: '', value: '', reason: '工作簿中没有数据行 / the workbook has no data rows' }] };
  }
  const dbProblems = await kind.validate(read.rows, app.db, ctx);
  if (dbProblems.length) {
    await auditRefusal({ problems: dbProblems.length });
    return { ...rowsOut, ok: false, problems: sortProblems(dbProblems) };
  }
  if (opts.dryRun) return { ...rowsOut, ok: true, problems: [] };
  try {
    const counts = await app.db.transaction().execute(async (trx) => {
      const c = await kind.write(read.rows, trx, ctx);
      await app.audit.write(trx, {
        at: app.clock.now().toISOString(),
        actorId: opts.actorId,
        actorName: opts.actorName,
        action: `import.${kind.kind}`,
        entityType: 'import',
        entityId: batchId,
        result: 'ok',
        after: { rows: read.rows.length, ...c },
        requestId: opts.requestId ?? null,
        ip: opts.ip ?? null,
      });
      return c;
    });
    return { ...rowsOut, ok: true, problems: [], ...counts };
  } catch (err) {
    // A rule the writer enforces row by row comes back as row problems; nothing was written.
    if (err instanceof AppError && err.code === 'validation_failed' && Array.isArray((err.details as { problems?: RowProblem[] })?.problems)) {
      const problems = (err.details as { problems: RowProblem[] }).problems;
      await auditRefusal({ problems: problems.length });
      return { ...rowsOut, ok: false, problems: sortProblems(problems) };
    }
    throw err;
  }
}

function sortProblems(p: RowProblem[]): RowProblem[] {
  return [...p].sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
}
