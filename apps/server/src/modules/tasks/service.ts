import type { Ability } from '@taizhang/shared';
import type { AssignmentStatus, CreateTaskBody, FormField, TargetSpec } from '@taizhang/shared/schemas/tasks';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../db/database.ts';
import { type Actor, scopeOf } from '../../platform/access/actor.ts';
import { assertCan, orgIdsInScope } from '../../platform/access/scope.ts';
import { chinaDate, iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, validation } from '../../platform/errors.ts';
import { recordChanged } from '../../platform/events.ts';
import { computeFigure, hasFigure } from './figures.ts';
import { firstResponsibleOf, notifyUsers, orgRecipients } from './notify.ts';
import { sanitizeHtml } from './sanitize.ts';
import { type AssignmentEvent, transition } from './state.ts';
import type { AssignmentsTable, TasksTable } from './tables.ts';

export type TaskRow = Selectable<TasksTable>;
export type AssignmentRow = Selectable<AssignmentsTable>;
export interface By {
  userId: number | null;
  name: string | null;
}
export const byActor = (a: Actor): By => ({ userId: a.userId, name: a.displayName });

export const URGE_INTERVAL_HOURS = 24;

/** Orgs a task goes to: explicit ids, or the units under `underOrgId` matching the filters; all strictly under the issuer. */
export async function resolveTargets(exec: Executor, issuingOrgId: number, spec: TargetSpec): Promise<number[]> {
  const under = (await exec.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', issuingOrgId).where('depth', '>=', 1).execute()).map(
    (r) => r.descendant_id,
  );
  const underSet = new Set(under);
  let ids: number[] = [];
  if (spec.orgIds?.length) {
    const outside = spec.orgIds.filter((id) => !underSet.has(id));
    if (outside.length)
      throw validation([{ field: 'body.targets.orgIds', message: `对象须在发文单位之下 / targets must be under the issuing org: ${outside.join(',')}` }]);
    ids = [...new Set(spec.orgIds)];
  }
  if (spec.underOrgId !== undefined) {
    if (spec.underOrgId !== issuingOrgId && !underSet.has(spec.underOrgId))
      throw validation([{ field: 'body.targets.underOrgId', message: '范围须在发文单位之下 / must be under the issuing org' }]);
    const underOrgId = spec.underOrgId;
    let q = exec
      .selectFrom('org_units as o')
      .innerJoin('org_closure as c', 'c.descendant_id', 'o.id')
      .select('o.id')
      .where('c.ancestor_id', '=', underOrgId)
      .where('c.depth', '>=', 1)
      .where('o.active', '=', 1)
      .where('o.kind', 'in', spec.kinds?.length ? spec.kinds : ['school', 'kindergarten']);
    if (spec.stage) q = q.where('o.stage', '=', spec.stage);
    if (spec.ownership) q = q.where('o.ownership', '=', spec.ownership);
    ids.push(...(await q.orderBy('o.sort_order').orderBy('o.code').execute()).map((r) => r.id).filter((id) => underSet.has(id)));
  }
  ids = [...new Set(ids)];
  if (ids.length === 0) throw validation([{ field: 'body.targets', message: '没有符合条件的下发对象 / no target orgs match' }]);
  return ids;
}

export function validateForm(form: FormField[]): void {
  const problems: { field: string; message: string }[] = [];
  const keys = new Set<string>();
  form.forEach((f, i) => {
    if (keys.has(f.key)) problems.push({ field: `body.form.${i}.key`, message: '字段键重复 / duplicate key' });
    keys.add(f.key);
    if (f.type === 'choice' && !f.options?.length) problems.push({ field: `body.form.${i}.options`, message: '选择题须有选项 / a choice needs options' });
    if (f.figureKey !== undefined && !hasFigure(f.figureKey)) problems.push({ field: `body.form.${i}.figureKey`, message: '未知的数据项 / unknown figure' });
    if (f.figureKey !== undefined && f.type !== 'number')
      problems.push({ field: `body.form.${i}.figureKey`, message: '只有数字字段可绑定数据项 / only number fields bind figures' });
  });
  if (problems.length) throw validation(problems);
}

