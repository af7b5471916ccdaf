import { IdParam, OkResponse, paged } from '@taizhang/shared';
import {
  CreateReviewBody,
  CreateRiskBody,
  MatrixView,
  RISK_LEVELS,
  RateRiskBody,
  RatingView,
  ReviewQuery,
  RiskHeatmapQuery,
  RiskHeatmapView,
  RiskListQuery,
  RiskView,
  SignOffBody,
  UpdateMatrixBody,
  UpdateReviewBody,
  UpdateRiskBody,
} from '@taizhang/shared/schemas/risks';
import { z } from 'zod';
import { scopeOf } from '../../platform/access/actor.ts';
import { scopeSubquery } from '../../platform/access/scope.ts';
import { verifyPassword } from '../../platform/auth/passwords.ts';
import { chinaDate, iso } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { recordChanged } from '../../platform/events.ts';
import { auditBase, defineRoute, resultOf } from '../../platform/http/route.ts';
import { byActor, checkFilterOrg, checkWriteOrg, firstResponsibleOf, subtreeOf, yearRange } from './common.ts';
import { loadReviewFor, createReview, presentReviews, updateReview } from './reviews.ts';
import {
  activeCategories,
  createRisk,
  loadMatrix,
  loadRiskFor,
  presentRisks,
  rateRisk,
  ratingHistory,
  recordRating,
  riskHeatmap,
  riskListQuery,
  updateRisk,
} from './risks.ts';

const SIGN_OFF_ACTION = 'risk_review.sign_off';
/** Failed re-authentications allowed per user within the window before sign-off is refused for a while. */
const REAUTH_LIMIT = 5;
const REAUTH_WINDOW_MIN = 15;

