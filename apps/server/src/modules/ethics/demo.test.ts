import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import { loadDemo } from '../demo/service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  expect(await loadDemo(t.ctx)).toBe(true);
});
afterAll(async () => {
  await t.close();
});

describe('ethics demo', () => {
  it('has 28 schools with a mechanism in force in 2022 and 2022 pledges', async () => {
    const db = t.ctx.db;
    const committee = await db.selectFrom('org_units').select('id').where('kind', '=', 'committee').executeTakeFirstOrThrow();
    // ethics_mechanism_schools(2022), as the report defines it
    const rows = await db
      .selectFrom('ethics_mechanisms as m')
      .innerJoin('org_closure as sc', 'sc.descendant_id', 'm.org_id')
      .innerJoin('org_units as s', 's.id', 'sc.ancestor_id')
      .innerJoin('org_closure as oc', 'oc.descendant_id', 's.id')
      .select('s.id')
      .distinct()
      .where('oc.ancestor_id', '=', committee.id)
      .where('s.kind', 'in', ['school', 'kindergarten'])
      .where('m.effective_from', '<=', '2022-12-31')
      .where((eb) => eb.or([eb('m.effective_to', 'is', null), eb('m.effective_to', '>=', '2022-01-01')]))
      .execute();
    expect(rows).toHaveLength(28);
    const admin = await t.as('committee_admin', null);
    const cov = (await admin.get(`/api/v1/ethics/mechanisms/coverage?orgId=${committee.id}&year=2022`)).json();
    expect(cov).toMatchObject({ schools: 28, withMechanism: 28, missing: [] });
    const status = (await admin.get(`/api/v1/ethics/pledges/status?orgId=${committee.id}&year=2022`)).json().items as { teachers: number; signed: number }[];
    expect(status).toHaveLength(28);
    const signed = status.reduce((n, s) => n + s.signed, 0);
    expect(signed).toBeGreaterThan(1500);
    expect(status.every((s) => s.signed <= s.teachers)).toBe(true);
  });

  it('has one closed case that committee administrators cannot see, but a discipline officer can', async () => {
    const admin = await t.as('committee_admin', null);
    expect((await admin.get('/api/v1/ethics/cases')).json().total).toBe(0);
    const demoCase = await t.ctx.db.selectFrom('ethics_cases').select(['id', 'stage']).executeTakeFirstOrThrow();
    expect(demoCase.stage).toBe('closed');
    expect((await admin.get(`/api/v1/ethics/cases/${demoCase.id}`)).statusCode).toBe(404);
    const officer = await t.as('discipline_officer', null);
    expect((await officer.get(`/api/v1/ethics/cases/${demoCase.id}`)).statusCode).toBe(200);
  });
});
