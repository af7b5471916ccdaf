import { IdParam, paged } from '@taizhang/shared';
import {
  AcceptBody,
  AssignmentDetail,
  AssignmentView,
  AssignmentsQuery,
  CreateTaskBody,
  ReturnBody,
  SubmitBody,
  SupervisionNoticeView,
  TASK_SORTS,
  TaskStatsQuery,
  TaskStatsView,
  TaskView,
  UrgeResult,
} from '@taizhang/shared/schemas/tasks';
import { z } from 'zod';
import type { Executor } from '../../db/database.ts';
import { type Actor, scopeOf } from '../../platform/access/actor.ts';
import { assertCan, orgIdsInScope } from '../../platform/access/scope.ts';
import { chinaDate, iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { figureKeys } from './figures.ts';
import { orgNameMap, presentAssignment, presentTask } from './presenter.ts';
import {
  createTask,
  loadAssignmentFor,
  loadTaskFor,
  openSupervision,
  parseForm,
  prefillFor,
  reviewAssignment,
  submitAssignment,
  taskCounts,
  urgeTask,
} from './service.ts';
import { taskStats } from './stats.ts';

const TasksQuery = z.object({
  issuingOrgId: z.coerce.number().int().positive().optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  q: z.string().max(100).optional(),
  status: z.enum(['open', 'closed']).optional(),
  sort: z.enum(TASK_SORTS).default('-deadline'),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

const TaskDetail = TaskView.extend({ assignments: z.array(AssignmentView) });

export const taskRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/tasks',
    summary: 'Tasks issued in reach or assigned to orgs in reach (newest deadline first unless sorted), with status counts',
    tags: ['tasks'],
    ability: 'task.read',
    query: TasksQuery,
    response: paged(TaskView),
    async handler({ app, db, actor, query }) {
      const scope = scopeOf(actor, 'task.read');
      let base = db.selectFrom('tasks as t');
      if (!scope.all) {
        const roots = scope.roots.length ? scope.roots : [-1];
        base = base.where((eb) =>
          eb.or([
            eb('t.issuing_org_id', 'in', eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', 'in', roots)),
            eb(
              't.id',
              'in',
              eb
                .selectFrom('assignments as a')
                .select('a.task_id')
                .where('a.org_id', 'in', eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', 'in', roots)),
            ),
          ]),
        );
      }
      if (query.issuingOrgId !== undefined) base = base.where('t.issuing_org_id', '=', query.issuingOrgId);
      if (query.year !== undefined) base = base.where('t.deadline', '>=', `${query.year}-01-01`).where('t.deadline', '<=', `${query.year}-12-31`);
      if (query.q) base = base.where('t.title', 'like', `%${query.q.replace(/[%_\\]/g, '')}%`);
      if (query.status) base = base.where('t.status', '=', query.status);
      const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await base
        .selectAll('t')
        .orderBy(query.sort.endsWith('createdAt') ? 't.created_at' : 't.deadline', query.sort.startsWith('-') ? 'desc' : 'asc')
        .orderBy('t.id', query.sort.startsWith('-') ? 'desc' : 'asc')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      const today = chinaDate(app.clock.now());
      const issuerVisible = await orgIdsInScope(
        db,
        scope,
        rows.map((r) => r.issuing_org_id),
      );
      // Counts over what the caller may see: everything for the issuer's side, in-reach targets otherwise.
      const allCounts = await taskCounts(
        db,
        rows.filter((r) => issuerVisible.has(r.issuing_org_id)).map((r) => r.id),
        today,
        null,
      );
      const others = rows.filter((r) => !issuerVisible.has(r.issuing_org_id)).map((r) => r.id);
      let partial = new Map<number, { total: number; notStarted: number; submitted: number; returned: number; accepted: number; overdue: number }>();
      if (others.length) {
        const orgs = (await db.selectFrom('assignments').select('org_id').where('task_id', 'in', others).execute()).map((r) => r.org_id);
        partial = await taskCounts(db, others, today, await orgIdsInScope(db, scope, orgs));
      }
      const names = await orgNameMap(
        db,
        rows.map((r) => r.issuing_org_id),
      );
      return {
        items: rows.map((r) => presentTask(r, names, allCounts.get(r.id) ?? partial.get(r.id))),
        total,
        page: query.page,
        pageSize: query.pageSize,
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/tasks',
    summary: 'Issue a task to target orgs (explicit, or filtered by kind/stage/ownership under a unit); one assignment per target',
    tags: ['tasks'],
    ability: 'task.issue',
    action: 'task.create',
    body: CreateTaskBody,
    response: TaskDetail,
    async handler({ app, db, actor, body, audit, reply }) {
      await assertCan(db, actor, 'task.issue', body.issuingOrgId);
      const { task, targetIds } = await createTask(app, db, body, { userId: actor.userId, name: actor.displayName });
      audit({ entityType: 'task', entityId: task.id, orgId: task.issuing_org_id, after: { ...task, targets: targetIds } });
      reply.status(201);
      return taskDetail(app, db, actor, task.id);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/tasks/figures',
    summary: 'Figures a feedback field can be bound to (prefilled from records)',
    tags: ['tasks'],
    ability: 'task.read',
    response: z.object({ items: z.array(z.object({ key: z.string(), label: z.string() })) }),
    async handler() {
      return { items: figureKeys() };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/tasks/stats',
    summary: 'On-time rate per school and per task for a year, and what is overdue now',
    tags: ['tasks'],
    ability: 'task.read',
    query: TaskStatsQuery,
    response: TaskStatsView,
    async handler({ app, db, actor, query }) {
      if (!(await db.selectFrom('org_units').select('id').where('id', '=', query.orgId).executeTakeFirst())) throw new AppError('not_found');
      await assertCan(db, actor, 'task.read', query.orgId);
      return taskStats(db, query.orgId, query.year, app.clock.now());
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/tasks/:id',
    summary: 'One task with the assignments the caller may see',
    tags: ['tasks'],
    ability: 'task.read',
    params: IdParam,
    response: TaskDetail,
    async handler({ app, db, actor, params }) {
      return taskDetail(app, db, actor, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/tasks/:id/urge',
    summary: 'Urge (催办) every target that has not submitted; a target urged in the last 24 hours is skipped and reported',
    tags: ['tasks'],
    ability: 'task.issue',
    action: 'task.urge',
    params: IdParam,
    response: UrgeResult,
    async handler({ app, db, actor, params, audit }) {
      const { task, urged, skipped } = await urgeTask(app, db, actor, params.id);
      audit({
        entityType: 'task',
        entityId: task.id,
        orgId: task.issuing_org_id,
        after: { urged: urged.map((u) => u.assignmentId), skipped: skipped.map((s) => s.assignmentId) },
      });
      return { urged, skipped };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/tasks/:id/close',
    summary: 'Close a task (no more reminders or escalations)',
    tags: ['tasks'],
    ability: 'task.issue',
    action: 'task.close',
    params: IdParam,
    body: z.object({ version: z.number().int().positive() }),
    response: TaskDetail,
    async handler({ app, db, actor, params, body, audit }) {
      const { task } = await loadTaskFor(db, actor, params.id);
      await assertCan(db, actor, 'task.issue', task.issuing_org_id);
      const r = await db
        .updateTable('tasks')
        .set({ status: 'closed', updated_at: iso(app.clock.now()), version: task.version + 1 })
        .where('id', '=', task.id)
        .where('version', '=', body.version)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new AppError('conflict', { version: task.version });
      audit({ entityType: 'task', entityId: task.id, orgId: task.issuing_org_id, before: { status: task.status }, after: { status: 'closed' } });
      return taskDetail(app, db, actor, task.id);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/assignments',
    summary: 'Assignments of orgs in reach (a school sees its own), filtered by task, org, status, overdue',
    tags: ['tasks'],
    ability: 'task.read',
    query: AssignmentsQuery,
    response: paged(AssignmentView),
    async handler({ app, db, actor, query }) {
      const scope = scopeOf(actor, 'task.read');
      const today = chinaDate(app.clock.now());
      let base = db.selectFrom('assignments as a').innerJoin('tasks as t', 't.id', 'a.task_id');
      if (!scope.all) {
        const roots = scope.roots.length ? scope.roots : [-1];
        base = base.where((eb) =>
          eb.or([
            eb('a.org_id', 'in', eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', 'in', roots)),
            eb('t.issuing_org_id', 'in', eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', 'in', roots)),
          ]),
        );
      }
      if (query.taskId !== undefined) base = base.where('a.task_id', '=', query.taskId);
      if (query.orgId !== undefined) {
        const orgId = query.orgId;
        base = base.where('a.org_id', 'in', (eb) => eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId));
      }
      if (query.status) base = base.where('a.status', '=', query.status);
      if (query.overdue === '1') base = base.where('t.deadline', '<', today).where('a.status', 'in', ['not_started', 'returned']);
      if (query.overdue === '0') base = base.where((eb) => eb.or([eb('t.deadline', '>=', today), eb('a.status', 'in', ['submitted', 'accepted'])]));
      const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await base
        .selectAll('a')
        .select(['t.title', 't.deadline', 't.issuing_org_id'])
        .orderBy('t.deadline', 'desc')
        .orderBy('a.id')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      const names = await orgNameMap(
        db,
        rows.map((r) => r.org_id),
      );
      return {
        items: rows.map((r) => presentAssignment(r, { id: r.task_id, title: r.title, deadline: r.deadline, issuing_org_id: r.issuing_org_id }, names, today)),
        total,
        page: query.page,
        pageSize: query.pageSize,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/assignments/:id',
    summary: 'One assignment: the form with bound figures prefilled from records, history and urges',
    tags: ['tasks'],
    ability: 'task.read',
    params: IdParam,
    response: AssignmentDetail,
    async handler({ app, db, actor, params }) {
      const { a, task } = await loadAssignmentFor(db, actor, params.id);
      const names = await orgNameMap(db, [a.org_id]);
      const today = chinaDate(app.clock.now());
      const view = presentAssignment(a, task, names, today);
      const prefill = await prefillFor(db, task, a.org_id);
      const answered = a.status !== 'not_started';
      const fields = parseForm(task).map((f) => {
        const p = f.figureKey ? (prefill[f.key] ?? null) : null;
        const stored = view.answers[f.key];
        return { ...f, prefill: p, value: answered && stored !== undefined ? stored : p };
      });
      const history = await db.selectFrom('assignment_history').selectAll().where('assignment_id', '=', a.id).orderBy('id').execute();
      const urges = await db.selectFrom('urges').select(['at', 'by_name']).where('assignment_id', '=', a.id).orderBy('id').execute();
      return {
        ...view,
        requirementsHtml: task.requirements_html,
        evidenceRequired: task.evidence_required === 1,
        fields,
        history: history.map((h) => ({ at: h.at, action: h.action, fromStatus: h.from_status, toStatus: h.to_status, by: h.by_name, note: h.note })),
        urges: urges.map((u) => ({ at: u.at, by: u.by_name })),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/assignments/:id/submit',
    summary: 'Submit (or resubmit after a return) the feedback of a target org',
    tags: ['tasks'],
    ability: 'task.submit',
    action: 'assignment.submit',
    params: IdParam,
    body: SubmitBody,
    response: AssignmentView,
    async handler({ app, db, actor, params, body, audit }) {
      const { before, after } = await submitAssignment(app, db, actor, params.id, body);
      audit({
        entityType: 'assignment',
        entityId: after.id,
        orgId: after.org_id,
        before: { status: before.status },
        after: { status: after.status, answers: body.answers },
      });
      return presentOne(app, db, after.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/assignments/:id/accept',
    summary: 'Accept a submission (reviewers of the issuing org)',
    tags: ['tasks'],
    ability: 'task.review',
    action: 'assignment.accept',
    params: IdParam,
    body: AcceptBody,
    response: AssignmentView,
    async handler({ app, db, actor, params, body, audit }) {
      const { before, after } = await reviewAssignment(app, db, actor, params.id, body, 'accept');
      audit({ entityType: 'assignment', entityId: after.id, orgId: after.org_id, before: { status: before.status }, after: { status: after.status } });
      return presentOne(app, db, after.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/assignments/:id/return',
    summary: 'Return a submission with a reason (reviewers of the issuing org); the school resubmits',
    tags: ['tasks'],
    ability: 'task.review',
    action: 'assignment.return',
    params: IdParam,
    body: ReturnBody,
    response: AssignmentView,
    async handler({ app, db, actor, params, body, audit }) {
      const { before, after } = await reviewAssignment(app, db, actor, params.id, body, 'return');
      audit({
        entityType: 'assignment',
        entityId: after.id,
        orgId: after.org_id,
        before: { status: before.status },
        after: { status: after.status, reason: body.reason },
      });
      return presentOne(app, db, after.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/assignments/:id/supervision',
    summary: "Open a supervision notice (督办单) addressed to the target school's first responsible person",
    tags: ['tasks'],
    ability: 'task.issue',
    action: 'supervision.open',
    params: IdParam,
    body: z.object({ note: z.string().max(2000).optional() }),
    response: SupervisionNoticeView,
    async handler({ app, db, actor, params, body, audit }) {
      const { task } = await loadAssignmentFor(db, actor, params.id);
      await assertCan(db, actor, 'task.issue', task.issuing_org_id);
      const row = await openSupervision(app, db, params.id, body.note ?? null);
      const view = await noticeViews(db, [row.id]);
      audit({ entityType: 'supervision_notice', entityId: row.id, orgId: view[0]?.orgId ?? null, after: row });
      return view[0];
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/supervision-notices',
    summary: 'Supervision notices on assignments in reach (open first)',
    tags: ['tasks'],
    ability: 'task.read',
    query: z.object({ status: z.enum(['open', 'closed']).optional() }),
    response: z.object({ items: z.array(SupervisionNoticeView) }),
    async handler({ db, actor, query }) {
      const scope = scopeOf(actor, 'task.read');
      let q = db
        .selectFrom('supervision_notices as s')
        .innerJoin('assignments as a', 'a.id', 's.assignment_id')
        .innerJoin('tasks as t', 't.id', 'a.task_id')
        .select('s.id');
      if (!scope.all) {
        const roots = scope.roots.length ? scope.roots : [-1];
        q = q.where((eb) =>
          eb.or([
            eb('a.org_id', 'in', eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', 'in', roots)),
            eb('t.issuing_org_id', 'in', eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', 'in', roots)),
          ]),
        );
      }
      if (query.status) q = q.where('s.status', '=', query.status);
      const ids = (await q.orderBy('s.id', 'desc').limit(500).execute()).map((r) => r.id);
      const items = await noticeViews(db, ids);
      return { items: items.sort((x, y) => (x.status === y.status ? y.id - x.id : x.status === 'open' ? -1 : 1)) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/supervision-notices/:id/close',
    summary: 'Close a supervision notice with a note',
    tags: ['tasks'],
    ability: 'task.issue',
    action: 'supervision.close',
    params: IdParam,
    body: z.object({ note: z.string().trim().min(2).max(2000) }),
    response: SupervisionNoticeView,
    async handler({ app, db, actor, params, body, audit }) {
      const s = await db.selectFrom('supervision_notices').selectAll().where('id', '=', params.id).executeTakeFirst();
      if (!s) throw new AppError('not_found');
      const { task } = await loadAssignmentFor(db, actor, s.assignment_id);
      await assertCan(db, actor, 'task.issue', task.issuing_org_id);
      if (s.status !== 'open') throw new AppError('conflict', { status: s.status });
      await db
        .updateTable('supervision_notices')
        .set({ status: 'closed', closed_at: iso(app.clock.now()), note: body.note })
        .where('id', '=', s.id)
        .execute();
      const [view] = await noticeViews(db, [s.id]);
      audit({
        entityType: 'supervision_notice',
        entityId: s.id,
        orgId: view.orgId,
        before: { status: s.status },
        after: { status: 'closed', note: body.note },
      });
      return view;
    },
  }),
];

async function presentOne(app: AppContext, db: Executor, id: number) {
  const a = await db.selectFrom('assignments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const t = await db.selectFrom('tasks').selectAll().where('id', '=', a.task_id).executeTakeFirstOrThrow();
  return presentAssignment(a, t, await orgNameMap(db, [a.org_id]), chinaDate(app.clock.now()));
}

async function taskDetail(app: AppContext, db: Executor, actor: Actor, id: number) {
  const { task, orgFilter } = await loadTaskFor(db, actor, id);
  const today = chinaDate(app.clock.now());
  const counts = await taskCounts(db, [task.id], today, orgFilter);
  const rows = (await db.selectFrom('assignments').selectAll().where('task_id', '=', task.id).orderBy('id').execute()).filter(
    (a) => !orgFilter || orgFilter.has(a.org_id),
  );
  const names = await orgNameMap(db, [task.issuing_org_id, ...rows.map((r) => r.org_id)]);
  return { ...presentTask(task, names, counts.get(task.id)), assignments: rows.map((a) => presentAssignment(a, task, names, today)) };
}

export async function noticeViews(db: Executor, ids: number[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('supervision_notices as s')
    .innerJoin('assignments as a', 'a.id', 's.assignment_id')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .innerJoin('org_units as o', 'o.id', 'a.org_id')
    .leftJoin('people as p', 'p.id', 's.escalated_to_person_id')
    .select([
      's.id',
      's.assignment_id',
      't.id as task_id',
      't.title',
      'a.org_id',
      'o.name as org_name',
      's.escalated_to_person_id',
      'p.name as person_name',
      's.opened_at',
      's.closed_at',
      's.status',
      's.note',
    ])
    .where('s.id', 'in', ids)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    assignmentId: r.assignment_id,
    taskId: r.task_id,
    taskTitle: r.title,
    orgId: r.org_id,
    orgName: r.org_name,
    escalatedToPersonId: r.escalated_to_person_id,
    escalatedToName: r.person_name ?? null,
    openedAt: r.opened_at,
    closedAt: r.closed_at,
    status: r.status as 'open' | 'closed',
    note: r.note,
  }));
}
