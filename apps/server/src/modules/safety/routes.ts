import { IdParam, paged } from '@taizhang/shared';
import {
  CloseFollowupBody,
  CoverageView,
  CreateFollowupBody,
  CreateParentNoticeBody,
  CreatePhoneCustodyBody,
  CreateSafetyCampaignBody,
  CreateScreeningBody,
  CreateSpotCheckBody,
  FollowupCounts,
  FollowupQuery,
  FollowupStaffQuery,
  FollowupStaffView,
  FollowupView,
  ParentNoticeQuery,
  ParentNoticeView,
  PhoneCustodyQuery,
  PhoneCustodyView,
  PutScreeningResultsBody,
  RectifySpotCheckBody,
  SafetyCampaignQuery,
  SafetyCampaignView,
  ScreeningDetail,
  ScreeningQuery,
  ScreeningResultView,
  ScreeningView,
  SpotCheckQuery,
  SpotCheckSummaryRow,
  SpotCheckView,
  UpdateFollowupBody,
  UpdateSafetyCampaignBody,
  UpdateScreeningBody,
  defaultRetentionUntil,
} from '@taizhang/shared/schemas/safety';
import { z } from 'zod';
import type { Executor } from '../../db/database.ts';
import { type Actor, scopeOf } from '../../platform/access/actor.ts';
import { assertCan, scopeSubquery } from '../../platform/access/scope.ts';
import { chinaDate, iso } from '../../platform/clock.ts';
import { AppError, validation } from '../../platform/errors.ts';
import { type HandlerContext, defineRoute } from '../../platform/http/route.ts';
import { presentCampaigns, presentCustody, presentFollowups, presentNotices, presentResult, presentScreenings, presentSpotChecks } from './presenter.ts';
import { toCsv } from '../../platform/csv.ts';
import {
  type FollowupRow,
  checkOrgQuery,
  checkUsers,
  coverage,
  custodyProblems,
  followupAuditView,
  followupStaff,
  loadFollowupFor,
  requireOrg,
  requireSchool,
  resultProblems,
  screeningProblems,
  spotCheckSummary,
  subtreeOf,
  visibleFollowups,
  yearRange,
} from './service.ts';

const BASE = '/api/v1/online-safety';
const OrgYearQuery = z.object({ orgId: z.coerce.number().int().positive(), year: z.coerce.number().int().min(1990).max(2100) });
const Ok = z.object({ ok: z.literal(true) });

type AuditRead = HandlerContext<unknown, unknown, unknown>['auditRead'];

/** Every read of a follow-up is audited, one event per record (no personal data in the event). */
async function auditFollowupReads(auditRead: AuditRead, action: string, rows: FollowupRow[]) {
  for (const r of rows) await auditRead(action, { entityType: 'safety_followup', entityId: r.id, orgId: r.org_id });
}

function pageOf(query: { page: number; pageSize: number }) {
  return { limit: query.pageSize, offset: (query.page - 1) * query.pageSize };
}

async function loadScreening(db: Executor, actor: Actor, id: number, ability: 'safety.read' | 'safety.manage') {
  const row = await db.selectFrom('screenings').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  await assertCan(db, actor, ability, row.org_id);
  return row;
}

