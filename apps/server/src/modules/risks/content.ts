import {
  type ContentStage,
  type CreateContentBody,
  type CreatePositionBody,
  type PublishContentBody,
  REVIEW_STEP_LABELS,
  type ReviewContentBody,
  type UpdateContentBody,
  type UpdatePositionBody,
} from '@taizhang/shared/schemas/risks';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../db/database.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { assertCan } from '../../platform/access/scope.ts';
import { chinaDate, iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, validation } from '../../platform/errors.ts';
import { type By, orgNameMap, parseJsonArray, personNames, requireOrg, requirePerson } from './common.ts';
import type { ContentItemsTable, PositionsTable } from './tables.ts';

export type PositionRow = Selectable<PositionsTable>;
export type ContentRow = Selectable<ContentItemsTable>;

const STEP_STAGE: Record<1 | 2 | 3, ContentStage> = { 1: 'first_review', 2: 'second_review', 3: 'final_review' };
const NEXT_STAGE: Record<1 | 2 | 3, ContentStage> = { 1: 'second_review', 2: 'final_review', 3: 'approved' };

export function defaultReviewRule(kind: string): string {
  return kind === 'lecture_series' ? 'three_step_before_event' : 'three_step';
}

export async function createPosition(ctx: AppContext, exec: Executor, input: z.infer<typeof CreatePositionBody> & { isDemo?: boolean }) {
  const org = await requireOrg(exec, input.orgId);
  if (input.ownerPersonId) await requirePerson(exec, input.ownerPersonId, 'body.ownerPersonId');
  const now = iso(ctx.clock.now());
  return exec
    .insertInto('positions')
    .values({
      org_id: org.id,
      kind: input.kind,
      name: input.name,
      owner_person_id: input.ownerPersonId ?? null,
      review_rule: input.reviewRule ?? defaultReviewRule(input.kind),
      url: input.url ?? null,
      active: 1,
      created_at: now,
      updated_at: now,
      version: 1,
      is_demo: input.isDemo ? 1 : 0,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function loadPositionFor(exec: Executor, actor: Actor, id: number, ability: 'risk.read' | 'content.review' | 'content.submit') {
  const row = await exec.selectFrom('positions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  await assertCan(exec, actor, ability, row.org_id);
  return row;
}

export async function updatePosition(ctx: AppContext, exec: Executor, before: PositionRow, input: z.infer<typeof UpdatePositionBody>) {
  if (before.version !== input.version) throw new AppError('conflict', { currentVersion: before.version });
  if (input.ownerPersonId) await requirePerson(exec, input.ownerPersonId, 'body.ownerPersonId');
  const after = await exec
    .updateTable('positions')
    .set({
      name: input.name ?? before.name,
      owner_person_id: input.ownerPersonId !== undefined ? input.ownerPersonId : before.owner_person_id,
      review_rule: input.reviewRule ?? before.review_rule,
      url: input.url !== undefined ? input.url : before.url,
      active: input.active === undefined ? before.active : input.active ? 1 : 0,
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

export async function presentPositions(exec: Executor, rows: PositionRow[]) {
  const orgs = await orgNameMap(
    exec,
    rows.map((r) => r.org_id),
  );
  const people = await personNames(
    exec,
    rows.map((r) => r.owner_person_id),
  );
  const ids = rows.map((r) => r.id);
  const counts = ids.length
    ? await exec
        .selectFrom('content_items')
        .select(['position_id', 'stage', (eb) => eb.fn.countAll<number>().as('n')])
        .where('position_id', 'in', ids)
        .groupBy(['position_id', 'stage'])
        .execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    orgName: orgs.get(r.org_id) ?? '',
    kind: r.kind,
    name: r.name,
    ownerPersonId: r.owner_person_id,
    ownerName: r.owner_person_id ? (people.get(r.owner_person_id) ?? null) : null,
    reviewRule: r.review_rule,
    url: r.url,
    active: r.active === 1,
    published: counts.filter((c) => c.position_id === r.id && c.stage === 'published').reduce((s, c) => s + Number(c.n), 0),
    inReview: counts
      .filter((c) => c.position_id === r.id && ['first_review', 'second_review', 'final_review'].includes(c.stage))
      .reduce((s, c) => s + Number(c.n), 0),
    version: r.version,
  }));
}

// ---------- content ----------

export async function createContent(
  ctx: AppContext,
  exec: Executor,
  by: By,
  position: PositionRow,
  input: z.infer<typeof CreateContentBody> & { isDemo?: boolean },
) {
  if (!position.active) throw validation([{ field: 'body.positionId', message: '阵地已停用 / the position is inactive' }]);
  if (position.review_rule === 'three_step_before_event' && !input.eventDate)
    throw validation([{ field: 'body.eventDate', message: '讲座、论坛、报告会须填写举办日期（一会一报） / the event date is required' }]);
  const now = iso(ctx.clock.now());
  return exec
    .insertInto('content_items')
    .values({
      org_id: position.org_id,
      position_id: position.id,
      title: input.title,
      body: input.body,
      attachments_json: JSON.stringify(input.attachments),
      stage: 'draft',
      round: 1,
      event_date: input.eventDate ?? null,
      approved_at: null,
      published_at: null,
      link: null,
      created_by_user_id: by.userId,
      created_at: now,
      updated_at: now,
      version: 1,
      is_demo: input.isDemo ? 1 : 0,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function loadContentFor(exec: Executor, actor: Actor, id: number, ability: 'risk.read' | 'content.review' | 'content.submit') {
  const row = await exec.selectFrom('content_items').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  await assertCan(exec, actor, ability, row.org_id);
  return row;
}

function checkVersion(row: ContentRow, version: number) {
  if (row.version !== version) throw new AppError('conflict', { currentVersion: row.version });
}

function stageConflict(row: ContentRow, message: string): never {
  throw new AppError('conflict', { reason: 'stage', stage: row.stage, message });
}

export async function updateContent(ctx: AppContext, exec: Executor, before: ContentRow, input: z.infer<typeof UpdateContentBody>) {
  checkVersion(before, input.version);
  if (before.stage !== 'draft' && before.stage !== 'returned')
    stageConflict(before, '只有草稿或退回的稿件可以修改 / only drafts or returned items can be edited');
  return setContent(ctx, exec, before, {
    title: input.title ?? before.title,
    body: input.body ?? before.body,
    attachments_json: input.attachments !== undefined ? JSON.stringify(input.attachments) : before.attachments_json,
    event_date: input.eventDate !== undefined ? input.eventDate : before.event_date,
  });
}

async function setContent(ctx: AppContext, exec: Executor, before: ContentRow, set: Partial<Omit<ContentRow, 'id'>>) {
  const after = await exec
    .updateTable('content_items')
    .set({ ...set, updated_at: iso(ctx.clock.now()), version: before.version + 1 })
    .where('id', '=', before.id)
    .where('version', '=', before.version)
    .returningAll()
    .executeTakeFirst();
  if (!after) throw new AppError('conflict');
  return after;
}

async function positionOf(exec: Executor, row: ContentRow) {
  return exec.selectFrom('positions').selectAll().where('id', '=', row.position_id).executeTakeFirstOrThrow();
}

/** Submits a draft (or a returned item, starting a new round) to 初审. */
export async function submitContent(ctx: AppContext, exec: Executor, before: ContentRow, version: number) {
  checkVersion(before, version);
  if (before.stage !== 'draft' && before.stage !== 'returned')
    stageConflict(before, '只有草稿或退回的稿件可以提交 / only drafts or returned items can be submitted');
  const position = await positionOf(exec, before);
  if (position.review_rule === 'three_step_before_event') {
    if (!before.event_date) throw validation([{ field: 'body.eventDate', message: '须填写举办日期（一会一报） / the event date is required' }]);
    if (before.event_date <= chinaDate(ctx.clock.now()))
      throw validation([{ field: 'body.eventDate', message: '须在活动举办前报批（一会一报） / approval must be sought before the event' }]);
  }
  return setContent(ctx, exec, before, { stage: 'first_review', round: before.stage === 'returned' ? before.round + 1 : before.round });
}

/**
 * One review step (初审/复审/终审). Three different people: whoever acted in one step of the current
 * round may not act in another. A return sends the item back to its author with the comment.
 */
export async function reviewContent(ctx: AppContext, exec: Executor, before: ContentRow, by: By, input: z.infer<typeof ReviewContentBody>) {
  checkVersion(before, input.version);
  const step = input.step;
  if (before.stage !== STEP_STAGE[step])
    stageConflict(before, `稿件不在${REVIEW_STEP_LABELS[step]}阶段 / the item is not waiting for step ${step} (${before.stage})`);
  const earlier = await exec
    .selectFrom('content_reviews')
    .select(['step', 'reviewer_user_id', 'reviewer_person_id', 'reviewer_name'])
    .where('item_id', '=', before.id)
    .where('round', '=', before.round)
    .where('step', '!=', step)
    .execute();
  const same = earlier.find((e) => (by.userId !== null && e.reviewer_user_id === by.userId) || (by.personId != null && e.reviewer_person_id === by.personId));
  if (same) {
    const label = REVIEW_STEP_LABELS[same.step as 1 | 2 | 3];
    throw new AppError('forbidden', {
      reason: 'same_reviewer',
      step: same.step,
      message: `三审须由三个不同的人完成：您已参与本稿件的${label}，不能再做${REVIEW_STEP_LABELS[step]} / three different reviewers are required: you already acted in step ${same.step}`,
    });
  }
  if (step === 3 && input.decision === 'approve' && before.event_date && before.event_date <= chinaDate(ctx.clock.now())) {
    const position = await positionOf(exec, before);
    if (position.review_rule === 'three_step_before_event')
      throw validation([{ field: 'body.step', message: '活动已举行，须在活动前审批（一会一报） / approval must come before the event' }]);
  }
  if (input.decision === 'return' && !input.comment) throw validation([{ field: 'body.comment', message: '退回须填写意见 / a return needs a comment' }]);
  const now = iso(ctx.clock.now());
  await exec
    .insertInto('content_reviews')
    .values({
      item_id: before.id,
      round: before.round,
      step,
      reviewer_user_id: by.userId,
      reviewer_person_id: by.personId ?? null,
      reviewer_name: by.name ?? '',
      decision: input.decision,
      comment: input.comment ?? null,
      at: now,
    })
    .execute();
  if (input.decision === 'return') return setContent(ctx, exec, before, { stage: 'returned' });
  return setContent(ctx, exec, before, { stage: NEXT_STAGE[step], approved_at: step === 3 ? now : before.approved_at });
}

export async function publishContent(ctx: AppContext, exec: Executor, before: ContentRow, input: z.infer<typeof PublishContentBody>) {
  checkVersion(before, input.version);
  if (before.stage !== 'approved') stageConflict(before, '须经三审通过后方可发布 / only items through all three reviews can be published');
  const at = input.publishedAt ? new Date(input.publishedAt).toISOString() : iso(ctx.clock.now());
  if (before.approved_at && at < before.approved_at)
    throw validation([{ field: 'body.publishedAt', message: '发布时间早于终审通过时间 / published before final approval' }]);
  return setContent(ctx, exec, before, { stage: 'published', published_at: at, link: input.link ?? null });
}

export async function presentContent(exec: Executor, rows: ContentRow[], withDetail: boolean) {
  const ids = rows.map((r) => r.id);
  const positions = ids.length
    ? await exec
        .selectFrom('positions')
        .select(['id', 'name', 'kind'])
        .where(
          'id',
          'in',
          rows.map((r) => r.position_id),
        )
        .execute()
    : [];
  const orgs = await orgNameMap(
    exec,
    rows.map((r) => r.org_id),
  );
  const reviews = ids.length ? await exec.selectFrom('content_reviews').selectAll().where('item_id', 'in', ids).orderBy('id').execute() : [];
  return rows.map((r) => {
    const pos = positions.find((p) => p.id === r.position_id);
    const mine = reviews.filter((v) => v.item_id === r.id);
    return {
      id: r.id,
      orgId: r.org_id,
      orgName: orgs.get(r.org_id) ?? '',
      positionId: r.position_id,
      positionName: pos?.name ?? '',
      positionKind: pos?.kind ?? '',
      title: r.title,
      stage: r.stage,
      round: r.round,
      eventDate: r.event_date,
      approvedAt: r.approved_at,
      /** 一会一报: approved before the event day (null when there is no event). */
      approvedBeforeEvent: r.event_date ? r.approved_at !== null && chinaDate(new Date(r.approved_at)) < r.event_date : null,
      publishedAt: r.published_at,
      link: r.link,
      version: r.version,
      ...(withDetail
        ? {
            body: r.body,
            attachments: parseJsonArray<{ name: string; fileId?: number; url?: string }>(r.attachments_json),
            reviews: mine.map((v) => ({
              round: v.round,
              step: v.step,
              reviewerName: v.reviewer_name,
              decision: v.decision,
              comment: v.comment,
              at: v.at,
            })),
          }
        : {}),
    };
  });
}
