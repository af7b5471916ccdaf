import { IdParam, OkResponse, paged } from '@taizhang/shared';
import {
  BoardQuery,
  BoardView,
  CoverageQuery,
  CoverageView,
  CreateDualFlagBody,
  CreateHonourBody,
  CreateStepBody,
  DevelopmentStatsView,
  DualFlagView,
  EndDualFlagBody,
  ExtendProbationBody,
  HonourCategoryBody,
  HonourCategoryView,
  HonourQuery,
  HonourStatsQuery,
  HonourStatsView,
  HonourView,
  PersonTrainingView,
  ProgrammeBody,
  ProgrammeQuery,
  ProgrammeView,
  StatsQuery,
  StepView,
  TimelineView,
  TrainingHoursBody,
  TrainingHoursView,
  TrainingSettingsBody,
  TrainingSettingsView,
  UpdateHonourBody,
  UpdateProgrammeBody,
} from '@taizhang/shared/schemas/development';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { Executor } from '../../db/database.ts';
import { type Actor, requireAbility, scopeOf } from '../../platform/access/actor.ts';
import { assertCan } from '../../platform/access/scope.ts';
import { chinaDate, iso } from '../../platform/clock.ts';
import { AppError, validation } from '../../platform/errors.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { orgFor, parseIds, personFor } from './access.ts';
import { HONOUR_COLUMNS, createHonour, honourFor, honourOrg, honourProblems, honourStats, honoursQuery, presentHonour } from './honours.ts';
import { nextStep } from './rules.ts';
import { board, dualFlagsOf, extendProbation, personRefs, presentFlag, presentStep, recordStep, stats, stepsOf, toPast } from './service.ts';
import type { TrainingProgrammesTable } from './tables.ts';
import { coverage, hoursByPerson, memberMinHours, rotationCounts } from './trainings.ts';

const PersonParam = z.object({ personId: z.coerce.number().int().positive() });
const YearQuery = z.object({ year: z.coerce.number().int().min(1921).max(2100).optional() });

async function timeline(db: Executor, personId: number, today: string) {
  const p = await db.selectFrom('people').selectAll().where('id', '=', personId).executeTakeFirstOrThrow();
  const steps = await stepsOf(db, [personId]);
  const last = steps.at(-1);
  return {
    person: {
      id: p.id,
      code: p.code,
      name: p.name,
      birthDate: p.birth_date,
      politicalStatus: p.political_status,
      joinDate: p.join_date,
      conversionDate: p.conversion_date,
      unitId: p.unit_id,
      partyOrgId: p.party_org_id,
    },
    steps: steps.map(presentStep),
    stage: last ? presentStep(last).stage : null,
    next: nextStep(steps.map(toPast), today, p.birth_date),
    dualFlags: (await dualFlagsOf(db, [personId])).map(presentFlag),
    refs: {
      people: await personRefs(
        db,
        steps.flatMap((s) => [...parseIds(s.liaison_person_ids), ...parseIds(s.introducer_person_ids)]),
      ),
      orgs: await orgRefs(
        db,
        steps.map((s) => s.org_id),
      ),
    },
  };
}

async function orgRefs(db: Executor, ids: (number | null)[]) {
  const list = [...new Set(ids.filter((x): x is number => x !== null))];
  if (list.length === 0) return [];
  return db.selectFrom('org_units').select(['id', 'name']).where('id', 'in', list).orderBy('id').execute();
}

async function honourView(db: Executor, id: number) {
  const row = await honoursQuery(db, { all: true, roots: [] }, {})
    .select([...HONOUR_COLUMNS])
    .where('h.id', '=', id)
    .executeTakeFirstOrThrow();
  return presentHonour(row);
}

async function programmeFor(db: Executor, actor: Actor, id: number, ability: 'development.read' | 'development.manage') {
  const row = await db.selectFrom('training_programmes').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  await assertCan(db, actor, ability, row.organiser_org_id);
  return row;
}

async function presentProgramme(db: Executor, r: Selectable<TrainingProgrammesTable>) {
  const org = await db.selectFrom('org_units').select('name').where('id', '=', r.organiser_org_id).executeTakeFirst();
  return {
    id: r.id,
    name: r.name,
    organiserOrgId: r.organiser_org_id,
    organiserName: org?.name ?? null,
    hours: Number(r.hours),
    year: r.year,
    version: r.version,
    isDemo: r.is_demo === 1,
  };
}

const developmentRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/development/people/:personId',
    summary: "A person's development timeline: steps, current stage, what is due next, 双培养 flags",
    tags: ['development'],
    ability: 'development.read',
    params: PersonParam,
    response: TimelineView,
    async handler({ app, db, actor, params }) {
      await personFor(db, actor, params.personId, 'development.read');
      return timeline(db, params.personId, chinaDate(app.clock.now()));
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/development/steps',
    summary: 'Record a development step; broken rules refuse it unless a committee administrator overrides with a reason',
    tags: ['development'],
    ability: 'development.manage',
    action: 'development.step_create',
    body: CreateStepBody,
    response: StepView,
    async handler({ app, db, actor, body, audit, reply }) {
      const person = await personFor(db, actor, body.personId, 'development.manage');
      if (body.orgId !== undefined) await orgFor(db, actor, body.orgId, 'development.manage');
      const { row, overridden } = await recordStep(app, db, body, { actor });
      audit({
        entityType: 'development_step',
        entityId: row.id,
        orgId: row.org_id ?? person.party_org_id ?? person.unit_id,
        after: { ...row, override: overridden.length ? { reason: row.override_reason, rules: overridden } : null },
      });
      reply.status(201);
      return presentStep(row);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/development/people/:personId/extension',
    summary: 'Extend the probation once, by 6–12 months',
    tags: ['development'],
    ability: 'development.manage',
    action: 'development.probation_extend',
    params: PersonParam,
    body: ExtendProbationBody,
    response: StepView,
    async handler({ app, db, actor, params, body, audit }) {
      await personFor(db, actor, params.personId, 'development.manage');
      const { before, after, overridden } = await extendProbation(app, db, actor, params.personId, body);
      audit({
        entityType: 'development_step',
        entityId: after.id,
        orgId: after.org_id,
        before,
        after: { ...after, override: overridden.length ? { reason: body.override?.reason, rules: overridden } : null },
      });
      return presentStep(after);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/development/board',
    summary: 'Pipeline board under an org: everybody on the way to full membership and what is due next',
    tags: ['development'],
    ability: 'development.read',
    query: BoardQuery,
    response: BoardView,
    async handler({ app, db, actor, query }) {
      await orgFor(db, actor, query.orgId, 'development.read');
      const date = query.date ?? chinaDate(app.clock.now());
      return { orgId: query.orgId, date, ...(await board(db, query.orgId, date)) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/development/stats',
    summary: 'New applicants, activists, candidates, probationary members and conversions under an org in a year',
    tags: ['development'],
    ability: 'development.read',
    query: StatsQuery,
    response: DevelopmentStatsView,
    async handler({ db, actor, query }) {
      await orgFor(db, actor, query.orgId, 'development.read');
      const figures = await stats(db, query.orgId, query.year);
      const ids = Object.values(figures).flatMap((f) => f.personIds);
      return { orgId: query.orgId, year: query.year, ...figures, people: await personRefs(db, ids) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/development/dual-flags',
    summary: 'Flag a person for 双培养 (key teacher → member, member → key teacher)',
    tags: ['development'],
    ability: 'development.manage',
    action: 'development.dual_flag_create',
    body: CreateDualFlagBody,
    response: DualFlagView,
    async handler({ app, db, actor, body, audit, reply }) {
      const p = await personFor(db, actor, body.personId, 'development.manage');
      const open = await db
        .selectFrom('development_dual_flags')
        .select('id')
        .where('person_id', '=', p.id)
        .where('kind', '=', body.kind)
        .where('until', 'is', null)
        .executeTakeFirst();
      if (open) throw new AppError('conflict', { reason: '已有该培养标记 / already flagged', id: open.id });
      const row = await db
        .insertInto('development_dual_flags')
        .values({ person_id: p.id, kind: body.kind, since: body.since, until: null, notes: body.notes ?? null, is_demo: 0, created_at: iso(app.clock.now()) })
        .returningAll()
        .executeTakeFirstOrThrow();
      audit({ entityType: 'development_dual_flag', entityId: row.id, orgId: p.party_org_id ?? p.unit_id, after: row });
      reply.status(201);
      return presentFlag(row);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/development/dual-flags/:id/end',
    summary: 'End a 双培养 flag on a date (history is kept)',
    tags: ['development'],
    ability: 'development.manage',
    action: 'development.dual_flag_end',
    params: IdParam,
    body: EndDualFlagBody,
    response: DualFlagView,
    async handler({ db, actor, params, body, audit }) {
      const f = await db.selectFrom('development_dual_flags').selectAll().where('id', '=', params.id).executeTakeFirst();
      if (!f) throw new AppError('not_found');
      const p = await personFor(db, actor, f.person_id, 'development.manage');
      if (f.until !== null) throw new AppError('conflict', { reason: 'already ended' });
      if (body.until < f.since) throw validation([{ field: 'body.until', message: '结束日期早于开始日期 / ends before it starts' }]);
      const row = await db.updateTable('development_dual_flags').set({ until: body.until }).where('id', '=', f.id).returningAll().executeTakeFirstOrThrow();
      audit({ entityType: 'development_dual_flag', entityId: row.id, orgId: p.party_org_id ?? p.unit_id, before: f, after: row });
      return presentFlag(row);
    },
  }),
];

const trainingRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/trainings/programmes',
    summary: 'Training programmes organised in reach (filter by organiser subtree and year)',
    tags: ['trainings'],
    ability: 'development.read',
    query: ProgrammeQuery,
    response: z.object({ items: z.array(ProgrammeView) }),
    async handler({ db, actor, query }) {
      const scope = scopeOf(actor, 'development.read');
      let q = db.selectFrom('training_programmes').selectAll();
      if (!scope.all) {
        // Programmes organised in reach, and those organised above it (a committee's programmes reach its schools).
        const roots = scope.roots.length ? scope.roots : [-1];
        q = q.where((eb) =>
          eb.or([
            eb('organiser_org_id', 'in', db.selectFrom('org_closure').select('descendant_id').where('ancestor_id', 'in', roots)),
            eb('organiser_org_id', 'in', db.selectFrom('org_closure').select('ancestor_id').where('descendant_id', 'in', roots)),
          ]),
        );
      }
      if (query.orgId !== undefined) {
        await orgFor(db, actor, query.orgId, 'development.read');
        const orgId = query.orgId;
        q = q.where('organiser_org_id', 'in', db.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId));
      }
      if (query.year !== undefined) q = q.where('year', '=', query.year);
      const rows = await q.orderBy('year', 'desc').orderBy('id').execute();
      return { items: await Promise.all(rows.map((r) => presentProgramme(db, r))) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/trainings/programmes',
    summary: 'Create a training programme',
    tags: ['trainings'],
    ability: 'development.manage',
    action: 'training_programme.create',
    body: ProgrammeBody,
    response: ProgrammeView,
    async handler({ app, db, actor, body, audit, reply }) {
      await orgFor(db, actor, body.organiserOrgId, 'development.manage');
      const now = iso(app.clock.now());
      const row = await db
        .insertInto('training_programmes')
        .values({
          name: body.name,
          organiser_org_id: body.organiserOrgId,
          hours: body.hours,
          year: body.year,
          is_demo: 0,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      audit({ entityType: 'training_programme', entityId: row.id, orgId: row.organiser_org_id, after: row });
      reply.status(201);
      return presentProgramme(db, row);
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/trainings/programmes/:id',
    summary: 'Edit a training programme (optimistic locking by version)',
    tags: ['trainings'],
    ability: 'development.manage',
    action: 'training_programme.update',
    params: IdParam,
    body: UpdateProgrammeBody,
    response: ProgrammeView,
    async handler({ app, db, actor, params, body, audit }) {
      const before = await programmeFor(db, actor, params.id, 'development.manage');
      if (before.version !== body.version) throw new AppError('conflict', { currentVersion: before.version });
      if (body.organiserOrgId !== undefined) await orgFor(db, actor, body.organiserOrgId, 'development.manage');
      const after = await db
        .updateTable('training_programmes')
        .set({
          name: body.name ?? before.name,
          organiser_org_id: body.organiserOrgId ?? before.organiser_org_id,
          hours: body.hours ?? before.hours,
          year: body.year ?? before.year,
          updated_at: iso(app.clock.now()),
          version: before.version + 1,
        })
        .where('id', '=', before.id)
        .where('version', '=', body.version)
        .returningAll()
        .executeTakeFirst();
      if (!after) throw new AppError('conflict');
      audit({ entityType: 'training_programme', entityId: after.id, orgId: after.organiser_org_id, before, after });
      return presentProgramme(db, after);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/trainings/programmes/:id',
    summary: 'Delete a training programme and the hours recorded against it',
    tags: ['trainings'],
    ability: 'development.manage',
    action: 'training_programme.delete',
    params: IdParam,
    response: OkResponse,
    async handler({ db, actor, params, audit }) {
      const before = await programmeFor(db, actor, params.id, 'development.manage');
      await db.deleteFrom('training_hours').where('programme_id', '=', before.id).execute();
      await db.deleteFrom('training_programmes').where('id', '=', before.id).execute();
      audit({ entityType: 'training_programme', entityId: before.id, orgId: before.organiser_org_id, before });
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/trainings/hours',
    summary: "Record a person's training hours (a programme, or an activity such as a rotation training)",
    tags: ['trainings'],
    ability: 'development.manage',
    action: 'training_hours.create',
    body: TrainingHoursBody,
    response: TrainingHoursView,
    async handler({ app, db, actor, body, audit, reply }) {
      const p = await personFor(db, actor, body.personId, 'development.manage');
      let hours = body.hours;
      let programmeName: string | null = null;
      if (body.programmeId != null) {
        // Programmes are organised higher up (committee) and attended below: existence is enough, the person is the scope.
        const prog = await db.selectFrom('training_programmes').selectAll().where('id', '=', body.programmeId).executeTakeFirst();
        if (!prog) throw validation([{ field: 'body.programmeId', message: '培训项目不存在 / no such programme' }]);
        hours ??= Number(prog.hours);
        programmeName = prog.name;
      } else if (body.activityId != null) {
        const act = await db.selectFrom('activities').select(['id', 'org_id']).where('id', '=', body.activityId).executeTakeFirst();
        if (!act) throw validation([{ field: 'body.activityId', message: '活动不存在 / no such activity' }]);
        await assertCan(db, actor, 'development.read', act.org_id);
      }
      if (hours === undefined) throw validation([{ field: 'body.hours', message: '请填写学时 / hours required' }]);
      const row = await db
        .insertInto('training_hours')
        .values({
          person_id: p.id,
          programme_id: body.programmeId ?? null,
          activity_id: body.activityId ?? null,
          hours,
          date: body.date,
          is_demo: 0,
          created_at: iso(app.clock.now()),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      audit({ entityType: 'training_hours', entityId: row.id, orgId: p.party_org_id ?? p.unit_id, after: row });
      reply.status(201);
      return {
        id: row.id,
        personId: row.person_id,
        programmeId: row.programme_id,
        programmeName,
        activityId: row.activity_id,
        hours: Number(row.hours),
        date: row.date,
      };
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/trainings/hours/:id',
    summary: 'Delete a training-hours record',
    tags: ['trainings'],
    ability: 'development.manage',
    action: 'training_hours.delete',
    params: IdParam,
    response: OkResponse,
    async handler({ db, actor, params, audit }) {
      const row = await db.selectFrom('training_hours').selectAll().where('id', '=', params.id).executeTakeFirst();
      if (!row) throw new AppError('not_found');
      const p = await personFor(db, actor, row.person_id, 'development.manage');
      await db.deleteFrom('training_hours').where('id', '=', row.id).execute();
      audit({ entityType: 'training_hours', entityId: row.id, orgId: p.party_org_id ?? p.unit_id, before: row });
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/trainings/people/:personId',
    summary: "A person's training hours and rotation trainings in a year",
    tags: ['trainings'],
    ability: 'development.read',
    params: PersonParam,
    query: YearQuery,
    response: PersonTrainingView,
    async handler({ app, db, actor, params, query }) {
      await personFor(db, actor, params.personId, 'development.read');
      const year = query.year ?? Number(chinaDate(app.clock.now()).slice(0, 4));
      const rows = await db
        .selectFrom('training_hours as h')
        .leftJoin('training_programmes as p', 'p.id', 'h.programme_id')
        .select(['h.id', 'h.person_id', 'h.programme_id', 'p.name as programme_name', 'h.activity_id', 'h.hours', 'h.date'])
        .where('h.person_id', '=', params.personId)
        .where('h.date', '>=', `${year}-01-01`)
        .where('h.date', '<=', `${year}-12-31`)
        .orderBy('h.date')
        .execute();
      const total = (await hoursByPerson(db, [params.personId], year)).get(params.personId) ?? 0;
      const rotations = (await rotationCounts(db, [params.personId], year)).get(params.personId) ?? 0;
      return {
        personId: params.personId,
        year,
        totalHours: total,
        rotationTrainings: rotations,
        items: rows.map((r) => ({
          id: r.id,
          personId: r.person_id,
          programmeId: r.programme_id,
          programmeName: r.programme_name,
          activityId: r.activity_id,
          hours: Number(r.hours),
          date: r.date,
        })),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/trainings/coverage',
    summary: 'Training coverage under an org in a year: public-school secretaries ≥ 2 rotation trainings, members ≥ N hours; gaps listed',
    tags: ['trainings'],
    ability: 'development.read',
    query: CoverageQuery,
    response: CoverageView,
    async handler({ db, actor, query }) {
      await orgFor(db, actor, query.orgId, 'development.read');
      const minHours = query.minHours ?? (await memberMinHours(db));
      return { orgId: query.orgId, year: query.year, minHours, ...(await coverage(db, query.orgId, query.year, minHours)) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/trainings/settings',
    summary: 'Training rules: the yearly hours every member needs',
    tags: ['trainings'],
    ability: 'development.read',
    response: TrainingSettingsView,
    async handler({ db }) {
      return { memberMinHours: await memberMinHours(db) };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/trainings/settings',
    summary: 'Change the yearly hours every member needs (committee level)',
    tags: ['trainings'],
    ability: 'development.manage',
    action: 'training_settings.update',
    body: TrainingSettingsBody,
    response: TrainingSettingsView,
    async handler({ db, actor, body, audit }) {
      requireAbility(actor, 'ledger.configure');
      const before = await memberMinHours(db);
      const exists = await db.selectFrom('development_settings').select('key').where('key', '=', 'member_min_hours').executeTakeFirst();
      if (exists)
        await db
          .updateTable('development_settings')
          .set({ value: String(body.memberMinHours) })
          .where('key', '=', 'member_min_hours')
          .execute();
      else
        await db
          .insertInto('development_settings')
          .values({ key: 'member_min_hours', value: String(body.memberMinHours) })
          .execute();
      audit({ entityType: 'training_settings', entityId: 'member_min_hours', before: { memberMinHours: before }, after: body });
      return { memberMinHours: body.memberMinHours };
    },
  }),
];

const honourRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/honours/categories',
    summary: 'Honour categories (data)',
    tags: ['honours'],
    ability: 'development.read',
    response: z.object({ items: z.array(HonourCategoryView) }),
    async handler({ db }) {
      const rows = await db.selectFrom('honour_categories').selectAll().orderBy('sort_order').orderBy('code').execute();
      return { items: rows.map((r) => ({ code: r.code, name: r.name, target: r.target as 'person' | 'org', active: r.active === 1 })) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/honours/categories',
    summary: 'Add an honour category (committee level)',
    tags: ['honours'],
    ability: 'honour.manage',
    action: 'honour_category.create',
    body: HonourCategoryBody,
    response: HonourCategoryView,
    async handler({ db, actor, body, audit, reply }) {
      requireAbility(actor, 'ledger.configure');
      const dup = await db
        .selectFrom('honour_categories')
        .select('code')
        .where((eb) => eb.or([eb('code', '=', body.code), eb('name', '=', body.name)]))
        .executeTakeFirst();
      if (dup) throw new AppError('conflict', { reason: '类别编码或名称已存在 / category exists' });
      const max = await db
        .selectFrom('honour_categories')
        .select((eb) => eb.fn.max('sort_order').as('m'))
        .executeTakeFirst();
      await db
        .insertInto('honour_categories')
        .values({ code: body.code, name: body.name, target: body.target, sort_order: Number(max?.m ?? 0) + 1, active: 1 })
        .execute();
      audit({ entityType: 'honour_category', entityId: body.code, after: body });
      reply.status(201);
      return { ...body, active: true };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/honours',
    summary: 'Honours in reach, filtered (org subtree, year, category, target type, person, honoured org)',
    tags: ['honours'],
    ability: 'development.read',
    query: HonourQuery,
    response: paged(HonourView),
    async handler({ db, actor, query }) {
      if (query.orgId !== undefined) await orgFor(db, actor, query.orgId, 'development.read');
      const base = honoursQuery(db, scopeOf(actor, 'development.read'), query);
      const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await base
        .select([...HONOUR_COLUMNS])
        .orderBy('h.year', 'desc')
        .orderBy('h.category_code')
        .orderBy('h.id')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      return { items: rows.map(presentHonour), total, page: query.page, pageSize: query.pageSize };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/honours/stats',
    summary: 'Honours by category under an org in a year (honours and distinct people/orgs honoured)',
    tags: ['honours'],
    ability: 'development.read',
    query: HonourStatsQuery,
    response: HonourStatsView,
    async handler({ db, actor, query }) {
      await orgFor(db, actor, query.orgId, 'development.read');
      return { orgId: query.orgId, year: query.year, items: await honourStats(db, query.orgId, query.year) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/honours/:id',
    summary: 'One honour',
    tags: ['honours'],
    ability: 'development.read',
    params: IdParam,
    response: HonourView,
    async handler({ db, actor, params }) {
      await honourFor(db, actor, params.id, 'development.read');
      return honourView(db, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/honours',
    summary: 'Record an honour to a person or an org unit',
    tags: ['honours'],
    ability: 'honour.manage',
    action: 'honour.create',
    body: CreateHonourBody,
    response: HonourView,
    async handler({ app, db, actor, body, audit, reply }) {
      const row = await createHonour(app, db, actor, body);
      audit({ entityType: 'honour', entityId: row.id, orgId: await honourOrg(db, row), after: row });
      reply.status(201);
      return honourView(db, row.id);
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/honours/:id',
    summary: 'Edit an honour (date, awarding body, citation; optimistic locking)',
    tags: ['honours'],
    ability: 'honour.manage',
    action: 'honour.update',
    params: IdParam,
    body: UpdateHonourBody,
    response: HonourView,
    async handler({ app, db, actor, params, body, audit }) {
      const before = await honourFor(db, actor, params.id, 'honour.manage');
      if (before.version !== body.version) throw new AppError('conflict', { currentVersion: before.version });
      const merged = {
        year: before.year,
        categoryCode: before.category_code,
        targetType: before.target_type as 'person' | 'org',
        personId: before.person_id,
        orgId: before.org_id,
        awardedOn: body.awardedOn !== undefined ? body.awardedOn : before.awarded_on,
      };
      const problems = await honourProblems(db, merged);
      if (problems.length) throw validation(problems);
      const after = await db
        .updateTable('honours')
        .set({
          awarded_on: merged.awardedOn,
          awarding_body: body.awardingBody !== undefined ? body.awardingBody : before.awarding_body,
          citation: body.citation !== undefined ? body.citation : before.citation,
          updated_at: iso(app.clock.now()),
          version: before.version + 1,
        })
        .where('id', '=', before.id)
        .where('version', '=', body.version)
        .returningAll()
        .executeTakeFirst();
      if (!after) throw new AppError('conflict');
      audit({ entityType: 'honour', entityId: after.id, orgId: await honourOrg(db, after), before, after });
      return honourView(db, after.id);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/honours/:id',
    summary: 'Delete an honour',
    tags: ['honours'],
    ability: 'honour.manage',
    action: 'honour.delete',
    params: IdParam,
    response: OkResponse,
    async handler({ db, actor, params, audit }) {
      const before = await honourFor(db, actor, params.id, 'honour.manage');
      const orgId = await honourOrg(db, before);
      await db.deleteFrom('honours').where('id', '=', before.id).execute();
      audit({ entityType: 'honour', entityId: before.id, orgId, before });
      return { ok: true as const };
    },
  }),
];

export const routes = [...developmentRoutes, ...trainingRoutes, ...honourRoutes];
