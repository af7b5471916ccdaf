import {
  type CreateRiskBody,
  RISK_LEVELS,
  RISK_STATUS_MOVES,
  type RateRiskBody,
  type RiskQuery,
  type RiskStatus,
  type UpdateRiskBody,
} from '@taizhang/shared/schemas/risks';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../db/database.ts';
import type { Actor, Scope } from '../../platform/access/actor.ts';
import { assertCan, scopeSubquery } from '../../platform/access/scope.ts';
import { chinaDate, iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, type FieldProblem, validation } from '../../platform/errors.ts';
import { type By, orgNameMap, parseJsonArray, personNames, requireOrg, requirePerson, subtreeOf } from './common.ts';
import type { RisksTable } from './tables.ts';

export type RiskRow = Selectable<RisksTable>;
export type Matrix = Map<string, string>;
type Measure = { text: string; dueDate?: string | null; done?: boolean };

export async function loadMatrix(exec: Executor): Promise<Matrix> {
  const rows = await exec.selectFrom('risk_matrix').selectAll().execute();
  return new Map(rows.map((r) => [`${r.likelihood}:${r.impact}`, r.level]));
}

export function levelOf(matrix: Matrix, likelihood: number, impact: number, field = 'body.likelihood'): string {
  const level = matrix.get(`${likelihood}:${impact}`);
  if (!level) throw validation([{ field, message: `评级矩阵中没有 ${likelihood}×${impact} / the matrix has no cell ${likelihood}×${impact}` }]);
  return level;
}

export function levelRank(level: string): number {
  return (RISK_LEVELS as readonly string[]).indexOf(level);
}

export async function activeCategories(exec: Executor): Promise<string[]> {
  return (await exec.selectFrom('risk_categories').select('name').where('active', '=', 1).orderBy('sort').execute()).map((r) => r.name);
}

async function checkCategory(exec: Executor, category: string, field = 'body.category'): Promise<FieldProblem[]> {
  const cats = await activeCategories(exec);
  return cats.includes(category) ? [] : [{ field, message: `风险类别须为：${cats.join('、')} / unknown category` }];
}

/** Open, review date passed, and not reviewed at a meeting since the date was set. */
export function isOverdueReview(r: Pick<RiskRow, 'status' | 'review_date' | 'review_date_set_on' | 'last_reviewed_on'>, today: string): boolean {
  if (r.status === 'closed' || !r.review_date || r.review_date >= today) return false;
  if (!r.last_reviewed_on) return true;
  return r.last_reviewed_on < (r.review_date_set_on ?? '0000-00-00');
}

async function nextCode(exec: Executor, orgCode: string, year: string): Promise<string> {
  const prefix = `FX-${orgCode}-${year}-`;
  const rows = await exec.selectFrom('risks').select('code').where('code', 'like', `${prefix}%`).execute();
  let n = rows.length + 1;
  const taken = new Set(rows.map((r) => r.code));
  while (taken.has(`${prefix}${String(n).padStart(3, '0')}`)) n++;
  return `${prefix}${String(n).padStart(3, '0')}`;
}

export async function recordRating(
  ctx: AppContext,
  exec: Executor,
  riskId: number,
  kind: 'inherent' | 'residual',
  r: { likelihood: number; impact: number; level: string; previousLevel: string | null },
  source: string,
  reason: string | null,
  by: By,
): Promise<void> {
  await exec
    .insertInto('risk_ratings')
    .values({
      risk_id: riskId,
      kind,
      likelihood: r.likelihood,
      impact: r.impact,
      level: r.level,
      previous_level: r.previousLevel,
      source,
      reason,
      rated_by_user_id: by.userId,
      rated_by_name: by.name,
      rated_at: iso(ctx.clock.now()),
    })
    .execute();
}

