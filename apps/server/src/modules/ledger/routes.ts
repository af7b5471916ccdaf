import { IdParam, IsoDate, OkResponse, paged } from '@taizhang/shared';
import {
  ActivityQuery,
  ActivitySummary,
  ActivityTypeView,
  ActivityView,
  AmendBody,
  CadenceRuleView,
  ComplianceQuery,
  ComplianceResponse,
  CreateActivityBody,
  CreateActivityTypeBody,
  CreateCadenceRuleBody,
  CreateMaterialBody,
  MaterialQuery,
  MaterialView,
  ReviewBody,
  UpdateActivityBody,
  UpdateActivityTypeBody,
  UpdateCadenceRuleBody,
  UpdateMaterialBody,
  VersionBody,
} from '@taizhang/shared/schemas/ledger';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Executor } from '../../db/database.ts';
import { type Actor, scopeOf } from '../../platform/access/actor.ts';
import { assertCan, scopeSubquery } from '../../platform/access/scope.ts';
import { chinaDate, iso } from '../../platform/clock.ts';
import { AppError, validation } from '../../platform/errors.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { complianceGrid } from './compliance-store.ts';
import { presentActivity, presentRule, presentSummaries, presentType } from './presenter.ts';
import { recordBookDocx } from './record-book.ts';
import { pageActivities } from './repository.ts';
import {
  amendActivity,
  createActivity,
  deleteDraft,
  loadActivityFor,
  reviewActivity,
  rosterAt,
  submitActivity,
  typeByCode,
  updateActivity,
} from './service.ts';

const TAGS = ['ledger'];
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function requireOrg(db: Executor, actor: Actor, orgId: number, ability: 'ledger.read' | 'ledger.write') {
  if (!(await db.selectFrom('org_units').select('id').where('id', '=', orgId).executeTakeFirst())) throw new AppError('not_found');
  await assertCan(db, actor, ability, orgId);
}

const activityRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/activities',
    summary: 'Activity records in reach, filtered (subtree, type, date range, status, back-fill, topic) and sorted',
    tags: TAGS,
    ability: 'ledger.read',
    query: ActivityQuery,
    cache: true,
    response: paged(ActivitySummary),
    async handler({ db, actor, query }) {
      if (query.orgId !== undefined) await requireOrg(db, actor, query.orgId, 'ledger.read');
      const { rows, total } = await pageActivities(db, scopeOf(actor, 'ledger.read'), query);
      return { items: await presentSummaries(db, rows), total, page: query.page, pageSize: query.pageSize };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/activities/record-book',
    summary: "A branch's yearly record book (三会一课记录簿) as a Word document, one section per record in date order",
    tags: TAGS,
    ability: 'ledger.read',
    query: z.object({ orgId: z.coerce.number().int().positive(), year: z.coerce.number().int().min(1949).max(2100) }),
    async handler({ db, actor, query, reply }) {
      await requireOrg(db, actor, query.orgId, 'ledger.read');
      const book = await recordBookDocx(db, query.orgId, query.year);
      reply.header('content-type', DOCX);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(book.filename)}`);
      return book.buffer;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/activities/roster',
    summary: "The default attendees of a new record: the org's members at the date",
    tags: TAGS,
    ability: 'ledger.write',
    query: z.object({ orgId: z.coerce.number().int().positive(), date: IsoDate.optional() }),
    response: z.object({ items: z.array(z.object({ personId: z.number().int(), code: z.string(), name: z.string() })) }),
    async handler({ app, db, actor, query }) {
      await requireOrg(db, actor, query.orgId, 'ledger.write');
      const ids = await rosterAt(db, query.orgId, query.date ?? chinaDate(app.clock.now()));
      if (ids.length === 0) return { items: [] };
      const rows = await db.selectFrom('people').select(['id', 'code', 'name']).where('id', 'in', ids).orderBy('code').execute();
      return { items: rows.map((r) => ({ personId: r.id, code: r.code, name: r.name })) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/activities/:id',
    summary: 'One record with attendance (应到/实到), minutes, review and amendment history',
    tags: TAGS,
    ability: 'ledger.read',
    params: IdParam,
    response: ActivityView,
    async handler({ db, actor, params }) {
      return presentActivity(db, await loadActivityFor(db, actor, params.id, 'ledger.read'));
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/activities',
    summary: 'Record an activity (draft, or submitted at once); attendees default to the org’s members, present',
    tags: TAGS,
    ability: 'ledger.write',
    action: 'activity.create',
    body: CreateActivityBody,
    response: ActivityView,
    async handler({ app, db, actor, body, audit, reply }) {
      const row = await createActivity(app, db, actor, body);
      audit({ entityType: 'activity', entityId: row.id, orgId: row.org_id, after: row });
      reply.status(201);
      return presentActivity(db, row);
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/activities/:id',
    summary: 'Edit a draft or returned record (optimistic locking by version)',
    tags: TAGS,
    ability: 'ledger.write',
    action: 'activity.update',
    params: IdParam,
    body: UpdateActivityBody,
    response: ActivityView,
    async handler({ app, db, actor, params, body, audit }) {
      const { before, after } = await updateActivity(app, db, actor, params.id, body);
      audit({ entityType: 'activity', entityId: after.id, orgId: after.org_id, before, after });
      return presentActivity(db, after);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/activities/:id',
    summary: 'Delete a draft (submitted records are never deleted)',
    tags: TAGS,
    ability: 'ledger.write',
    action: 'activity.delete',
    params: IdParam,
    response: OkResponse,
    async handler({ db, actor, params, audit }) {
      const row = await deleteDraft(db, actor, params.id);
      audit({ entityType: 'activity', entityId: row.id, orgId: row.org_id, before: row });
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/activities/:id/submit',
    summary: 'Submit a draft or returned record for review by the level above',
    tags: TAGS,
    ability: 'ledger.write',
    action: 'activity.submit',
    params: IdParam,
    body: VersionBody,
    response: ActivityView,
    async handler({ app, db, actor, params, body, audit }) {
      const { before, after } = await submitActivity(app, db, actor, params.id, body.version);
      audit({ entityType: 'activity', entityId: after.id, orgId: after.org_id, before: { status: before.status }, after: { status: after.status } });
      return presentActivity(db, after);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/activities/:id/review',
    summary: 'Approve (locks the record) or return with comments; the reviewer needs ledger.review at the level above',
    tags: TAGS,
    ability: 'ledger.review',
    action: 'activity.review',
    params: IdParam,
    body: ReviewBody,
    response: ActivityView,
    async handler({ app, db, actor, params, body, audit }) {
      const { before, after } = await reviewActivity(app, db, actor, params.id, body);
      audit({
        entityType: 'activity',
        entityId: after.id,
        orgId: after.org_id,
        before: { status: before.status },
        after: { status: after.status, decision: body.decision, comment: body.comment ?? null },
      });
      return presentActivity(db, after);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/activities/:id/amendments',
    summary: 'Correct a locked record: the changes are applied with their reason and kept as history',
    tags: TAGS,
    ability: 'ledger.write',
    action: 'activity.amend',
    params: IdParam,
    body: AmendBody,
    response: ActivityView,
    async handler({ app, db, actor, params, body, audit, reply }) {
      const { after, changes, amendmentId } = await amendActivity(app, db, actor, params.id, body);
      audit({ entityType: 'activity', entityId: after.id, orgId: after.org_id, after: { amendmentId, reason: body.reason, changes } });
      reply.status(201);
      return presentActivity(db, after);
    },
  }),
];

const typeRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/activity-types',
    summary: 'Activity types with their extra fields',
    tags: TAGS,
    ability: 'ledger.read',
    query: z.object({ all: z.enum(['0', '1']).optional() }),
    response: z.object({ items: z.array(ActivityTypeView) }),
    async handler({ db, query }) {
      let q = db.selectFrom('activity_types').selectAll().orderBy('sort_order').orderBy('id');
      if (query.all !== '1') q = q.where('active', '=', 1);
      return { items: (await q.execute()).map(presentType) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/activity-types',
    summary: 'Add an activity type (committee administrators)',
    tags: TAGS,
    ability: 'ledger.configure',
    action: 'activity_type.create',
    body: CreateActivityTypeBody,
    response: ActivityTypeView,
    async handler({ app, db, body, audit, reply }) {
      const clash = await db
        .selectFrom('activity_types')
        .select('id')
        .where((eb) => eb.or([eb('code', '=', body.code), eb('name', '=', body.name)]))
        .executeTakeFirst();
      if (clash) throw validation([{ field: 'body.code', message: '编码或名称已存在 / code or name already exists' }]);
      const now = iso(app.clock.now());
      const max = await db
        .selectFrom('activity_types')
        .select((eb) => eb.fn.max('sort_order').as('m'))
        .executeTakeFirst();
      const row = await db
        .insertInto('activity_types')
        .values({
          code: body.code,
          name: body.name,
          is_study: body.isStudy ? 1 : 0,
          category: body.category,
          fields_json: JSON.stringify(body.fields),
          active: 1,
          sort_order: Number(max?.m ?? 0) + 10,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      audit({ entityType: 'activity_type', entityId: row.id, after: row });
      reply.status(201);
      return presentType(row);
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/activity-types/:id',
    summary: 'Edit an activity type: name, study flag, extra fields, active (optimistic locking)',
    tags: TAGS,
    ability: 'ledger.configure',
    action: 'activity_type.update',
    params: IdParam,
    body: UpdateActivityTypeBody,
    response: ActivityTypeView,
    async handler({ app, db, params, body, audit }) {
      const before = await db.selectFrom('activity_types').selectAll().where('id', '=', params.id).executeTakeFirst();
      if (!before) throw new AppError('not_found');
      if (before.version !== body.version) throw new AppError('conflict', { currentVersion: before.version });
      if (body.name && body.name !== before.name && (await db.selectFrom('activity_types').select('id').where('name', '=', body.name).executeTakeFirst()))
        throw validation([{ field: 'body.name', message: '名称已存在 / name already exists' }]);
      const after = await db
        .updateTable('activity_types')
        .set({
          name: body.name ?? before.name,
          is_study: body.isStudy === undefined ? before.is_study : body.isStudy ? 1 : 0,
          category: body.category ?? before.category,
          fields_json: body.fields ? JSON.stringify(body.fields) : before.fields_json,
          active: body.active === undefined ? before.active : body.active ? 1 : 0,
          sort_order: body.sortOrder ?? before.sort_order,
          updated_at: iso(app.clock.now()),
          version: before.version + 1,
        })
        .where('id', '=', before.id)
        .where('version', '=', body.version)
        .returningAll()
        .executeTakeFirst();
      if (!after) throw new AppError('conflict');
      audit({ entityType: 'activity_type', entityId: after.id, before, after });
      return presentType(after);
    },
  }),
];

async function typeNames(db: Executor) {
  return new Map((await db.selectFrom('activity_types').select(['code', 'name']).execute()).map((t) => [t.code, t.name]));
}

const ruleRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/cadence-rules',
    summary: 'Cadence rules (who must hold what, how often, how it is counted)',
    tags: TAGS,
    ability: 'ledger.read',
    response: z.object({ items: z.array(CadenceRuleView) }),
    async handler({ db }) {
      const names = await typeNames(db);
      return { items: (await db.selectFrom('cadence_rules').selectAll().orderBy('id').execute()).map((r) => presentRule(r, names)) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cadence-rules',
    summary: 'Add a cadence rule (committee administrators)',
    tags: TAGS,
    ability: 'ledger.configure',
    action: 'cadence_rule.create',
    body: CreateCadenceRuleBody,
    response: CadenceRuleView,
    async handler({ app, db, body, audit, reply }) {
      await typeByCode(db, body.typeCode);
      if (await db.selectFrom('cadence_rules').select('id').where('code', '=', body.code).executeTakeFirst())
        throw validation([{ field: 'body.code', message: '规则编码已存在 / rule code already exists' }]);
      const now = iso(app.clock.now());
      const row = await db
        .insertInto('cadence_rules')
        .values({
          code: body.code,
          type_code: body.typeCode,
          min_count: body.minCount,
          period: body.period,
          applies_to_json: JSON.stringify(body.appliesTo),
          public_only: body.publicOnly ? 1 : 0,
          per: body.per,
          overrides_json: JSON.stringify(body.overrides),
          description: body.description,
          active: 1,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      audit({ entityType: 'cadence_rule', entityId: row.id, after: row });
      reply.status(201);
      return presentRule(row, await typeNames(db));
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/cadence-rules/:id',
    summary: 'Edit a cadence rule: count, period, who it applies to, region/org-kind overrides (optimistic locking)',
    tags: TAGS,
    ability: 'ledger.configure',
    action: 'cadence_rule.update',
    params: IdParam,
    body: UpdateCadenceRuleBody,
    response: CadenceRuleView,
    async handler({ app, db, params, body, audit }) {
      const before = await db.selectFrom('cadence_rules').selectAll().where('id', '=', params.id).executeTakeFirst();
      if (!before) throw new AppError('not_found');
      if (before.version !== body.version) throw new AppError('conflict', { currentVersion: before.version });
      const after = await db
        .updateTable('cadence_rules')
        .set({
          min_count: body.minCount ?? before.min_count,
          period: body.period ?? before.period,
          applies_to_json: body.appliesTo ? JSON.stringify(body.appliesTo) : before.applies_to_json,
          public_only: body.publicOnly === undefined ? before.public_only : body.publicOnly ? 1 : 0,
          per: body.per ?? before.per,
          overrides_json: body.overrides ? JSON.stringify(body.overrides) : before.overrides_json,
          description: body.description ?? before.description,
          active: body.active === undefined ? before.active : body.active ? 1 : 0,
          updated_at: iso(app.clock.now()),
          version: before.version + 1,
        })
        .where('id', '=', before.id)
        .where('version', '=', body.version)
        .returningAll()
        .executeTakeFirst();
      if (!after) throw new AppError('conflict');
      audit({ entityType: 'cadence_rule', entityId: after.id, before, after });
      return presentRule(after, await typeNames(db));
    },
  }),
];

async function presentMaterials(
  db: Executor,
  rows: { id: number; org_id: number; title: string; order_date: string; copies: number; is_demo: number; version: number }[],
) {
  const ids = [...new Set(rows.map((r) => r.org_id))];
  const names = new Map(
    ids.length ? (await db.selectFrom('org_units').select(['id', 'name']).where('id', 'in', ids).execute()).map((o) => [o.id, o.name]) : [],
  );
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    orgName: names.get(r.org_id) ?? '',
    title: r.title,
    orderDate: r.order_date,
    copies: r.copies,
    isDemo: r.is_demo === 1,
    version: r.version,
  }));
}

async function loadMaterialFor(db: Executor, actor: Actor, id: number, ability: 'ledger.read' | 'ledger.write') {
  const row = await db.selectFrom('study_materials').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  await assertCan(db, actor, ability, row.org_id);
  return row;
}

const materialRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/materials',
    summary: 'Study materials ordered (征订) in reach',
    tags: TAGS,
    ability: 'ledger.read',
    query: MaterialQuery,
    response: paged(MaterialView),
    async handler({ db, actor, query }) {
      if (query.orgId !== undefined) await requireOrg(db, actor, query.orgId, 'ledger.read');
      const scope = scopeOf(actor, 'ledger.read');
      let base = db.selectFrom('study_materials as m');
      if (!scope.all) base = base.where('m.org_id', 'in', scopeSubquery(db, scope));
      if (query.orgId !== undefined) {
        const orgId = query.orgId;
        base = base.where('m.org_id', 'in', db.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId));
      }
      if (query.year !== undefined) base = base.where('m.order_date', '>=', `${query.year}-01-01`).where('m.order_date', '<=', `${query.year}-12-31`);
      const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await base
        .selectAll('m')
        .orderBy('m.order_date', 'desc')
        .orderBy('m.id', 'desc')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      return { items: await presentMaterials(db, rows), total, page: query.page, pageSize: query.pageSize };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/materials/totals',
    summary: 'Copies ordered per org and year under an org (and the subtree total)',
    tags: TAGS,
    ability: 'ledger.read',
    query: z.object({ orgId: z.coerce.number().int().positive(), year: z.coerce.number().int().min(1949).max(2100).optional() }),
    response: z.object({
      total: z.number().int(),
      items: z.array(z.object({ orgId: z.number().int(), orgName: z.string(), year: z.number().int(), titles: z.number().int(), copies: z.number().int() })),
    }),
    async handler({ db, actor, query }) {
      await requireOrg(db, actor, query.orgId, 'ledger.read');
      const yr = sql<string>`substr(m.order_date, 1, 4)`;
      let q = db
        .selectFrom('study_materials as m')
        .innerJoin('org_units as o', 'o.id', 'm.org_id')
        .select(['m.org_id', 'o.name', yr.as('yr'), (eb) => eb.fn.countAll<number>().as('titles'), (eb) => eb.fn.sum<number>('m.copies').as('copies')])
        .where('m.org_id', 'in', db.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', query.orgId))
        .groupBy(['m.org_id', 'o.name', yr])
        .orderBy('m.org_id')
        .orderBy(yr);
      if (query.year !== undefined) q = q.where('m.order_date', '>=', `${query.year}-01-01`).where('m.order_date', '<=', `${query.year}-12-31`);
      const rows = await q.execute();
      const items = rows.map((r) => ({ orgId: r.org_id, orgName: r.name, year: Number(r.yr), titles: Number(r.titles), copies: Number(r.copies) }));
      return { total: items.reduce((n, i) => n + i.copies, 0), items };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/materials',
    summary: 'Record study materials ordered',
    tags: TAGS,
    ability: 'ledger.write',
    action: 'material.create',
    body: CreateMaterialBody,
    response: MaterialView,
    async handler({ app, db, actor, body, audit, reply }) {
      if (!(await db.selectFrom('org_units').select('id').where('id', '=', body.orgId).executeTakeFirst()))
        throw validation([{ field: 'body.orgId', message: '组织不存在 / no such org unit' }]);
      await assertCan(db, actor, 'ledger.write', body.orgId);
      const now = iso(app.clock.now());
      const row = await db
        .insertInto('study_materials')
        .values({
          org_id: body.orgId,
          title: body.title,
          order_date: body.orderDate,
          copies: body.copies,
          is_demo: 0,
          import_batch: null,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      audit({ entityType: 'study_material', entityId: row.id, orgId: row.org_id, after: row });
      reply.status(201);
      return (await presentMaterials(db, [row]))[0];
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/materials/:id',
    summary: 'Edit a study-material order (optimistic locking)',
    tags: TAGS,
    ability: 'ledger.write',
    action: 'material.update',
    params: IdParam,
    body: UpdateMaterialBody,
    response: MaterialView,
    async handler({ app, db, actor, params, body, audit }) {
      const before = await loadMaterialFor(db, actor, params.id, 'ledger.write');
      if (before.version !== body.version) throw new AppError('conflict', { currentVersion: before.version });
      const after = await db
        .updateTable('study_materials')
        .set({
          title: body.title ?? before.title,
          order_date: body.orderDate ?? before.order_date,
          copies: body.copies ?? before.copies,
          updated_at: iso(app.clock.now()),
          version: before.version + 1,
        })
        .where('id', '=', before.id)
        .where('version', '=', body.version)
        .returningAll()
        .executeTakeFirst();
      if (!after) throw new AppError('conflict');
      audit({ entityType: 'study_material', entityId: after.id, orgId: after.org_id, before, after });
      return (await presentMaterials(db, [after]))[0];
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/materials/:id',
    summary: 'Delete a study-material order',
    tags: TAGS,
    ability: 'ledger.write',
    action: 'material.delete',
    params: IdParam,
    response: OkResponse,
    async handler({ db, actor, params, audit }) {
      const before = await loadMaterialFor(db, actor, params.id, 'ledger.write');
      await db.deleteFrom('study_materials').where('id', '=', before.id).execute();
      audit({ entityType: 'study_material', entityId: before.id, orgId: before.org_id, before });
      return { ok: true as const };
    },
  }),
];

const complianceRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/compliance',
    summary: 'Compliance calendar: org × period grid per cadence rule for a subtree and year, roll-ups, 应完成 vs 已完成 per branch and quarter',
    tags: TAGS,
    ability: 'ledger.read',
    query: ComplianceQuery,
    response: ComplianceResponse,
    async handler({ app, db, actor, query }) {
      await requireOrg(db, actor, query.orgId, 'ledger.read');
      const now = app.clock.now();
      return complianceGrid(db, app.dialect, { ...query, today: chinaDate(now) }, now.toISOString());
    },
  }),
];

export const ledgerRoutes = [...activityRoutes, ...typeRoutes, ...ruleRoutes, ...materialRoutes, ...complianceRoutes];
