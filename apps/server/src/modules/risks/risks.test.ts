import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import { TEST_PASSWORD } from '../../test/factories.ts';
import { addPost, createPerson } from '../people/service.ts';
import { addGrant, createUser } from '../users/service.ts';
import { defaultLevel } from './migration.ts';
import { levelOf, levelRank, loadMatrix } from './risks.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const risk = (orgId: number, extra: Record<string, unknown> = {}) => ({
  orgId,
  category: '网络与新媒体',
  description: '班级微信群管理不规范',
  likelihood: 2,
  impact: 2,
  ...extra,
});

/** A secretary (first responsible person) of `branchId` with an account linked to the person. */
async function secretaryOf(schoolId: number, branchId: number, code: string) {
  const ctx = t.ctx;
  const p = await createPerson(ctx, ctx.db, null, {
    code,
    name: `书记${code}`,
    unitId: schoolId,
    partyOrgId: branchId,
    politicalStatus: '中共党员',
    joinDate: '2005-06-01',
    conversionDate: '2006-06-01',
  });
  await addPost(ctx, ctx.db, p.id, branchId, '党支部书记', '2020-01-01');
  const username = `sec${code.toLowerCase()}`;
  const { user } = await createUser(ctx, ctx.db, { username, displayName: p.name, password: TEST_PASSWORD, personId: p.id });
  await addGrant(ctx, ctx.db, user.id, 'org_admin', schoolId);
  return { person: p, user, client: await t.login(username, TEST_PASSWORD) };
}