async function loadCampaign(db: Executor, actor: Actor, id: number, ability: 'safety.read' | 'safety.manage') {
  const row = await db.selectFrom('safety_campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  await assertCan(db, actor, ability, row.org_id);
  return row;
}

export const safetyRoutes = [
  // ------------------------------------------------------------ campaigns
  defineRoute({
    method: 'GET',
    url: `${BASE}/campaigns`,
    summary: 'Screening campaigns in reach',
    tags: ['online-safety'],
    ability: 'safety.read',
    query: SafetyCampaignQuery,
    response: paged(SafetyCampaignView),
    async handler({ db, actor, query }) {
      if (query.orgId !== undefined) await checkOrgQuery(db, actor, query.orgId, 'safety.read');
      const scope = scopeOf(actor, 'safety.read');
      let q = db.selectFrom('safety_campaigns as c');
      if (!scope.all) q = q.where('c.org_id', 'in', scopeSubquery(db, scope));
      if (query.orgId !== undefined) q = q.where('c.org_id', 'in', subtreeOf(db, query.orgId));
      if (query.year !== undefined) q = q.where('c.year', '=', query.year);
      const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const { limit, offset } = pageOf(query);
      const rows = await q.selectAll('c').orderBy('c.start_date', 'desc').orderBy('c.id').limit(limit).offset(offset).execute();
      return { items: await presentCampaigns(db, rows), total, page: query.page, pageSize: query.pageSize };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${BASE}/campaigns/:id`,
    summary: 'One screening campaign',
    tags: ['online-safety'],
    ability: 'safety.read',
    params: IdParam,
    response: SafetyCampaignView,
    async handler({ db, actor, params }) {
      return (await presentCampaigns(db, [await loadCampaign(db, actor, params.id, 'safety.read')]))[0];
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${BASE}/campaigns`,
    summary: 'Launch a screening campaign (window, mobilisation meeting, themed lessons)',
    tags: ['online-safety'],
    ability: 'safety.manage',
    action: 'safety_campaign.create',
    body: CreateSafetyCampaignBody,
    response: SafetyCampaignView,
    async handler({ app, db, actor, body, audit, reply }) {
      await requireOrg(db, body.orgId);
      await assertCan(db, actor, 'safety.manage', body.orgId);
      if (body.endDate < body.startDate) throw validation([{ field: 'body.endDate', message: '结束日期早于开始日期 / ends before it starts' }]);
      const now = iso(app.clock.now());
      const row = await db
        .insertInto('safety_campaigns')
        .values({
          org_id: body.orgId,
          year: body.year,
          name: body.name,
          start_date: body.startDate,
          end_date: body.endDate,
          mobilisation_activity_id: body.mobilisationActivityId ?? null,
          lesson_activity_ids: JSON.stringify(body.lessonActivityIds),
          task_id: body.taskId ?? null,
          notes: body.notes,
          is_demo: 0,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      audit({ entityType: 'safety_campaign', entityId: row.id, orgId: row.org_id, after: row });
      reply.status(201);
      return (await presentCampaigns(db, [row]))[0];
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: `${BASE}/campaigns/:id`,
    summary: 'Edit a campaign (optimistic locking)',
    tags: ['online-safety'],
    ability: 'safety.manage',
    action: 'safety_campaign.update',
    params: IdParam,
    body: UpdateSafetyCampaignBody,
    response: SafetyCampaignView,
    async handler({ app, db, actor, params, body, audit }) {
      const before = await loadCampaign(db, actor, params.id, 'safety.manage');
      if (before.version !== body.version) throw new AppError('conflict', { currentVersion: before.version });
      const startDate = body.startDate ?? before.start_date;
      const endDate = body.endDate ?? before.end_date;
      if (endDate < startDate) throw validation([{ field: 'body.endDate', message: '结束日期早于开始日期 / ends before it starts' }]);
      const after = await db
        .updateTable('safety_campaigns')
        .set({
          year: body.year ?? before.year,
          name: body.name ?? before.name,
          start_date: startDate,
          end_date: endDate,
          mobilisation_activity_id: body.mobilisationActivityId !== undefined ? body.mobilisationActivityId : before.mobilisation_activity_id,
          lesson_activity_ids: body.lessonActivityIds ? JSON.stringify(body.lessonActivityIds) : before.lesson_activity_ids,
          task_id: body.taskId !== undefined ? body.taskId : before.task_id,
          notes: body.notes ?? before.notes,
          updated_at: iso(app.clock.now()),
          version: before.version + 1,
        })
        .where('id', '=', before.id)
        .where('version', '=', before.version)
        .returningAll()
        .executeTakeFirst();
      if (!after) throw new AppError('conflict');
      audit({ entityType: 'safety_campaign', entityId: after.id, orgId: after.org_id, before, after });
      return (await presentCampaigns(db, [after]))[0];
    },
  }),

  // ------------------------------------------------------------ screenings
  defineRoute({
    method: 'GET',
    url: `${BASE}/screenings`,
    summary: 'Screenings in reach (a year: screenings running at some point of it)',
    tags: ['online-safety'],
    ability: 'safety.read',
    query: ScreeningQuery,
    response: paged(ScreeningView),
    async handler({ db, actor, query }) {
      if (query.orgId !== undefined) await checkOrgQuery(db, actor, query.orgId, 'safety.read');
      const scope = scopeOf(actor, 'safety.read');
      let q = db.selectFrom('screenings as s');
      if (!scope.all) q = q.where('s.org_id', 'in', scopeSubquery(db, scope));
      if (query.orgId !== undefined) q = q.where('s.org_id', 'in', subtreeOf(db, query.orgId));
      if (query.status) q = q.where('s.status', '=', query.status);
      if (query.campaignId !== undefined) q = q.where('s.campaign_id', '=', query.campaignId);
      if (query.year !== undefined) {
        const { from, to } = yearRange(query.year);
        q = q.where('s.start_date', '<=', to).where((eb) => eb.or([eb('s.end_date', 'is', null), eb('s.end_date', '>=', from)]));
      }
      const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const { limit, offset } = pageOf(query);
      const rows = await q.selectAll('s').orderBy('s.start_date', 'desc').orderBy('s.code').limit(limit).offset(offset).execute();
      return { items: await presentScreenings(db, rows), total, page: query.page, pageSize: query.pageSize };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${BASE}/screenings/:id`,
    summary: 'One screening with its per-class results (counts only)',
    tags: ['online-safety'],
    ability: 'safety.read',
    params: IdParam,
    response: ScreeningDetail,
    async handler({ db, actor, params }) {
      const row = await loadScreening(db, actor, params.id, 'safety.read');
      const results = await db.selectFrom('screening_results').selectAll().where('screening_id', '=', row.id).orderBy('class_name').execute();
      return { ...(await presentScreenings(db, [row]))[0], results: results.map(presentResult) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${BASE}/screenings/:id/results`,
    summary: 'Per-class results of a screening',
    tags: ['online-safety'],
    ability: 'safety.read',
    params: IdParam,
    response: z.object({ items: z.array(ScreeningResultView) }),
    async handler({ db, actor, params }) {
      const row = await loadScreening(db, actor, params.id, 'safety.read');
      const results = await db.selectFrom('screening_results').selectAll().where('screening_id', '=', row.id).orderBy('class_name').execute();
      return { items: results.map(presentResult) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${BASE}/screenings`,
    summary: "Record a school's screening",
    tags: ['online-safety'],
    ability: 'safety.manage',
    action: 'screening.create',
    body: CreateScreeningBody,
    response: ScreeningView,
    async handler({ app, db, actor, body, audit, reply }) {
      await requireSchool(db, body.orgId);
      await assertCan(db, actor, 'safety.manage', body.orgId);
      const problems = screeningProblems({ ...body, endDate: body.endDate ?? null });
      if (problems.length) throw validation(problems);
      if (await db.selectFrom('screenings').select('id').where('code', '=', body.code).executeTakeFirst())
        throw validation([{ field: 'body.code', message: `排查编号 ${body.code} 已存在 / code already exists` }]);
      if (body.campaignId != null) await loadCampaign(db, actor, body.campaignId, 'safety.read');
      const now = iso(app.clock.now());
      const row = await db
        .insertInto('screenings')
        .values({
          code: body.code,
          org_id: body.orgId,
          campaign_id: body.campaignId ?? null,
          start_date: body.startDate,
          end_date: body.endDate ?? null,
          students_expected: body.studentsExpected,
          students_screened: body.studentsScreened,
          issues_found: body.issuesFound,
          issues_resolved: body.issuesResolved,
          status: body.status,
          is_demo: 0,
          import_batch: null,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      audit({ entityType: 'screening', entityId: row.id, orgId: row.org_id, after: row });
      reply.status(201);
      return (await presentScreenings(db, [row]))[0];
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: `${BASE}/screenings/:id`,
    summary: 'Edit a screening, e.g. complete it (optimistic locking)',
    tags: ['online-safety'],
    ability: 'safety.manage',
    action: 'screening.update',
    params: IdParam,
    body: UpdateScreeningBody,
    response: ScreeningView,
    async handler({ app, db, actor, params, body, audit }) {
      const before = await loadScreening(db, actor, params.id, 'safety.manage');
      if (before.version !== body.version) throw new AppError('conflict', { currentVersion: before.version });
      const merged = {
        startDate: body.startDate ?? before.start_date,
        endDate: body.endDate !== undefined ? body.endDate : before.end_date,
        status: body.status ?? before.status,
        studentsExpected: body.studentsExpected ?? before.students_expected,
        studentsScreened: body.studentsScreened ?? before.students_screened,
        issuesFound: body.issuesFound ?? before.issues_found,
        issuesResolved: body.issuesResolved ?? before.issues_resolved,
      };
      const problems = screeningProblems(merged);
      if (problems.length) throw validation(problems);
      if (body.campaignId != null) await loadCampaign(db, actor, body.campaignId, 'safety.read');
      const after = await db
        .updateTable('screenings')
        .set({
          campaign_id: body.campaignId !== undefined ? body.campaignId : before.campaign_id,
          start_date: merged.startDate,
          end_date: merged.endDate,
          status: merged.status,
          students_expected: merged.studentsExpected,
          students_screened: merged.studentsScreened,
          issues_found: merged.issuesFound,
          issues_resolved: merged.issuesResolved,
          updated_at: iso(app.clock.now()),
          version: before.version + 1,
        })
        .where('id', '=', before.id)
        .where('version', '=', before.version)
        .returningAll()
        .executeTakeFirst();
      if (!after) throw new AppError('conflict');
      audit({ entityType: 'screening', entityId: after.id, orgId: after.org_id, before, after });
      return (await presentScreenings(db, [after]))[0];
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${BASE}/screenings/:id/results`,
    summary: 'Record per-class results (upsert by class name; classes not given stay as they are)',
    tags: ['online-safety'],
    ability: 'safety.manage',
    action: 'screening.results',
    params: IdParam,
    body: PutScreeningResultsBody,
    response: z.object({ items: z.array(ScreeningResultView) }),
    async handler({ db, actor, params, body, audit }) {
      const s = await loadScreening(db, actor, params.id, 'safety.manage');
      const problems = body.results.flatMap((r, i) => resultProblems(r, `body.results.${i}`));
      const names = body.results.map((r) => r.className);
      if (new Set(names).size !== names.length) problems.push({ field: 'body.results', message: '班级重复 / a class appears twice' });
      if (problems.length) throw validation(problems);
      for (const r of body.results) {
        const values = {
          students: r.students,
          screened: r.screened,
          found_gaming: r.foundGaming,
          found_harmful_info: r.foundHarmfulInfo,
          found_harmful_apps: r.foundHarmfulApps,
          found_other: r.foundOther,
          follow_ups_opened: r.followUpsOpened,
          follow_ups_closed: r.followUpsClosed,
        };
        const existing = await db
          .selectFrom('screening_results')
          .select('id')
          .where('screening_id', '=', s.id)
          .where('class_name', '=', r.className)
          .executeTakeFirst();
        if (existing) await db.updateTable('screening_results').set(values).where('id', '=', existing.id).execute();
        else
          await db
            .insertInto('screening_results')
            .values({ screening_id: s.id, class_name: r.className, ...values })
            .execute();
      }
      audit({ entityType: 'screening', entityId: s.id, orgId: s.org_id, after: { results: body.results } });
      const rows = await db.selectFrom('screening_results').selectAll().where('screening_id', '=', s.id).orderBy('class_name').execute();
      return { items: rows.map(presentResult) };
    },
  }),

  // ------------------------------------------------------------ follow-ups (restricted)
  defineRoute({
    method: 'GET',
    url: `${BASE}/followups`,
    personal: true,
    summary: 'Follow-up cases the caller is named on or oversees (safety.case in reach); empty for everyone else. Every read audited',
    tags: ['online-safety'],
    query: FollowupQuery,
    response: paged(FollowupView),
    async handler({ db, actor, query, auditRead }) {
      let q = visibleFollowups(db, actor);
      if (query.orgId !== undefined) q = q.where('f.org_id', 'in', subtreeOf(db, query.orgId));
      if (query.open === '1') q = q.where('f.closed_on', 'is', null);
      if (query.open === '0') q = q.where('f.closed_on', 'is not', null);
      if (query.q) {
        const text = `%${query.q.replace(/[%_\\]/g, '')}%`;
        q = q.where((eb) => eb.or([eb('f.student_name', 'like', text), eb('f.class_name', 'like', text)]));
      }
      const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const { limit, offset } = pageOf(query);
      const rows = await q.selectAll('f').orderBy('f.opened_on', 'desc').orderBy('f.id', 'desc').limit(limit).offset(offset).execute();
      await auditFollowupReads(auditRead, 'safety_followup.read', rows);
      return { items: await presentFollowups(db, rows), total, page: query.page, pageSize: query.pageSize };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${BASE}/followups/counts`,
    summary: 'Open and closed follow-ups under a unit: numbers only, no names',
    tags: ['online-safety'],
    ability: 'safety.read',
    query: z.object({ orgId: z.coerce.number().int().positive() }),
    response: FollowupCounts,
    async handler({ db, actor, query }) {
      await checkOrgQuery(db, actor, query.orgId, 'safety.read');
      const rows = await db
        .selectFrom('safety_followups')
        .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.count<number>('closed_on').as('closed')])
        .where('org_id', 'in', subtreeOf(db, query.orgId))
        .where('deleted_at', 'is', null)
        .executeTakeFirstOrThrow();
      const closed = Number(rows.closed);
      return { orgId: query.orgId, open: Number(rows.n) - closed, closed };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${BASE}/followups/export`,
    freshAuth: true,
    personal: true,
    summary: 'CSV of the follow-ups the caller may see (header only for everyone else). Every exported record is audited',
    tags: ['online-safety'],
    async handler({ db, actor, reply, auditRead }) {
      const rows = await visibleFollowups(db, actor).selectAll('f').orderBy('f.opened_on').orderBy('f.id').limit(10000).execute();
      await auditFollowupReads(auditRead, 'safety_followup.export', rows);
      const views = await presentFollowups(db, rows);
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', 'attachment; filename="followups.csv"');
      return toCsv(
        ['编号', '学校', '班级', '学生', '情况', '立案日期', '结案日期', '保存至'],
        views.map((v) => [v.id, v.orgName, v.className, v.studentName, v.details, v.openedOn, v.closedOn, v.retentionUntil]),
      );
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${BASE}/followups/staff`,
    summary: 'Accounts that may be named head teacher or officer on a follow-up of a school (for the case form; names only)',
    tags: ['online-safety'],
    ability: 'safety.case',
    query: FollowupStaffQuery,
    response: z.object({ items: z.array(FollowupStaffView) }),
    async handler({ db, actor, query }) {
      await checkOrgQuery(db, actor, query.orgId, 'safety.case');
      return { items: await followupStaff(db, query.orgId, query.q) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${BASE}/followups/:id`,
    personal: true,
    summary: 'One follow-up (head teacher, named officer, safety.case in reach; 404 for everyone else). Audited read',
    tags: ['online-safety'],
    params: IdParam,
    response: FollowupView,
    async handler({ db, actor, params, auditRead }) {
      const row = await loadFollowupFor(db, actor, params.id);
      await auditFollowupReads(auditRead, 'safety_followup.read', [row]);
      return (await presentFollowups(db, [row]))[0];
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${BASE}/followups`,
    summary: 'Open a follow-up case for a named student (the school’s designated officer)',
    tags: ['online-safety'],
    ability: 'safety.case',
    action: 'safety_followup.create',
    body: CreateFollowupBody,
    response: FollowupView,
    async handler({ app, db, actor, body, audit, reply }) {
      await requireSchool(db, body.orgId);
      await assertCan(db, actor, 'safety.case', body.orgId);
      await checkUsers(db, [
        { field: 'body.headTeacherUserId', id: body.headTeacherUserId },
        { field: 'body.officerUserId', id: body.officerUserId },
      ]);
      if (body.openedOn > chinaDate(app.clock.now())) throw validation([{ field: 'body.openedOn', message: '日期不能晚于今天 / date in the future' }]);
      const now = iso(app.clock.now());
      const row = await db
        .insertInto('safety_followups')
        .values({
          org_id: body.orgId,
          class_name: body.className,
          student_name: body.studentName,
          details: body.details,
          head_teacher_user_id: body.headTeacherUserId,
          officer_user_id: body.officerUserId === undefined ? actor.userId : body.officerUserId,
          opened_on: body.openedOn,
          closed_on: null,
          retention_until: null,
          deleted_at: null,
          is_demo: 0,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      audit({ entityType: 'safety_followup', entityId: row.id, orgId: row.org_id, after: followupAuditView(row) });
      reply.status(201);
      return (await presentFollowups(db, [row]))[0];
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: `${BASE}/followups/:id`,
    personal: true,
    summary: 'Edit a follow-up (those who may see it; optimistic locking)',
    tags: ['online-safety'],
    action: 'safety_followup.update',
    params: IdParam,
    body: UpdateFollowupBody,
    response: FollowupView,
    async handler({ app, db, actor, params, body, audit }) {
      const before = await loadFollowupFor(db, actor, params.id);
      if (before.version !== body.version) throw new AppError('conflict', { currentVersion: before.version });
      await checkUsers(db, [
        { field: 'body.headTeacherUserId', id: body.headTeacherUserId },
        { field: 'body.officerUserId', id: body.officerUserId },
      ]);
      const after = await db
        .updateTable('safety_followups')
        .set({
          class_name: body.className ?? before.class_name,
          details: body.details ?? before.details,
          head_teacher_user_id: body.headTeacherUserId ?? before.head_teacher_user_id,
          officer_user_id: body.officerUserId !== undefined ? body.officerUserId : before.officer_user_id,
          updated_at: iso(app.clock.now()),
          version: before.version + 1,
        })
        .where('id', '=', before.id)
        .where('version', '=', before.version)
        .returningAll()
        .executeTakeFirst();
      if (!after) throw new AppError('conflict');
      audit({ entityType: 'safety_followup', entityId: after.id, orgId: after.org_id, before: followupAuditView(before), after: followupAuditView(after) });
      return (await presentFollowups(db, [after]))[0];
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${BASE}/followups/:id/close`,
    personal: true,
    summary: 'Close a follow-up; it is kept until its retention date (default: the first 31 August after closing), then deleted',
    tags: ['online-safety'],
    action: 'safety_followup.close',
    params: IdParam,
    body: CloseFollowupBody,
    response: FollowupView,
    async handler({ app, db, actor, params, body, audit }) {
      const before = await loadFollowupFor(db, actor, params.id);
      if (before.version !== body.version) throw new AppError('conflict', { currentVersion: before.version });
      if (before.closed_on) throw validation([{ field: 'body.closedOn', message: '已结案 / already closed' }]);
      if (body.closedOn < before.opened_on) throw validation([{ field: 'body.closedOn', message: '结案日期早于立案日期 / closed before opened' }]);
      if (body.closedOn > chinaDate(app.clock.now())) throw validation([{ field: 'body.closedOn', message: '日期不能晚于今天 / date in the future' }]);
      const dflt = defaultRetentionUntil(body.closedOn);
      const retention = body.retentionUntil ?? dflt;
      if (retention < body.closedOn || retention > dflt)
        throw validation([{ field: 'body.retentionUntil', message: `保存期限须在结案日期与 ${dflt} 之间 / retention must be between closing and ${dflt}` }]);
      const after = await db
        .updateTable('safety_followups')
        .set({ closed_on: body.closedOn, retention_until: retention, updated_at: iso(app.clock.now()), version: before.version + 1 })
        .where('id', '=', before.id)
        .where('version', '=', before.version)
        .returningAll()
        .executeTakeFirst();
      if (!after) throw new AppError('conflict');
      audit({ entityType: 'safety_followup', entityId: after.id, orgId: after.org_id, before: followupAuditView(before), after: followupAuditView(after) });
      return (await presentFollowups(db, [after]))[0];
    },
  }),

  // ------------------------------------------------------------ phone custody
  defineRoute({
    method: 'GET',
    url: `${BASE}/custody`,
    summary: 'Class-level phone custody register (boarders) in reach',
    tags: ['online-safety'],
    ability: 'safety.read',
    query: PhoneCustodyQuery,
    response: paged(PhoneCustodyView),
    async handler({ db, actor, query }) {
      if (query.orgId !== undefined) await checkOrgQuery(db, actor, query.orgId, 'safety.read');
      const scope = scopeOf(actor, 'safety.read');
      let q = db.selectFrom('phone_custody as p');
      if (!scope.all) q = q.where('p.org_id', 'in', scopeSubquery(db, scope));
      if (query.orgId !== undefined) q = q.where('p.org_id', 'in', subtreeOf(db, query.orgId));
      if (query.from) q = q.where('p.date', '>=', query.from);
      if (query.to) q = q.where('p.date', '<=', query.to);
      const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const { limit, offset } = pageOf(query);
      const rows = await q.selectAll('p').orderBy('p.date', 'desc').orderBy('p.org_id').orderBy('p.class_name').limit(limit).offset(offset).execute();
      return { items: await presentCustody(db, rows), total, page: query.page, pageSize: query.pageSize };
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${BASE}/custody`,
    summary: "Record a class's phone custody for a day (re-recording the same class and day replaces it)",
    tags: ['online-safety'],
    ability: 'safety.manage',
    action: 'phone_custody.record',
    body: CreatePhoneCustodyBody,
    response: PhoneCustodyView,
    async handler({ app, db, actor, body, audit, reply }) {
      await requireSchool(db, body.orgId);
      await assertCan(db, actor, 'safety.manage', body.orgId);
      const problems = custodyProblems(body);
      if (problems.length) throw validation(problems);
      const existing = await db
        .selectFrom('phone_custody')
        .selectAll()
        .where('org_id', '=', body.orgId)
        .where('class_name', '=', body.className)
        .where('date', '=', body.date)
        .executeTakeFirst();
      const values = { students: body.students, phones_held: body.phonesHeld, phones_returned: body.phonesReturned };
      const row = existing
        ? await db.updateTable('phone_custody').set(values).where('id', '=', existing.id).returningAll().executeTakeFirstOrThrow()
        : await db
            .insertInto('phone_custody')
            .values({ org_id: body.orgId, class_name: body.className, date: body.date, ...values, is_demo: 0, created_at: iso(app.clock.now()) })
            .returningAll()
            .executeTakeFirstOrThrow();
      audit({ entityType: 'phone_custody', entityId: row.id, orgId: row.org_id, before: existing ?? null, after: row });
      reply.status(existing ? 200 : 201);
      return (await presentCustody(db, [row]))[0];
    },
  }),

  // ------------------------------------------------------------ spot checks
  defineRoute({
    method: 'GET',
    url: `${BASE}/spot-checks`,
    summary: 'Spot checks (school work group and bureau) in reach',
    tags: ['online-safety'],
    ability: 'safety.read',
    query: SpotCheckQuery,
    response: paged(SpotCheckView),
    async handler({ db, actor, query }) {
      if (query.orgId !== undefined) await checkOrgQuery(db, actor, query.orgId, 'safety.read');
      const scope = scopeOf(actor, 'safety.read');
      let q = db.selectFrom('spot_checks as k');
      if (!scope.all) q = q.where('k.org_id', 'in', scopeSubquery(db, scope));
      if (query.orgId !== undefined) q = q.where('k.org_id', 'in', subtreeOf(db, query.orgId));
      if (query.level) q = q.where('k.level', '=', query.level);
      if (query.year !== undefined) {
        const { from, to } = yearRange(query.year);
        q = q.where('k.checked_on', '>=', from).where('k.checked_on', '<=', to);
      }
      if (query.open === '1') q = q.where('k.rectify_by', 'is not', null).where('k.rectified_on', 'is', null);
      const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const { limit, offset } = pageOf(query);
      const rows = await q.selectAll('k').orderBy('k.checked_on', 'desc').orderBy('k.id').limit(limit).offset(offset).execute();
      return { items: await presentSpotChecks(db, rows), total, page: query.page, pageSize: query.pageSize };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${BASE}/spot-checks/summary`,
    summary: 'School-level and bureau-level spot checks side by side for each school under a unit',
    tags: ['online-safety'],
    ability: 'safety.read',
    query: z.object({ orgId: z.coerce.number().int().positive(), year: z.coerce.number().int().min(1990).max(2100).optional() }),
    response: z.object({ items: z.array(SpotCheckSummaryRow) }),
    async handler({ app, db, actor, query }) {
      await checkOrgQuery(db, actor, query.orgId, 'safety.read');
      return { items: await spotCheckSummary(db, query.orgId, query.year, chinaDate(app.clock.now())) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${BASE}/spot-checks`,
    summary: 'Record a spot check: school level by the school, bureau level by a unit above the school',
    tags: ['online-safety'],
    ability: 'safety.manage',
    action: 'spot_check.create',
    body: CreateSpotCheckBody,
    response: SpotCheckView,
    async handler({ app, db, actor, body, audit, reply }) {
      const school = await requireSchool(db, body.orgId);
      if (body.level === 'bureau') {
        // A bureau check is recorded by someone whose reach is above the school.
        if (school.parent_id === null) throw validation([{ field: 'body.level', message: '该单位没有上级 / no unit above this one' }]);
        await assertCan(db, actor, 'safety.manage', body.orgId);
        await assertCan(db, actor, 'safety.manage', school.parent_id);
      } else {
        await assertCan(db, actor, 'safety.manage', body.orgId);
      }
      if (body.rectifyBy && body.rectifyBy < body.checkedOn)
        throw validation([{ field: 'body.rectifyBy', message: '整改期限早于检查日期 / deadline before the check' }]);
      const now = iso(app.clock.now());
      const row = await db
        .insertInto('spot_checks')
        .values({
          level: body.level,
          org_id: body.orgId,
          checked_on: body.checkedOn,
          checker: body.checker,
          place: body.place,
          findings: body.findings,
          rectify_by: body.rectifyBy ?? null,
          rectified_on: null,
          result: null,
          is_demo: 0,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      audit({ entityType: 'spot_check', entityId: row.id, orgId: row.org_id, after: row });
      reply.status(201);
      return (await presentSpotChecks(db, [row]))[0];
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${BASE}/spot-checks/:id/rectify`,
    summary: 'Record the rectification of a spot check’s findings',
    tags: ['online-safety'],
    ability: 'safety.manage',
    action: 'spot_check.rectify',
    params: IdParam,
    body: RectifySpotCheckBody,
    response: SpotCheckView,
    async handler({ app, db, actor, params, body, audit }) {
      const before = await db.selectFrom('spot_checks').selectAll().where('id', '=', params.id).executeTakeFirst();
      if (!before) throw new AppError('not_found');
      await assertCan(db, actor, 'safety.manage', before.org_id);
      if (before.version !== body.version) throw new AppError('conflict', { currentVersion: before.version });
      if (body.rectifiedOn < before.checked_on) throw validation([{ field: 'body.rectifiedOn', message: '整改日期早于检查日期 / before the check' }]);
      const after = await db
        .updateTable('spot_checks')
        .set({ rectified_on: body.rectifiedOn, result: body.result, updated_at: iso(app.clock.now()), version: before.version + 1 })
        .where('id', '=', before.id)
        .where('version', '=', before.version)
        .returningAll()
        .executeTakeFirst();
      if (!after) throw new AppError('conflict');
      audit({ entityType: 'spot_check', entityId: after.id, orgId: after.org_id, before, after });
      return (await presentSpotChecks(db, [after]))[0];
    },
  }),

  // ------------------------------------------------------------ parent notices
  defineRoute({
    method: 'GET',
    url: `${BASE}/parent-notices`,
    summary: 'Parent notices per class (sent and acknowledged counts) in reach',
    tags: ['online-safety'],
    ability: 'safety.read',
    query: ParentNoticeQuery,
    response: paged(ParentNoticeView),
    async handler({ db, actor, query }) {
      if (query.orgId !== undefined) await checkOrgQuery(db, actor, query.orgId, 'safety.read');
      const scope = scopeOf(actor, 'safety.read');
      let q = db.selectFrom('parent_notices as n');
      if (!scope.all) q = q.where('n.org_id', 'in', scopeSubquery(db, scope));
      if (query.orgId !== undefined) q = q.where('n.org_id', 'in', subtreeOf(db, query.orgId));
      if (query.year !== undefined) {
        const { from, to } = yearRange(query.year);
        q = q.where('n.date', '>=', from).where('n.date', '<=', to);
      }
      const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const { limit, offset } = pageOf(query);
      const rows = await q.selectAll('n').orderBy('n.date', 'desc').orderBy('n.org_id').orderBy('n.class_name').limit(limit).offset(offset).execute();
      return { items: await presentNotices(db, rows), total, page: query.page, pageSize: query.pageSize };
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${BASE}/parent-notices`,
    summary: 'Record a notice to the parents of a class (counts sent and acknowledged)',
    tags: ['online-safety'],
    ability: 'safety.manage',
    action: 'parent_notice.create',
    body: CreateParentNoticeBody,
    response: ParentNoticeView,
    async handler({ app, db, actor, body, audit, reply }) {
      await requireSchool(db, body.orgId);
      await assertCan(db, actor, 'safety.manage', body.orgId);
      if (body.acksReceived > body.noticesSent) throw validation([{ field: 'body.acksReceived', message: '回执数超过发放数 / more acknowledged than sent' }]);
      const row = await db
        .insertInto('parent_notices')
        .values({
          org_id: body.orgId,
          class_name: body.className,
          date: body.date,
          title: body.title,
          notices_sent: body.noticesSent,
          acks_received: body.acksReceived,
          is_demo: 0,
          created_at: iso(app.clock.now()),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      audit({ entityType: 'parent_notice', entityId: row.id, orgId: row.org_id, after: row });
      reply.status(201);
      return (await presentNotices(db, [row]))[0];
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: `${BASE}/parent-notices/:id`,
    summary: 'Remove a parent notice recorded in error',
    tags: ['online-safety'],
    ability: 'safety.manage',
    action: 'parent_notice.delete',
    params: IdParam,
    response: Ok,
    async handler({ db, actor, params, audit }) {
      const row = await db.selectFrom('parent_notices').selectAll().where('id', '=', params.id).executeTakeFirst();
      if (!row) throw new AppError('not_found');
      await assertCan(db, actor, 'safety.manage', row.org_id);
      await db.deleteFrom('parent_notices').where('id', '=', row.id).execute();
      audit({ entityType: 'parent_notice', entityId: row.id, orgId: row.org_id, before: row });
      return { ok: true as const };
    },
  }),

  // ------------------------------------------------------------ coverage
  defineRoute({
    method: 'GET',
    url: `${BASE}/coverage`,
    summary: 'Screening coverage under a unit for a year, in total and per child unit: schools screened, students covered, issues found and resolved',
    tags: ['online-safety'],
    ability: 'safety.read',
    query: OrgYearQuery,
    response: CoverageView,
    async handler({ db, actor, query }) {
      await checkOrgQuery(db, actor, query.orgId, 'safety.read');
      const org = await db.selectFrom('org_units').select(['id', 'name']).where('id', '=', query.orgId).executeTakeFirstOrThrow();
      return { orgId: org.id, orgName: org.name, year: query.year, ...(await coverage(db, query.orgId, query.year)) };
    },
  }),
];
