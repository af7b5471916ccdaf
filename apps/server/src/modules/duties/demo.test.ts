import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import { loadDemo } from '../demo/service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-11-20T02:00:00.000Z');
  expect(await loadDemo(t.ctx)).toBe(true);
}, 300_000);
afterAll(async () => {
  await t.close();
});

describe('duties demo (the 2022 list, instantiated and evaluated)', () => {
  it('has a realistic mix of met, unmet and exactly two vacant items (第十二小学党支部 has no direct responsible person)', async () => {
    const rows = await t.ctx.db
      .selectFrom('duties as d')
      .innerJoin('org_units as o', 'o.id', 'd.org_id')
      .select(['d.status', 'd.role', 'o.name', 'd.evaluated_at'])
      .where('d.year', '=', 2022)
      .execute();
    const by = (s: string) => rows.filter((r) => r.status === s).length;
    expect(by('met')).toBeGreaterThan(by('unmet'));
    expect(by('unmet')).toBeGreaterThan(0);
    expect(by('pending')).toBe(0);
    const vacant = rows.filter((r) => r.status === 'vacant');
    expect(vacant).toHaveLength(2);
    expect(vacant.every((v) => v.name.includes('第十二小学') && v.role === 'direct_responsible')).toBe(true);
    expect(by('breached')).toBeGreaterThanOrEqual(1);
  });

  it('the committee gap view is not empty and pledges are mostly signed', async () => {
    const committee = await t.ctx.db.selectFrom('org_units').select('id').where('kind', '=', 'committee').executeTakeFirstOrThrow();
    const c = await t.as('committee_admin', committee.id);
    const gaps = (await c.get(`/api/v1/duty-gaps?orgId=${committee.id}&year=2022`)).json();
    expect(gaps.unowned).toHaveLength(2);
    expect(gaps.unmet.length).toBeGreaterThan(0);
    expect(gaps.bySchool.length).toBeGreaterThan(20);
    const pledges = (await c.get(`/api/v1/pledges?orgId=${committee.id}&year=2022`)).json().items as { status: string }[];
    expect(pledges.filter((p) => p.status !== 'unsigned').length).toBeGreaterThan(pledges.length * 0.8);
  });
});
