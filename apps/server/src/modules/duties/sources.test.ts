import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../../test/factories.ts';
import { type Client, type TestApp, createTestApp } from '../../test/harness.ts';
import '../scheduled.ts';
import { runDueJobs } from '../tasks/scheduler.ts';
import { addGrant, createUser } from '../users/service.ts';
import { type DutyItem as Duty, addPost, createMember, dutiesOf } from './test-helpers.ts';

// Duties follow every module that records what they measure, through the same API a school uses: an incident,
// an ethics-case decision, a signed risk-assessment meeting, a task answered (or left unanswered past its
// deadline, which the daily re-evaluation picks up). The year is the test clock's (2026).

let t: TestApp;
let d: Awaited<ReturnType<TestApp['f']['district']>>;
let committee: Client;
let secretary: { id: number; client: Client };

async function duty(orgId: number, text: string): Promise<Duty> {
  const found = (await dutiesOf(committee, d.committee.id, 2026)).items.find(
    (i) => i.orgId === orgId && i.role === 'first_responsible' && i.text.includes(text),
  );
  expect(found, text).toBeDefined();
  return found as Duty;
}

beforeAll(async () => {
  t = await createTestApp();
  d = await t.f.district();
  committee = await t.as('committee_admin', d.committee.id);
  const p = await createMember(committee, 'SRC-SEC', '源书记', d.schoolA.id, d.branchA.id);
  await addPost(committee, p.id, d.branchA.id, '党支部书记', '2020-01-01');
  const { user } = await createUser(t.ctx, t.ctx.db, { username: 'srcsec', displayName: '源书记', password: TEST_PASSWORD, personId: p.id });
  await addGrant(t.ctx, t.ctx.db, user.id, 'org_admin', d.schoolA.id);
  secretary = { id: p.id, client: await t.login('srcsec', TEST_PASSWORD) };
  const created = await committee.post('/api/v1/duty-lists', { year: 2026, orgId: d.committee.id, withDefaults: true });
  expect(created.statusCode, created.body).toBe(201);
  const pub = await committee.post(`/api/v1/duty-lists/${created.json().id}/publish`, { version: 1, date: '2026-01-01' });
  expect(pub.statusCode, pub.body).toBe(200);
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('duties follow the records of other modules', () => {
  it('a 重大 incident reported at the school turns its branch secretary’s negative item red; another level does not', async () => {
    expect(await duty(d.branchA.id, '负面舆情')).toMatchObject({ status: 'met', actualValue: 0 });
    const minor = await secretary.client.post('/api/v1/incidents', {
      orgId: d.schoolA.id,
      occurredAt: '2026-02-20T02:00:00.000Z',
      source: '家长群',
      summary: '一般舆情',
      level: '一般',
    });
    expect(minor.statusCode, minor.body).toBe(201);
    expect(await duty(d.branchA.id, '负面舆情')).toMatchObject({ status: 'met', actualValue: 0 });
    // Re-graded as 重大: the same incident now counts.
    const up = await secretary.client.patch(`/api/v1/incidents/${minor.json().id}`, { version: minor.json().version, level: '重大' });
    expect(up.statusCode, up.body).toBe(200);
    expect(await duty(d.branchA.id, '负面舆情')).toMatchObject({ status: 'breached', actualValue: 1 });
    // Branch B (no secretary: the item is vacant) is not touched by school A's incident.
    expect(await duty(d.branchB.id, '负面舆情')).toMatchObject({ status: 'vacant', actualValue: 0 });
  });

  it('an ethics case reaching its decision turns the 师德失范 item red', async () => {
    expect(await duty(d.branchA.id, '师德失范')).toMatchObject({ status: 'met', actualValue: 0 });
    const teacher = await committee.post('/api/v1/people', { code: 'SRC-T1', name: '钱老师', unitId: d.schoolA.id, politicalStatus: '群众' });
    expect(teacher.statusCode, teacher.body).toBe(201);
    const code = await t.ctx.db.selectFrom('ethics_codes').select('id').orderBy('code').executeTakeFirstOrThrow();
    const officer = await t.as('discipline_officer', null);
    let c = (
      await officer.post('/api/v1/ethics/cases', { orgId: d.schoolA.id, personId: teacher.json().id, codeId: code.id, summary: '线索', clueOn: '2026-01-10' })
    ).json();
    const step = async (body: Record<string, unknown>) => {
      const r = await officer.post(`/api/v1/ethics/cases/${c.id}/advance`, { version: c.version, ...body });
      expect(r.statusCode, r.body).toBe(200);
      c = r.json();
    };
    await step({ to: 'verification', date: '2026-01-15' });
    expect(await duty(d.branchA.id, '师德失范')).toMatchObject({ status: 'met', actualValue: 0 });
    await step({ to: 'decision', date: '2026-02-01', outcome: '批评教育' });
    expect(await duty(d.branchA.id, '师德失范')).toMatchObject({ status: 'breached', actualValue: 1 });
  });

  it('a risk-assessment meeting signed off by the secretary counts for their item at once', async () => {
    expect(await duty(d.branchA.id, '风险研判会')).toMatchObject({ personId: secretary.id, actualValue: 0 });
    const review = await secretary.client.post('/api/v1/risk-reviews', { orgId: d.schoolA.id, date: '2026-02-15', agenda: '研判本校意识形态风险' });
    expect(review.statusCode, review.body).toBe(201);
    expect(await duty(d.branchA.id, '风险研判会')).toMatchObject({ actualValue: 0 });
    const signed = await secretary.client.post(`/api/v1/risk-reviews/${review.json().id}/sign-off`, { password: TEST_PASSWORD });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(await duty(d.branchA.id, '风险研判会')).toMatchObject({ actualValue: 1, status: 'pending' });
  });

  it('tasks: an answer on time counts at once; a deadline passing unanswered is picked up by the daily re-evaluation', async () => {
    const task = async (title: string, deadline: string) => {
      const res = await committee.post('/api/v1/tasks', { title, issuingOrgId: d.committee.id, deadline, targets: { orgIds: [d.branchA.id] } });
      expect(res.statusCode, res.body).toBe(201);
      const a = (await committee.get(`/api/v1/assignments?taskId=${res.json().id}`)).json().items[0] as { id: number; version: number };
      return a;
    };
    const first = await task('意识形态工作自查', '2026-03-10');
    expect(await duty(d.branchA.id, '交办')).toMatchObject({ status: 'pending', actualValue: null });
    const sub = await secretary.client.post(`/api/v1/assignments/${first.id}/submit`, { version: first.version, answers: {}, evidence: [] });
    expect(sub.statusCode, sub.body).toBe(200);
    expect(await duty(d.branchA.id, '交办')).toMatchObject({ status: 'met', actualValue: 1 });

    await task('网络阵地排查', '2026-03-05');
    expect(await duty(d.branchA.id, '交办')).toMatchObject({ status: 'met', actualValue: 1 });
    t.clock.set('2026-03-06T02:00:00.000Z');
    await runDueJobs(t.ctx, 'a');
    committee = await t.as('committee_admin', d.committee.id); // the earlier session idled out meanwhile
    // One of two due tasks answered on time: 50 %, below 90 %, the year still running.
    expect(await duty(d.branchA.id, '交办')).toMatchObject({ status: 'pending', actualValue: 0.5 });
    const audit = await t.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'duty_list.reevaluate').execute();
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.parse(audit[0].after_json ?? '{}')).toMatchObject({ year: 2026, asOf: '2026-03-06' });
  });
});