export async function createRisk(
  ctx: AppContext,
  exec: Executor,
  by: By,
  input: z.infer<typeof CreateRiskBody> & { status?: RiskStatus; isDemo?: boolean; importBatch?: string | null },
) {
  const org = await requireOrg(exec, input.orgId);
  const problems = await checkCategory(exec, input.category);
  if (input.ownerPersonId) await requirePerson(exec, input.ownerPersonId, 'body.ownerPersonId');
  if (problems.length) throw validation(problems);
  const matrix = await loadMatrix(exec);
  const level = levelOf(matrix, input.likelihood, input.impact);
  const now = ctx.clock.now();
  const today = chinaDate(now);
  const code = input.code ?? (await nextCode(exec, org.code, today.slice(0, 4)));
  if (await exec.selectFrom('risks').select('id').where('code', '=', code).executeTakeFirst()) {
    throw validation([{ field: 'body.code', message: `风险编号 ${code} 已存在 / code already exists` }]);
  }
  const row = await exec
    .insertInto('risks')
    .values({
      code,
      org_id: org.id,
      category: input.category,
      description: input.description,
      source: input.source ?? null,
      likelihood: input.likelihood,
      impact: input.impact,
      level,
      owner_person_id: input.ownerPersonId ?? null,
      treatment: input.treatment,
      measures_json: JSON.stringify(input.measures),
      status: input.status ?? 'identified',
      review_date: input.reviewDate ?? null,
      review_date_set_on: input.reviewDate ? today : null,
      last_reviewed_on: null,
      residual_likelihood: null,
      residual_impact: null,
      residual_level: null,
      created_at: iso(now),
      updated_at: iso(now),
      version: 1,
      is_demo: input.isDemo ? 1 : 0,
      import_batch: input.importBatch ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordRating(
    ctx,
    exec,
    row.id,
    'inherent',
    { likelihood: row.likelihood, impact: row.impact, level, previousLevel: null },
    input.importBatch ? 'import' : 'create',
    null,
    by,
  );
  return row;
}

export async function loadRiskFor(exec: Executor, actor: Actor, id: number, ability: 'risk.read' | 'risk.manage'): Promise<RiskRow> {
  const row = await exec.selectFrom('risks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  await assertCan(exec, actor, ability, row.org_id);
  return row;
}

export async function updateRisk(ctx: AppContext, exec: Executor, before: RiskRow, input: z.infer<typeof UpdateRiskBody>) {
  if (before.version !== input.version) throw new AppError('conflict', { currentVersion: before.version });
  const problems: FieldProblem[] = [];
  if (input.category !== undefined) problems.push(...(await checkCategory(exec, input.category)));
  if (input.status !== undefined && input.status !== before.status) {
    const allowed = RISK_STATUS_MOVES[before.status as RiskStatus] ?? [];
    if (!allowed.includes(input.status))
      problems.push({ field: 'body.status', message: `状态不能从 ${before.status} 改为 ${input.status} / status move not allowed` });
  }
  if (input.ownerPersonId) await requirePerson(exec, input.ownerPersonId, 'body.ownerPersonId');
  if (problems.length) throw validation(problems);
  const now = ctx.clock.now();
  const reviewChanged = input.reviewDate !== undefined && input.reviewDate !== before.review_date;
  const after = await exec
    .updateTable('risks')
    .set({
      category: input.category ?? before.category,
      description: input.description ?? before.description,
      source: input.source !== undefined ? input.source : before.source,
      owner_person_id: input.ownerPersonId !== undefined ? input.ownerPersonId : before.owner_person_id,
      treatment: input.treatment ?? before.treatment,
      measures_json: input.measures !== undefined ? JSON.stringify(input.measures) : before.measures_json,
      status: input.status ?? before.status,
      review_date: reviewChanged ? (input.reviewDate ?? null) : before.review_date,
      review_date_set_on: reviewChanged ? chinaDate(now) : before.review_date_set_on,
      updated_at: iso(now),
      version: before.version + 1,
    })
    .where('id', '=', before.id)
    .where('version', '=', input.version)
    .returningAll()
    .executeTakeFirst();
  if (!after) throw new AppError('conflict');
  return after;
}

/** Changes the inherent and/or residual rating; every change is kept in risk_ratings. */
export async function rateRisk(
  ctx: AppContext,
  exec: Executor,
  before: RiskRow,
  input: Omit<z.infer<typeof RateRiskBody>, 'version'> & { version?: number },
  source: string,
  by: By,
): Promise<RiskRow> {
  if (input.version !== undefined && before.version !== input.version) throw new AppError('conflict', { currentVersion: before.version });
  const matrix = await loadMatrix(exec);
  const set: Partial<RiskRow> = {};
  if (input.likelihood !== undefined && input.impact !== undefined) {
    const level = levelOf(matrix, input.likelihood, input.impact);
    set.likelihood = input.likelihood;
    set.impact = input.impact;
    set.level = level;
    await recordRating(
      ctx,
      exec,
      before.id,
      'inherent',
      { likelihood: input.likelihood, impact: input.impact, level, previousLevel: before.level },
      source,
      input.reason ?? null,
      by,
    );
  }
  if (input.residualLikelihood !== undefined && input.residualImpact !== undefined) {
    const level = levelOf(matrix, input.residualLikelihood, input.residualImpact, 'body.residualLikelihood');
    set.residual_likelihood = input.residualLikelihood;
    set.residual_impact = input.residualImpact;
    set.residual_level = level;
    await recordRating(
      ctx,
      exec,
      before.id,
      'residual',
      { likelihood: input.residualLikelihood, impact: input.residualImpact, level, previousLevel: before.residual_level },
      source,
      input.reason ?? null,
      by,
    );
  }
  const after = await exec
    .updateTable('risks')
    .set({ ...set, updated_at: iso(ctx.clock.now()), version: before.version + 1 })
    .where('id', '=', before.id)
    .where('version', '=', before.version)
    .returningAll()
    .executeTakeFirst();
  if (!after) throw new AppError('conflict');
  return after;
}

type RiskFilter = Omit<z.infer<typeof RiskQuery>, 'page' | 'pageSize'> & { likelihood?: number; impact?: number };

export function riskListQuery(exec: Executor, scope: Scope, f: RiskFilter, today: string) {
  let q = exec.selectFrom('risks as r');
  if (!scope.all) q = q.where('r.org_id', 'in', scopeSubquery(exec, scope));
  if (f.orgId !== undefined) q = q.where('r.org_id', 'in', subtreeOf(exec, f.orgId));
  if (f.category) q = q.where('r.category', '=', f.category);
  if (f.likelihood !== undefined) q = q.where('r.likelihood', '=', f.likelihood);
  if (f.impact !== undefined) q = q.where('r.impact', '=', f.impact);
  if (f.level) q = q.where('r.level', '=', f.level);
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.q) {
    const text = `%${f.q.replace(/[%_\\]/g, '')}%`;
    q = q.where((eb) => eb.or([eb('r.code', 'like', text), eb('r.description', 'like', text)]));
  }
  if (f.overdueReview === '1') {
    q = q
      .where('r.status', '!=', 'closed')
      .where('r.review_date', 'is not', null)
      .where('r.review_date', '<', today)
      .where((eb) => eb.or([eb('r.last_reviewed_on', 'is', null), eb('r.last_reviewed_on', '<', eb.ref('r.review_date_set_on'))]));
  }
  return q;
}

export async function presentRisks(exec: Executor, rows: RiskRow[], today: string) {
  const orgs = await orgNameMap(
    exec,
    rows.map((r) => r.org_id),
  );
  const people = await personNames(
    exec,
    rows.map((r) => r.owner_person_id),
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    orgId: r.org_id,
    orgName: orgs.get(r.org_id) ?? '',
    category: r.category,
    description: r.description,
    source: r.source,
    likelihood: r.likelihood,
    impact: r.impact,
    level: r.level,
    residualLikelihood: r.residual_likelihood,
    residualImpact: r.residual_impact,
    residualLevel: r.residual_level,
    ownerPersonId: r.owner_person_id,
    ownerName: r.owner_person_id ? (people.get(r.owner_person_id) ?? null) : null,
    treatment: r.treatment,
    measures: parseJsonArray<Measure>(r.measures_json),
    status: r.status,
    reviewDate: r.review_date,
    lastReviewedOn: r.last_reviewed_on,
    overdueReview: isOverdueReview(r, today),
    version: r.version,
  }));
}

