import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import { loadDemo } from '../demo/service.ts';
import { tasksDemo } from './demo.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await loadDemo(t.ctx);
}, 240_000);
afterAll(async () => {
  await t.close();
});

describe('tasks demo (2022)', () => {
  it('hands the 2022 campaigns to the schools with on-time, late, returned and missing submissions', async () => {
    const db = t.ctx.db;
    const committee = await db.selectFrom('org_units').select('id').where('kind', '=', 'committee').where('is_demo', '=', 1).executeTakeFirstOrThrow();
    const schools = await db.selectFrom('org_units').select('id').where('kind', 'in', ['school', 'kindergarten']).where('is_demo', '=', 1).execute();
    const tasks = await db.selectFrom('tasks').selectAll().where('is_demo', '=', 1).orderBy('deadline').execute();
    expect(tasks.map((x) => x.title)).toEqual([
      '2022年全区中小学校防沉迷工作全面排查',
      '师德师风主题演讲比赛',
      '“六一”国际儿童节主题教育活动',
      '2022年第二季度“三会一课”开展情况报送',
    ]);
    const screening = await db.selectFrom('assignments').selectAll().where('task_id', '=', tasks[0].id).execute();
    expect(screening).toHaveLength(schools.length);

    const c = await t.as('committee_admin', committee.id);
    const stats = (await c.get(`/api/v1/tasks/stats?orgId=${committee.id}&year=2022`)).json();
    expect(stats.overall.total).toBeGreaterThan(80);
    expect(stats.overall.late).toBeGreaterThan(5);
    expect(stats.overall.onTimeRate).toBeGreaterThan(0.6);
    expect(stats.overall.onTimeRate).toBeLessThan(0.97);
    expect(stats.overdueNow).toHaveLength(2);
    const states = await db.selectFrom('assignments').select('status').where('is_demo', '=', 1).execute();
    const by = (s: string) => states.filter((x) => x.status === s).length;
    expect(by('not_started')).toBe(1);
    expect(by('returned')).toBe(1);
    expect(by('accepted')).toBe(states.length - 2);
    const returns = await db.selectFrom('assignment_history').select('id').where('action', '=', 'return').execute();
    expect(returns.length).toBeGreaterThan(3);
    const notices = (await c.get('/api/v1/supervision-notices?status=open')).json().items;
    expect(notices).toHaveLength(2);
    expect(notices.every((n: { escalatedToName: string | null }) => n.escalatedToName)).toBe(true);

    // The bound figures were confirmed, not retyped: answers equal the figures at submission.
    const quarterly = await db.selectFrom('assignments').selectAll().where('task_id', '=', tasks[3].id).execute();
    for (const a of quarterly) {
      const answers = JSON.parse(a.answers_json);
      const figures = JSON.parse(a.figures_json ?? '{}');
      expect(answers.members).toBe(figures.members);
      expect(answers.meetings_held).toBe(figures.meetings_held ?? 0);
    }
    expect(quarterly.reduce((s, a) => s + JSON.parse(a.answers_json).members, 0)).toBeGreaterThan(300);

    // Documents with read receipts: most read on time, some late, a few not at all.
    const docs = (await c.get('/api/v1/documents')).json();
    expect(docs.items).toHaveLength(3);
    for (const d of docs.items) {
      expect(d.receipts.total).toBeGreaterThan(400);
      expect(d.receipts.read / d.receipts.total).toBeGreaterThan(0.85);
      expect(d.receipts.overdue).toBeGreaterThan(0);
    }
  });

  it('removes its demo rows', async () => {
    await t.ctx.db.transaction().execute((trx) => tasksDemo.remove(trx));
    expect(await t.ctx.db.selectFrom('tasks').select('id').where('is_demo', '=', 1).execute()).toEqual([]);
    expect(await t.ctx.db.selectFrom('document_receipts').select('id').execute()).toEqual([]);
    expect(await t.ctx.db.selectFrom('supervision_notices').select('id').execute()).toEqual([]);
  });
});
