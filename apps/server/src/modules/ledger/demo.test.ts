import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import { loadDemo } from '../demo/service.ts';
import { computeCompliance } from './compliance.ts';

let t: TestApp;
let committeeId: number;
beforeAll(async () => {
  t = await createTestApp();
  // The demo is seeded "today" at the end of November 2026, as the seed's district sees it.
  t.clock.set('2026-11-20T02:00:00.000Z');
  expect(await loadDemo(t.ctx)).toBe(true);
  committeeId = (await t.ctx.db.selectFrom('org_units').select('id').where('kind', '=', 'committee').executeTakeFirstOrThrow()).id;
}, 240_000);
afterAll(async () => {
  await t.close();
});

const COUNTED = ['submitted', 'approved'];
const under = () => t.ctx.db.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', committeeId);

describe('ledger demo (the seed’s 2022 facts)', () => {
  it('every one of the 465 members attended a study activity in 2022 while a member', async () => {
    const rows = await t.ctx.db
      .selectFrom('activities as a')
      .innerJoin('activity_types as ty', 'ty.id', 'a.type_id')
      .innerJoin('activity_attendance as aa', 'aa.activity_id', 'a.id')
      .innerJoin('people as p', 'p.id', 'aa.person_id')
      .select('p.id')
      .distinct()
      .where('ty.is_study', '=', 1)
      .where('a.status', 'in', COUNTED)
      .where('a.date', '>=', '2022-01-01')
      .where('a.date', '<=', '2022-12-31')
      .where('a.org_id', 'in', under())
      .where('aa.status', '=', 'present')
      .where(sql<boolean>`p.join_date is not null and p.join_date <= a.date`)
      .execute();
    expect(rows).toHaveLength(465);
  });

  it('has the 18 March lecture by 刘莹, 1,844 copies of materials, red-site visits and 27 trained secretaries', async () => {
    const db = t.ctx.db;
    const lectures = await db
      .selectFrom('activities as a')
      .innerJoin('activity_types as ty', 'ty.id', 'a.type_id')
      .select(['a.date', 'a.speaker', 'a.topic', 'a.org_id', 'a.id'])
      .where('ty.code', '=', 'special_lecture')
      .where('a.date', '>=', '2022-01-01')
      .where('a.date', '<=', '2022-12-31')
      .execute();
    expect(lectures.map(({ date, speaker, topic }) => ({ date, speaker, topic }))).toEqual([
      { date: '2022-03-18', speaker: '刘莹', topic: '《全面依法治国必须全面依规从严治党》' },
    ]);
    expect(lectures[0].org_id).toBe(committeeId);
    const audience = await db
      .selectFrom('activity_attendance')
      .select('id')
      .where('activity_id', '=', lectures[0].id)
      .where('status', '=', 'present')
      .execute();
    expect(audience.length).toBeGreaterThan(60);

    const copies = await db
      .selectFrom('study_materials')
      .select((eb) => eb.fn.sum<number>('copies').as('n'))
      .where('org_id', 'in', under())
      .where('order_date', '>=', '2022-01-01')
      .where('order_date', '<=', '2022-12-31')
      .executeTakeFirstOrThrow();
    expect(Number(copies.n)).toBe(1844);

    const visits = await db
      .selectFrom('activities as a')
      .innerJoin('activity_types as ty', 'ty.id', 'a.type_id')
      .select('a.id')
      .where('ty.code', '=', 'red_site_visit')
      .where('a.date', '>=', '2022-01-01')
      .where('a.date', '<=', '2022-12-31')
      .execute();
    expect(visits.length).toBeGreaterThanOrEqual(30);

    // trained_secretaries: 党支部书记/党总支书记 posts of orgs under public schools at year end, ≥ 2 轮训 attendances.
    const publicOrgs = db
      .selectFrom('org_closure as sc')
      .innerJoin('org_units as s', 's.id', 'sc.ancestor_id')
      .select('sc.descendant_id')
      .where('s.kind', 'in', ['school', 'kindergarten'])
      .where('s.ownership', '=', '公办');
    const secretaries = (
      await db
        .selectFrom('person_posts as pp')
        .select('pp.person_id')
        .distinct()
        .where('pp.post', 'in', ['党支部书记', '党总支书记'])
        .where('pp.org_id', 'in', publicOrgs)
        .where(sql<boolean>`(pp.start_date is null or pp.start_date <= '2022-12-31') and (pp.end_date is null or pp.end_date >= '2022-12-31')`)
        .execute()
    ).map((r) => r.person_id);
    expect(secretaries).toHaveLength(31);
    const counts = await db
      .selectFrom('activities as a')
      .innerJoin('activity_types as ty', 'ty.id', 'a.type_id')
      .innerJoin('activity_attendance as aa', 'aa.activity_id', 'a.id')
      .select(['aa.person_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('ty.code', '=', 'rotation_training')
      .where('a.status', 'in', COUNTED)
      .where('a.date', '>=', '2022-01-01')
      .where('a.date', '<=', '2022-12-31')
      .where('aa.status', '=', 'present')
      .where('aa.person_id', 'in', secretaries)
      .groupBy('aa.person_id')
      .execute();
    expect(counts.filter((c) => Number(c.n) >= 2)).toHaveLength(27);
  });

  it('keeps 2022 approved, recent records in review, and a reasonable volume', async () => {
    const db = t.ctx.db;
    const all = await db.selectFrom('activities').select(['status', 'date', 'is_demo']).execute();
    expect(all.length).toBeLessThan(6000);
    expect(all.every((a) => a.is_demo === 1)).toBe(true);
    expect(all.filter((a) => a.date.startsWith('2022')).every((a) => a.status === 'approved')).toBe(true);
    expect(all.some((a) => a.status === 'submitted')).toBe(true);
    expect(all.some((a) => a.status === 'draft')).toBe(true);
    expect(all.every((a) => a.date <= '2026-11-20')).toBe(true);
  });

  it('shows red on the 2022 compliance calendar for the branches that are behind, and green elsewhere', async () => {
    const grid = await computeCompliance(t.ctx.db, { orgId: committeeId, year: 2022, today: '2026-11-20', dueSoonDays: 14 });
    const overdue = new Set(grid.cells.filter((c) => c.status === 'overdue' && c.ruleCode === 'committee_meeting_monthly').map((c) => c.orgId));
    expect(overdue.size).toBe(3);
    const rotation = grid.cells.filter((c) => c.ruleCode === 'rotation_training_secretary');
    expect(rotation).toHaveLength(31);
    expect(rotation.filter((c) => c.status === 'done')).toHaveLength(27);
    const top = grid.rollup.find((r) => r.orgId === committeeId);
    expect(top?.percent).toBeGreaterThan(90);
    expect(top?.percent).toBeLessThan(100);
    expect(grid.cells.filter((c) => c.ruleCode === 'integrity_meeting_semester').map((c) => c.status)).toEqual(['done', 'done']);
  });

  it('is removed with the demo', async () => {
    const c = await t.as('committee_admin', null);
    expect((await c.delete('/api/v1/demo')).statusCode).toBe(200);
    expect(await t.ctx.db.selectFrom('activities').select('id').execute()).toHaveLength(0);
    expect(await t.ctx.db.selectFrom('study_materials').select('id').execute()).toHaveLength(0);
  });
});
