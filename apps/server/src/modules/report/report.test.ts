import { TEST_PASSWORD } from '../../test/factories.ts';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, createTestApp } from '../../test/harness.ts';
import { loadDemo } from '../demo/service.ts';
import { recordStep } from '../development/service.ts';
import { computeFigures } from './figures.ts';

describe('situation report on the demo district', () => {
  let t: TestApp;
  let admin: Client;
  let committeeId: number;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2026-11-28T02:00:00Z');
    await loadDemo(t.ctx);
    committeeId = (await t.ctx.db.selectFrom('org_units').select('id').where('code', '=', 'XQJYGW').executeTakeFirstOrThrow()).id;
    admin = await t.as('committee_admin', null);
  }, 180_000);
  afterAll(async () => {
    await t.close();
  });

  it('reproduces the seed’s figures for 2022 from the records', async () => {
    const res = await admin.get(`/api/v1/reports/preview?orgId=${committeeId}&year=2022`);
    expect(res.statusCode).toBe(200);
    const r = res.json();
    const v = (k: string) => r.figures[k].value;
    expect({
      branches: v('branches'),
      party_members: v('party_members'),
      study_participants: v('study_participants'),
      materials_copies: v('materials_copies'),
      dual_role_schools: v('dual_role_schools'),
      trained_secretaries: v('trained_secretaries'),
      new_activists: v('new_activists'),
      new_probationary: v('new_probationary'),
      honoured_people: v('honoured_people'),
      honoured_orgs: v('honoured_orgs'),
      ethics_mechanism_schools: v('ethics_mechanism_schools'),
      ethics_commended_teachers: v('ethics_commended_teachers'),
      screened_schools: v('screened_schools'),
    }).toEqual({
      branches: 30,
      party_members: 465,
      study_participants: 465,
      materials_copies: 1844,
      dual_role_schools: 26,
      trained_secretaries: 27,
      new_activists: 70,
      new_probationary: 17,
      honoured_people: 63,
      honoured_orgs: 5,
      ethics_mechanism_schools: 28,
      ethics_commended_teachers: 148,
      screened_schools: 26,
    });
    expect(v('screened_students')).toBeGreaterThanOrEqual(20000);
    expect(v('lectures')).toEqual([{ date: '2022-03-18', speaker: '刘莹', title: '《全面依法治国必须全面依规从严治党》' }]);
    expect(r.figures.party_members.sources.ids).toHaveLength(465);
    const text = r.sections.flatMap((s: { paragraphs: { text: string }[] }) => s.paragraphs.map((p) => p.text)).join('');
    expect(text).toContain('下辖30个党支部、465名党员');
    expect(text).toContain('3月18日，刘莹同志作题为《全面依法治国必须全面依规从严治党》的专题辅导报告');
    expect(text).toContain('26所中小学（园）党支部书记、校长"一肩挑"');
  });

  it('links every figure to its records and writes a Word document that contains the figures', async () => {
    const src = await admin.get(`/api/v1/reports/sources?orgId=${committeeId}&year=2022&key=materials_copies`);
    expect(src.json().records.length).toBeGreaterThan(0);
    const docx = await admin.get(`/api/v1/reports/export?orgId=${committeeId}&year=2022&format=docx`);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')?.async('string');
    for (const s of ['465', '1844', '《全面依法治国必须全面依规从严治党》', '三、存在的主要问题', '仿宋_GB2312']) expect(xml).toContain(s);
  });

  it('saves drafts with edited sections and freezes the final with its data', async () => {
    const draft = await admin.post('/api/v1/reports', { orgId: committeeId, year: 2022, edits: { problems: ['（一）自定义的问题描述。'] } });
    expect(draft.statusCode).toBe(201);
    const wrong = await admin.post(`/api/v1/reports/${draft.json().id}/finalize`, { password: 'not-the-password' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details.fields[0].field).toBe('body.password');
    const fin = await admin.post(`/api/v1/reports/${draft.json().id}/finalize`, { password: TEST_PASSWORD });
    expect(fin.json().status).toBe('final');
    // New records after freezing do not change the final report.
    await t.ctx.db
      .updateTable('study_materials')
      .set({ copies: 5000 })
      .where('order_date', '>=', '2022-01-01')
      .where('order_date', '<=', '2022-12-31')
      .execute();
    const r = (await admin.get(`/api/v1/reports/preview?orgId=${committeeId}&year=2022`)).json();
    expect(r.status).toBe('final');
    expect(r.figures.materials_copies.value).toBe(1844);
    expect(JSON.stringify(r.sections)).toContain('自定义的问题描述');
    expect((await admin.post('/api/v1/reports', { orgId: committeeId, year: 2022 })).statusCode).toBe(409);
  });

  it('serves the dashboard aggregates for the committee', async () => {
    const res = await admin.get(`/api/v1/dashboard?orgId=${committeeId}&year=2022`);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.screening.schools).toBe(26);
    expect(d.compliance.heatmap.length).toBeGreaterThan(100);
    expect(d.compliance.heatmap.some((h: { rate: number }) => h.rate < 100)).toBe(true);
    expect(d.duties.met).toBeGreaterThan(0);
    expect(d.tasks.onTimeRate).toBeGreaterThan(0.5);
  });

  it("a school's report covers only its subtree, and another school's is out of reach", async () => {
    const s02 = await t.ctx.db.selectFrom('org_units').select('id').where('code', '=', 'S02').executeTakeFirstOrThrow();
    const s04 = await t.ctx.db.selectFrom('org_units').select('id').where('code', '=', 'S04').executeTakeFirstOrThrow();
    const school = await t.as('org_admin', s02.id);
    const r = (await school.get(`/api/v1/reports/preview?orgId=${s02.id}&year=2022`)).json();
    expect(r.figures.branches.value).toBe(1);
    expect(r.figures.party_members.value).toBeLessThan(40);
    expect((await school.get(`/api/v1/reports/preview?orgId=${s04.id}&year=2022`)).statusCode).toBe(404);
  });
});

