import { ROLES } from '@taizhang/shared';
import { ETHICS_CASE_STAGES, type EthicsCaseStage } from '@taizhang/shared/schemas/ethics';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client, TestApp } from '../../test/harness.ts';
import { createTestApp } from '../../test/harness.ts';
import { caseStepProblems } from './service.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

async function person(c: Client, code: string, unitId: number, name = '王老师') {
  const res = await c.post('/api/v1/people', { code, name, unitId, politicalStatus: '群众' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

async function firstCodeId() {
  return (await t.ctx.db.selectFrom('ethics_codes').select('id').orderBy('code').executeTakeFirstOrThrow()).id;
}

async function auditRows(action: string) {
  return t.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('id').execute();
}

describe('ethics mechanisms and pledges', () => {
  it('records mechanisms per school, scoped; counts schools with one in force in a year', async () => {
    const d = await t.f.district();
    const committee = await t.as('committee_admin', d.committee.id);
    const adminA = await t.as('org_admin', d.schoolA.id);
    const adminB = await t.as('org_admin', d.schoolB.id);
    const res = await adminA.post('/api/v1/ethics/mechanisms', { orgId: d.schoolA.id, name: '师德师风学习制度', effectiveFrom: '2021-09-01' });
    expect(res.statusCode, res.body).toBe(201);
    const m = res.json();
    // B's admin: 404 on A's record, nothing in lists, cannot write for A
    expect((await adminB.get(`/api/v1/ethics/mechanisms/${m.id}`)).statusCode).toBe(404);
    expect((await adminB.get('/api/v1/ethics/mechanisms')).json().total).toBe(0);
    expect((await adminB.post('/api/v1/ethics/mechanisms', { orgId: d.schoolA.id, name: '越权', effectiveFrom: '2021-09-01' })).statusCode).toBe(404);
    expect((await adminB.patch(`/api/v1/ethics/mechanisms/${m.id}`, { version: 1, name: '越权修改' })).statusCode).toBe(404);
    // bad dates, stale version
    const bad = await adminA.post('/api/v1/ethics/mechanisms', { orgId: d.schoolA.id, name: '错误', effectiveFrom: '2022-09-01', effectiveTo: '2022-01-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('body.effectiveTo');
    expect((await adminA.patch(`/api/v1/ethics/mechanisms/${m.id}`, { version: 1, effectiveTo: '2021-12-31' })).statusCode).toBe(200);
    expect((await adminA.patch(`/api/v1/ethics/mechanisms/${m.id}`, { version: 1, name: '过期版本' })).statusCode).toBe(409);
    // B gets one in force from mid-2022
    await adminB.post('/api/v1/ethics/mechanisms', { orgId: d.schoolB.id, name: '师德学习机制', effectiveFrom: '2022-06-01' });
    const cov = (y: number) => committee.get(`/api/v1/ethics/mechanisms/coverage?orgId=${d.committee.id}&year=${y}`).then((r) => r.json());
    expect(await cov(2021)).toMatchObject({ schools: 2, withMechanism: 1, missing: [{ orgId: d.schoolB.id }] });
    expect(await cov(2022)).toMatchObject({ schools: 2, withMechanism: 1, missing: [{ orgId: d.schoolA.id }] });
    expect((await committee.get('/api/v1/ethics/mechanisms?year=2022')).json().items.map((x: { orgId: number }) => x.orgId)).toEqual([d.schoolB.id]);
    expect((await adminB.get(`/api/v1/ethics/mechanisms/coverage?orgId=${d.committee.id}&year=2022`)).statusCode).toBe(404);
  });

  it('records one pledge per teacher and year and reports signing status per school', async () => {
    const d = await t.f.district();
    const committee = await t.as('committee_admin', d.committee.id);
    const a1 = await person(committee, 'T1', d.schoolA.id);
    await person(committee, 'T2', d.schoolA.id);
    const b1 = await person(committee, 'T3', d.schoolB.id);
    const adminA = await t.as('org_admin', d.schoolA.id);
    expect((await adminA.post('/api/v1/ethics/pledges', { personId: a1, year: 2022, signedAt: '2022-02-20' })).statusCode).toBe(200);
    expect((await adminA.post('/api/v1/ethics/pledges', { personId: a1, year: 2022, signedAt: '2022-02-21' })).statusCode).toBe(200);
    expect((await adminA.post('/api/v1/ethics/pledges', { personId: b1, year: 2022, signedAt: '2022-02-20' })).statusCode).toBe(404);
    await committee.post('/api/v1/ethics/pledges', { personId: b1, year: 2022, signedAt: '2022-03-01' });
    const status = (await committee.get(`/api/v1/ethics/pledges/status?orgId=${d.committee.id}&year=2022`)).json().items;
    expect(status).toEqual([
      { orgId: d.schoolA.id, orgName: d.schoolA.name, teachers: 2, signed: 1 },
      { orgId: d.schoolB.id, orgName: d.schoolB.name, teachers: 1, signed: 1 },
    ]);
    const listA = (await adminA.get('/api/v1/ethics/pledges?year=2022')).json();
    expect(listA.total).toBe(1);
    expect(listA.items[0]).toMatchObject({ personId: a1, signedAt: '2022-02-21' });
  });
});

describe('ethics breach cases (restricted)', () => {
  it('visibility matrix: only handlers and ethics.case holders in reach see a case; everyone else gets 404 and sees nothing', async () => {
    const d = await t.f.district();
    const committee = await t.as('committee_admin', d.committee.id);
    const teacherId = await person(committee, 'T1', d.schoolA.id, '赵某某');
    const handlerPersonId = await person(committee, 'H1', d.schoolB.id, '承办人');
    const officer = await t.as('discipline_officer', d.committee.id);
    // handlers: a user named directly, and a user linked to a person named as handler
    const handlerUser = await t.f.user({ role: 'member', orgId: d.schoolB.id });
    const personUser = await t.f.user({ role: 'member', orgId: d.schoolB.id });
    await t.ctx.db.updateTable('users').set({ person_id: handlerPersonId }).where('id', '=', personUser.id).execute();
    const created = await officer.post('/api/v1/ethics/cases', {
      orgId: d.schoolA.id,
      personId: teacherId,
      codeId: await firstCodeId(),
      summary: '家长反映有偿补课线索XYZ',
      clueOn: '2025-11-01',
      handlerUserIds: [handlerUser.id],
      handlerPersonIds: [handlerPersonId],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as number;

    const check = async (c: Client, visible: boolean, label: string) => {
      expect((await c.get(`/api/v1/ethics/cases/${id}`)).statusCode, label).toBe(visible ? 200 : 404);
      const list = (await c.get('/api/v1/ethics/cases')).json();
      expect(list.total, label).toBe(visible ? 1 : 0);
      expect((await c.get(`/api/v1/ethics/cases?q=${encodeURIComponent('XYZ')}`)).json().total, label).toBe(visible ? 1 : 0);
      expect((await c.get(`/api/v1/ethics/cases?q=${encodeURIComponent('赵某某')}`)).json().total, label).toBe(visible ? 1 : 0);
      await c.reauth();
      const csv = (await c.get('/api/v1/ethics/cases/export')).body;
      expect(csv.includes('XYZ'), label).toBe(visible);
      expect(csv.includes('赵某某'), label).toBe(visible);
      const people = await c.get('/api/v1/people?q=%E8%B5%B5');
      if (people.statusCode === 200) expect(JSON.stringify(people.json()).includes('XYZ'), label).toBe(false);
      const patch = await c.patch(`/api/v1/ethics/cases/${id}`, { version: 999, summary: '改动' });
      expect(patch.statusCode, label).toBe(visible ? 409 : 404);
    };

    const orgs = { own: d.schoolA.id, other: d.schoolB.id, committee: d.committee.id } as const;
    for (const role of ROLES) {
      for (const [where, orgId] of Object.entries(orgs)) {
        const c = await t.as(role, orgId);
        const visible = role === 'discipline_officer' && (where === 'own' || where === 'committee');
        await check(c, visible, `${role}@${where}`);
      }
    }
    await check(await t.login(handlerUser.username, handlerUser.password), true, 'handler user');
    await check(await t.login(personUser.username, personUser.password), true, 'handler person');
    // committee administrators get counts only
    const counts = (await committee.get(`/api/v1/ethics/cases/counts?orgId=${d.committee.id}&year=2025`)).json();
    expect(counts).toMatchObject({ total: 1, byStage: { clue: 1, verification: 0, decision: 0, closed: 0 } });
    expect(JSON.stringify(counts).includes('XYZ')).toBe(false);
  });

  it('audits every read of a case (detail, list, export) and keeps case text out of the audit trail', async () => {
    const d = await t.f.district();
    const committee = await t.as('committee_admin', d.committee.id);
    const teacherId = await person(committee, 'T1', d.schoolA.id);
    const officer = await t.as('discipline_officer', d.schoolA.id);
    const c = (
      await officer.post('/api/v1/ethics/cases', {
        orgId: d.schoolA.id,
        personId: teacherId,
        codeId: await firstCodeId(),
        summary: '机密摘要QQ',
        clueOn: '2025-11-01',
      })
    ).json();
    await officer.post('/api/v1/ethics/cases', {
      orgId: d.schoolA.id,
      personId: teacherId,
      codeId: await firstCodeId(),
      summary: '第二件',
      clueOn: '2025-11-02',
    });
    expect(await auditRows('ethics_case.read')).toHaveLength(0);
    await officer.get(`/api/v1/ethics/cases/${c.id}`);
    let reads = await auditRows('ethics_case.read');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ entity_type: 'ethics_case', entity_id: String(c.id), org_id: d.schoolA.id, result: 'ok' });
    await officer.get('/api/v1/ethics/cases');
    reads = await auditRows('ethics_case.read');
    expect(reads).toHaveLength(3);
    await officer.reauth();
    await officer.get('/api/v1/ethics/cases/export');
    expect(await auditRows('ethics_case.export')).toHaveLength(2);
    // a non-handler's empty reads leave no read events; the case text never enters the trail
    const other = await t.as('committee_admin', null);
    await other.get('/api/v1/ethics/cases');
    expect(await auditRows('ethics_case.read')).toHaveLength(3);
    const all = await t.ctx.db.selectFrom('audit_events').select(['before_json', 'after_json']).execute();
    expect(all.some((r) => `${r.before_json}${r.after_json}`.includes('机密摘要'))).toBe(false);
  });

  it('moves forward one stage at a time with dated steps and an outcome from the decision on', async () => {
    const d = await t.f.district();
    const committee = await t.as('committee_admin', d.committee.id);
    const teacherId = await person(committee, 'T1', d.schoolA.id);
    const officer = await t.as('discipline_officer', null);
    let c = (
      await officer.post('/api/v1/ethics/cases', {
        orgId: d.schoolA.id,
        personId: teacherId,
        codeId: await firstCodeId(),
        summary: '线索',
        clueOn: '2025-11-01',
      })
    ).json();
    const step = (body: Record<string, unknown>) => officer.post(`/api/v1/ethics/cases/${c.id}/advance`, { version: c.version, ...body });
    expect((await step({ to: 'decision', date: '2025-11-05', outcome: '处分' })).statusCode).toBe(400);
    expect((await step({ to: 'verification', date: '2025-10-01' })).statusCode).toBe(400);
    let r = await step({ to: 'verification', date: '2025-11-05' });
    expect(r.statusCode, r.body).toBe(200);
    c = r.json();
    expect((await step({ to: 'decision', date: '2025-11-20' })).json().error.details.fields[0].field).toBe('body.outcome');
    r = await step({ to: 'decision', date: '2025-11-20', outcome: '批评教育' });
    c = r.json();
    r = await step({ to: 'closed', date: '2025-12-01' });
    expect(r.json()).toMatchObject({ stage: 'closed', clueOn: '2025-11-01', verificationOn: '2025-11-05', decisionOn: '2025-11-20', closedOn: '2025-12-01' });
    c = r.json();
    expect((await step({ to: 'closed', date: '2025-12-02' })).statusCode).toBe(400);
  });

  it('state machine: a sequence of steps is accepted exactly when each goes one stage forward, in date order, not in the future, with an outcome from the decision', () => {
    const day = fc.integer({ min: 0, max: 60 }).map((n) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10));
    const stepArb = fc.record({ to: fc.constantFrom(...ETHICS_CASE_STAGES), date: day, outcome: fc.option(fc.constant('处理结果'), { nil: undefined }) });
    fc.assert(
      fc.property(day, fc.array(stepArb, { maxLength: 8 }), day, (clueOn, steps, today) => {
        let state: { stage: EthicsCaseStage; lastDate: string; outcome: string | null } = { stage: 'clue', lastDate: clueOn, outcome: null };
        for (const s of steps) {
          const problems = caseStepProblems(state, s, today);
          const from = ETHICS_CASE_STAGES.indexOf(state.stage);
          const to = ETHICS_CASE_STAGES.indexOf(s.to);
          const ok = to === from + 1 && s.date >= state.lastDate && s.date <= today && (to < 2 || Boolean(s.outcome ?? state.outcome));
          expect(problems.length === 0).toBe(ok);
          if (ok) state = { stage: s.to, lastDate: s.date, outcome: s.outcome ?? state.outcome };
        }
        // closed is terminal
        if (state.stage === 'closed')
          for (const to of ETHICS_CASE_STAGES) expect(caseStepProblems(state, { to, date: today }, today).length).toBeGreaterThan(0);
      }),
    );
  });
});
