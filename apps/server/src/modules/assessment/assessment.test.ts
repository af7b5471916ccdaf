import { DEFAULT_THRESHOLDS, FAIL_GRADE, gradeOf } from '@taizhang/shared/schemas/assessment';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import { loadDemo } from '../demo/service.ts';
import { ledgerRate } from './score.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

let seq = 0;
async function themeDays(orgId: number, months: number[], year = 2022) {
  const type = await t.ctx.db.selectFrom('activity_types').select('id').where('code', '=', 'theme_party_day').executeTakeFirstOrThrow();
  const now = '2022-12-31T00:00:00.000Z';
  const rows = months.map((m) => ({
    code: `TPD${++seq}`,
    org_id: orgId,
    type_id: type.id,
    date: `${year}-${String(m).padStart(2, '0')}-15`,
    topic: '主题党日',
    extra_json: '{}',
    status: 'approved',
    backfill: 0,
    imported: 0,
    locked: 0,
    is_demo: 0,
    version: 1,
    created_at: now,
    updated_at: now,
  }));
  const ids = [];
  for (const r of rows) ids.push((await t.ctx.db.insertInto('activities').values(r).returning('id').executeTakeFirstOrThrow()).id);
  return ids;
}

/** A one-category system: the monthly theme party day (12 points) and a manual indicator (8 points). */
const SMALL = [
  {
    code: 'org',
    name: '组织生活',
    weight: 100,
    indicators: [
      { code: 'theme', name: '每月主题党日', maxPoints: 12, criteria: '', measure: { source: 'ledger', type_code: 'theme_party_day', per: 'month', min: 1 } },
      { code: 'manual', name: '其他工作', maxPoints: 8, criteria: '', measure: { source: 'manual' } },
    ],
  },
];

async function setup(categories: unknown = SMALL) {
  const d = await t.f.district();
  const committee = await t.as('committee_admin', d.committee.id);
  const sys = await committee.post('/api/v1/evaluations/systems', { year: 2022, orgId: d.committee.id, ...(categories ? { categories } : {}) });
  expect(sys.statusCode).toBe(201);
  return { d, committee, system: sys.json() as { id: number; version: number } };
}

async function open(committee: Awaited<ReturnType<TestApp['as']>>, committeeId: number) {
  const res = await committee.post('/api/v1/evaluations/open', { year: 2022, orgId: committeeId });
  expect(res.statusCode).toBe(200);
  const list = (await committee.get(`/api/v1/evaluations?year=2022&orgId=${committeeId}`)).json() as {
    items: { id: number; orgId: number; version: number }[];
  };
  return list.items;
}