describe('figure definitions on a hand-built district', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts at year end: a member who joined on 31 Dec counts, one on 1 Jan next year does not; a branch dissolved mid-year does not count', async () => {
    const { committee, schoolA, branchA, branchB } = await t.f.district();
    const db = t.ctx.db;
    await db.updateTable('org_units').set({ active_from: '2000-01-01' }).execute();
    const mk = (code: string, joinDate: string | null, conversionDate: string | null) =>
      t.f.person({ code, unitId: schoolA.id, partyOrgId: branchA.id, joinDate, conversionDate });
    await mk('A', '2022-12-31', null);
    await mk('B', '2023-01-01', null);
    await mk('C', '2021-07-01', '2022-07-01');
    await mk('D', null, null);
    await db.updateTable('org_units').set({ active: 0, active_to: '2022-06-30' }).where('id', '=', branchB.id).execute();
    const f = await computeFigures(db, committee.id, 2022);
    expect(f.party_members.value).toBe(2);
    expect(f.new_probationary.value).toBe(1);
    expect(f.branches.value).toBe(1);
    const f21 = await computeFigures(db, committee.id, 2021);
    expect(f21.party_members.value).toBe(1);
    expect(f21.branches.value).toBe(2);
  });

  it('study participants: distinct members present at a counted study activity under O in Y, members at its date', async () => {
    const { committee, schoolA, branchA, branchB } = await t.f.district();
    const member = (joinDate: string, leftDate: string | null = null) => t.f.person({ unitId: schoolA.id, partyOrgId: branchA.id, joinDate, leftDate });
    const [twice, lastDay, joinedLater, left, absent, wrongType, draft, lastYear, elsewhere] = await Promise.all(
      ['2010-01-01', '2010-01-01', '2022-06-01', '2010-01-01', '2010-01-01', '2010-01-01', '2010-01-01', '2010-01-01', '2010-01-01'].map((d, i) =>
        member(d, i === 3 ? '2022-02-01' : null),
      ),
    );
    const notMember = await t.f.person({ unitId: schoolA.id, partyOrgId: branchA.id });
    const study = (date: string, attendance: [number, 'present' | 'absent' | 'excused'][], o: { type?: string; status?: string; orgId?: number } = {}) =>
      t.f.activity({ orgId: o.orgId ?? branchA.id, type: o.type ?? 'theory_study', date, status: o.status, attendance });
    await study('2022-03-01', [
      [twice.id, 'present'],
      [joinedLater.id, 'present'], // not yet a member on that day
      [left.id, 'present'], // left on 1 Feb
      [absent.id, 'absent'],
      [notMember.id, 'present'],
    ]);
    await study('2022-09-01', [[twice.id, 'present']], { type: 'online_study' });
    await study('2022-12-31', [[lastDay.id, 'present']], { type: 'party_lecture' });
    await study('2022-04-01', [[wrongType.id, 'present']], { type: 'theme_party_day' });
    await study('2022-04-01', [[draft.id, 'present']], { status: 'draft' });
    await study('2021-12-31', [[lastYear.id, 'present']]);
    await study('2022-05-01', [[elsewhere.id, 'present']], { orgId: branchB.id });

    const f = await computeFigures(t.ctx.db, committee.id, 2022);
    expect(new Set(f.study_participants.sources.ids)).toEqual(new Set([twice.id, lastDay.id, elsewhere.id]));
    expect(f.study_participants.value).toBe(3);
    // Scope: under school A only the records of its own branch count.
    const a = await computeFigures(t.ctx.db, schoolA.id, 2022);
    expect(new Set(a.study_participants.sources.ids)).toEqual(new Set([twice.id, lastDay.id]));
  });

  it('every other figure on hand-built records: year bounds, counted statuses, subtree, public schools, distinct people', async () => {
    const { committee, schoolA, branchA, schoolB, branchB } = await t.f.district();
    const db = t.ctx.db;
    const now = new Date().toISOString();
    const stamp = { is_demo: 0, import_batch: null, created_at: now, updated_at: now, version: 1 };
    const privateSchool = await t.f.org({ kind: 'school', parentId: committee.id, ownership: '民办' });
    const privateBranch = await t.f.org({ kind: 'branch', parentId: privateSchool.id });
    await db.updateTable('org_units').set({ active_from: '2000-01-01' }).execute();
    const member = (unitId: number, partyOrgId: number) => t.f.person({ unitId, partyOrgId, joinDate: '2010-01-01', conversionDate: '2011-01-01' });
    const post = (personId: number, orgId: number, name: string, start: string, end: string | null = null) =>
      db.insertInto('person_posts').values({ person_id: personId, org_id: orgId, post: name, start_date: start, end_date: end, created_at: now }).execute();

    // 专题辅导报告: the counted one of 2022, not the draft nor the one of 2023.
    await t.f.activity({ orgId: branchA.id, type: 'special_lecture', date: '2022-03-18', speaker: '刘莹', topic: '《全面依法治国》' });
    await t.f.activity({ orgId: branchA.id, type: 'special_lecture', date: '2022-05-01', status: 'draft' });
    await t.f.activity({ orgId: branchA.id, type: 'special_lecture', date: '2023-01-01' });
    // Red-site visits: two counted (one in each school), one draft.
    await t.f.activity({ orgId: branchA.id, type: 'red_site_visit', date: '2022-01-01' });
    await t.f.activity({ orgId: branchB.id, type: 'red_site_visit', date: '2022-12-31' });
    await t.f.activity({ orgId: branchB.id, type: 'red_site_visit', date: '2022-06-01', status: 'draft' });

    // Study materials: 1 Jan and 31 Dec count, the days either side do not.
    const material = (orgId: number, order_date: string, copies: number) =>
      db
        .insertInto('study_materials')
        .values({ org_id: orgId, title: '学习资料', order_date, copies, created_by: null, ...stamp })
        .execute();
    await material(branchA.id, '2022-01-01', 10);
    await material(branchA.id, '2022-12-31', 5);
    await material(branchB.id, '2022-07-01', 3);
    await material(branchA.id, '2021-12-31', 100);
    await material(branchA.id, '2023-01-01', 100);

    // 一肩挑: branch A's secretary is school A's principal at year end; school B's principal post ended mid-year.
    const secA = await member(schoolA.id, branchA.id);
    await post(secA.id, branchA.id, '党支部书记', '2020-01-01');
    await post(secA.id, schoolA.id, '校长', '2020-01-01');
    const secB = await member(schoolB.id, branchB.id);
    await post(secB.id, branchB.id, '党支部书记', '2020-01-01');
    await post(secB.id, schoolB.id, '校长', '2020-01-01', '2022-06-30');
    const secP = await member(privateSchool.id, privateBranch.id);
    await post(secP.id, privateBranch.id, '党支部书记', '2020-01-01');

    // 轮训: ≥ 2 counted attendances in the year, secretaries of public schools only.
    const rotation = (date: string, present: number[], status?: string) =>
      t.f.activity({ orgId: committee.id, type: 'rotation_training', date, status, attendance: present.map((id) => [id, 'present']) });
    await rotation('2022-04-01', [secA.id, secB.id, secP.id]);
    await rotation('2022-10-01', [secA.id, secP.id]);
    await rotation('2022-11-01', [secB.id], 'draft');
    await rotation('2021-12-31', [secB.id]);

    // Development: activists of the year.
    // Through the module's service; the steps before 积极分子 are not recorded, so its rules are overridden.
    const step = (personId: number, stage: 'activist', date: string) =>
      recordStep(t.ctx, db, { personId, stage, date, override: { reason: '测试' } }, { actor: null });
    const [act1, act2, act3] = await Promise.all([1, 2, 3].map(() => t.f.person({ unitId: schoolA.id, partyOrgId: branchA.id, birthDate: '1990-01-01' })));
    await step(act1.id, 'activist', '2022-12-31');
    await step(act2.id, 'activist', '2023-01-01');
    await step(act3.id, 'activist', '2021-12-31');

    // Honours: people (two categories), orgs, ethics teachers counted once each.
    const honour = (category_code: string, target: 'person' | 'org', id: number, year = 2022) =>
      db
        .insertInto('honours')
        .values({
          year,
          category_code,
          target_type: target,
          person_id: target === 'person' ? id : null,
          org_id: target === 'org' ? id : null,
          target_key: `${target}:${id}:${category_code}:${year}:${Math.random()}`,
          awarded_on: `${year}-07-01`,
          awarding_body: null,
          citation: null,
          ...stamp,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const h1 = await honour('excellent_member', 'person', act1.id);
    const h2 = await honour('excellent_party_worker', 'person', secA.id);
    await honour('excellent_member', 'person', act2.id, 2021);
    const h3 = await honour('advanced_party_org', 'org', branchA.id);
    await honour('advanced_party_org', 'org', branchB.id, 2023);
    await honour('ethics_model_teacher', 'person', act3.id);
    await honour('ethics_model_teacher', 'person', act3.id);
    await honour('ethics_model_teacher', 'person', secB.id, 2021);

    // Ethics mechanisms in force in the year: school A's (open-ended); school B's starts in 2023, its branch's ended 2021.
    const mechanism = (orgId: number, effective_from: string, effective_to: string | null) =>
      db
        .insertInto('ethics_mechanisms')
        .values({ org_id: orgId, name: '师德学习制度', content: '', effective_from, effective_to, ...stamp })
        .execute();
    await mechanism(schoolA.id, '2021-01-01', null);
    await mechanism(schoolB.id, '2023-01-01', null);
    await mechanism(branchB.id, '2020-01-01', '2021-12-31');

    // Screenings completed in the year (by their end date).
    const screening = (orgId: number, end: string, status: string, students: number) =>
      db
        .insertInto('screenings')
        .values({
          code: `S${Math.random()}`,
          org_id: orgId,
          campaign_id: null,
          start_date: '2022-01-01',
          end_date: end,
          students_expected: students,
          students_screened: students,
          issues_found: 0,
          issues_resolved: 0,
          status,
          ...stamp,
        })
        .execute();
    await screening(schoolA.id, '2022-05-01', 'completed', 500);
    await screening(schoolA.id, '2022-12-31', 'completed', 1000);
    await screening(schoolB.id, '2022-09-01', 'in_progress', 800);
    await screening(schoolB.id, '2023-01-01', 'completed', 700);

    const f = await computeFigures(db, committee.id, 2022);
    const ids = (k: string) => new Set(f[k].sources.ids);
    expect(f.lectures.value).toEqual([{ date: '2022-03-18', speaker: '刘莹', title: '《全面依法治国》' }]);
    expect(f.red_site_visits.value).toBe(2);
    expect(f.materials_copies.value).toBe(18);
    expect(ids('dual_role_schools')).toEqual(new Set([schoolA.id]));
    expect(ids('trained_secretaries')).toEqual(new Set([secA.id]));
    expect(ids('new_activists')).toEqual(new Set([act1.id]));
    expect(ids('honoured_people')).toEqual(new Set([h1.id, h2.id]));
    expect(ids('honoured_orgs')).toEqual(new Set([h3.id]));
    expect(ids('ethics_mechanism_schools')).toEqual(new Set([schoolA.id]));
    expect(ids('ethics_commended_teachers')).toEqual(new Set([act3.id]));
    expect(ids('screened_schools')).toEqual(new Set([schoolA.id]));
    expect(f.screened_students.value).toBe(1500);

    // A school's figures cover its subtree only.
    const b = await computeFigures(db, schoolB.id, 2022);
    expect(b.materials_copies.value).toBe(3);
    expect(b.red_site_visits.value).toBe(1);
    expect(b.dual_role_schools.value).toBe(0);
    expect(b.honoured_people.value).toBe(0);
    expect(b.screened_students.value).toBe(0);
  });
});
