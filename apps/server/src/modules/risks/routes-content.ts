import { IdParam } from '@taizhang/shared';
import {
  ContentQuery,
  CreateContentBody,
  CreatePositionBody,
  PositionQuery,
  PublishContentBody,
  ReviewContentBody,
  UpdateContentBody,
  UpdatePositionBody,
} from '@taizhang/shared/schemas/risks';
import { z } from 'zod';
import { scopeOf } from '../../platform/access/actor.ts';
import { scopeSubquery } from '../../platform/access/scope.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { byActor, checkFilterOrg, checkWriteOrg, subtreeOf, yearInstants } from './common.ts';
import {
  createContent,
  createPosition,
  loadContentFor,
  loadPositionFor,
  presentContent,
  presentPositions,
  publishContent,
  reviewContent,
  submitContent,
  updateContent,
  updatePosition,
} from './content.ts';

const REVIEW_STAGES = ['first_review', 'second_review', 'final_review'];

async function oneContent(db: Parameters<typeof presentContent>[0], id: number) {
  const row = await db.selectFrom('content_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return (await presentContent(db, [row], true))[0];
}

export const contentRoutes = [
  // ---------- positions ----------
  defineRoute({
    method: 'GET',
    url: '/api/v1/positions',
    summary: 'Publicity positions (阵地) in reach, with owners and review rules',
    tags: ['positions'],
    ability: 'risk.read',
    query: PositionQuery,
    async handler({ db, actor, query }) {
      await checkFilterOrg(db, actor, 'risk.read', query.orgId);
      const scope = scopeOf(actor, 'risk.read');
      let q = db.selectFrom('positions as p');
      if (!scope.all) q = q.where('p.org_id', 'in', scopeSubquery(db, scope));
      if (query.orgId !== undefined) q = q.where('p.org_id', 'in', subtreeOf(db, query.orgId));
      if (query.kind) q = q.where('p.kind', '=', query.kind);
      const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await q
        .selectAll('p')
        .orderBy('p.org_id')
        .orderBy('p.id')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      return { items: await presentPositions(db, rows), total, page: query.page, pageSize: query.pageSize };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/positions/:id',
    summary: 'One position',
    tags: ['positions'],
    ability: 'risk.read',
    params: IdParam,
    async handler({ db, actor, params }) {
      const row = await loadPositionFor(db, actor, params.id, 'risk.read');
      return (await presentPositions(db, [row]))[0];
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/positions',
    summary: 'Register a position (WeChat account, website, notice board, screen, lecture series, student club)',
    tags: ['positions'],
    ability: 'content.review',
    action: 'position.create',
    body: CreatePositionBody,
    async handler({ app, db, actor, body, audit, reply }) {
      await checkWriteOrg(db, actor, 'content.review', body.orgId);
      const row = await createPosition(app, db, body);
      audit({ entityType: 'position', entityId: row.id, orgId: row.org_id, after: row });
      reply.status(201);
      return (await presentPositions(db, [row]))[0];
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/positions/:id',
    summary: 'Edit a position (owner, review rule, address, active)',
    tags: ['positions'],
    ability: 'content.review',
    action: 'position.update',
    params: IdParam,
    body: UpdatePositionBody,
    async handler({ app, db, actor, params, body, audit }) {
      const before = await loadPositionFor(db, actor, params.id, 'content.review');
      const after = await updatePosition(app, db, before, body);
      audit({ entityType: 'position', entityId: after.id, orgId: after.org_id, before, after });
      return (await presentPositions(db, [after]))[0];
    },
  }),

  // ---------- content ----------
  defineRoute({
    method: 'GET',
    url: '/api/v1/content',
    summary: 'Content items in reach (position, stage); mine=1: waiting for a review step the caller may take',
    tags: ['content'],
    ability: 'risk.read',
    query: ContentQuery,
    async handler({ db, actor, query }) {
      await checkFilterOrg(db, actor, 'risk.read', query.orgId);
      const scope = scopeOf(actor, 'risk.read');
      let q = db.selectFrom('content_items as c');
      if (!scope.all) q = q.where('c.org_id', 'in', scopeSubquery(db, scope));
      if (query.orgId !== undefined) q = q.where('c.org_id', 'in', subtreeOf(db, query.orgId));
      if (query.positionId !== undefined) q = q.where('c.position_id', '=', query.positionId);
      if (query.stage) q = q.where('c.stage', '=', query.stage);
      if (query.mine === '1') {
        const reviewScope = scopeOf(actor, 'content.review');
        if (!reviewScope.all) q = q.where('c.org_id', 'in', scopeSubquery(db, reviewScope));
        q = q.where('c.stage', 'in', REVIEW_STAGES).where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('content_reviews as v')
                .select('v.id')
                .whereRef('v.item_id', '=', 'c.id')
                .whereRef('v.round', '=', 'c.round')
                // The same people the review step refuses: this account, or the person behind it under another one.
                .where((w) =>
                  actor.personId
                    ? w.or([w('v.reviewer_user_id', '=', actor.userId), w('v.reviewer_person_id', '=', actor.personId)])
                    : w('v.reviewer_user_id', '=', actor.userId),
                ),
            ),
          ),
        );
      }
      const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await q
        .selectAll('c')
        .orderBy('c.updated_at', 'desc')
        .orderBy('c.id', 'desc')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      return { items: await presentContent(db, rows, false), total, page: query.page, pageSize: query.pageSize };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/content/publish-log',
    summary: 'Published items of an org subtree in a year: date, position, link, and the three reviewers',
    tags: ['content'],
    ability: 'risk.read',
    query: z.object({ orgId: z.coerce.number().int().positive(), year: z.coerce.number().int().min(2000).max(2100) }),
    async handler({ db, actor, query }) {
      await checkFilterOrg(db, actor, 'risk.read', query.orgId);
      const scope = scopeOf(actor, 'risk.read');
      const y = yearInstants(query.year);
      let q = db
        .selectFrom('content_items as c')
        .selectAll('c')
        .where('c.stage', '=', 'published')
        .where('c.org_id', 'in', subtreeOf(db, query.orgId))
        .where('c.published_at', '>=', y.from)
        .where('c.published_at', '<', y.to);
      if (!scope.all) q = q.where('c.org_id', 'in', scopeSubquery(db, scope));
      const rows = await q.orderBy('c.published_at').orderBy('c.id').limit(5000).execute();
      const items = await presentContent(db, rows, true);
      return {
        items: items.map(({ body: _b, attachments: _a, ...i }) => ({
          ...i,
          reviewers: (i.reviews ?? []).filter((v) => v.round === i.round && v.decision === 'approve').map((v) => ({ step: v.step, name: v.reviewerName })),
          reviews: undefined,
        })),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/content/:id',
    summary: 'One content item with its body and review history',
    tags: ['content'],
    ability: 'risk.read',
    params: IdParam,
    async handler({ db, actor, params }) {
      const row = await loadContentFor(db, actor, params.id, 'risk.read');
      return (await presentContent(db, [row], true))[0];
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/content',
    summary: 'Draft a content item for a position',
    tags: ['content'],
    ability: 'content.submit',
    action: 'content.create',
    body: CreateContentBody,
    async handler({ app, db, actor, body, audit, reply }) {
      const position = await loadPositionFor(db, actor, body.positionId, 'content.submit');
      const row = await createContent(app, db, byActor(actor), position, body);
      audit({ entityType: 'content', entityId: row.id, orgId: row.org_id, after: { ...row, body: undefined } });
      reply.status(201);
      return oneContent(db, row.id);
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/content/:id',
    summary: 'Edit a draft or returned item',
    tags: ['content'],
    ability: 'content.submit',
    action: 'content.update',
    params: IdParam,
    body: UpdateContentBody,
    async handler({ app, db, actor, params, body, audit }) {
      const before = await loadContentFor(db, actor, params.id, 'content.submit');
      const after = await updateContent(app, db, before, body);
      audit({ entityType: 'content', entityId: after.id, orgId: after.org_id, before: { title: before.title }, after: { title: after.title } });
      return oneContent(db, after.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/content/:id/submit',
    summary: 'Submit for review (初审); lectures and forums must be submitted before the event (一会一报)',
    tags: ['content'],
    ability: 'content.submit',
    action: 'content.submit',
    params: IdParam,
    body: z.object({ version: z.number().int() }),
    async handler({ app, db, actor, params, body, audit }) {
      const before = await loadContentFor(db, actor, params.id, 'content.submit');
      const after = await submitContent(app, db, before, body.version);
      audit({
        entityType: 'content',
        entityId: after.id,
        orgId: after.org_id,
        before: { stage: before.stage },
        after: { stage: after.stage, round: after.round },
      });
      return oneContent(db, after.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/content/:id/review',
    summary: 'Take a review step (1 初审, 2 复审, 3 终审): approve or return; three different reviewers are required',
    tags: ['content'],
    ability: 'content.review',
    action: 'content.review',
    params: IdParam,
    body: ReviewContentBody,
    async handler({ app, db, actor, params, body, audit }) {
      const before = await loadContentFor(db, actor, params.id, 'content.review');
      const after = await reviewContent(app, db, before, byActor(actor), body);
      audit({
        entityType: 'content',
        entityId: after.id,
        orgId: after.org_id,
        before: { stage: before.stage },
        after: { stage: after.stage, step: body.step, decision: body.decision, comment: body.comment },
      });
      return oneContent(db, after.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/content/:id/publish',
    summary: 'Log the publication of an approved item (date and link)',
    tags: ['content'],
    ability: 'content.submit',
    action: 'content.publish',
    params: IdParam,
    body: PublishContentBody,
    async handler({ app, db, actor, params, body, audit }) {
      const before = await loadContentFor(db, actor, params.id, 'content.submit');
      const after = await publishContent(app, db, before, body);
      audit({
        entityType: 'content',
        entityId: after.id,
        orgId: after.org_id,
        before: { stage: before.stage },
        after: { stage: after.stage, publishedAt: after.published_at, link: after.link },
      });
      return oneContent(db, after.id);
    },
  }),
];
