import { memberStateAt } from '@taizhang/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import { dutyRolesAt } from '../people/duty-roles.ts';
import { loadDemo } from './service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  expect(await loadDemo(t.ctx)).toBe(true);
});
afterAll(async () => {
  await t.close();
});

describe('demo district', () => {
  it('has the seed district’s shape', async () => {
    const db = t.ctx.db;
    const units = await db.selectFrom('org_units').selectAll().execute();
    const schools = units.filter((u) => u.kind === 'school' || u.kind === 'kindergarten');
    expect(schools).toHaveLength(28);
    expect(schools.filter((s) => s.ownership === '公办')).toHaveLength(27);
    expect(units.filter((u) => u.kind === 'branch')).toHaveLength(30);
    expect(units.filter((u) => u.kind === 'general_branch')).toHaveLength(2);
    expect(schools.reduce((n, s) => n + (s.student_count ?? 0), 0)).toBeGreaterThan(20000);
    const people = await db.selectFrom('people').select(['join_date', 'conversion_date']).execute();
    expect(people.length).toBeGreaterThan(1900);
    expect(people.length).toBeLessThan(2200);
    const members2022 = people.filter((p) => memberStateAt({ joinDate: p.join_date, conversionDate: p.conversion_date }, '2022-12-31') !== null);
    expect(members2022).toHaveLength(465);
    expect(people.filter((p) => p.join_date?.startsWith('2022'))).toHaveLength(17);
  });

  it('has 26 schools whose secretary is also the principal at the end of 2022, and real gaps today', async () => {
    const db = t.ctx.db;
    const partyOrgs = await db.selectFrom('org_units').select('id').where('kind', 'in', ['committee', 'general_branch', 'branch']).execute();
    const roles2022 = await dutyRolesAt(
      db,
      partyOrgs.map((o) => o.id),
      '2022-12-31',
    );
    const dualSchools = new Set(roles2022.filter((r) => r.dualRole && r.schoolId !== null).map((r) => r.schoolId));
    expect(dualSchools.size).toBe(26);
    expect(roles2022.filter((r) => r.vacancies.includes('first_responsible'))).toHaveLength(0);
    const today = await dutyRolesAt(
      db,
      partyOrgs.map((o) => o.id),
      '2026-11-28',
    );
    expect(today.filter((r) => r.vacancies.includes('first_responsible')).map((r) => r.orgName)).toEqual(['第一中学第二党支部']);
    expect(today.filter((r) => r.vacancies.includes('direct_responsible')).map((r) => r.orgName)).toContain('第十二小学党支部');
    const liu = await db.selectFrom('people').select(['name', 'pinyin_initials']).where('code', '=', 'P00001').executeTakeFirstOrThrow();
    expect(liu).toEqual({ name: '刘莹', pinyin_initials: 'ly' });
  });

  it('is removed in one click, leaving an empty tree', async () => {
    const c = await t.as('committee_admin', null);
    expect((await c.get('/api/v1/meta')).json().demo).toBe(true);
    const res = await c.delete('/api/v1/demo');
    expect(res.statusCode).toBe(200);
    expect(await t.ctx.db.selectFrom('org_units').select('id').execute()).toHaveLength(0);
    expect(await t.ctx.db.selectFrom('people').select('id').execute()).toHaveLength(0);
    expect((await c.get('/api/v1/meta')).json().demo).toBe(false);
  });
});