/** Creates a task and one assignment per target. Scope checks are the caller's. */
export async function createTask(
  app: AppContext,
  exec: Executor,
  body: z.infer<typeof CreateTaskBody>,
  by: By,
  extra: { recurringTemplateId?: number; periodKey?: string; isDemo?: boolean; createdAt?: string } = {},
): Promise<{ task: TaskRow; targetIds: number[] }> {
  validateForm(body.form);
  const targetIds = await resolveTargets(exec, body.issuingOrgId, body.targets);
  const now = extra.createdAt ?? iso(app.clock.now());
  const periodStart = body.periodStart ?? `${body.deadline.slice(0, 4)}-01-01`;
  const periodEnd = body.periodEnd ?? body.deadline;
  if (periodStart > periodEnd) throw validation([{ field: 'body.periodEnd', message: '统计区间结束早于开始 / period ends before it starts' }]);
  const task = await exec
    .insertInto('tasks')
    .values({
      title: body.title,
      requirements_html: sanitizeHtml(body.requirementsHtml),
      issuing_org_id: body.issuingOrgId,
      deadline: body.deadline,
      form_json: JSON.stringify(body.form),
      evidence_required: body.evidenceRequired ? 1 : 0,
      attachments_json: JSON.stringify(body.attachments),
      targets_json: JSON.stringify(body.targets),
      period_start: periodStart,
      period_end: periodEnd,
      recurring_template_id: extra.recurringTemplateId ?? null,
      period_key: extra.periodKey ?? null,
      status: 'open',
      is_demo: extra.isDemo ? 1 : 0,
      created_by: by.userId,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  for (let i = 0; i < targetIds.length; i += 250) {
    await exec
      .insertInto('assignments')
      .values(
        targetIds.slice(i, i + 250).map((orgId) => ({
          task_id: task.id,
          org_id: orgId,
          status: 'not_started',
          answers_json: '{}',
          evidence_json: '[]',
          is_demo: extra.isDemo ? 1 : 0,
          created_at: now,
          updated_at: now,
          version: 1,
        })),
      )
      .execute();
  }
  if (!extra.isDemo) {
    const today = chinaDate(app.clock.now());
    for (const orgId of targetIds) {
      const users = await orgRecipients(exec, orgId, today);
      await notifyUsers(app, exec, users, {
        kind: 'task.assigned',
        title: `新任务：${task.title}`,
        body: `请于 ${task.deadline} 前完成并反馈。`,
        link: `/tasks/assignments?taskId=${task.id}`,
      });
    }
  }
  // Every target now has one more task due in the deadline's year (the on-time share's denominator).
  await recordChanged(app, exec, { source: 'tasks_on_time', orgIds: targetIds, date: task.deadline });
  return { task, targetIds };
}

/** Counts by status (and overdue) per task, over the assignments the filter lets through. */
export async function taskCounts(exec: Executor, taskIds: number[], today: string, orgFilter: Set<number> | null) {
  const out = new Map<number, { total: number; notStarted: number; submitted: number; returned: number; accepted: number; overdue: number }>();
  for (const id of taskIds) out.set(id, { total: 0, notStarted: 0, submitted: 0, returned: 0, accepted: 0, overdue: 0 });
  if (taskIds.length === 0) return out;
  const rows = await exec
    .selectFrom('assignments as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .select(['a.task_id', 'a.org_id', 'a.status', 't.deadline'])
    .where('a.task_id', 'in', taskIds)
    .execute();
  for (const r of rows) {
    if (orgFilter && !orgFilter.has(r.org_id)) continue;
    const c = out.get(r.task_id);
    if (!c) continue;
    c.total++;
    if (r.status === 'not_started') c.notStarted++;
    else if (r.status === 'submitted') c.submitted++;
    else if (r.status === 'returned') c.returned++;
    else if (r.status === 'accepted') c.accepted++;
    if (today > r.deadline && (r.status === 'not_started' || r.status === 'returned')) c.overdue++;
  }
  return out;
}

/**
 * A task the actor may see: issued by an org in reach, or with an assignment in reach. Returns the
 * set of assignment orgs the actor may see (null = all, as the issuer's side).
 */
export async function loadTaskFor(
  exec: Executor,
  actor: Actor,
  id: number,
  ability: Ability = 'task.read',
): Promise<{ task: TaskRow; orgFilter: Set<number> | null }> {
  const task = await exec.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!task) throw new AppError('not_found');
  const scope = scopeOf(actor, ability);
  if ((await orgIdsInScope(exec, scope, [task.issuing_org_id])).has(task.issuing_org_id)) return { task, orgFilter: null };
  const orgs = (await exec.selectFrom('assignments').select('org_id').where('task_id', '=', id).execute()).map((r) => r.org_id);
  const visible = await orgIdsInScope(exec, scope, orgs);
  if (visible.size === 0) throw new AppError('not_found');
  return { task, orgFilter: visible };
}

export async function loadAssignment(exec: Executor, id: number): Promise<{ a: AssignmentRow; task: TaskRow }> {
  const a = await exec.selectFrom('assignments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!a) throw new AppError('not_found');
  const task = await exec.selectFrom('tasks').selectAll().where('id', '=', a.task_id).executeTakeFirstOrThrow();
  return { a, task };
}

/** Readable by the target org's side or the issuer's side; 404 outside both. */
export async function loadAssignmentFor(exec: Executor, actor: Actor, id: number): Promise<{ a: AssignmentRow; task: TaskRow }> {
  const { a, task } = await loadAssignment(exec, id);
  const reach = await orgIdsInScope(exec, scopeOf(actor, 'task.read'), [a.org_id, task.issuing_org_id]);
  if (!reach.has(a.org_id) && !reach.has(task.issuing_org_id)) throw new AppError('not_found');
  return { a, task };
}

export function parseForm(task: TaskRow): FormField[] {
  return JSON.parse(task.form_json) as FormField[];
}

/** Bound figures for an assignment's org over its task's period. */
export async function prefillFor(exec: Executor, task: TaskRow, orgId: number): Promise<Record<string, number | null>> {
  const out: Record<string, number | null> = {};
  for (const f of parseForm(task)) {
    if (f.figureKey) out[f.key] = await computeFigure(exec, f.figureKey, orgId, { start: task.period_start, end: task.period_end });
  }
  return out;
}

async function history(exec: Executor, a: AssignmentRow, action: string, from: string | null, to: string, by: By, at: string, note: string | null = null) {
  await exec
    .insertInto('assignment_history')
    .values({ assignment_id: a.id, at, action, from_status: from, to_status: to, by_user_id: by.userId, by_name: by.name, note })
    .execute();
}

function applyOrThrow(from: AssignmentStatus, event: AssignmentEvent): AssignmentStatus {
  const r = transition(from, event, { canSubmit: true, canReview: true });
  if (!r.ok) {
    if (r.reason === 'reason_required') throw validation([{ field: 'body.reason', message: '请填写退回原因 / a reason is required' }]);
    throw new AppError('conflict', { status: from, event: event.type, message: `当前状态不允许此操作 / not allowed in state ${from}` });
  }
  return r.next;
}

function checkAnswers(
  form: FormField[],
  answers: Record<string, string | number | null>,
  evidence: string[],
  evidenceRequired: boolean,
): Record<string, string | number | null> {
  const problems: { field: string; message: string }[] = [];
  const clean: Record<string, string | number | null> = {};
  const known = new Set(form.map((f) => f.key));
  for (const k of Object.keys(answers)) if (!known.has(k)) problems.push({ field: `body.answers.${k}`, message: '未知字段 / unknown field' });
  for (const f of form) {
    const v = answers[f.key];
    const empty = v === undefined || v === null || v === '';
    if (empty) {
      if (f.required) problems.push({ field: `body.answers.${f.key}`, message: `${f.label}为必填项 / required` });
      clean[f.key] = null;
      continue;
    }
    if (f.type === 'number') {
      const n = typeof v === 'number' ? v : Number(String(v).trim());
      if (!Number.isFinite(n)) problems.push({ field: `body.answers.${f.key}`, message: '须为数字 / must be a number' });
      else clean[f.key] = n;
    } else if (f.type === 'date') {
      if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v))
        problems.push({ field: `body.answers.${f.key}`, message: '日期格式须为 YYYY-MM-DD / date as YYYY-MM-DD' });
      else clean[f.key] = v;
    } else if (f.type === 'choice') {
      if (!f.options?.includes(String(v))) problems.push({ field: `body.answers.${f.key}`, message: '不在可选项中 / not one of the options' });
      else clean[f.key] = String(v);
    } else clean[f.key] = String(v);
  }
  const hasFile = form.some((f) => f.type === 'file' && clean[f.key]);
  if (evidenceRequired && evidence.length === 0 && !hasFile) problems.push({ field: 'body.evidence', message: '此任务须上传佐证材料 / evidence is required' });
  if (problems.length) throw validation(problems);
  return clean;
}

/** assertCan on a record the actor can already see: outside reach answers 403, not 404. */
async function assertCanVisible(exec: Executor, actor: Actor, ability: Ability, orgId: number) {
  try {
    await assertCan(exec, actor, ability, orgId);
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') throw new AppError('forbidden', { ability });
    throw err;
  }
}

function checkVersion(a: AssignmentRow, version: number) {
  if (a.version !== version) throw new AppError('conflict', { version: a.version });
}

export async function submitAssignment(
  app: AppContext,
  exec: Executor,
  actor: Actor,
  id: number,
  body: { version: number; answers: Record<string, string | number | null>; evidence: string[] },
) {
  const { a, task } = await loadAssignmentFor(exec, actor, id);
  await assertCanVisible(exec, actor, 'task.submit', a.org_id);
  checkVersion(a, body.version);
  const next = applyOrThrow(a.status as AssignmentStatus, { type: 'submit' });
  const answers = checkAnswers(parseForm(task), body.answers, body.evidence, task.evidence_required === 1);
  const figures = await prefillFor(exec, task, a.org_id);
  const now = iso(app.clock.now());
  const after = await exec
    .updateTable('assignments')
    .set({
      status: next,
      submitted_at: now,
      first_submitted_at: a.first_submitted_at ?? now,
      submitted_by: actor.userId,
      answers_json: JSON.stringify(answers),
      evidence_json: JSON.stringify(body.evidence),
      figures_json: JSON.stringify(figures),
      return_reason: null,
      updated_at: now,
      version: a.version + 1,
    })
    .where('id', '=', a.id)
    .where('version', '=', a.version)
    .returningAll()
    .executeTakeFirst();
  if (!after) throw new AppError('conflict');
  await history(exec, a, a.status === 'returned' ? 'resubmit' : 'submit', a.status, next, byActor(actor), now);
  if (a.first_submitted_at === null) await recordChanged(app, exec, { source: 'tasks_on_time', orgIds: [a.org_id], date: task.deadline });
  const reviewers = await exec
    .selectFrom('grants')
    .select('user_id')
    .where('role', 'in', ['committee_admin', 'org_admin'])
    .where((eb) => eb.or([eb('org_id', '=', task.issuing_org_id), eb('user_id', '=', task.created_by ?? -1)]))
    .execute();
  const orgName = await orgNameOf(exec, a.org_id);
  await notifyUsers(app, exec, [...new Set([...reviewers.map((r) => r.user_id), ...(task.created_by ? [task.created_by] : [])])], {
    kind: 'task.submitted',
    title: `${orgName}已提交：${task.title}`,
    body: '请审核。',
    link: `/tasks/assignments/${a.id}`,
  });
  return { before: a, after };
}

export async function reviewAssignment(
  app: AppContext,
  exec: Executor,
  actor: Actor,
  id: number,
  body: { version: number; reason?: string; comment?: string },
  decision: 'accept' | 'return',
) {
  const { a, task } = await loadAssignmentFor(exec, actor, id);
  await assertCanVisible(exec, actor, 'task.review', task.issuing_org_id);
  checkVersion(a, body.version);
  const event: AssignmentEvent = decision === 'accept' ? { type: 'accept' } : { type: 'return', reason: body.reason ?? '' };
  const next = applyOrThrow(a.status as AssignmentStatus, event);
  const now = iso(app.clock.now());
  const after = await exec
    .updateTable('assignments')
    .set({
      status: next,
      reviewed_by: actor.userId,
      reviewed_at: now,
      return_reason: decision === 'return' ? (body.reason ?? null) : null,
      accepted_at: decision === 'accept' ? now : null,
      updated_at: now,
      version: a.version + 1,
    })
    .where('id', '=', a.id)
    .where('version', '=', a.version)
    .returningAll()
    .executeTakeFirst();
  if (!after) throw new AppError('conflict');
  await history(exec, a, decision, a.status, next, byActor(actor), now, decision === 'return' ? (body.reason ?? null) : (body.comment ?? null));
  if (decision === 'accept') {
    await exec
      .updateTable('supervision_notices')
      .set({ status: 'closed', closed_at: now, note: '任务已通过，自动关闭 / closed on acceptance' })
      .where('assignment_id', '=', a.id)
      .where('status', '=', 'open')
      .execute();
  }
  const users = await orgRecipients(exec, a.org_id, chinaDate(app.clock.now()));
  if (after.submitted_by) users.push(after.submitted_by);
  await notifyUsers(app, exec, users, {
    kind: decision === 'accept' ? 'task.accepted' : 'task.returned',
    title: decision === 'accept' ? `已通过：${task.title}` : `已退回：${task.title}`,
    body: decision === 'accept' ? (body.comment ?? '') : `退回原因：${body.reason ?? ''}，请修改后重新提交。`,
    link: `/tasks/assignments/${a.id}`,
  });
  return { before: a, after };
}

export async function orgNameOf(exec: Executor, orgId: number): Promise<string> {
  return (await exec.selectFrom('org_units').select('name').where('id', '=', orgId).executeTakeFirst())?.name ?? String(orgId);
}

/** Urges every target not yet submitted, skipping those urged in the last 24 hours. */
export async function urgeTask(app: AppContext, exec: Executor, actor: Actor, taskId: number) {
  const task = await exec.selectFrom('tasks').selectAll().where('id', '=', taskId).executeTakeFirst();
  if (!task) throw new AppError('not_found');
  await assertCan(exec, actor, 'task.issue', task.issuing_org_id);
  const nowDate = app.clock.now();
  const now = iso(nowDate);
  const since = iso(new Date(nowDate.getTime() - URGE_INTERVAL_HOURS * 3600_000));
  const open = await exec
    .selectFrom('assignments')
    .select(['id', 'org_id'])
    .where('task_id', '=', taskId)
    .where('status', 'in', ['not_started', 'returned'])
    .orderBy('id')
    .execute();
  const recent = open.length
    ? await exec
        .selectFrom('urges')
        .select(['assignment_id', (eb) => eb.fn.max('at').as('last')])
        .where(
          'assignment_id',
          'in',
          open.map((o) => o.id),
        )
        .where('at', '>', since)
        .groupBy('assignment_id')
        .execute()
    : [];
  const lastBy = new Map(recent.map((r) => [r.assignment_id, String(r.last)]));
  const urged: { assignmentId: number; orgId: number; notified: number }[] = [];
  const skipped: { assignmentId: number; orgId: number; lastUrgedAt: string }[] = [];
  const today = chinaDate(nowDate);
  for (const o of open) {
    const last = lastBy.get(o.id);
    if (last) {
      skipped.push({ assignmentId: o.id, orgId: o.org_id, lastUrgedAt: last });
      continue;
    }
    await exec.insertInto('urges').values({ assignment_id: o.id, at: now, by_user_id: actor.userId, by_name: actor.displayName }).execute();
    const users = await orgRecipients(exec, o.org_id, today);
    const notified = await notifyUsers(app, exec, users, {
      kind: 'task.urged',
      title: `催办：${task.title}`,
      body: `截止日期 ${task.deadline}，请尽快完成并反馈。`,
      link: `/tasks/assignments/${o.id}`,
    });
    urged.push({ assignmentId: o.id, orgId: o.org_id, notified });
  }
  return { task, urged, skipped };
}

/** Opens a supervision notice (督办单) on an assignment, addressed to the school's first responsible person. */
export async function openSupervision(app: AppContext, exec: Executor, assignmentId: number, note: string | null, isDemo = false) {
  const { a, task } = await loadAssignment(exec, assignmentId);
  const open = await exec.selectFrom('supervision_notices').select('id').where('assignment_id', '=', a.id).where('status', '=', 'open').executeTakeFirst();
  if (open) throw new AppError('conflict', { message: '已有未关闭的督办单 / an open supervision notice exists', id: open.id });
  const today = chinaDate(app.clock.now());
  const first = await firstResponsibleOf(exec, a.org_id, today);
  const row = await exec
    .insertInto('supervision_notices')
    .values({
      assignment_id: a.id,
      escalated_to_person_id: first[0]?.personId ?? null,
      opened_at: iso(app.clock.now()),
      closed_at: null,
      status: 'open',
      note,
      is_demo: isDemo ? 1 : 0,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (!isDemo) {
    const users = first.length
      ? (
          await exec
            .selectFrom('users')
            .select('id')
            .where(
              'person_id',
              'in',
              first.map((f) => f.personId),
            )
            .execute()
        ).map((u) => u.id)
      : [];
    await notifyUsers(app, exec, users.length ? users : await orgRecipients(exec, a.org_id, today), {
      kind: 'task.supervision',
      title: `督办单：${task.title}`,
      body: `任务已逾期（截止 ${task.deadline}），请第一责任人督促完成。`,
      link: `/tasks/assignments/${a.id}`,
    });
  }
  return row;
}

/** Job: a supervision notice for every overdue assignment that has none yet. Idempotent. */
export async function escalateOverdue(app: AppContext): Promise<number> {
  const today = chinaDate(app.clock.now());
  const rows = await app.db
    .selectFrom('assignments as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .select('a.id')
    .where('t.status', '=', 'open')
    .where('t.deadline', '<', today)
    .where('a.status', 'in', ['not_started', 'returned'])
    .where('a.is_demo', '=', 0)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('supervision_notices as s').select('s.id').whereRef('s.assignment_id', '=', 'a.id'))))
    .execute();
  let n = 0;
  for (const r of rows) {
    await app.db.transaction().execute(async (trx) => {
      const again = await trx.selectFrom('supervision_notices').select('id').where('assignment_id', '=', r.id).executeTakeFirst();
      if (again) return;
      await openSupervision(app, trx, r.id, '逾期未反馈，系统自动督办 / overdue: escalated automatically');
      n++;
    });
  }
  return n;
}

/** Job: remind targets two days before the deadline, and readers a day before a document is due. Idempotent. */
export async function sendReminders(app: AppContext): Promise<{ assignments: number; receipts: number }> {
  const nowDate = app.clock.now();
  const today = chinaDate(nowDate);
  const soon = chinaDate(new Date(nowDate.getTime() + 2 * 86400_000));
  const tomorrow = chinaDate(new Date(nowDate.getTime() + 86400_000));
  const due = await app.db
    .selectFrom('assignments as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .select(['a.id', 'a.org_id', 't.title', 't.deadline'])
    .where('t.status', '=', 'open')
    .where('t.deadline', '>=', today)
    .where('t.deadline', '<=', soon)
    .where('a.status', 'in', ['not_started', 'returned'])
    .where('a.reminded_at', 'is', null)
    .execute();
  for (const r of due) {
    await app.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('assignments')
        .set({ reminded_at: iso(nowDate) })
        .where('id', '=', r.id)
        .where('reminded_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return;
      await notifyUsers(app, trx, await orgRecipients(trx, r.org_id, today), {
        kind: 'task.reminder',
        title: `即将到期：${r.title}`,
        body: `截止日期 ${r.deadline}。`,
        link: `/tasks/assignments/${r.id}`,
      });
    });
  }
  const receipts = await app.db
    .selectFrom('document_receipts as r')
    .innerJoin('documents as d', 'd.id', 'r.document_id')
    .innerJoin('users as u', 'u.person_id', 'r.person_id')
    .select(['r.id', 'u.id as user_id', 'd.id as document_id', 'd.title', 'd.due_date'])
    .where('r.read_at', 'is', null)
    .where('r.reminded_at', 'is', null)
    .where('d.due_date', '>=', today)
    .where('d.due_date', '<=', tomorrow)
    .execute();
  for (const r of receipts) {
    await app.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('document_receipts')
        .set({ reminded_at: iso(nowDate) })
        .where('id', '=', r.id)
        .where('reminded_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return;
      await notifyUsers(app, trx, [r.user_id], {
        kind: 'document.reminder',
        title: `请阅读：${r.title}`,
        body: `请于 ${r.due_date} 前阅读。`,
        link: `/documents/${r.document_id}`,
      });
    });
  }
  return { assignments: due.length, receipts: receipts.length };
}