export const riskRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/risks',
    summary: 'Risks in reach, filtered (org subtree, category, level, status, overdue review, matrix cell), searched and sorted',
    tags: ['risks'],
    ability: 'risk.read',
    query: RiskListQuery,
    response: paged(RiskView),
    async handler({ app, db, actor, query }) {
      await checkFilterOrg(db, actor, 'risk.read', query.orgId);
      const today = chinaDate(app.clock.now());
      const base = riskListQuery(db, scopeOf(actor, 'risk.read'), query, today);
      const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const sort = query.sort ?? 'code';
      const desc = sort.startsWith('-');
      let ordered = base.selectAll('r');
      if (sort.endsWith('score')) ordered = ordered.orderBy((eb) => eb('r.likelihood', '*', eb.ref('r.impact')), desc ? 'desc' : 'asc');
      // Risks without a review date come last either way (the same on both dialects).
      else if (sort.endsWith('reviewDate'))
        ordered = ordered.orderBy((eb) => eb.case().when('r.review_date', 'is', null).then(1).else(0).end()).orderBy('r.review_date', desc ? 'desc' : 'asc');
      const rows = await ordered
        .orderBy('r.code', sort === '-code' ? 'desc' : 'asc')
        .orderBy('r.id')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      return { items: await presentRisks(db, rows, today), total, page: query.page, pageSize: query.pageSize };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/risks/heatmap',
    summary: 'The heat grid: risks in reach counted per likelihood × impact cell (inherent or residual), with the list filters',
    tags: ['risks'],
    ability: 'risk.read',
    query: RiskHeatmapQuery,
    response: RiskHeatmapView,
    async handler({ app, db, actor, query }) {
      await checkFilterOrg(db, actor, 'risk.read', query.orgId);
      return riskHeatmap(db, scopeOf(actor, 'risk.read'), query, chinaDate(app.clock.now()));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/risks/matrix',
    summary: 'The rating matrix (likelihood × impact → level) and the risk categories',
    tags: ['risks'],
    ability: 'risk.read',
    response: MatrixView.extend({ categories: z.array(z.string()) }),
    async handler({ db }) {
      const cells = await db.selectFrom('risk_matrix').selectAll().orderBy('likelihood').orderBy('impact').execute();
      return { levels: [...RISK_LEVELS], cells, categories: await activeCategories(db) };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/risks/matrix',
    summary: 'Change matrix cells (top-level risk managers); every risk whose level changes is re-levelled with history',
    tags: ['risks'],
    ability: 'risk.manage',
    action: 'risk_matrix.update',
    body: UpdateMatrixBody,
    response: z.object({ relevelled: z.number().int() }),
    async handler({ app, db, actor, body, audit }) {
      const scope = scopeOf(actor, 'risk.manage');
      if (!scope.all) {
        const roots = await db.selectFrom('org_units').select('id').where('id', 'in', scope.roots).where('parent_id', 'is', null).execute();
        if (roots.length === 0) throw new AppError('forbidden', { reason: 'top_level_only', message: '只有最高层级可以修改评级矩阵 / top level only' });
      }
      const before = await db.selectFrom('risk_matrix').selectAll().execute();
      for (const c of body.cells) {
        const n = await db
          .updateTable('risk_matrix')
          .set({ level: c.level })
          .where('likelihood', '=', c.likelihood)
          .where('impact', '=', c.impact)
          .executeTakeFirst();
        if (Number(n.numUpdatedRows) === 0) await db.insertInto('risk_matrix').values(c).execute();
      }
      const matrix = await loadMatrix(db);
      const by = byActor(actor);
      let relevelled = 0;
      const risks = await db.selectFrom('risks').selectAll().execute();
      for (const r of risks) {
        const level = matrix.get(`${r.likelihood}:${r.impact}`) ?? r.level;
        const residual =
          r.residual_likelihood !== null && r.residual_impact !== null ? (matrix.get(`${r.residual_likelihood}:${r.residual_impact}`) ?? null) : null;
        if (level === r.level && residual === r.residual_level) continue;
        if (level !== r.level)
          await recordRating(
            app,
            db,
            r.id,
            'inherent',
            { likelihood: r.likelihood, impact: r.impact, level, previousLevel: r.level },
            'matrix',
            '评级矩阵调整',
            by,
          );
        if (residual !== r.residual_level && r.residual_likelihood !== null && r.residual_impact !== null && residual !== null)
          await recordRating(
            app,
            db,
            r.id,
            'residual',
            { likelihood: r.residual_likelihood, impact: r.residual_impact, level: residual, previousLevel: r.residual_level },
            'matrix',
            '评级矩阵调整',
            by,
          );
        await db
          .updateTable('risks')
          .set({ level, residual_level: residual, updated_at: iso(app.clock.now()), version: r.version + 1 })
          .where('id', '=', r.id)
          .execute();
        relevelled++;
      }
      audit({ entityType: 'risk_matrix', entityId: null, before, after: { cells: body.cells, relevelled } });
      return { relevelled };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/risks/:id',
    summary: 'One risk with its full rating history and the 研判 meetings that reviewed it',
    tags: ['risks'],
    ability: 'risk.read',
    params: IdParam,
    response: RiskView.extend({
      ratings: z.array(RatingView),
      reviews: z.array(z.object({ reviewId: z.number().int(), date: z.string(), level: z.string(), signed: z.boolean() })),
    }),
    async handler({ app, db, actor, params }) {
      const row = await loadRiskFor(db, actor, params.id, 'risk.read');
      const [view] = await presentRisks(db, [row], chinaDate(app.clock.now()));
      const reviews = await db
        .selectFrom('risk_review_items as i')
        .innerJoin('risk_reviews as v', 'v.id', 'i.review_id')
        .select(['v.id', 'v.date', 'i.level', 'v.signed'])
        .where('i.risk_id', '=', row.id)
        .orderBy('v.date')
        .execute();
      return {
        ...view,
        ratings: await ratingHistory(db, row.id),
        reviews: reviews.map((v) => ({ reviewId: v.id, date: v.date, level: v.level, signed: v.signed === 1 })),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/risks',
    summary: 'Register a risk; its level comes from the matrix and the first rating starts its history',
    tags: ['risks'],
    ability: 'risk.manage',
    action: 'risk.create',
    body: CreateRiskBody,
    response: RiskView,
    async handler({ app, db, actor, body, audit, reply }) {
      await checkWriteOrg(db, actor, 'risk.manage', body.orgId);
      const row = await createRisk(app, db, byActor(actor), body);
      audit({ entityType: 'risk', entityId: row.id, orgId: row.org_id, after: row });
      reply.status(201);
      return (await presentRisks(db, [row], chinaDate(app.clock.now())))[0];
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/risks/:id',
    summary: 'Edit a risk (not its rating): owner, treatment, measures, status, review date (optimistic locking)',
    tags: ['risks'],
    ability: 'risk.manage',
    action: 'risk.update',
    params: IdParam,
    body: UpdateRiskBody,
    response: RiskView,
    async handler({ app, db, actor, params, body, audit }) {
      const before = await loadRiskFor(db, actor, params.id, 'risk.manage');
      const after = await updateRisk(app, db, before, body);
      audit({ entityType: 'risk', entityId: after.id, orgId: after.org_id, before, after });
      return (await presentRisks(db, [after], chinaDate(app.clock.now())))[0];
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/risks/:id/rating',
    summary: 'Re-rate a risk (inherent and/or residual); the level follows the matrix and the change is kept in the history',
    tags: ['risks'],
    ability: 'risk.manage',
    action: 'risk.rate',
    params: IdParam,
    body: RateRiskBody,
    response: RiskView,
    async handler({ app, db, actor, params, body, audit }) {
      const before = await loadRiskFor(db, actor, params.id, 'risk.manage');
      const after = await rateRisk(app, db, before, body, 'rerate', byActor(actor));
      audit({
        entityType: 'risk',
        entityId: after.id,
        orgId: after.org_id,
        before: { likelihood: before.likelihood, impact: before.impact, level: before.level, residualLevel: before.residual_level },
        after: { likelihood: after.likelihood, impact: after.impact, level: after.level, residualLevel: after.residual_level, reason: body.reason },
      });
      return (await presentRisks(db, [after], chinaDate(app.clock.now())))[0];
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/risks/:id',
    summary: 'Delete a risk registered by mistake (refused once a meeting or incident refers to it)',
    tags: ['risks'],
    ability: 'risk.manage',
    action: 'risk.delete',
    params: IdParam,
    response: OkResponse,
    async handler({ db, actor, params, audit }) {
      const before = await loadRiskFor(db, actor, params.id, 'risk.manage');
      const used =
        (await db.selectFrom('risk_review_items').select('id').where('risk_id', '=', before.id).executeTakeFirst()) ??
        (await db.selectFrom('incident_risks').select('risk_id').where('risk_id', '=', before.id).executeTakeFirst());
      if (used)
        throw new AppError('conflict', {
          reason: 'in_use',
          message: '该风险已被研判会或事件引用，请改为关闭 / the risk is referenced; close it instead',
        });
      await db.deleteFrom('risks').where('id', '=', before.id).execute();
      audit({ entityType: 'risk', entityId: before.id, orgId: before.org_id, before });
      return { ok: true as const };
    },
  }),

  // ---------- 研判 meetings ----------
  defineRoute({
    method: 'GET',
    url: '/api/v1/risk-reviews',
    summary: '研判 meetings in reach (org subtree, year, signed)',
    tags: ['risk-reviews'],
    ability: 'risk.read',
    query: ReviewQuery,
    async handler({ db, actor, query }) {
      await checkFilterOrg(db, actor, 'risk.read', query.orgId);
      const scope = scopeOf(actor, 'risk.read');
      let q = db.selectFrom('risk_reviews as v');
      if (!scope.all) q = q.where('v.org_id', 'in', scopeSubquery(db, scope));
      if (query.orgId !== undefined) q = q.where('v.org_id', 'in', subtreeOf(db, query.orgId));
      if (query.year !== undefined) {
        const y = yearRange(query.year);
        q = q.where('v.date', '>=', y.from).where('v.date', '<=', y.to);
      }
      if (query.signed) q = q.where('v.signed', '=', Number(query.signed));
      const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await q
        .selectAll('v')
        .orderBy('v.date', 'desc')
        .orderBy('v.id', 'desc')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      return { items: await presentReviews(db, rows, false), total, page: query.page, pageSize: query.pageSize };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/risk-reviews/:id',
    summary: 'One 研判 meeting with the risks as assessed there',
    tags: ['risk-reviews'],
    ability: 'risk.read',
    params: IdParam,
    async handler({ db, actor, params }) {
      const row = await loadReviewFor(db, actor, params.id, 'risk.read');
      return (await presentReviews(db, [row], true))[0];
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/risk-reviews',
    summary: 'Record a 研判 meeting: agenda, conclusions, risks reviewed (ratings frozen; a changed rating re-rates the risk)',
    tags: ['risk-reviews'],
    ability: 'risk.manage',
    action: 'risk_review.create',
    body: CreateReviewBody,
    async handler({ app, db, actor, body, audit, reply }) {
      await checkWriteOrg(db, actor, 'risk.manage', body.orgId);
      if (body.date > chinaDate(app.clock.now()))
        throw new AppError('validation_failed', { fields: [{ field: 'body.date', message: '会议日期不能晚于今天 / the meeting cannot be in the future' }] });
      const row = await createReview(app, db, actor, byActor(actor), body);
      audit({ entityType: 'risk_review', entityId: row.id, orgId: row.org_id, after: { ...row, items: body.items } });
      reply.status(201);
      return (await presentReviews(db, [row], true))[0];
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/risk-reviews/:id',
    summary: 'Edit an unsigned 研判 meeting (title, agenda, conclusions)',
    tags: ['risk-reviews'],
    ability: 'risk.manage',
    action: 'risk_review.update',
    params: IdParam,
    body: UpdateReviewBody,
    async handler({ app, db, actor, params, body, audit }) {
      const before = await loadReviewFor(db, actor, params.id, 'risk.manage');
      const after = await updateReview(app, db, before, body);
      audit({ entityType: 'risk_review', entityId: after.id, orgId: after.org_id, before, after });
      return (await presentReviews(db, [after], true))[0];
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/risk-reviews/:id/sign-off',
    summary: "Sign off a 研判 meeting: the org's first responsible person, re-entering their password (audited either way)",
    tags: ['risk-reviews'],
    ability: 'risk.read',
    action: SIGN_OFF_ACTION,
    params: IdParam,
    body: SignOffBody,
    transaction: 'manual',
    async handler({ app, req, actor, params, body }) {
      let target: { id: number | null; orgId: number | null } = { id: params.id, orgId: null };
      try {
        return await app.db.transaction().execute(async (trx) => {
          const review = await loadReviewFor(trx, actor, params.id, 'risk.read');
          target = { id: review.id, orgId: review.org_id };
          const since = new Date(app.clock.now().getTime() - REAUTH_WINDOW_MIN * 60_000).toISOString();
          const failures = await trx
            .selectFrom('audit_events')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('action', '=', SIGN_OFF_ACTION)
            .where('actor_id', '=', actor.userId)
            .where('result', '=', 'denied')
            .where('at', '>=', since)
            .where('after_json', 'like', '%reauth_failed%')
            .executeTakeFirstOrThrow();
          if (Number(failures.n) >= REAUTH_LIMIT) throw new AppError('rate_limited', { reason: 'reauth_attempts' });
          const user = await trx.selectFrom('users').select('password_hash').where('id', '=', actor.userId).executeTakeFirst();
          if (!user || !(await verifyPassword(user.password_hash, body.password))) {
            throw new AppError('forbidden', { reason: 'reauth_failed', message: '密码不正确，签批需要重新验证身份 / wrong password' });
          }
          if (review.signed) throw new AppError('conflict', { reason: 'already_signed', message: '研判会已签批 / already signed off' });
          const today = chinaDate(app.clock.now());
          const first = await firstResponsibleOf(trx, review.org_id, today);
          if (actor.personId === null || !first.includes(actor.personId)) {
            throw new AppError('forbidden', {
              reason: 'not_first_responsible',
              message: '只有本单位第一责任人可以签批研判会 / only the first responsible person may sign off',
            });
          }
          const now = iso(app.clock.now());
          const after = await trx
            .updateTable('risk_reviews')
            .set({
              signed: 1,
              signed_off_by_person_id: actor.personId,
              signed_off_by_user_id: actor.userId,
              signed_off_at: now,
              updated_at: now,
              version: review.version + 1,
            })
            .where('id', '=', review.id)
            .where('signed', '=', 0)
            .returningAll()
            .executeTakeFirst();
          if (!after) throw new AppError('conflict');
          await recordChanged(app, trx, { source: 'risk_reviews_signed', orgIds: [review.org_id], date: review.date, personIds: [actor.personId] });
          await app.audit.write(trx, {
            ...auditBase(app, req, actor),
            action: SIGN_OFF_ACTION,
            result: 'ok',
            entityType: 'risk_review',
            entityId: review.id,
            orgId: review.org_id,
            after: { signedOffByPersonId: actor.personId, signedOffAt: now },
          });
          return (await presentReviews(trx, [after], true))[0];
        });
      } catch (err) {
        const code = err instanceof AppError ? err.code : 'internal_error';
        const details = err instanceof AppError && err.details && typeof err.details === 'object' ? (err.details as { reason?: unknown }) : {};
        await app.audit.write(app.db, {
          ...auditBase(app, req, actor),
          action: SIGN_OFF_ACTION,
          result: resultOf(err),
          entityType: 'risk_review',
          entityId: target.id,
          orgId: target.orgId,
          after: { error: code, reason: typeof details.reason === 'string' ? details.reason : null },
        });
        throw err;
      }
    },
  }),
];
