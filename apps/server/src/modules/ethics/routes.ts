import { IdParam, paged } from '@taizhang/shared';
import {
  AdvanceEthicsCaseBody,
  CreateEthicsCaseBody,
  CreateEthicsMechanismBody,
  CreateEthicsPledgeBody,
  ETHICS_CASE_STAGES,
  ETHICS_CASE_STAGE_LABELS,
  type EthicsCaseStage,
  EthicsCaseCounts,
  EthicsCasePeopleQuery,
  EthicsCasePerson,
  EthicsCaseQuery,
  EthicsCaseView,
  EthicsCodeView,
  EthicsMechanismQuery,
  EthicsMechanismView,
  EthicsPledgeQuery,
  EthicsPledgeStatus,
  EthicsPledgeView,
  UpdateEthicsCaseBody,
  UpdateEthicsMechanismBody,
} from '@taizhang/shared/schemas/ethics';
import { z } from 'zod';
import { scopeOf } from '../../platform/access/actor.ts';
import { assertCan, scopeSubquery } from '../../platform/access/scope.ts';
import { chinaDate, iso } from '../../platform/clock.ts';
import { AppError, validation } from '../../platform/errors.ts';
import { recordChanged } from '../../platform/events.ts';
import type { HandlerContext } from '../../platform/http/route.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { presentCases, presentMechanisms } from './presenter.ts';
import { toCsv } from '../../platform/csv.ts';
import {
  type CaseRow,
  caseAuditView,
  casePeople,
  caseStepProblems,
  checkHandlers,
  idJson,
  lastStageDate,
  loadCaseFor,
  loadMechanismFor,
  mechanismCoverage,
  mechanismProblems,
  orgNames,
  personNames,
  pledgeStatus,
  requireOrg,
  stageDateColumn,
  visibleCases,
  yearRange,
} from './service.ts';

const OrgYearQuery = z.object({ orgId: z.coerce.number().int().positive(), year: z.coerce.number().int().min(1990).max(2100) });

type AnyHandler = HandlerContext<unknown, unknown, unknown>;

async function checkOrgInReach(ctx: Pick<AnyHandler, 'db' | 'actor'>, orgId: number, ability: 'ethics.read' | 'ethics.manage') {
  if (!(await ctx.db.selectFrom('org_units').select('id').where('id', '=', orgId).executeTakeFirst())) throw new AppError('not_found');
  await assertCan(ctx.db, ctx.actor, ability, orgId);
}

/** Every read of a case is audited, one event per case read. */
async function auditCaseReads(auditRead: AnyHandler['auditRead'], action: string, rows: CaseRow[]) {
  for (const r of rows) await auditRead(action, { entityType: 'ethics_case', entityId: r.id, orgId: r.org_id });
}