describe('risk register', () => {
  it('rates on the matrix and keeps every rating change as history', async () => {
    const { schoolA } = await t.f.district();
    const a = await t.as('org_admin', schoolA.id);
    const created = await a.post('/api/v1/risks', risk(schoolA.id, { measures: [{ text: '明确群主责任', dueDate: '2026-04-01' }] }));
    expect(created.statusCode, created.body).toBe(201);
    const r = created.json();
    expect(r).toMatchObject({ level: '低', status: 'identified', version: 1 });
    expect(r.code).toMatch(/^FX-/);

    const up = await a.post(`/api/v1/risks/${r.id}/rating`, { version: 1, likelihood: 4, impact: 4, reason: '舆情多发' });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json()).toMatchObject({ level: '重大', likelihood: 4, impact: 4, version: 2 });
    const stale = await a.post(`/api/v1/risks/${r.id}/rating`, { version: 1, likelihood: 1, impact: 1 });
    expect(stale.statusCode).toBe(409);
    const res = await a.post(`/api/v1/risks/${r.id}/rating`, { version: 2, residualLikelihood: 2, residualImpact: 3 });
    expect(res.json()).toMatchObject({ residualLevel: '一般', level: '重大' });

    const detail = (await a.get(`/api/v1/risks/${r.id}`)).json();
    expect(
      detail.ratings.map((h: { kind: string; level: string; previousLevel: string | null; source: string }) => [h.kind, h.level, h.previousLevel, h.source]),
    ).toEqual([
      ['inherent', '低', null, 'create'],
      ['inherent', '重大', '低', 'rerate'],
      ['residual', '一般', null, 'rerate'],
    ]);
    expect(detail.ratings[1].reason).toBe('舆情多发');

    // Level filter.
    expect((await a.get('/api/v1/risks?level=重大')).json().items.map((x: { id: number }) => x.id)).toEqual([r.id]);
    expect((await a.get('/api/v1/risks?level=低')).json().items).toEqual([]);
  });

  it('a matrix change re-levels existing risks with history (top level only)', async () => {
    const { committee, schoolA } = await t.f.district();
    const a = await t.as('org_admin', schoolA.id);
    const r = (await a.post('/api/v1/risks', risk(schoolA.id, { likelihood: 3, impact: 3 }))).json();
    expect(r.level).toBe('一般');
    expect((await a.request('PUT', '/api/v1/risks/matrix', { cells: [{ likelihood: 3, impact: 3, level: '较大' }] })).statusCode).toBe(403);
    const c = await t.as('committee_admin', committee.id);
    const put = await c.request('PUT', '/api/v1/risks/matrix', { cells: [{ likelihood: 3, impact: 3, level: '较大' }] });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().relevelled).toBe(1);
    const detail = (await a.get(`/api/v1/risks/${r.id}`)).json();
    expect(detail.level).toBe('较大');
    expect(detail.ratings.at(-1)).toMatchObject({ source: 'matrix', level: '较大', previousLevel: '一般' });
  });

  it('refuses unknown categories and illegal status moves', async () => {
    const { schoolA } = await t.f.district();
    const a = await t.as('org_admin', schoolA.id);
    const bad = await a.post('/api/v1/risks', risk(schoolA.id, { category: '不存在' }));
    expect(bad.statusCode).toBe(400);
    const r = (await a.post('/api/v1/risks', risk(schoolA.id))).json();
    const closed = await a.patch(`/api/v1/risks/${r.id}`, { version: 1, status: 'closed' });
    expect(closed.json().status).toBe('closed');
    const back = await a.patch(`/api/v1/risks/${r.id}`, { version: 2, status: 'monitoring' });
    expect(back.statusCode).toBe(400);
  });

  it('the heat grid counts risks per matrix cell (inherent or residual), and a cell drills down the sorted list', async () => {
    const { schoolA, schoolB, committee } = await t.f.district();
    const a = await t.as('org_admin', schoolA.id);
    const mk = async (l: number, i: number, extra: Record<string, unknown> = {}) =>
      (await a.post('/api/v1/risks', risk(schoolA.id, { likelihood: l, impact: i, description: `风险 ${l}×${i} ${Math.random()}`, ...extra }))).json();
    const low = await mk(1, 2, { reviewDate: '2026-09-01' });
    const mid = await mk(3, 3);
    const high = await mk(4, 4, { category: '社团', reviewDate: '2026-05-01' });
    await mk(3, 3);
    await a.post(`/api/v1/risks/${high.id}/rating`, { version: high.version, residualLikelihood: 2, residualImpact: 2 });
    const b = await t.as('org_admin', schoolB.id);
    await b.post('/api/v1/risks', risk(schoolB.id, { likelihood: 5, impact: 5 }));

    const grid = await a.get('/api/v1/risks/heatmap');
    expect(grid.statusCode, grid.body).toBe(200);
    const g = grid.json();
    expect(g).toMatchObject({ rating: 'inherent', total: 4, unrated: 0 });
    expect(g.cells).toHaveLength(25);
    const cell = (x: typeof g, l: number, i: number) => x.cells.find((c: { likelihood: number; impact: number }) => c.likelihood === l && c.impact === i);
    expect(cell(g, 3, 3)).toMatchObject({ count: 2, level: '一般' });
    expect(cell(g, 4, 4)).toMatchObject({ count: 1, level: '重大' });
    expect(cell(g, 5, 5).count).toBe(0);
    expect(g.levels).toEqual([
      { level: '低', count: 1 },
      { level: '一般', count: 2 },
      { level: '较大', count: 0 },
      { level: '重大', count: 1 },
    ]);
    const residual = (await a.get('/api/v1/risks/heatmap?rating=residual')).json();
    expect(residual).toMatchObject({ rating: 'residual', total: 4, unrated: 3 });
    expect(cell(residual, 2, 2).count).toBe(1);
    expect((await a.get('/api/v1/risks/heatmap?category=社团')).json().total).toBe(1);
    const c = await t.as('committee_admin', committee.id);
    expect((await c.get('/api/v1/risks/heatmap')).json().total).toBe(5);
    expect((await b.get(`/api/v1/risks/heatmap?orgId=${schoolA.id}`)).statusCode).toBe(404);

    // Drill-down: one cell, and the orders.
    const ids = async (q: string) => (await a.get(`/api/v1/risks?${q}`)).json().items.map((x: { id: number }) => x.id);
    expect((await ids('likelihood=3&impact=3')).length).toBe(2);
    expect(await ids('likelihood=4&impact=4')).toEqual([high.id]);
    expect((await ids('sort=-score'))[0]).toBe(high.id);
    expect((await ids('sort=score'))[0]).toBe(low.id);
    expect((await ids('sort=reviewDate')).slice(0, 2)).toEqual([high.id, low.id]);
    expect((await ids('sort=-reviewDate')).slice(0, 2)).toEqual([low.id, high.id]);
    expect(await ids('sort=-code')).toEqual((await ids('sort=code')).reverse());
    expect(await ids('sort=code')).toContain(mid.id);
    expect((await a.get('/api/v1/risks?sort=level')).statusCode).toBe(400);
  });

  it('the default matrix: level grows with likelihood and impact (property)', async () => {
    const matrix = await loadMatrix(t.ctx.db);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        (l, i, dl, di) => {
          const level = levelOf(matrix, l, i);
          expect(level).toBe(defaultLevel(l, i));
          const l2 = Math.min(5, l + dl);
          const i2 = Math.min(5, i + di);
          expect(levelRank(levelOf(matrix, l2, i2))).toBeGreaterThanOrEqual(levelRank(level));
        },
      ),
    );
    expect(levelOf(matrix, 1, 1)).toBe('低');
    expect(levelOf(matrix, 5, 5)).toBe('重大');
  });
});

