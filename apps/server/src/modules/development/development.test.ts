import { memberStateAt } from '@taizhang/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Client, type TestApp, createTestApp } from '../../test/harness.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

type District = Awaited<ReturnType<TestApp['f']['district']>>;

async function setup() {
  const d = await t.f.district();
  const committee = await t.as('committee_admin', d.committee.id);
  const schoolAdmin = await t.as('org_admin', d.schoolA.id);
  const otherSchool = await t.as('org_admin', d.schoolB.id);
  let n = 0;
  const person = async (body: Record<string, unknown>, unit = d.schoolA.id, branch = d.branchA.id) => {
    n++;
    const member = body.politicalStatus === '中共党员';
    const res = await committee.post('/api/v1/people', {
      code: `D${n}`,
      name: `人员${n}`,
      unitId: unit,
      partyOrgId: member ? branch : null,
      politicalStatus: '群众',
      birthDate: '1990-01-01',
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as number;
  };
  const full = () => person({ politicalStatus: '中共党员', joinDate: '2005-01-01', conversionDate: '2006-01-01' });
  const helpers = [await full(), await full()];
  return { d, committee, schoolAdmin, otherSchool, person, helpers };
}

async function step(c: Client, body: Record<string, unknown>) {
  return c.post('/api/v1/development/steps', body);
}

/** Walks a person from application to probationary membership on the given admission date. */
async function admit(c: Client, personId: number, helpers: number[], prob: string) {
  const y = Number(prob.slice(0, 4));
  for (const body of [
    { stage: 'applicant', date: `${y - 3}-01-10` },
    { stage: 'activist', date: `${y - 2}-01-10`, liaisonPersonIds: helpers },
    { stage: 'candidate', date: `${y - 1}-02-10`, introducerPersonIds: helpers, trainingDays: 3 },
    { stage: 'probationary', date: prob, noticeStart: `${y}-01-02`, noticeEnd: `${y}-01-08`, decisionBody: '支部党员大会' },
  ]) {
    const res = await step(c, { personId, ...body });
    expect(res.statusCode, res.body).toBe(201);
  }
}

describe('development steps over HTTP', () => {
  it('walks a person to full membership; conversion changes status on its date and year-end membership follows', async () => {
    const { schoolAdmin, person, helpers } = await setup();
    const id = await person({ birthDate: '1995-02-01' });
    await admit(schoolAdmin, id, helpers, '2022-05-10');
    let p = await t.ctx.db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(p.political_status).toBe('中共预备党员');
    expect(p.join_date).toBe('2022-05-10');
    expect(p.party_org_id).not.toBeNull();

    const early = await step(schoolAdmin, { personId: id, stage: 'full', date: '2023-05-09', noticeStart: '2023-04-25', noticeEnd: '2023-05-01' });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.details.rule).toBe('probation_one_year');
    expect(early.json().error.details.fields[0].message).toMatch(/^预备期: /);

    const ok = await step(schoolAdmin, { personId: id, stage: 'full', date: '2023-05-10', noticeStart: '2023-04-25', noticeEnd: '2023-05-01' });
    expect(ok.statusCode, ok.body).toBe(201);
    p = await t.ctx.db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(p.political_status).toBe('中共党员');
    expect(p.conversion_date).toBe('2023-05-10');
    const m = { joinDate: p.join_date, conversionDate: p.conversion_date };
    expect(memberStateAt(m, '2021-12-31')).toBeNull();
    expect(memberStateAt(m, '2022-12-31')).toBe('probationary');
    expect(memberStateAt(m, '2023-12-31')).toBe('full');
    const history = await t.ctx.db.selectFrom('person_status_history').selectAll().where('person_id', '=', id).orderBy('id').execute();
    expect(history.map((h) => [h.status, h.effective_date])).toEqual([
      ['群众', null],
      ['中共预备党员', '2022-05-10'],
      ['中共党员', '2023-05-10'],
    ]);

    const tl = await schoolAdmin.get(`/api/v1/development/people/${id}`);
    expect(tl.statusCode).toBe(200);
    expect(tl.json().steps.map((s: { stage: string }) => s.stage)).toEqual(['applicant', 'activist', 'candidate', 'probationary', 'full']);
    expect(tl.json().stage).toBe('full');
    expect(tl.json().next).toBeNull();
  });

  it('refuses a broken rule, naming it; a committee administrator overrides with a reason, audited', async () => {
    const { schoolAdmin, committee, person } = await setup();
    const young = await person({ birthDate: '2004-02-29' });
    const res = await step(schoolAdmin, { personId: young, stage: 'applicant', date: '2022-02-27' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(res.json().error.details.rule).toBe('applicant_age');
    expect(res.json().error.details.fields[0].message).toContain('申请入党年龄');
    expect((await step(schoolAdmin, { personId: young, stage: 'applicant', date: '2022-02-28' })).statusCode).toBe(201);

    const other = await person({ birthDate: '2010-01-01' });
    const withReason = { personId: other, stage: 'applicant', date: '2022-03-01', override: { reason: '历史档案补录，经工委核实' } };
    const denied = await step(schoolAdmin, withReason);
    expect(denied.statusCode).toBe(403);
    expect(await t.ctx.db.selectFrom('development_steps').select('id').where('person_id', '=', other).execute()).toHaveLength(0);
    const ok = await step(committee, withReason);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().overrideReason).toBe('历史档案补录，经工委核实');
    expect(ok.json().overriddenRules).toEqual(['applicant_age']);
    const ev = await t.ctx.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'development.step_create')
      .where('entity_id', '=', String(ok.json().id))
      .executeTakeFirstOrThrow();
    expect(ev.result).toBe('ok');
    expect(ev.after_json).toContain('历史档案补录');
    expect(ev.after_json).toContain('applicant_age');
    // future dates and repeats cannot be overridden
    const rep = await step(committee, { ...withReason, date: '2022-04-01' });
    expect(rep.json().error.details.rule).toBe('stage_once');
  });

  it('extends a probation once by 6–12 months and moves the conversion date', async () => {
    const { schoolAdmin, person, helpers } = await setup();
    const id = await person({});
    await admit(schoolAdmin, id, helpers, '2022-05-10');
    const bad = await schoolAdmin.post(`/api/v1/development/people/${id}/extension`, { date: '2023-05-01', months: 3 });
    expect(bad.json().error.details.rule).toBe('probation_extension');
    const ok = await schoolAdmin.post(`/api/v1/development/people/${id}/extension`, { date: '2023-05-01', months: 6, decisionBody: '支部党员大会' });
    expect(ok.statusCode, ok.body).toBe(200);
    const again = await schoolAdmin.post(`/api/v1/development/people/${id}/extension`, { date: '2023-05-02', months: 6 });
    expect(again.json().error.details.rule).toBe('probation_extension');
    const notice = { noticeStart: '2023-10-20', noticeEnd: '2023-10-27' };
    expect((await step(schoolAdmin, { personId: id, stage: 'full', date: '2023-11-09', ...notice })).json().error.details.rule).toBe('probation_one_year');
    expect((await step(schoolAdmin, { personId: id, stage: 'full', date: '2023-11-10', ...notice })).statusCode).toBe(201);
  });

  it('board shows what is due next; stats count steps per year; 双培养 flags show', async () => {
    const { d, schoolAdmin, person, helpers } = await setup();
    const a = await person({});
    await step(schoolAdmin, { personId: a, stage: 'applicant', date: '2021-06-01' });
    await step(schoolAdmin, { personId: a, stage: 'activist', date: '2022-02-28', liaisonPersonIds: helpers });
    const b = await person({});
    await step(schoolAdmin, { personId: b, stage: 'applicant', date: '2021-06-01' });
    await step(schoolAdmin, { personId: b, stage: 'activist', date: '2022-03-02', liaisonPersonIds: helpers });
    const c = await person({});
    await admit(schoolAdmin, c, helpers, '2022-03-01');
    const flag = await schoolAdmin.post('/api/v1/development/dual-flags', { personId: a, kind: 'teacher_to_member', since: '2022-01-01' });
    expect(flag.statusCode, flag.body).toBe(201);

    const res = await schoolAdmin.get(`/api/v1/development/board?orgId=${d.branchA.id}&date=2023-03-01`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { personId: number; stage: string; next: { stage: string; due: boolean; from: string }; dualFlags: string[] }[];
    const by = new Map(items.map((i) => [i.personId, i]));
    expect(by.get(a)?.next).toMatchObject({ stage: 'candidate', from: '2023-02-28', due: true });
    expect(by.get(a)?.dualFlags).toEqual(['teacher_to_member']);
    expect(by.get(b)?.next).toMatchObject({ stage: 'candidate', from: '2023-03-02', due: false });
    expect(by.get(c)?.next).toMatchObject({ stage: 'full', from: '2023-03-01', due: true });
    expect(res.json().counts).toMatchObject({ activist: 2, probationary: 1 });
    // The board is shown per branch: each item names the org in charge.
    expect(by.get(a)).toMatchObject({ orgId: d.branchA.id, orgName: d.branchA.name });

    const stats = (await schoolAdmin.get(`/api/v1/development/stats?orgId=${d.schoolA.id}&year=2022`)).json();
    expect(stats.activists.count).toBe(2);
    expect(stats.probationary).toEqual({ count: 1, personIds: [c] });
    expect(stats.candidates.count).toBe(0);
    // Every person behind a figure is named, once.
    const named = stats.people as { id: number; code: string; name: string }[];
    expect(named.map((p) => p.id).sort((x, y) => x - y)).toEqual([a, b, c].sort((x, y) => x - y));
    expect(named.find((p) => p.id === c)?.name).toMatch(/^人员\d+$/);

    // The timeline names the liaison persons / introducers and the org in charge.
    const tl = (await schoolAdmin.get(`/api/v1/development/people/${c}`)).json();
    expect(tl.refs.people.map((p: { id: number }) => p.id).sort()).toEqual([...helpers].sort());
    expect(tl.refs.orgs).toEqual([{ id: d.branchA.id, name: d.branchA.name }]);
  });

  it('scope: another school gets 404 on the records and sees none of them', async () => {
    const { d, schoolAdmin, otherSchool, person, helpers } = await setup();
    const id = await person({});
    await step(schoolAdmin, { personId: id, stage: 'applicant', date: '2021-06-01' });
    expect((await otherSchool.get(`/api/v1/development/people/${id}`)).statusCode).toBe(404);
    expect((await step(otherSchool, { personId: id, stage: 'activist', date: '2022-06-01', liaisonPersonIds: helpers })).statusCode).toBe(404);
    expect((await otherSchool.get(`/api/v1/development/board?orgId=${d.branchA.id}`)).statusCode).toBe(404);
    expect((await otherSchool.get(`/api/v1/development/stats?orgId=${d.schoolA.id}&year=2021`)).statusCode).toBe(404);
    const own = (await otherSchool.get(`/api/v1/development/board?orgId=${d.schoolB.id}`)).json();
    expect(own.items).toEqual([]);
  });
});

describe('honours', () => {
  it('CRUD, filters, natural key, stats and scope', async () => {
    const { d, schoolAdmin, otherSchool, helpers } = await setup();
    const cats = (await schoolAdmin.get('/api/v1/honours/categories')).json().items.map((c: { name: string }) => c.name);
    expect(cats).toEqual(['优秀共产党员', '优秀党务工作者', '先进基层党组织', '师德师风优秀教师']);
    const h1 = await schoolAdmin.post('/api/v1/honours', {
      year: 2022,
      categoryCode: 'excellent_member',
      targetType: 'person',
      personId: helpers[0],
      awardedOn: '2022-06-28',
      awardingBody: '区教育工委',
    });
    expect(h1.statusCode, h1.body).toBe(201);
    expect(h1.json().categoryName).toBe('优秀共产党员');
    const dup = await schoolAdmin.post('/api/v1/honours', { year: 2022, categoryCode: 'excellent_member', targetType: 'person', personId: helpers[0] });
    expect(dup.statusCode).toBe(409);
    const wrong = await schoolAdmin.post('/api/v1/honours', { year: 2022, categoryCode: 'advanced_party_org', targetType: 'person', personId: helpers[0] });
    expect(wrong.statusCode).toBe(400);
    const org = await schoolAdmin.post('/api/v1/honours', { year: 2022, categoryCode: 'advanced_party_org', targetType: 'org', orgId: d.branchA.id });
    expect(org.statusCode, org.body).toBe(201);
    expect(
      (await otherSchool.post('/api/v1/honours', { year: 2022, categoryCode: 'advanced_party_org', targetType: 'org', orgId: d.branchA.id + 0 })).statusCode,
    ).toBe(404);

    const list = (await schoolAdmin.get(`/api/v1/honours?orgId=${d.schoolA.id}&year=2022`)).json();
    expect(list.total).toBe(2);
    expect((await schoolAdmin.get(`/api/v1/honours?personId=${helpers[0]}`)).json().total).toBe(1);
    expect((await schoolAdmin.get(`/api/v1/honours?targetOrgId=${d.branchA.id}`)).json().total).toBe(1);
    expect((await otherSchool.get('/api/v1/honours')).json().total).toBe(0);
    expect((await otherSchool.get(`/api/v1/honours/${h1.json().id}`)).statusCode).toBe(404);
    expect((await otherSchool.delete(`/api/v1/honours/${h1.json().id}`)).statusCode).toBe(404);

    const patched = await schoolAdmin.patch(`/api/v1/honours/${h1.json().id}`, { version: 1, citation: '模范带头' });
    expect(patched.json().citation).toBe('模范带头');
    expect((await schoolAdmin.patch(`/api/v1/honours/${h1.json().id}`, { version: 1, citation: 'x' })).statusCode).toBe(409);

    const stats = (await schoolAdmin.get(`/api/v1/honours/stats?orgId=${d.committee.id}&year=2022`)).statusCode;
    expect(stats).toBe(404);
    const mine = (await schoolAdmin.get(`/api/v1/honours/stats?orgId=${d.schoolA.id}&year=2022`)).json().items;
    expect(mine.find((i: { categoryCode: string }) => i.categoryCode === 'excellent_member').honours).toBe(1);
    expect(mine.find((i: { categoryCode: string }) => i.categoryCode === 'advanced_party_org').targets).toBe(1);
    expect((await schoolAdmin.delete(`/api/v1/honours/${org.json().id}`)).statusCode).toBe(200);
  });
});

/** A rotation training (轮训) in the ledger with the given people present. */
async function rotation(d: District, date: string, status: string, present: number[]) {
  await t.f.activity({ orgId: d.committee.id, type: 'rotation_training', date, status, topic: '书记轮训', attendance: present.map((p) => [p, 'present']) });
}

describe('trainings', () => {
  it('programmes, hours per person, coverage of secretaries (rotation trainings) and members (hours), gaps listed', async () => {
    const { d, committee, schoolAdmin, otherSchool, person, helpers } = await setup();
    const secA = helpers[0];
    await committee.post(`/api/v1/people/${secA}/posts`, { orgId: d.branchA.id, post: '党支部书记', startDate: '2020-01-01' });
    const prog = await committee.post('/api/v1/trainings/programmes', { name: '2022年党员集中培训', organiserOrgId: d.committee.id, hours: 32, year: 2022 });
    expect(prog.statusCode, prog.body).toBe(201);
    expect((await schoolAdmin.post('/api/v1/trainings/programmes', { name: 'x', organiserOrgId: d.schoolB.id, hours: 8, year: 2022 })).statusCode).toBe(404);
    const h = await schoolAdmin.post('/api/v1/trainings/hours', { personId: helpers[1], programmeId: prog.json().id, date: '2022-11-30' });
    expect(h.statusCode, h.body).toBe(201);
    expect(h.json().hours).toBe(32);
    expect((await otherSchool.post('/api/v1/trainings/hours', { personId: helpers[1], programmeId: prog.json().id, date: '2022-11-30' })).statusCode).toBe(404);
    await rotation(d, '2022-04-01', 'approved', [secA]);
    await rotation(d, '2022-10-01', 'submitted', [secA]);
    await rotation(d, '2022-11-01', 'draft', [helpers[1]]);

    const per = (await schoolAdmin.get(`/api/v1/trainings/people/${secA}?year=2022`)).json();
    expect(per.rotationTrainings).toBe(2);
    const cov = await schoolAdmin.get(`/api/v1/trainings/coverage?orgId=${d.schoolA.id}&year=2022`);
    expect(cov.statusCode, cov.body).toBe(200);
    expect(cov.json().minHours).toBe(32);
    expect(cov.json().secretaries).toMatchObject({ total: 1, covered: 1 });
    expect(cov.json().members.total).toBe(2);
    expect(cov.json().members.gaps.map((g: { personId: number }) => g.personId)).toEqual([secA]);
    expect((await schoolAdmin.patch('/api/v1/trainings/settings', { memberMinHours: 40 })).statusCode).toBe(403);
    expect((await committee.patch('/api/v1/trainings/settings', { memberMinHours: 40 })).statusCode).toBe(200);
    expect((await schoolAdmin.get(`/api/v1/trainings/coverage?orgId=${d.schoolA.id}&year=2022`)).json().members.gaps).toHaveLength(2);
    expect((await otherSchool.get(`/api/v1/trainings/coverage?orgId=${d.schoolA.id}&year=2022`)).statusCode).toBe(404);
    const nobody = await person({});
    expect((await schoolAdmin.get(`/api/v1/trainings/people/${nobody}?year=2022`)).json().totalHours).toBe(0);
  });
});