export const ethicsRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/ethics/codes',
    summary: 'The ten professional codes for teachers (the negative list)',
    tags: ['ethics'],
    ability: 'ethics.read',
    response: z.object({ items: z.array(EthicsCodeView) }),
    async handler({ db }) {
      const rows = await db.selectFrom('ethics_codes').selectAll().orderBy('code').execute();
      return { items: rows.map((r) => ({ id: r.id, code: r.code, name: r.name, description: r.description })) };
    },
  }),

  // ------------------------------------------------------------ mechanisms
  defineRoute({
    method: 'GET',
    url: '/api/v1/ethics/mechanisms',
    summary: 'Ethics-study mechanisms in reach (optionally those in force during a year)',
    tags: ['ethics'],
    ability: 'ethics.read',
    query: EthicsMechanismQuery,
    response: paged(EthicsMechanismView),
    async handler({ db, actor, query }) {
      if (query.orgId !== undefined) await checkOrgInReach({ db, actor }, query.orgId, 'ethics.read');
      const scope = scopeOf(actor, 'ethics.read');
      let q = db.selectFrom('ethics_mechanisms as m');
      if (!scope.all) q = q.where('m.org_id', 'in', scopeSubquery(db, scope));
      if (query.orgId !== undefined) {
        const orgId = query.orgId;
        q = q.where('m.org_id', 'in', (eb) => eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId));
      }
      if (query.year !== undefined) {
        const { from, to } = yearRange(query.year);
        q = q.where('m.effective_from', '<=', to).where((eb) => eb.or([eb('m.effective_to', 'is', null), eb('m.effective_to', '>=', from)]));
      }
      if (query.q) q = q.where('m.name', 'like', `%${query.q.replace(/[%_\\]/g, '')}%`);
      const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await q
        .selectAll('m')
        .orderBy('m.org_id')
        .orderBy('m.effective_from', 'desc')
        .orderBy('m.id')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      return { items: await presentMechanisms(db, rows), total, page: query.page, pageSize: query.pageSize };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/ethics/mechanisms/coverage',
    summary: 'Schools under a unit with an ethics-study mechanism in force during a year, and those without',
    tags: ['ethics'],
    ability: 'ethics.read',
    query: OrgYearQuery,
    response: z.object({
      orgId: z.number().int(),
      year: z.number().int(),
      schools: z.number().int(),
      withMechanism: z.number().int(),
      missing: z.array(z.object({ orgId: z.number().int(), orgName: z.string() })),
    }),
    async handler({ db, actor, query }) {
      await checkOrgInReach({ db, actor }, query.orgId, 'ethics.read');
      return { orgId: query.orgId, year: query.year, ...(await mechanismCoverage(db, query.orgId, query.year)) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/ethics/mechanisms/:id',
    summary: 'One ethics-study mechanism',
    tags: ['ethics'],
    ability: 'ethics.read',
    params: IdParam,
    response: EthicsMechanismView,
    async handler({ db, actor, params }) {
      const row = await loadMechanismFor(db, actor, params.id, 'ethics.read');
      return (await presentMechanisms(db, [row]))[0];
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/ethics/mechanisms',
    summary: "Record a school's ethics-study mechanism",
    tags: ['ethics'],
    ability: 'ethics.manage',
    action: 'ethics_mechanism.create',
    body: CreateEthicsMechanismBody,
    response: EthicsMechanismView,
    async handler({ app, db, actor, body, audit, reply }) {
      await requireOrg(db, body.orgId);
      await assertCan(db, actor, 'ethics.manage', body.orgId);
      const problems = mechanismProblems({ effectiveFrom: body.effectiveFrom, effectiveTo: body.effectiveTo ?? null });
      if (problems.length) throw validation(problems);
      const now = iso(app.clock.now());
      const row = await db
        .insertInto('ethics_mechanisms')
        .values({
          org_id: body.orgId,
          name: body.name,
          content: body.content,
          effective_from: body.effectiveFrom,
          effective_to: body.effectiveTo ?? null,
          is_demo: 0,
          import_batch: null,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      audit({ entityType: 'ethics_mechanism', entityId: row.id, orgId: row.org_id, after: row });
      reply.status(201);
      return (await presentMechanisms(db, [row]))[0];
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/ethics/mechanisms/:id',
    summary: 'Edit a mechanism (optimistic locking by version)',
    tags: ['ethics'],
    ability: 'ethics.manage',
    action: 'ethics_mechanism.update',
    params: IdParam,
    body: UpdateEthicsMechanismBody,
    response: EthicsMechanismView,
    async handler({ app, db, actor, params, body, audit }) {
      const before = await loadMechanismFor(db, actor, params.id, 'ethics.manage');
      if (before.version !== body.version) throw new AppError('conflict', { currentVersion: before.version });
      const effectiveFrom = body.effectiveFrom ?? before.effective_from;
      const effectiveTo = body.effectiveTo !== undefined ? body.effectiveTo : before.effective_to;
      const problems = mechanismProblems({ effectiveFrom, effectiveTo });
      if (problems.length) throw validation(problems);
      const after = await db
        .updateTable('ethics_mechanisms')
        .set({
          name: body.name ?? before.name,
          content: body.content ?? before.content,
          effective_from: effectiveFrom,
          effective_to: effectiveTo,
          updated_at: iso(app.clock.now()),
          version: before.version + 1,
        })
        .where('id', '=', before.id)
        .where('version', '=', before.version)
        .returningAll()
        .executeTakeFirst();
      if (!after) throw new AppError('conflict');
      audit({ entityType: 'ethics_mechanism', entityId: after.id, orgId: after.org_id, before, after });
      return (await presentMechanisms(db, [after]))[0];
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/ethics/mechanisms/:id',
    summary: 'Delete a mechanism recorded in error',
    tags: ['ethics'],
    ability: 'ethics.manage',
    action: 'ethics_mechanism.delete',
    params: IdParam,
    response: z.object({ ok: z.literal(true) }),
    async handler({ db, actor, params, audit }) {
      const before = await loadMechanismFor(db, actor, params.id, 'ethics.manage');
      await db.deleteFrom('ethics_mechanisms').where('id', '=', before.id).execute();
      audit({ entityType: 'ethics_mechanism', entityId: before.id, orgId: before.org_id, before });
      return { ok: true as const };
    },
  }),

  // ------------------------------------------------------------ pledges
  defineRoute({
    method: 'GET',
    url: '/api/v1/ethics/pledges',
    summary: 'Teacher pledges signed in a year, in reach',
    tags: ['ethics'],
    ability: 'ethics.read',
    query: EthicsPledgeQuery,
    response: paged(EthicsPledgeView),
    async handler({ db, actor, query }) {
      if (query.orgId !== undefined) await checkOrgInReach({ db, actor }, query.orgId, 'ethics.read');
      const scope = scopeOf(actor, 'ethics.read');
      let q = db.selectFrom('ethics_pledges as p').where('p.year', '=', query.year);
      if (!scope.all) q = q.where('p.org_id', 'in', scopeSubquery(db, scope));
      if (query.orgId !== undefined) {
        const orgId = query.orgId;
        q = q.where('p.org_id', 'in', (eb) => eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId));
      }
      const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await q
        .selectAll('p')
        .orderBy('p.org_id')
        .orderBy('p.id')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      const orgs = await orgNames(
        db,
        rows.map((r) => r.org_id),
      );
      const people = await personNames(
        db,
        rows.map((r) => r.person_id),
      );
      return {
        items: rows.map((r) => ({
          id: r.id,
          orgId: r.org_id,
          orgName: orgs.get(r.org_id) ?? '',
          personId: r.person_id,
          personName: people.get(r.person_id) ?? '',
          year: r.year,
          signedAt: r.signed_at,
          isDemo: r.is_demo === 1,
        })),
        total,
        page: query.page,
        pageSize: query.pageSize,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/ethics/pledges/status',
    summary: 'Pledge signing status per school under a unit for a year (staff vs signed)',
    tags: ['ethics'],
    ability: 'ethics.read',
    query: OrgYearQuery,
    response: z.object({ items: z.array(EthicsPledgeStatus) }),
    async handler({ db, actor, query }) {
      await checkOrgInReach({ db, actor }, query.orgId, 'ethics.read');
      return { items: await pledgeStatus(db, actor, query.orgId, query.year) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/ethics/pledges',
    summary: "Record a teacher's yearly pledge (one per teacher and year; re-recording updates the date)",
    tags: ['ethics'],
    ability: 'ethics.manage',
    action: 'ethics_pledge.sign',
    body: CreateEthicsPledgeBody,
    response: z.object({ id: z.number().int() }),
    async handler({ app, db, actor, body, audit }) {
      const person = await db.selectFrom('people').select(['id', 'unit_id']).where('id', '=', body.personId).executeTakeFirst();
      if (!person) throw validation([{ field: 'body.personId', message: '人员不存在 / no such person' }]);
      if (person.unit_id === null) throw validation([{ field: 'body.personId', message: '该人员没有所在单位 / the person has no unit' }]);
      await assertCan(db, actor, 'ethics.manage', person.unit_id);
      if (Number(body.signedAt.slice(0, 4)) > body.year + 1 || Number(body.signedAt.slice(0, 4)) < body.year - 1)
        throw validation([{ field: 'body.signedAt', message: '签署日期与年度不符 / signing date far from the year' }]);
      const existing = await db.selectFrom('ethics_pledges').selectAll().where('person_id', '=', person.id).where('year', '=', body.year).executeTakeFirst();
      let id: number;
      if (existing) {
        await db.updateTable('ethics_pledges').set({ signed_at: body.signedAt, org_id: person.unit_id }).where('id', '=', existing.id).execute();
        id = existing.id;
      } else {
        id = (
          await db
            .insertInto('ethics_pledges')
            .values({ org_id: person.unit_id, person_id: person.id, year: body.year, signed_at: body.signedAt, is_demo: 0, created_at: iso(app.clock.now()) })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      }
      audit({
        entityType: 'ethics_pledge',
        entityId: id,
        orgId: person.unit_id,
        before: existing ?? null,
        after: { personId: person.id, year: body.year, signedAt: body.signedAt },
      });
      return { id };
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/ethics/pledges/:id',
    summary: 'Remove a pledge recorded in error',
    tags: ['ethics'],
    ability: 'ethics.manage',
    action: 'ethics_pledge.delete',
    params: IdParam,
    response: z.object({ ok: z.literal(true) }),
    async handler({ db, actor, params, audit }) {
      const row = await db.selectFrom('ethics_pledges').selectAll().where('id', '=', params.id).executeTakeFirst();
      if (!row) throw new AppError('not_found');
      await assertCan(db, actor, 'ethics.manage', row.org_id);
      await db.deleteFrom('ethics_pledges').where('id', '=', row.id).execute();
      audit({ entityType: 'ethics_pledge', entityId: row.id, orgId: row.org_id, before: row });
      return { ok: true as const };
    },
  }),

  // ------------------------------------------------------------ cases (restricted)
  defineRoute({
    method: 'GET',
    url: '/api/v1/ethics/cases',
    personal: true,
    summary: 'Breach cases the caller handles or oversees (ethics.case in reach); empty for everyone else. Every case read is audited',
    tags: ['ethics'],
    query: EthicsCaseQuery,
    response: paged(EthicsCaseView),
    async handler({ db, actor, query, auditRead }) {
      let q = visibleCases(db, actor);
      if (query.orgId !== undefined) {
        const orgId = query.orgId;
        q = q.where('c.org_id', 'in', (eb) => eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId));
      }
      if (query.stage) q = q.where('c.stage', '=', query.stage);
      if (query.q) {
        const text = `%${query.q.replace(/[%_\\]/g, '')}%`;
        q = q.where((eb) => eb.or([eb('c.summary', 'like', text), eb('c.person_id', 'in', eb.selectFrom('people').select('id').where('name', 'like', text))]));
      }
      const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await q
        .selectAll('c')
        .orderBy('c.clue_on', 'desc')
        .orderBy('c.id', 'desc')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      await auditCaseReads(auditRead, 'ethics_case.read', rows);
      return { items: await presentCases(db, rows), total, page: query.page, pageSize: query.pageSize };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/ethics/cases/counts',
    summary: 'Case counts by stage under a unit for a year (clue dated in the year): numbers only, no names',
    tags: ['ethics'],
    ability: 'ethics.read',
    query: OrgYearQuery,
    response: EthicsCaseCounts,
    async handler({ db, actor, query }) {
      await checkOrgInReach({ db, actor }, query.orgId, 'ethics.read');
      const { from, to } = yearRange(query.year);
      const rows = await db
        .selectFrom('ethics_cases as c')
        .innerJoin('org_closure as oc', 'oc.descendant_id', 'c.org_id')
        .select(['c.stage', (eb) => eb.fn.countAll<number>().as('n')])
        .where('oc.ancestor_id', '=', query.orgId)
        .where('c.clue_on', '>=', from)
        .where('c.clue_on', '<=', to)
        .groupBy('c.stage')
        .execute();
      const byStage = Object.fromEntries(ETHICS_CASE_STAGES.map((s) => [s, 0])) as Record<EthicsCaseStage, number>;
      for (const r of rows) if (r.stage in byStage) byStage[r.stage as EthicsCaseStage] = Number(r.n);
      return { orgId: query.orgId, year: query.year, total: Object.values(byStage).reduce((a, b) => a + b, 0), byStage };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/ethics/cases/people',
    summary: 'People in ethics.case reach (the teacher concerned, handlers), searched by name, code or pinyin initials, for the case forms',
    tags: ['ethics'],
    ability: 'ethics.case',
    query: EthicsCasePeopleQuery,
    response: z.object({ items: z.array(EthicsCasePerson) }),
    async handler({ db, actor, query }) {
      if (query.orgId !== undefined) {
        if (!(await db.selectFrom('org_units').select('id').where('id', '=', query.orgId).executeTakeFirst())) throw new AppError('not_found');
        await assertCan(db, actor, 'ethics.case', query.orgId);
      }
      return { items: await casePeople(db, actor, query) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/ethics/cases/export',
    personal: true,
    freshAuth: true,
    summary: 'CSV of the cases the caller may see (header only for everyone else). Every exported case is audited',
    tags: ['ethics'],
    async handler({ db, actor, reply, auditRead }) {
      const rows = await visibleCases(db, actor).selectAll('c').orderBy('c.clue_on').orderBy('c.id').limit(10000).execute();
      await auditCaseReads(auditRead, 'ethics_case.export', rows);
      const views = await presentCases(db, rows);
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', 'attachment; filename="ethics-cases.csv"');
      return toCsv(
        ['编号', '单位', '教师', '违反准则', '阶段', '线索日期', '核查日期', '决定日期', '结案日期', '处理结果', '情况摘要'],
        views.map((v) => [
          v.id,
          v.orgName,
          v.personName,
          v.codeName,
          ETHICS_CASE_STAGE_LABELS[v.stage],
          v.clueOn,
          v.verificationOn,
          v.decisionOn,
          v.closedOn,
          v.outcome,
          v.summary,
        ]),
      );
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/ethics/cases/:id',
    personal: true,
    summary: 'One breach case (handlers and ethics.case in reach only; 404 for everyone else). Audited read',
    tags: ['ethics'],
    params: IdParam,
    response: EthicsCaseView,
    async handler({ db, actor, params, auditRead }) {
      const row = await loadCaseFor(db, actor, params.id);
      await auditCaseReads(auditRead, 'ethics_case.read', [row]);
      return (await presentCases(db, [row]))[0];
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/ethics/cases',
    summary: 'Open a breach case from a clue (ethics.case in reach of the org)',
    tags: ['ethics'],
    ability: 'ethics.case',
    action: 'ethics_case.create',
    body: CreateEthicsCaseBody,
    response: EthicsCaseView,
    async handler({ app, db, actor, body, audit, reply }) {
      await requireOrg(db, body.orgId);
      await assertCan(db, actor, 'ethics.case', body.orgId);
      const person = await db.selectFrom('people').select('id').where('id', '=', body.personId).executeTakeFirst();
      if (!person) throw validation([{ field: 'body.personId', message: '人员不存在 / no such person' }]);
      const code = await db.selectFrom('ethics_codes').select('id').where('id', '=', body.codeId).executeTakeFirst();
      if (!code) throw validation([{ field: 'body.codeId', message: '准则不存在 / no such code' }]);
      if (body.clueOn > chinaDate(app.clock.now())) throw validation([{ field: 'body.clueOn', message: '日期不能晚于今天 / date in the future' }]);
      await checkHandlers(db, body.handlerUserIds, body.handlerPersonIds);
      const now = iso(app.clock.now());
      const row = await db
        .insertInto('ethics_cases')
        .values({
          org_id: body.orgId,
          person_id: body.personId,
          code_id: body.codeId,
          summary: body.summary,
          stage: 'clue',
          clue_on: body.clueOn,
          verification_on: null,
          decision_on: null,
          closed_on: null,
          handler_person_ids: idJson(body.handlerPersonIds),
          handler_user_ids: idJson(body.handlerUserIds),
          outcome: null,
          is_demo: 0,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      audit({ entityType: 'ethics_case', entityId: row.id, orgId: row.org_id, after: caseAuditView(row) });
      reply.status(201);
      return (await presentCases(db, [row]))[0];
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/ethics/cases/:id',
    personal: true,
    summary: 'Edit a case (its handlers or ethics.case in reach; optimistic locking)',
    tags: ['ethics'],
    action: 'ethics_case.update',
    params: IdParam,
    body: UpdateEthicsCaseBody,
    response: EthicsCaseView,
    async handler({ app, db, actor, params, body, audit }) {
      const before = await loadCaseFor(db, actor, params.id);
      if (before.version !== body.version) throw new AppError('conflict', { currentVersion: before.version });
      if (body.codeId !== undefined && !(await db.selectFrom('ethics_codes').select('id').where('id', '=', body.codeId).executeTakeFirst()))
        throw validation([{ field: 'body.codeId', message: '准则不存在 / no such code' }]);
      await checkHandlers(db, body.handlerUserIds ?? [], body.handlerPersonIds ?? []);
      const after = await db
        .updateTable('ethics_cases')
        .set({
          summary: body.summary ?? before.summary,
          code_id: body.codeId ?? before.code_id,
          handler_user_ids: body.handlerUserIds ? idJson(body.handlerUserIds) : before.handler_user_ids,
          handler_person_ids: body.handlerPersonIds ? idJson(body.handlerPersonIds) : before.handler_person_ids,
          outcome: body.outcome !== undefined ? body.outcome : before.outcome,
          updated_at: iso(app.clock.now()),
          version: before.version + 1,
        })
        .where('id', '=', before.id)
        .where('version', '=', before.version)
        .returningAll()
        .executeTakeFirst();
      if (!after) throw new AppError('conflict');
      audit({ entityType: 'ethics_case', entityId: after.id, orgId: after.org_id, before: caseAuditView(before), after: caseAuditView(after) });
      return (await presentCases(db, [after]))[0];
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/ethics/cases/:id/advance',
    personal: true,
    summary: 'Move a case one stage forward (clue → verification → decision → closed) on a date',
    tags: ['ethics'],
    action: 'ethics_case.advance',
    params: IdParam,
    body: AdvanceEthicsCaseBody,
    response: EthicsCaseView,
    async handler({ app, db, actor, params, body, audit }) {
      const before = await loadCaseFor(db, actor, params.id);
      if (before.version !== body.version) throw new AppError('conflict', { currentVersion: before.version });
      const problems = caseStepProblems(
        { stage: before.stage as EthicsCaseStage, lastDate: lastStageDate(before), outcome: before.outcome },
        { to: body.to, date: body.date, outcome: body.outcome },
        chinaDate(app.clock.now()),
      );
      if (problems.length) throw validation(problems);
      const after = await db
        .updateTable('ethics_cases')
        .set({
          stage: body.to,
          [stageDateColumn(body.to)]: body.date,
          outcome: body.outcome ?? before.outcome,
          updated_at: iso(app.clock.now()),
          version: before.version + 1,
        })
        .where('id', '=', before.id)
        .where('version', '=', before.version)
        .returningAll()
        .executeTakeFirst();
      if (!after) throw new AppError('conflict');
      // A decision is what the negative list counts (ethics_cases measures, by decision date).
      if (after.decision_on && after.decision_on !== before.decision_on)
        await recordChanged(app, db, { source: 'ethics_cases', orgIds: [after.org_id], date: after.decision_on });
      audit({ entityType: 'ethics_case', entityId: after.id, orgId: after.org_id, before: caseAuditView(before), after: caseAuditView(after) });
      return (await presentCases(db, [after]))[0];
    },
  }),
];