describe('研判 meetings', () => {
  it('freezes ratings as assessed, clears the overdue-review flag, and re-rates on a changed assessment', async () => {
    const { schoolA } = await t.f.district();
    t.clock.set('2026-03-02T02:00:00Z');
    const early = await t.as('org_admin', schoolA.id);
    const r1 = (await early.post('/api/v1/risks', risk(schoolA.id, { reviewDate: '2026-03-10' }))).json();
    const r2 = (await early.post('/api/v1/risks', risk(schoolA.id, { reviewDate: '2026-03-10', category: '社团' }))).json();
    expect((await early.get('/api/v1/risks?overdueReview=1')).json().items).toEqual([]);
    t.clock.set('2026-03-12T02:00:00Z');
    // (a new session: the first one expired while the clock moved on)
    const a = await t.as('org_admin', schoolA.id);
    const overdue = (await a.get('/api/v1/risks?overdueReview=1')).json().items.map((x: { id: number }) => x.id);
    expect(overdue.sort()).toEqual([r1.id, r2.id].sort());

    const rev = await a.post('/api/v1/risk-reviews', {
      orgId: schoolA.id,
      date: '2026-03-12',
      agenda: '研判本校意识形态风险',
      conclusions: '总体可控',
      items: [{ riskId: r1.id }, { riskId: r2.id, likelihood: 3, impact: 4, note: '社团外出交流增多' }],
    });
    expect(rev.statusCode, rev.body).toBe(201);
    const review = rev.json();
    expect(review.items.map((i: { level: string }) => i.level)).toEqual(['低', '较大']);
    const r2detail = (await a.get(`/api/v1/risks/${r2.id}`)).json();
    expect(r2detail.level).toBe('较大');
    expect(r2detail.ratings.at(-1).source).toBe('review');
    expect((await a.get('/api/v1/risks?overdueReview=1')).json().items).toEqual([]);

    // Re-rating later does not change what the meeting assessed.
    await a.post(`/api/v1/risks/${r1.id}/rating`, { version: (await a.get(`/api/v1/risks/${r1.id}`)).json().version, likelihood: 5, impact: 5 });
    const again = (await a.get(`/api/v1/risk-reviews/${review.id}`)).json();
    expect(again.items[0]).toMatchObject({ riskId: r1.id, likelihood: 2, impact: 2, level: '低' });
  });

  it('sign-off needs the first responsible person and their password; a wrong password is refused and audited', async () => {
    const { schoolA, branchA } = await t.f.district();
    const a = await t.as('org_admin', schoolA.id);
    const review = (await a.post('/api/v1/risk-reviews', { orgId: schoolA.id, date: '2026-03-01', agenda: '上半年研判' })).json();
    const sec = await secretaryOf(schoolA.id, branchA.id, 'SA1');

    const wrong = await sec.client.post(`/api/v1/risk-reviews/${review.id}/sign-off`, { password: 'not-my-password' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.details).toMatchObject({ reason: 'reauth_failed' });
    const denied = await t.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'risk_review.sign_off').where('result', '=', 'denied').execute();
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ actor_id: sec.user.id, entity_id: String(review.id), org_id: schoolA.id });
    expect(denied[0].after_json).toContain('reauth_failed');
    expect(denied[0].after_json).not.toContain('not-my-password');

    // The right password but not the first responsible person.
    const other = await a.post(`/api/v1/risk-reviews/${review.id}/sign-off`, { password: TEST_PASSWORD });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.details).toMatchObject({ reason: 'not_first_responsible' });

    const ok = await sec.client.post(`/api/v1/risk-reviews/${review.id}/sign-off`, { password: TEST_PASSWORD });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ signed: true, signedOffByPersonId: sec.person.id, signedOffByName: '书记SA1' });
    const okAudit = await t.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'risk_review.sign_off').where('result', '=', 'ok').execute();
    expect(okAudit).toHaveLength(1);

    expect((await a.patch(`/api/v1/risk-reviews/${review.id}`, { version: 2, conclusions: '改' })).statusCode).toBe(409);
    expect((await sec.client.post(`/api/v1/risk-reviews/${review.id}/sign-off`, { password: TEST_PASSWORD })).statusCode).toBe(409);
  });

  it('repeated wrong passwords are rate limited', async () => {
    const { schoolA, branchA } = await t.f.district();
    const a = await t.as('org_admin', schoolA.id);
    const review = (await a.post('/api/v1/risk-reviews', { orgId: schoolA.id, date: '2026-03-01', agenda: '研判' })).json();
    const sec = await secretaryOf(schoolA.id, branchA.id, 'SA2');
    for (let i = 0; i < 5; i++) expect((await sec.client.post(`/api/v1/risk-reviews/${review.id}/sign-off`, { password: `x${i}` })).statusCode).toBe(403);
    expect((await sec.client.post(`/api/v1/risk-reviews/${review.id}/sign-off`, { password: TEST_PASSWORD })).statusCode).toBe(429);
    t.clock.advanceMinutes(16);
    expect((await sec.client.post(`/api/v1/risk-reviews/${review.id}/sign-off`, { password: TEST_PASSWORD })).statusCode).toBe(200);
  });
});

