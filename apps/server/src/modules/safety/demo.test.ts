import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import { loadDemo } from '../demo/service.ts';

let t: TestApp;
let committeeId: number;
beforeAll(async () => {
  t = await createTestApp();
  expect(await loadDemo(t.ctx)).toBe(true);
  committeeId = (await t.ctx.db.selectFrom('org_units').select('id').where('kind', '=', 'committee').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await t.close();
});

describe('online-safety demo', () => {
  it('has a completed 2022 screening in 26 schools covering more than 20,000 students', async () => {
    const db = t.ctx.db;
    // screened_schools / screened_students, as the report defines them
    const rows = await db
      .selectFrom('screenings as s')
      .select(['s.id', 's.org_id', 's.students_screened', 's.students_expected'])
      .where('s.status', '=', 'completed')
      .where('s.end_date', '>=', '2022-01-01')
      .where('s.end_date', '<=', '2022-12-31')
      .where('s.org_id', 'in', db.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', committeeId))
      .execute();
    expect(new Set(rows.map((r) => r.org_id)).size).toBe(26);
    const students = rows.reduce((n, r) => n + r.students_screened, 0);
    expect(students).toBeGreaterThanOrEqual(20000);
    expect(rows.every((r) => r.students_screened <= r.students_expected && r.students_screened >= r.students_expected * 0.98)).toBe(true);
    // per-class results add up to the screening's figures
    const results = await db.selectFrom('screening_results').selectAll().execute();
    for (const r of rows) {
      const mine = results.filter((x) => x.screening_id === r.id);
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.reduce((n, x) => n + x.screened, 0)).toBe(r.students_screened);
      expect(mine.reduce((n, x) => n + x.students, 0)).toBe(r.students_expected);
    }
    const admin = await t.as('committee_admin', null);
    const cov = (await admin.get(`/api/v1/online-safety/coverage?orgId=${committeeId}&year=2022`)).json();
    expect(cov.totals).toMatchObject({ schools: 28, schoolsScreened: 26, studentsScreened: students });
    expect(cov.totals.issuesResolved).toBeLessThanOrEqual(cov.totals.issuesFound);
    expect((await admin.get('/api/v1/online-safety/campaigns?year=2022')).json().total).toBe(1);
  });

  it('has bureau and school spot checks with a few rectifications, custody for boarders, and parent notices', async () => {
    const admin = await t.as('committee_admin', null);
    const summary = (await admin.get(`/api/v1/online-safety/spot-checks/summary?orgId=${committeeId}&year=2022`)).json().items as {
      school: { checks: number; rectified: number };
      bureau: { checks: number; rectified: number; open: number };
    }[];
    const sum = (f: (x: (typeof summary)[number]) => number) => summary.reduce((n, x) => n + f(x), 0);
    expect(sum((x) => x.bureau.checks)).toBe(10);
    expect(sum((x) => x.bureau.rectified)).toBe(3);
    expect(sum((x) => x.bureau.open)).toBe(1);
    expect(sum((x) => x.school.checks)).toBeGreaterThan(40);
    expect(sum((x) => x.school.rectified)).toBeGreaterThan(0);
    const custody = await t.ctx.db
      .selectFrom('phone_custody as p')
      .innerJoin('org_units as o', 'o.id', 'p.org_id')
      .select(['o.boarder_count'])
      .distinct()
      .execute();
    expect(custody.length).toBeGreaterThan(0);
    expect(custody.every((c) => (c.boarder_count ?? 0) > 0)).toBe(true);
    expect((await admin.get('/api/v1/online-safety/parent-notices?year=2022')).json().total).toBeGreaterThan(300);
    // no named students in the demo
    expect(await t.ctx.db.selectFrom('safety_followups').select('id').execute()).toHaveLength(0);
  });
});
