import type { Executor } from '../../db/database.ts';
import { iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { type ReportJson, buildReport } from './service.ts';

export interface StoredReport extends ReportJson {
  id: number | null;
  status: 'live' | 'draft' | 'final';
  revision: number;
  frozenAt: string | null;
}

export async function finalFor(exec: Executor, orgId: number, year: number) {
  return exec.selectFrom('reports').selectAll().where('org_id', '=', orgId).where('year', '=', year).where('status', '=', 'final').executeTakeFirst();
}

/** The frozen final when there is one (so a year re-run later gives the same document), else computed live. */
export async function currentReport(exec: Executor, orgId: number, year: number): Promise<StoredReport> {
  const final = await finalFor(exec, orgId, year);
  if (final) return { ...(JSON.parse(final.content_json) as ReportJson), id: final.id, status: 'final', revision: final.revision, frozenAt: final.frozen_at };
  return { ...(await buildReport(exec, orgId, year)), id: null, status: 'live', revision: 0, frozenAt: null };
}

/** Saves a draft: live figures plus the user's edits of the editable sections (三 and 四). */
export async function saveDraft(ctx: AppContext, exec: Executor, orgId: number, year: number, edits: Record<string, string[]>, userId: number) {
  if (await finalFor(exec, orgId, year)) throw new AppError('conflict', { reason: 'the report for this year is final' });
  const live = await buildReport(exec, orgId, year);
  for (const s of live.sections) {
    const texts = edits[s.id];
    if (texts && s.editable) s.paragraphs = texts.filter((t) => t.trim()).map((text) => ({ text: text.trim(), figures: [] }));
  }
  const last = await exec
    .selectFrom('reports')
    .select('revision')
    .where('org_id', '=', orgId)
    .where('year', '=', year)
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();
  const row = await exec
    .insertInto('reports')
    .values({
      org_id: orgId,
      year,
      status: 'draft',
      revision: (last?.revision ?? 0) + 1,
      content_json: JSON.stringify(live),
      created_by: userId,
      created_at: iso(ctx.clock.now()),
      frozen_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return row;
}

export async function finalize(ctx: AppContext, exec: Executor, id: number) {
  const row = await exec.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  if (await finalFor(exec, row.org_id, row.year)) throw new AppError('conflict', { reason: 'already final' });
  return exec
    .updateTable('reports')
    .set({ status: 'final', frozen_at: iso(ctx.clock.now()) })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