describe('scope', () => {
  it("another school's administrator gets 404 on every record and sees none of them in lists", async () => {
    const { committee, schoolA, schoolB } = await t.f.district();
    const a = await t.as('org_admin', schoolA.id);
    const b = await t.as('org_admin', schoolB.id);
    const r = (await a.post('/api/v1/risks', risk(schoolA.id))).json();
    const review = (await a.post('/api/v1/risk-reviews', { orgId: schoolA.id, date: '2026-03-01', agenda: '研判', items: [{ riskId: r.id }] })).json();
    const inc = (
      await a.post('/api/v1/incidents', { orgId: schoolA.id, occurredAt: '2026-03-02T07:00:00Z', source: '家长群', summary: '传言', level: '一般' })
    ).json();
    const pos = (await a.post('/api/v1/positions', { orgId: schoolA.id, kind: 'wechat', name: '一小公众号' })).json();
    const item = (await a.post('/api/v1/content', { positionId: pos.id, title: '开学第一课' })).json();
    const disc = (
      await a.post('/api/v1/disclosures', { orgId: schoolA.id, category: '其他', title: '校务公开', disclosedOn: '2026-03-01', channel: '宣传栏' })
    ).json();

    for (const url of [
      `/api/v1/risks/${r.id}`,
      `/api/v1/risk-reviews/${review.id}`,
      `/api/v1/incidents/${inc.id}`,
      `/api/v1/positions/${pos.id}`,
      `/api/v1/content/${item.id}`,
      `/api/v1/risks?orgId=${schoolA.id}`,
      `/api/v1/incidents/stats?orgId=${schoolA.id}&year=2026`,
      `/api/v1/disclosures/missing?orgId=${schoolA.id}&year=2026`,
    ])
      expect((await b.get(url)).statusCode, url).toBe(404);
    expect((await b.patch(`/api/v1/risks/${r.id}`, { version: 1, description: 'x' })).statusCode).toBe(404);
    expect((await b.post(`/api/v1/risks/${r.id}/rating`, { version: 1, likelihood: 1, impact: 1 })).statusCode).toBe(404);
    expect((await b.post(`/api/v1/incidents/${inc.id}/events`, { note: 'x' })).statusCode).toBe(404);
    expect((await b.post(`/api/v1/content/${item.id}/submit`, { version: 1 })).statusCode).toBe(404);
    expect((await b.patch(`/api/v1/disclosures/${disc.id}`, { version: 1, title: 'x' })).statusCode).toBe(404);
    expect((await b.post('/api/v1/risks', risk(schoolA.id))).statusCode).toBe(404);
    expect((await b.post('/api/v1/risk-reviews', { orgId: schoolB.id, date: '2026-03-01', agenda: '研判', items: [{ riskId: r.id }] })).statusCode).toBe(400);

    for (const url of ['/api/v1/risks', '/api/v1/risk-reviews', '/api/v1/incidents', '/api/v1/positions', '/api/v1/content', '/api/v1/disclosures'])
      expect((await b.get(url)).json().items, url).toEqual([]);
    const c = await t.as('committee_admin', committee.id);
    for (const url of ['/api/v1/risks', '/api/v1/risk-reviews', '/api/v1/incidents', '/api/v1/positions', '/api/v1/content', '/api/v1/disclosures'])
      expect((await c.get(url)).json().items, url).toHaveLength(1);
    // An inspector reads but does not write.
    const insp = await t.as('inspector', committee.id);
    expect((await insp.get(`/api/v1/risks/${r.id}`)).statusCode).toBe(200);
    expect((await insp.post('/api/v1/risks', risk(schoolA.id))).statusCode).toBe(403);
  });
});