export async function ratingHistory(exec: Executor, riskId: number) {
  const rows = await exec.selectFrom('risk_ratings').selectAll().where('risk_id', '=', riskId).orderBy('id').execute();
  return rows.map((h) => ({
    id: h.id,
    kind: h.kind,
    likelihood: h.likelihood,
    impact: h.impact,
    level: h.level,
    previousLevel: h.previous_level,
    source: h.source,
    reason: h.reason,
    ratedBy: h.rated_by_name,
    ratedAt: h.rated_at,
  }));
}

/** Risks matching the register's filters counted per matrix cell, on the inherent or the residual rating. */
export async function riskHeatmap(exec: Executor, scope: Scope, f: RiskFilter & { rating: 'inherent' | 'residual' }, today: string) {
  const base = riskListQuery(exec, scope, f, today);
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const groups =
    f.rating === 'inherent'
      ? await base
          .select(['r.likelihood as l', 'r.impact as i', (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy(['r.likelihood', 'r.impact'])
          .execute()
      : await base
          .where('r.residual_likelihood', 'is not', null)
          .where('r.residual_impact', 'is not', null)
          .select(['r.residual_likelihood as l', 'r.residual_impact as i', (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy(['r.residual_likelihood', 'r.residual_impact'])
          .execute();
  const counts = new Map(groups.map((g) => [`${g.l}:${g.i}`, Number(g.n)]));
  const matrix = await loadMatrix(exec);
  const cells = [];
  const byLevel = new Map<string, number>(RISK_LEVELS.map((l) => [l, 0]));
  for (let l = 1; l <= 5; l++)
    for (let i = 1; i <= 5; i++) {
      const level = matrix.get(`${l}:${i}`) ?? '';
      const count = counts.get(`${l}:${i}`) ?? 0;
      cells.push({ likelihood: l, impact: i, level, count });
      if (level) byLevel.set(level, (byLevel.get(level) ?? 0) + count);
    }
  const rated = [...counts.values()].reduce((a, b) => a + b, 0);
  return {
    rating: f.rating,
    total,
    unrated: total - rated,
    cells,
    levels: [...byLevel].map(([level, count]) => ({ level, count })),
  };
}
