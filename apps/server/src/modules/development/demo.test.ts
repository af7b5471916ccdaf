import { memberStateAt } from '@taizhang/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import { loadDemo } from '../demo/service.ts';
import { type PastStep, probationEnd, stageIndex } from './rules.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  expect(await loadDemo(t.ctx)).toBe(true);
});
afterAll(async () => {
  await t.close();
});

describe('development demo (2022)', () => {
  it('reproduces the seed: 70 activists, 17 probationary members, 63 + 5 honours, 148 ethics teachers', async () => {
    const db = t.ctx.db;
    const steps = await db.selectFrom('development_steps').selectAll().execute();
    const in2022 = (stage: string) => new Set(steps.filter((s) => s.stage === stage && s.date.startsWith('2022')).map((s) => s.person_id));
    expect(in2022('activist').size).toBe(70);
    const prob = in2022('probationary');
    expect(prob.size).toBe(17);
    const joined2022 = await db.selectFrom('people').select(['id', 'join_date']).where('join_date', 'like', '2022%').execute();
    expect(new Set(joined2022.map((p) => p.id))).toEqual(prob);

    const honours = await db.selectFrom('honours').selectAll().where('year', '=', 2022).execute();
    const people = honours.filter((h) => h.target_type === 'person' && ['excellent_member', 'excellent_party_worker'].includes(h.category_code));
    expect(people).toHaveLength(63);
    expect(new Set(people.map((h) => h.person_id)).size).toBe(63);
    expect(honours.filter((h) => h.category_code === 'advanced_party_org' && h.target_type === 'org')).toHaveLength(5);
    expect(new Set(honours.filter((h) => h.category_code === 'ethics_model_teacher').map((h) => h.person_id)).size).toBe(148);

    const c = await t.as('committee_admin', null);
    const committee = await db.selectFrom('org_units').select('id').where('kind', '=', 'committee').executeTakeFirstOrThrow();
    const stats = (await c.get(`/api/v1/development/stats?orgId=${committee.id}&year=2022`)).json();
    expect(stats.activists.count).toBe(70);
    expect(stats.probationary.count).toBe(17);
    const hs = (await c.get(`/api/v1/honours/stats?orgId=${committee.id}&year=2022`)).json().items as {
      categoryCode: string;
      honours: number;
      targets: number;
    }[];
    expect(Object.fromEntries(hs.map((i) => [i.categoryCode, i.targets]))).toEqual({
      excellent_member: 48,
      excellent_party_worker: 15,
      advanced_party_org: 5,
      ethics_model_teacher: 148,
    });
  });

  it('gives everybody who joined in or after 2022 a history that agrees with the person record', async () => {
    const db = t.ctx.db;
    const steps = await db.selectFrom('development_steps').selectAll().orderBy('person_id').orderBy('date').execute();
    const people = await db.selectFrom('people').select(['id', 'birth_date', 'join_date', 'conversion_date']).where('join_date', '>=', '2022-01-01').execute();
    expect(people).toHaveLength(31);
    for (const p of people) {
      const mine = steps.filter((s) => s.person_id === p.id);
      const past: PastStep[] = mine.map((s) => ({ stage: s.stage as PastStep['stage'], date: s.date }));
      const byStage = new Map(past.map((s) => [s.stage, s.date]));
      // stages in order, dates in order
      expect(past.map((s) => stageIndex(s.stage))).toEqual([...past.map((s) => stageIndex(s.stage))].sort((a, b) => a - b));
      if (p.join_date && p.join_date <= '2026-03-02') expect(byStage.get('probationary')).toBe(p.join_date);
      if (p.conversion_date && p.conversion_date <= '2026-03-02') expect(byStage.get('full')).toBe(p.conversion_date);
      const candidate = byStage.get('candidate');
      const activist = byStage.get('activist');
      if (candidate && activist) expect(candidate >= probationEnd(activist, 0)).toBe(true);
      expect(activist?.startsWith('2022')).toBe(false);
      // Overrides appear only where the person record converts before the anniversary.
      for (const s of mine.filter((x) => x.override_reason)) {
        expect(s.stage).toBe('full');
        expect(s.date < probationEnd(p.join_date as string)).toBe(true);
      }
    }
    const members2022 = await db.selectFrom('people').select(['join_date', 'conversion_date']).execute();
    expect(members2022.filter((p) => memberStateAt({ joinDate: p.join_date, conversionDate: p.conversion_date }, '2022-12-31') !== null)).toHaveLength(465);
  });

  it('is removed with the demo', async () => {
    const c = await t.as('committee_admin', null);
    expect((await c.delete('/api/v1/demo')).statusCode).toBe(200);
    for (const table of ['development_steps', 'development_dual_flags', 'honours', 'training_programmes', 'training_hours'] as const)
      expect(await t.ctx.db.selectFrom(table).select('id').execute(), table).toHaveLength(0);
  });
});