describe('assessment', () => {
  it('scores the theme party day from the records: every month full points, missing months proportionally', async () => {
    const { d, committee } = await setup();
    const fullIds = await themeDays(d.branchA.id, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    await themeDays(d.branchB.id, [1, 2, 4, 5, 6, 8, 9, 10, 11, 12]); // March and July missed
    await themeDays(d.branchB.id, [5]); // a second one in May does not make up for March
    const cards = await open(committee, d.committee.id);
    expect(cards).toHaveLength(2);
    const a = (await committee.get(`/api/v1/evaluations/${cards.find((c) => c.orgId === d.schoolA.id)?.id}`)).json();
    const b = (await committee.get(`/api/v1/evaluations/${cards.find((c) => c.orgId === d.schoolB.id)?.id}`)).json();
    const theme = (card: { scores: { code: string; autoPoints: number; sourceIds: number[]; autoDetail: { actual: number; target: number } }[] }) =>
      card.scores.find((s) => s.code === 'theme');
    expect(theme(a)?.autoPoints).toBe(12);
    expect(theme(a)?.sourceIds).toEqual(fullIds);
    expect(theme(b)?.autoPoints).toBe(10); // 10 of 12 months × 12 points
    expect(theme(b)?.autoDetail).toMatchObject({ actual: 10, target: 12 });
    expect(theme(b)?.sourceIds).toHaveLength(11);
    // a draft record does not count
    expect(a.total).toBe(60); // 12 of 20 points (manual not yet self-scored) → 60
  });

  it('ledgerRate: proportional to satisfied periods, averaged over branches (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.subarray([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), { minLength: 1, maxLength: 4 }), (branches) => {
        const recs = branches.map((months, b) => months.map((m, i) => ({ id: b * 100 + i, date: `2022-${String(m).padStart(2, '0')}-10` })));
        const r = ledgerRate(recs, { per: 'month', min: 1 }, 2022, '2022-12-31');
        const expected = branches.reduce((s, ms) => s + ms.length / 12, 0) / branches.length;
        expect(r.rate).toBeCloseTo(expected, 10);
      }),
    );
  });

  it('runs the flow: self-assessment with version check → submit → review with reasons (audited, history) → finalize with grade → locked', async () => {
    const { d, committee } = await setup();
    await themeDays(d.branchA.id, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const cards = await open(committee, d.committee.id);
    const cardA = cards.find((c) => c.orgId === d.schoolA.id);
    if (!cardA) throw new Error('no card');
    const school = await t.as('org_admin', d.schoolA.id);
    // auto indicators take no self points
    const bad = await school.patch(`/api/v1/evaluations/${cardA.id}/scores`, { version: cardA.version, scores: [{ code: 'theme', points: 3 }] });
    expect(bad.statusCode).toBe(400);
    // submit needs the manual indicator self-scored
    expect((await school.post(`/api/v1/evaluations/${cardA.id}/submit`, { version: cardA.version })).statusCode).toBe(400);
    const saved = await school.patch(`/api/v1/evaluations/${cardA.id}/scores`, {
      version: cardA.version,
      scores: [{ code: 'manual', points: 7, evidence: '会议纪要', links: ['https://example.org/a.pdf'] }],
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().total).toBe(95);
    const stale = await school.patch(`/api/v1/evaluations/${cardA.id}/scores`, { version: cardA.version, scores: [{ code: 'manual', points: 6 }] });
    expect(stale.statusCode).toBe(409);
    // the school may not review itself
    expect((await school.post(`/api/v1/evaluations/${cardA.id}/review`, { version: saved.json().version, adjustments: [] })).statusCode).toBe(403);
    const sub = await school.post(`/api/v1/evaluations/${cardA.id}/submit`, { version: saved.json().version });
    expect(sub.statusCode).toBe(200);
    expect(sub.json().status).toBe('submitted');
    // a reason is required
    const noReason = await committee.post(`/api/v1/evaluations/${cardA.id}/review`, {
      version: sub.json().version,
      adjustments: [{ code: 'manual', points: 5 }],
    });
    expect(noReason.statusCode).toBe(400);
    const blank = await committee.post(`/api/v1/evaluations/${cardA.id}/review`, {
      version: sub.json().version,
      adjustments: [{ code: 'manual', points: 5, reason: ' ' }],
    });
    expect(blank.statusCode).toBe(400);
    const rev = await committee.post(`/api/v1/evaluations/${cardA.id}/review`, {
      version: sub.json().version,
      adjustments: [{ code: 'manual', points: 5, reason: '佐证材料不充分' }],
    });
    expect(rev.statusCode).toBe(200);
    const manual = rev.json().scores.find((s: { code: string }) => s.code === 'manual');
    expect(manual).toMatchObject({ selfPoints: 7, reviewPoints: 5, reviewReason: '佐证材料不充分', points: 5 });
    expect(manual.adjustments).toEqual([expect.objectContaining({ fromPoints: 7, toPoints: 5, reason: '佐证材料不充分' })]);
    expect(rev.json().total).toBe(85);
    const audit = await t.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'assessment.review').where('result', '=', 'ok').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].after_json).toContain('佐证材料不充分');
    // a second adjustment keeps the history
    const rev2 = await committee.post(`/api/v1/evaluations/${cardA.id}/review`, {
      version: rev.json().version,
      adjustments: [{ code: 'theme', points: 11, reason: '一次记录不规范' }],
    });
    expect(rev2.json().total).toBe(80);
    const fin = await committee.post(`/api/v1/evaluations/${cardA.id}/finalize`, { version: rev2.json().version });
    expect(fin.statusCode).toBe(200);
    expect(fin.json()).toMatchObject({ status: 'finalized', total: 80, grade: '良好' });
    // locked
    expect(
      (await school.patch(`/api/v1/evaluations/${cardA.id}/scores`, { version: fin.json().version, scores: [{ code: 'manual', points: 8 }] })).statusCode,
    ).toBe(409);
    expect((await committee.post(`/api/v1/evaluations/${cardA.id}/review`, { version: fin.json().version, adjustments: [] })).statusCode).toBe(409);
    // export
    const x = await committee.get(`/api/v1/evaluations/export?orgId=${d.committee.id}&year=2022`);
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
  });

  it('return: the committee sends a submitted scorecard back with a reason; the school revises and resubmits', async () => {
    const { d, committee } = await setup();
    const cards = await open(committee, d.committee.id);
    const card = cards.find((c) => c.orgId === d.schoolA.id);
    if (!card) throw new Error('no card');
    const school = await t.as('org_admin', d.schoolA.id);
    const saved = (await school.patch(`/api/v1/evaluations/${card.id}/scores`, { version: card.version, scores: [{ code: 'manual', points: 8 }] })).json();
    // nothing to return while the school is still self-assessing
    expect((await committee.post(`/api/v1/evaluations/${card.id}/return`, { version: saved.version, reason: '请补充材料' })).statusCode).toBe(409);
    const sub = (await school.post(`/api/v1/evaluations/${card.id}/submit`, { version: saved.version })).json();
    expect(sub.returnReason).toBeNull();
    const rev = (
      await committee.post(`/api/v1/evaluations/${card.id}/review`, { version: sub.version, adjustments: [{ code: 'manual', points: 4, reason: '材料不足' }] })
    ).json();
    // the school may not return its own scorecard; a reason is required
    expect((await school.post(`/api/v1/evaluations/${card.id}/return`, { version: rev.version, reason: '自己退回' })).statusCode).toBe(403);
    expect((await committee.post(`/api/v1/evaluations/${card.id}/return`, { version: rev.version, reason: ' ' })).statusCode).toBe(400);
    expect((await committee.post(`/api/v1/evaluations/${card.id}/return`, { version: rev.version - 1, reason: '请补充材料' })).statusCode).toBe(409);
    const ret = await committee.post(`/api/v1/evaluations/${card.id}/return`, { version: rev.version, reason: '请补充会议纪要' });
    expect(ret.statusCode).toBe(200);
    const manual = ret.json().scores.find((s: { code: string }) => s.code === 'manual');
    expect(ret.json()).toMatchObject({ status: 'self_assessment', returnReason: '请补充会议纪要' });
    expect(ret.json().returnedAt).toBeTruthy();
    // this round's adjustment no longer counts, its history stays
    expect(manual).toMatchObject({ selfPoints: 8, reviewPoints: null, points: 8 });
    expect(manual.adjustments).toHaveLength(1);
    const audit = await t.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'assessment.return').where('result', '=', 'ok').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].after_json).toContain('请补充会议纪要');
    const listed = (await school.get('/api/v1/evaluations?year=2022')).json().items[0];
    expect(listed).toMatchObject({ status: 'self_assessment', returnReason: '请补充会议纪要' });
    const again = await school.patch(`/api/v1/evaluations/${card.id}/scores`, {
      version: ret.json().version,
      scores: [{ code: 'manual', points: 7, evidence: '补充会议纪要4份' }],
    });
    expect(again.statusCode).toBe(200);
    expect((await school.post(`/api/v1/evaluations/${card.id}/submit`, { version: again.json().version })).json().status).toBe('submitted');
  });

  it('a school sees only its own scorecard (404 for others) and not the ranking (403); the committee sees the ranking', async () => {
    const { d, committee } = await setup();
    await themeDays(d.branchB.id, [1, 2, 3, 4, 5, 6]);
    const cards = await open(committee, d.committee.id);
    const a = cards.find((c) => c.orgId === d.schoolA.id);
    const b = cards.find((c) => c.orgId === d.schoolB.id);
    const school = await t.as('org_admin', d.schoolA.id);
    expect((await school.get(`/api/v1/evaluations/${a?.id}`)).statusCode).toBe(200);
    expect((await school.get(`/api/v1/evaluations/${b?.id}`)).statusCode).toBe(404);
    expect((await school.patch(`/api/v1/evaluations/${b?.id}/scores`, { version: 1, scores: [{ code: 'manual', points: 1 }] })).statusCode).toBe(404);
    const list = (await school.get(`/api/v1/evaluations?year=2022`)).json();
    expect(list.items.map((i: { orgId: number }) => i.orgId)).toEqual([d.schoolA.id]);
    expect((await school.get(`/api/v1/evaluations/ranking?orgId=${d.committee.id}&year=2022`)).statusCode).toBe(403);
    expect((await school.get(`/api/v1/evaluations/ranking?orgId=${d.schoolA.id}&year=2022`)).statusCode).toBe(403);
    const x = await school.get(`/api/v1/evaluations/export?orgId=${d.committee.id}&year=2022`);
    expect(x.statusCode).toBe(404);
    const rank = await committee.get(`/api/v1/evaluations/ranking?orgId=${d.committee.id}&year=2022`);
    expect(rank.statusCode).toBe(200);
    expect(rank.json().items.map((i: { orgId: number; rank: number }) => [i.orgId, i.rank])).toEqual([
      [d.schoolB.id, 1],
      [d.schoolA.id, 2],
    ]);
  });

  it('indicator systems: defaults, validation of weights, edits with version check, committee only', async () => {
    const { d, committee, system } = await setup(null);
    const got = (await committee.get(`/api/v1/evaluations/systems?orgId=${d.committee.id}&year=2022`)).json();
    expect(got.categories.map((c: { name: string }) => c.name)).toContain('组织生活（三会一课）');
    expect(got.categories.reduce((s: number, c: { weight: number }) => s + c.weight, 0)).toBe(100);
    const bad = await committee.patch(`/api/v1/evaluations/systems/${system.id}`, { version: system.version, categories: [{ ...SMALL[0], weight: 90 }] });
    expect(bad.statusCode).toBe(400);
    const ok = await committee.patch(`/api/v1/evaluations/systems/${system.id}`, {
      version: system.version,
      thresholds: [
        { grade: '优秀', min: 95 },
        { grade: '合格', min: 50 },
      ],
    });
    expect(ok.statusCode).toBe(200);
    expect((await committee.patch(`/api/v1/evaluations/systems/${system.id}`, { version: system.version, title: '另一个标题' })).statusCode).toBe(409);
    const school = await t.as('org_admin', d.schoolA.id);
    expect((await school.post('/api/v1/evaluations/systems', { year: 2023, orgId: d.committee.id })).statusCode).toBe(404);
    expect((await school.post('/api/v1/evaluations/open', { year: 2022, orgId: d.committee.id })).statusCode).toBe(404);
    expect((await committee.post('/api/v1/evaluations/systems', { year: 2022, orgId: d.committee.id })).statusCode).toBe(409);
    // the default system opens and auto-scores every source without records
    const cards = await open(committee, d.committee.id);
    const card = (await committee.get(`/api/v1/evaluations/${cards[0].id}`)).json();
    expect(card.scores.find((s: { code: string }) => s.code === 'tasks.on_time').autoPoints).toBe(10);
    expect(card.scores.find((s: { code: string }) => s.code === 'risk.incidents').autoPoints).toBe(5);
    expect(card.thresholds[0]).toEqual({ grade: '优秀', min: 95 });
  });

  it('grades follow the thresholds (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true }), (score) => {
        const g = gradeOf(score, DEFAULT_THRESHOLDS);
        const expected = score >= 90 ? '优秀' : score >= 80 ? '良好' : score >= 60 ? '合格' : FAIL_GRADE;
        expect(g).toBe(expected);
      }),
    );
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 100 }), (mins, score) => {
        const th = mins.map((m) => ({ grade: `G${m}`, min: m }));
        const g = gradeOf(score, th);
        const reached = mins.filter((m) => score >= m);
        expect(g).toBe(reached.length ? `G${Math.max(...reached)}` : FAIL_GRADE);
      }),
    );
  });

  it('demo: the 2022 assessment for the 28 schools, a mix of stages, several finalized with grades', async () => {
    await loadDemo(t.ctx);
    const cards = await t.ctx.db.selectFrom('assessment_scorecards').selectAll().where('year', '=', 2022).execute();
    expect(cards).toHaveLength(28);
    const by = (s: string) => cards.filter((c) => c.status === s).length;
    expect(by('self_assessment')).toBeGreaterThan(0);
    expect(by('submitted')).toBeGreaterThan(0);
    expect(by('reviewed')).toBeGreaterThan(0);
    expect(by('finalized')).toBeGreaterThanOrEqual(5);
    for (const c of cards.filter((x) => x.status === 'finalized')) expect(['优秀', '良好', '合格', '不合格']).toContain(c.grade);
    const auto = await t.ctx.db
      .selectFrom('assessment_scores')
      .select(['auto_points', 'source_ids'])
      .where('indicator_code', '=', 'org_life.theme_day')
      .execute();
    expect(auto.some((a) => Number(a.auto_points) > 0 && JSON.parse(a.source_ids).length > 0)).toBe(true);
    const adj = await t.ctx.db.selectFrom('assessment_adjustments').selectAll().execute();
    expect(adj.length).toBeGreaterThan(0);
    expect(adj.every((a) => a.reason.length > 0)).toBe(true);
  }, 120_000);
});
