import type { CreateReviewBody, UpdateReviewBody } from '@taizhang/shared/schemas/risks';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../db/database.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { assertCan } from '../../platform/access/scope.ts';
import { iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, type FieldProblem, validation } from '../../platform/errors.ts';
import { type By, isInSubtree, orgNameMap, personNames, requireOrg } from './common.ts';
import { rateRisk } from './risks.ts';
import type { RiskReviewsTable } from './tables.ts';

export type ReviewRow = Selectable<RiskReviewsTable>;

/**
 * Records a 研判 meeting with the risks it reviewed. Each item freezes the rating as assessed; an
 * assessed rating different from the register re-rates the risk (history source `review`).
 */
export async function createReview(
  ctx: AppContext,
  exec: Executor,
  actor: Actor | null,
  by: By,
  input: z.infer<typeof CreateReviewBody> & { isDemo?: boolean },
) {
  const org = await requireOrg(exec, input.orgId);
  const problems: FieldProblem[] = [];
  const seen = new Set<number>();
  const risks = [];
  for (const [i, item] of input.items.entries()) {
    const field = `body.items.${i}.riskId`;
    if (seen.has(item.riskId)) {
      problems.push({ field, message: '同一风险重复列出 / risk listed twice' });
      continue;
    }
    seen.add(item.riskId);
    const risk = await exec.selectFrom('risks').selectAll().where('id', '=', item.riskId).executeTakeFirst();
    if (!risk || !(await isInSubtree(exec, org.id, risk.org_id))) {
      problems.push({ field, message: '风险不存在或不属于本组织 / no such risk in this org' });
      continue;
    }
    if (actor) await assertCan(exec, actor, 'risk.read', risk.org_id);
    if ((item.likelihood === undefined) !== (item.impact === undefined)) {
      problems.push({ field: `body.items.${i}.likelihood`, message: '可能性与影响须同时填写 / likelihood and impact go together' });
    }
    risks.push({ item, risk });
  }
  if (problems.length) throw validation(problems);
  const now = iso(ctx.clock.now());
  const review = await exec
    .insertInto('risk_reviews')
    .values({
      org_id: org.id,
      date: input.date,
      title: input.title ?? null,
      agenda: input.agenda,
      conclusions: input.conclusions,
      signed: 0,
      signed_off_by_person_id: null,
      signed_off_by_user_id: null,
      signed_off_at: null,
      created_by_user_id: by.userId,
      created_at: now,
      updated_at: now,
      version: 1,
      is_demo: input.isDemo ? 1 : 0,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  for (const { item, risk } of risks) {
    let current = risk;
    if (item.likelihood !== undefined && item.impact !== undefined && (item.likelihood !== risk.likelihood || item.impact !== risk.impact)) {
      current = await rateRisk(ctx, exec, risk, { likelihood: item.likelihood, impact: item.impact, reason: `研判会 ${input.date}` }, 'review', by);
    }
    await exec
      .insertInto('risk_review_items')
      .values({
        review_id: review.id,
        risk_id: risk.id,
        likelihood: current.likelihood,
        impact: current.impact,
        level: current.level,
        residual_likelihood: current.residual_likelihood,
        residual_impact: current.residual_impact,
        residual_level: current.residual_level,
        note: item.note ?? null,
      })
      .execute();
    const set: { last_reviewed_on: string; review_date?: string; review_date_set_on?: string; updated_at: string; version: number } = {
      last_reviewed_on: current.last_reviewed_on && current.last_reviewed_on > input.date ? current.last_reviewed_on : input.date,
      updated_at: now,
      version: current.version + 1,
    };
    if (item.nextReviewDate) {
      set.review_date = item.nextReviewDate;
      set.review_date_set_on = input.date;
    }
    await exec.updateTable('risks').set(set).where('id', '=', risk.id).execute();
  }
  return review;
}

export async function loadReviewFor(exec: Executor, actor: Actor, id: number, ability: 'risk.read' | 'risk.manage'): Promise<ReviewRow> {
  const row = await exec.selectFrom('risk_reviews').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  await assertCan(exec, actor, ability, row.org_id);
  return row;
}

export async function updateReview(ctx: AppContext, exec: Executor, before: ReviewRow, input: z.infer<typeof UpdateReviewBody>) {
  if (before.version !== input.version) throw new AppError('conflict', { currentVersion: before.version });
  if (before.signed) throw new AppError('conflict', { reason: 'signed', message: '研判会已签批，不能修改 / the meeting is signed off' });
  const after = await exec
    .updateTable('risk_reviews')
    .set({
      title: input.title !== undefined ? input.title : before.title,
      agenda: input.agenda ?? before.agenda,
      conclusions: input.conclusions ?? before.conclusions,
      updated_at: iso(ctx.clock.now()),
      version: before.version + 1,
    })
    .where('id', '=', before.id)
    .where('version', '=', input.version)
    .returningAll()
    .executeTakeFirst();
  if (!after) throw new AppError('conflict');
  return after;
}

export async function presentReviews(exec: Executor, rows: ReviewRow[], withItems: boolean) {
  const orgs = await orgNameMap(
    exec,
    rows.map((r) => r.org_id),
  );
  const people = await personNames(
    exec,
    rows.map((r) => r.signed_off_by_person_id),
  );
  const ids = rows.map((r) => r.id);
  const items = ids.length
    ? await exec
        .selectFrom('risk_review_items as i')
        .innerJoin('risks as r', 'r.id', 'i.risk_id')
        .select([
          'i.review_id',
          'i.risk_id',
          'r.code',
          'r.description',
          'i.likelihood',
          'i.impact',
          'i.level',
          'i.residual_likelihood',
          'i.residual_impact',
          'i.residual_level',
          'i.note',
        ])
        .where('i.review_id', 'in', ids)
        .orderBy('i.id')
        .execute()
    : [];
  return rows.map((r) => {
    const mine = items.filter((i) => i.review_id === r.id);
    return {
      id: r.id,
      orgId: r.org_id,
      orgName: orgs.get(r.org_id) ?? '',
      date: r.date,
      title: r.title,
      agenda: r.agenda,
      conclusions: r.conclusions,
      signed: r.signed === 1,
      signedOffByPersonId: r.signed_off_by_person_id,
      signedOffByName: r.signed_off_by_person_id ? (people.get(r.signed_off_by_person_id) ?? null) : null,
      signedOffAt: r.signed_off_at,
      riskCount: mine.length,
      version: r.version,
      ...(withItems
        ? {
            items: mine.map((i) => ({
              riskId: i.risk_id,
              code: i.code,
              description: i.description,
              likelihood: i.likelihood,
              impact: i.impact,
              level: i.level,
              residualLikelihood: i.residual_likelihood,
              residualImpact: i.residual_impact,
              residualLevel: i.residual_level,
              note: i.note,
            })),
          }
        : {}),
    };
  });
}
