import { afterAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import { buildReport } from '../report/service.ts';
import { loadDemo } from './service.ts';

const apps: TestApp[] = [];
afterAll(async () => {
  for (const a of apps) await a.close();
});

/** What a 2022 view of the demo district shows: every report figure, and each duty's evaluated status. */
async function district2022(loadedAt: string) {
  const t = await createTestApp();
  apps.push(t);
  t.clock.set(loadedAt);
  expect(await loadDemo(t.ctx)).toBe(true);
  const committee = await t.ctx.db.selectFrom('org_units').select('id').where('kind', '=', 'committee').executeTakeFirstOrThrow();
  const report = await buildReport(t.ctx.db, committee.id, 2022);
  const duties = await t.ctx.db
    .selectFrom('duties as d')
    .innerJoin('org_units as o', 'o.id', 'd.org_id')
    .select(['o.code', 'd.role', 'd.person_id', 'd.status'])
    .where('d.year', '=', 2022)
    .orderBy('d.id')
    .execute();
  const activities = await t.ctx.db
    .selectFrom('activities')
    .select(['code', 'org_id', 'type_id', 'date', 'topic', 'status'])
    .where('date', '<=', '2022-12-31')
    .orderBy('id')
    .execute();
  return { figures: report.figures, duties, activities };
}

describe('demo district', () => {
  it('is the same 2022 district whatever the day it is loaded (the current year’s records shift nothing)', async () => {
    // One day apart (the last month's review states differ), and in another year (one more year of records).
    const a = await district2022('2026-12-02T02:00:00.000Z');
    const b = await district2022('2026-12-03T17:00:00.000Z');
    const c = await district2022('2027-02-10T02:00:00.000Z');
    expect(a.duties.length).toBeGreaterThan(800);
    expect(a.activities.length).toBeGreaterThan(1000);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  }, 300_000);
});
