import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client, TestApp } from '../../test/harness.ts';
import { createTestApp } from '../../test/harness.ts';
import { runDueJobs } from './scheduler.ts';

let t: TestApp;
beforeEach(async () => {
  // The clock moves by days here: keep sessions alive across it.
  t = await createTestApp({ config: { SESSION_IDLE_MINUTES: '1000000', SESSION_ABSOLUTE_HOURS: '100000' } });
});
afterEach(async () => {
  await t.close();
});

type District = Awaited<ReturnType<TestApp['f']['district']>>;

async function person(c: Client, d: District, code: string, name: string, joinDate = '2010-06-01') {
  const res = await c.post('/api/v1/people', {
    code,
    name,
    unitId: d.schoolA.id,
    partyOrgId: d.branchA.id,
    politicalStatus: '中共党员',
    joinDate,
    conversionDate: joinDate.replace(/^(\d{4})/, (y) => String(Number(y) + 1)),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

/** A district with the school A secretary (first responsible, with an account) and a recorder. */
async function world() {
  const d = await t.f.district();
  const committee = await t.as('committee_admin', d.committee.id);
  const adminA = await t.as('org_admin', d.schoolA.id);
  const adminB = await t.as('org_admin', d.schoolB.id);
  const secretaryId = await person(committee, d, 'P001', '张书记', '2005-07-01');
  expect((await committee.post(`/api/v1/people/${secretaryId}/posts`, { orgId: d.branchA.id, post: '党支部书记', startDate: '2020-01-01' })).statusCode).toBe(
    200,
  );
  const secUser = await t.f.user({ role: 'member', orgId: d.branchA.id });
  await t.ctx.db.updateTable('users').set({ person_id: secretaryId }).where('id', '=', secUser.id).execute();
  const recUser = await t.f.user({ role: 'recorder', orgId: d.schoolA.id });
  return { d, committee, adminA, adminB, secretaryId, secUser, recUser };
}

async function issue(c: Client, d: District, extra: Record<string, unknown> = {}) {
  const res = await c.post('/api/v1/tasks', {
    title: '防沉迷全面排查',
    requirementsHtml: '<p>按要求排查<script>alert(1)</script></p>',
    issuingOrgId: d.committee.id,
    deadline: '2026-03-10',
    targets: { underOrgId: d.committee.id },
    form: [
      { key: 'screened', label: '排查学生数', type: 'number', required: true },
      { key: 'members', label: '党员人数', type: 'number', figureKey: 'people.members' },
      { key: 'meetings', label: '组织生活次数', type: 'number', figureKey: 'ledger.meetings_held' },
    ],
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; requirementsHtml: string; assignments: { id: number; orgId: number; version: number; status: string }[] };
}

const forOrg = (task: Awaited<ReturnType<typeof issue>>, orgId: number) => {
  const a = task.assignments.find((x) => x.orgId === orgId);
  if (!a) throw new Error('no assignment');
  return a;
};

describe('tasks and assignments', () => {
  it('issues to every school, prefills bound figures, and runs submit → return → resubmit → accept with history', async () => {
    const { d, committee, adminA } = await world();
    await person(committee, d, 'P002', '李党员');
    const task = await issue(committee, d, { periodStart: '2026-01-01', periodEnd: '2026-03-31' });
    expect(task.requirementsHtml).toBe('<p>按要求排查</p>');
    expect(task.assignments.map((a) => a.orgId).sort()).toEqual([d.schoolA.id, d.schoolB.id].sort());
    const a = forOrg(task, d.schoolA.id);

    // A meeting recorded in the ledger under branch A in the period counts; a draft does not.
    const type = (await sql<{ id: number }>`select id from activity_types order by id limit 1`.execute(t.ctx.db)).rows[0];
    for (const [code, status] of [
      ['M1', 'submitted'],
      ['M2', 'approved'],
      ['M3', 'draft'],
    ])
      await sql`insert into activities (code, org_id, type_id, date, topic, status, backfill, imported, is_demo, created_at, updated_at, version)
        values (${code}, ${d.branchA.id}, ${type.id}, '2026-02-01', '会议', ${status}, 0, 0, 0, '2026-02-01T00:00:00Z', '2026-02-01T00:00:00Z', 1)`.execute(
        t.ctx.db,
      );

    const view = (await adminA.get(`/api/v1/assignments/${a.id}`)).json();
    const field = (k: string) => view.fields.find((f: { key: string }) => f.key === k);
    expect(field('members')).toMatchObject({ prefill: 2, value: 2 });
    expect(field('meetings')).toMatchObject({ prefill: 2, value: 2 });
    expect(field('screened')).toMatchObject({ prefill: null, value: null });

    // Missing required answer → field reason.
    const bad = await adminA.post(`/api/v1/assignments/${a.id}/submit`, { version: 1, answers: {} });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('body.answers.screened');

    let res = await adminA.post(`/api/v1/assignments/${a.id}/submit`, { version: 1, answers: { screened: 800, members: 2, meetings: 2 } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('submitted');
    // The school cannot review a committee task; the committee cannot submit twice.
    expect((await adminA.post(`/api/v1/assignments/${a.id}/accept`, { version: 2 })).statusCode).toBe(403);
    expect((await committee.post(`/api/v1/assignments/${a.id}/submit`, { version: 2, answers: { screened: 1 } })).statusCode).toBe(409);
    // Stale version → conflict.
    expect((await committee.post(`/api/v1/assignments/${a.id}/return`, { version: 1, reason: '材料不全' })).statusCode).toBe(409);
    res = await committee.post(`/api/v1/assignments/${a.id}/return`, { version: 2, reason: '请补充排查报告' });
    expect(res.json()).toMatchObject({ status: 'returned', returnReason: '请补充排查报告' });
    expect((await committee.post(`/api/v1/assignments/${a.id}/accept`, { version: 3 })).statusCode).toBe(409);
    res = await adminA.post(`/api/v1/assignments/${a.id}/submit`, { version: 3, answers: { screened: 812, members: 2, meetings: 2 } });
    expect(res.json().status).toBe('submitted');
    res = await committee.post(`/api/v1/assignments/${a.id}/accept`, { version: 4 });
    expect(res.json()).toMatchObject({ status: 'accepted', overdue: false });

    // A new member after submission: the prefill moves, the submitted answer keeps its value.
    await person(committee, d, 'P003', '王新党员');
    const after = (await adminA.get(`/api/v1/assignments/${a.id}`)).json();
    expect(after.fields.find((f: { key: string }) => f.key === 'members')).toMatchObject({ prefill: 3, value: 2 });
    expect(after.history.map((h: { action: string }) => h.action)).toEqual(['submit', 'return', 'resubmit', 'accept']);
    const stored = await t.ctx.db.selectFrom('assignments').select('figures_json').where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.figures_json ?? '{}')).toEqual({ members: 2, meetings: 2 });
  });

  it('scope: a school sees only its own assignments; another school’s assignment answers 404', async () => {
    const { d, committee, adminA, adminB } = await world();
    const task = await issue(committee, d);
    const a = forOrg(task, d.schoolA.id);
    const b = forOrg(task, d.schoolB.id);
    const listB = (await adminB.get('/api/v1/assignments')).json();
    expect(listB.items.map((x: { id: number }) => x.id)).toEqual([b.id]);
    expect((await adminB.get(`/api/v1/assignments/${a.id}`)).statusCode).toBe(404);
    expect((await adminB.post(`/api/v1/assignments/${a.id}/submit`, { version: 1, answers: { screened: 1 } })).statusCode).toBe(404);
    const taskForB = (await adminB.get(`/api/v1/tasks/${task.id}`)).json();
    expect(taskForB.assignments.map((x: { id: number }) => x.id)).toEqual([b.id]);
    expect(taskForB.counts.total).toBe(1);
    expect((await adminA.get('/api/v1/tasks')).json().items[0].counts.total).toBe(1);
    expect((await committee.get('/api/v1/tasks')).json().items[0].counts.total).toBe(2);
    // A task issued by school A to its own branch is invisible to school B.
    const own = await adminA.post('/api/v1/tasks', {
      title: '支部自查',
      issuingOrgId: d.schoolA.id,
      deadline: '2026-04-01',
      targets: { orgIds: [d.branchA.id] },
    });
    expect(own.statusCode, own.body).toBe(201);
    expect((await adminB.get(`/api/v1/tasks/${own.json().id}`)).statusCode).toBe(404);
    expect((await adminB.get('/api/v1/tasks')).json().items.map((x: { id: number }) => x.id)).toEqual([task.id]);
    // Targets must be under the issuer.
    const outside = await adminA.post('/api/v1/tasks', {
      title: '越权',
      issuingOrgId: d.schoolA.id,
      deadline: '2026-04-01',
      targets: { orgIds: [d.branchB.id] },
    });
    expect(outside.statusCode).toBe(400);
    // School B may not issue in the committee's name.
    expect(
      (await adminB.post('/api/v1/tasks', { title: '越权', issuingOrgId: d.committee.id, deadline: '2026-04-01', targets: { orgIds: [d.schoolA.id] } }))
        .statusCode,
    ).toBe(404);
  });

  it('lists tasks sorted by deadline or creation, and filtered by status', async () => {
    const { d, committee } = await world();
    const early = await issue(committee, d, { title: '较早截止的任务', deadline: '2026-02-01' });
    t.clock.advance(60_000);
    const late = await issue(committee, d, { title: '较晚截止的任务', deadline: '2026-05-01' });
    const ids = async (qs: string) => ((await committee.get(`/api/v1/tasks${qs}`)).json().items as { id: number }[]).map((x) => x.id);
    expect(await ids('')).toEqual([late.id, early.id]);
    expect(await ids('?sort=deadline')).toEqual([early.id, late.id]);
    expect(await ids('?sort=-createdAt')).toEqual([late.id, early.id]);
    expect(await ids('?sort=createdAt')).toEqual([early.id, late.id]);
    expect((await committee.get('/api/v1/tasks?sort=title')).statusCode).toBe(400);
    const detail = (await committee.get(`/api/v1/tasks/${early.id}`)).json();
    expect((await committee.post(`/api/v1/tasks/${early.id}/close`, { version: detail.version })).statusCode).toBe(200);
    expect(await ids('?status=closed')).toEqual([early.id]);
    expect(await ids('?status=open')).toEqual([late.id]);
  });

  it('urging notifies the first responsible person and recorders, at most once per target per 24 hours', async () => {
    const { d, committee, adminA, secUser, recUser } = await world();
    const task = await issue(committee, d);
    const a = forOrg(task, d.schoolA.id);
    const b = forOrg(task, d.schoolB.id);
    let res = await committee.post(`/api/v1/tasks/${task.id}/urge`);
    expect(res.statusCode, res.body).toBe(200);
    expect(
      res
        .json()
        .urged.map((u: { assignmentId: number }) => u.assignmentId)
        .sort(),
    ).toEqual([a.id, b.id].sort());
    expect(res.json().urged.find((u: { assignmentId: number }) => u.assignmentId === a.id).notified).toBe(2);
    res = await committee.post(`/api/v1/tasks/${task.id}/urge`);
    expect(res.json().urged).toEqual([]);
    expect(res.json().skipped).toHaveLength(2);
    t.clock.advanceMinutes(23 * 60);
    expect((await committee.post(`/api/v1/tasks/${task.id}/urge`)).json().urged).toEqual([]);
    // School A submits; a day later only school B is urged.
    await adminA.post(`/api/v1/assignments/${a.id}/submit`, { version: 1, answers: { screened: 5 } });
    t.clock.advanceMinutes(61);
    res = await committee.post(`/api/v1/tasks/${task.id}/urge`);
    expect(res.json().urged.map((u: { assignmentId: number }) => u.assignmentId)).toEqual([b.id]);
    expect((await adminA.post(`/api/v1/tasks/${task.id}/urge`)).statusCode).toBe(404);

    // The notification centre: the secretary has the new-task notice and one urge (school A was urged once).
    const sec = await t.login(secUser.username, secUser.password);
    const list = (await sec.get('/api/v1/notifications')).json();
    expect(list.items.map((n: { kind: string }) => n.kind)).toEqual(['task.urged', 'task.assigned']);
    expect(list.unread).toBe(2);
    expect((await sec.post(`/api/v1/notifications/${list.items[0].id}/read`)).statusCode).toBe(200);
    expect((await sec.get('/api/v1/notifications')).json().unread).toBe(1);
    const rec = await t.login(recUser.username, recUser.password);
    // Someone else's notification is not found.
    expect((await rec.post(`/api/v1/notifications/${list.items[1].id}/read`)).statusCode).toBe(404);
    expect((await rec.post('/api/v1/notifications/read-all')).json().marked).toBe(2);
    expect((await rec.get('/api/v1/notifications')).json().unread).toBe(0);
  });

  it('overdue work is escalated to the first responsible person by the scheduler, and shows in the statistics', async () => {
    const { d, committee, adminA, adminB, secretaryId, secUser } = await world();
    const task = await issue(committee, d, { deadline: '2026-03-05' });
    const a = forOrg(task, d.schoolA.id);
    const b = forOrg(task, d.schoolB.id);
    await adminB.post(`/api/v1/assignments/${b.id}/submit`, { version: 1, answers: { screened: 5 } });
    t.clock.set('2026-03-08T02:00:00.000Z');
    expect((await committee.get(`/api/v1/assignments?overdue=1`)).json().items.map((x: { id: number }) => x.id)).toEqual([a.id]);
    await runDueJobs(t.ctx, 'test');
    const notices = (await committee.get('/api/v1/supervision-notices')).json().items;
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ assignmentId: a.id, escalatedToPersonId: secretaryId, escalatedToName: '张书记', status: 'open' });
    // Running again opens nothing new.
    t.clock.advanceMinutes(61);
    await runDueJobs(t.ctx, 'test');
    expect((await committee.get('/api/v1/supervision-notices')).json().items).toHaveLength(1);
    const sec = await t.login(secUser.username, secUser.password);
    expect((await sec.get('/api/v1/notifications')).json().items.map((n: { kind: string }) => n.kind)).toContain('task.supervision');
    expect((await adminB.get('/api/v1/supervision-notices')).json().items).toEqual([]);

    // Late submission, then acceptance closes the notice.
    await adminA.post(`/api/v1/assignments/${a.id}/submit`, { version: 1, answers: { screened: 9 } });
    await committee.post(`/api/v1/assignments/${a.id}/accept`, { version: 2 });
    expect((await committee.get('/api/v1/supervision-notices?status=open')).json().items).toEqual([]);

    const stats = (await committee.get(`/api/v1/tasks/stats?orgId=${d.committee.id}&year=2026`)).json();
    expect(stats.overall).toMatchObject({ total: 2, due: 2, onTime: 1, late: 1, overdue: 0, onTimeRate: 0.5 });
    expect(stats.bySchool.find((s: { orgId: number }) => s.orgId === d.schoolB.id)).toMatchObject({ onTime: 1, onTimeRate: 1 });
    expect(stats.byTask[0]).toMatchObject({ taskId: task.id, onTimeRate: 0.5 });
    expect((await adminB.get(`/api/v1/tasks/stats?orgId=${d.committee.id}&year=2026`)).statusCode).toBe(404);
    const statsB = (await adminB.get(`/api/v1/tasks/stats?orgId=${d.schoolB.id}&year=2026`)).json();
    expect(statsB.overall.total).toBe(1);
  });

  it('recurring templates generate one task per period, on schedule and after downtime', async () => {
    const { d, committee } = await world();
    const res = await committee.post('/api/v1/tasks/recurring', {
      period: 'quarterly',
      nextRunOn: '2026-03-02',
      definition: {
        title: '意识形态工作季度自查',
        issuingOrgId: d.committee.id,
        targets: { underOrgId: d.committee.id },
        deadlineDays: 10,
        form: [{ key: 'members', label: '党员人数', type: 'number', figureKey: 'people.members' }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    await runDueJobs(t.ctx, 'test');
    await runDueJobs(t.ctx, 'test');
    let tasks = await t.ctx.db.selectFrom('tasks').selectAll().orderBy('id').execute();
    expect(tasks.map((x) => [x.deadline, x.period_start, x.period_end])).toEqual([['2026-03-12', '2025-12-02', '2026-03-01']]);
    // Seven months later (the scheduler was down): the two missed quarters are generated once each.
    t.clock.set('2026-10-01T02:00:00.000Z');
    await runDueJobs(t.ctx, 'test');
    await runDueJobs(t.ctx, 'test');
    tasks = await t.ctx.db.selectFrom('tasks').selectAll().orderBy('id').execute();
    expect(tasks.map((x) => x.period_key)).toEqual(['2026-03-02', '2026-06-02', '2026-09-02']);
    expect((await committee.get('/api/v1/tasks/recurring')).json().items[0].nextRunOn).toBe('2026-12-02');
  });
});

describe('documents', () => {
  it('conveys a document to party members with per-person receipts; overdue readers are listed; scope holds', async () => {
    const { d, committee, adminB, secretaryId, secUser } = await world();
    const other = await person(committee, d, 'P010', '赵党员');
    const res = await committee.post('/api/v1/documents', {
      title: '关于加强意识形态工作的通知',
      body: '全文',
      issuingOrgId: d.committee.id,
      readWithinDays: 3,
      targets: { orgIds: [d.schoolA.id] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json();
    expect(doc.receipts).toEqual({ total: 2, read: 0, overdue: 0 });
    expect(doc.dueDate).toBe('2026-03-05');
    const sec = await t.login(secUser.username, secUser.password);
    expect((await sec.get('/api/v1/notifications')).json().items[0].kind).toBe('document.published');
    const mine = (await sec.get(`/api/v1/documents/${doc.id}`)).json();
    expect(mine.mine).toEqual({ readAt: null });
    expect((await sec.post(`/api/v1/documents/${doc.id}/read`)).json().mine.readAt).not.toBeNull();
    t.clock.set('2026-03-07T02:00:00.000Z');
    const detail = (await committee.get(`/api/v1/documents/${doc.id}`)).json();
    expect(detail.receipts).toEqual({ total: 2, read: 1, overdue: 1 });
    const overdue = detail.receiptList.filter((r: { overdue: boolean }) => r.overdue).map((r: { personId: number }) => r.personId);
    expect(overdue).toEqual([other]);
    expect(detail.receiptList.find((r: { personId: number }) => r.personId === secretaryId).overdue).toBe(false);
    expect((await adminB.get(`/api/v1/documents/${doc.id}`)).statusCode).toBe(404);
    expect((await adminB.get('/api/v1/documents')).json().items).toEqual([]);
    // Someone it was not conveyed to cannot "read" it.
    const adminA = await t.as('org_admin', d.schoolA.id);
    expect((await adminA.post(`/api/v1/documents/${doc.id}/read`)).statusCode).toBe(404);

    // A branch links the study session that studied it: those present count as read.
    const type = (await sql<{ id: number }>`select id from activity_types where is_study = 1 order by id limit 1`.execute(t.ctx.db)).rows[0];
    const act = (
      await sql<{
        id: number;
      }>`insert into activities (code, org_id, type_id, date, topic, status, backfill, imported, is_demo, created_at, updated_at, version)
        values ('S1', ${d.branchA.id}, ${type.id}, '2026-03-06', '学习通知', 'submitted', 0, 0, 0, '2026-03-06T00:00:00Z', '2026-03-06T00:00:00Z', 1) returning id`.execute(
        t.ctx.db,
      )
    ).rows[0];
    await sql`insert into activity_attendance (activity_id, person_id, status) values (${act.id}, ${other}, 'present')`.execute(t.ctx.db);
    const link = await adminA.post(`/api/v1/documents/${doc.id}/study`, { activityId: act.id });
    expect(link.statusCode, link.body).toBe(200);
    expect(link.json().linked).toBe(1);
    const again = (await committee.get(`/api/v1/documents/${doc.id}`)).json();
    expect(again.receiptList.find((r: { personId: number }) => r.personId === other)).toMatchObject({ linkedActivityId: act.id, overdue: true });
    expect(again.receipts.read).toBe(2);
    expect((await adminB.post(`/api/v1/documents/${doc.id}/study`, { activityId: act.id })).statusCode).toBe(404);
  });
});
