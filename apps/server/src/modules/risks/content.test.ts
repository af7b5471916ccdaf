import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import { loadDemo } from '../demo/service.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

describe('three-step content review (三审三校)', () => {
  it('needs three different reviewers; one person in two steps is refused with a clear message', async () => {
    const { schoolA } = await t.f.district();
    const author = await t.as('recorder', schoolA.id);
    const r1 = await t.as('org_admin', schoolA.id);
    const r2 = await t.as('org_admin', schoolA.id);
    const r3 = await t.as('org_admin', schoolA.id);
    const pos = (await r1.post('/api/v1/positions', { orgId: schoolA.id, kind: 'wechat', name: '一小微信公众号' })).json();
    expect(pos.reviewRule).toBe('three_step');
    const item = (await author.post('/api/v1/content', { positionId: pos.id, title: '开学第一课', body: '正文' })).json();
    expect(item.stage).toBe('draft');
    // A recorder cannot review.
    const sub = await author.post(`/api/v1/content/${item.id}/submit`, { version: 1 });
    expect(sub.json().stage).toBe('first_review');
    expect((await author.post(`/api/v1/content/${item.id}/review`, { version: 2, step: 1, decision: 'approve' })).statusCode).toBe(403);
    // Publishing before the reviews is refused.
    expect((await author.post(`/api/v1/content/${item.id}/publish`, { version: 2 })).statusCode).toBe(409);

    expect((await r1.post(`/api/v1/content/${item.id}/review`, { version: 2, step: 1, decision: 'approve' })).json().stage).toBe('second_review');
    // Wrong step for the stage.
    expect((await r2.post(`/api/v1/content/${item.id}/review`, { version: 3, step: 3, decision: 'approve' })).statusCode).toBe(409);
    const twice = await r1.post(`/api/v1/content/${item.id}/review`, { version: 3, step: 2, decision: 'approve' });
    expect(twice.statusCode).toBe(403);
    expect(twice.json().error.details).toMatchObject({ reason: 'same_reviewer', step: 1 });
    expect(twice.json().error.details.message).toContain('三个不同的人');

    expect((await r2.post(`/api/v1/content/${item.id}/review`, { version: 3, step: 2, decision: 'approve' })).json().stage).toBe('final_review');
    expect((await r1.post(`/api/v1/content/${item.id}/review`, { version: 4, step: 3, decision: 'approve' })).statusCode).toBe(403);
    expect((await r2.post(`/api/v1/content/${item.id}/review`, { version: 4, step: 3, decision: 'approve' })).statusCode).toBe(403);
    // The third reviewer's "mine" list holds the item; the first reviewer's does not.
    expect((await r3.get('/api/v1/content?mine=1')).json().items.map((i: { id: number }) => i.id)).toEqual([item.id]);
    expect((await r1.get('/api/v1/content?mine=1')).json().items).toEqual([]);
    expect((await r3.post(`/api/v1/content/${item.id}/review`, { version: 4, step: 3, decision: 'approve' })).json().stage).toBe('approved');

    const pub = await author.post(`/api/v1/content/${item.id}/publish`, { version: 5, link: 'https://mp.weixin.qq.com/s/abc' });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json()).toMatchObject({ stage: 'published', link: 'https://mp.weixin.qq.com/s/abc' });
    const log = (await r1.get(`/api/v1/content/publish-log?orgId=${schoolA.id}&year=2026`)).json().items;
    expect(log).toHaveLength(1);
    expect(log[0].reviewers.map((v: { step: number }) => v.step)).toEqual([1, 2, 3]);
    expect(new Set(log[0].reviewers.map((v: { name: string }) => v.name)).size).toBe(3);
  });

  it('a return sends the item back with a comment; after resubmission a new round starts', async () => {
    const { schoolA } = await t.f.district();
    const author = await t.as('recorder', schoolA.id);
    const r1 = await t.as('org_admin', schoolA.id);
    const r2 = await t.as('org_admin', schoolA.id);
    const pos = (await r1.post('/api/v1/positions', { orgId: schoolA.id, kind: 'notice_board', name: '宣传栏' })).json();
    const item = (await author.post('/api/v1/content', { positionId: pos.id, title: '宣传栏更新' })).json();
    await author.post(`/api/v1/content/${item.id}/submit`, { version: 1 });
    await r1.post(`/api/v1/content/${item.id}/review`, { version: 2, step: 1, decision: 'approve' });
    expect((await r2.post(`/api/v1/content/${item.id}/review`, { version: 3, step: 2, decision: 'return' })).statusCode).toBe(400);
    const ret = await r2.post(`/api/v1/content/${item.id}/review`, { version: 3, step: 2, decision: 'return', comment: '图片需替换' });
    expect(ret.json()).toMatchObject({ stage: 'returned' });
    expect(ret.json().reviews.at(-1)).toMatchObject({ decision: 'return', comment: '图片需替换' });
    const edited = await author.patch(`/api/v1/content/${item.id}`, { version: 4, title: '宣传栏更新（修改稿）' });
    expect(edited.statusCode).toBe(200);
    const again = await author.post(`/api/v1/content/${item.id}/submit`, { version: 5 });
    expect(again.json()).toMatchObject({ stage: 'first_review', round: 2 });
    // New round: r2 may now take step 1 (its earlier act was in round 1).
    expect((await r2.post(`/api/v1/content/${item.id}/review`, { version: 6, step: 1, decision: 'approve' })).json().stage).toBe('second_review');
    expect((await r2.post(`/api/v1/content/${item.id}/review`, { version: 7, step: 2, decision: 'approve' })).statusCode).toBe(403);
  });

  it('"waiting for me" leaves out items the same person reviewed from another account', async () => {
    const { schoolA, branchA } = await t.f.district();
    const admin = await t.as('org_admin', schoolA.id);
    const person = await admin.post('/api/v1/people', {
      code: 'P-R1',
      name: '李审核',
      unitId: schoolA.id,
      partyOrgId: branchA.id,
      politicalStatus: '中共党员',
      joinDate: '2010-06-01',
      conversionDate: '2011-06-01',
    });
    expect(person.statusCode, person.body).toBe(201);
    // Two accounts of one person (a school post and a committee post, say).
    const accounts = [];
    for (let i = 0; i < 2; i++) {
      const u = await t.f.user({ role: 'org_admin', orgId: schoolA.id });
      await t.ctx.db.updateTable('users').set({ person_id: person.json().id }).where('id', '=', u.id).execute();
      accounts.push(await t.login(u.username, u.password));
    }
    const [first, second] = accounts;
    const other = await t.as('org_admin', schoolA.id);
    const pos = (await admin.post('/api/v1/positions', { orgId: schoolA.id, kind: 'website', name: '一小网站' })).json();
    const item = (await admin.post('/api/v1/content', { positionId: pos.id, title: '校园新闻' })).json();
    await admin.post(`/api/v1/content/${item.id}/submit`, { version: 1 });
    expect((await first.post(`/api/v1/content/${item.id}/review`, { version: 2, step: 1, decision: 'approve' })).json().stage).toBe('second_review');
    // The review step refuses the person's second account, so its list must not offer the item.
    expect((await second.post(`/api/v1/content/${item.id}/review`, { version: 3, step: 2, decision: 'approve' })).statusCode).toBe(403);
    expect((await second.get('/api/v1/content?mine=1')).json().items).toEqual([]);
    expect((await other.get('/api/v1/content?mine=1')).json().items.map((i: { id: number }) => i.id)).toEqual([item.id]);
  });

  it('lectures and forums are approved before the event (一会一报)', async () => {
    const { schoolA } = await t.f.district();
    const a = await t.as('org_admin', schoolA.id);
    const pos = (await a.post('/api/v1/positions', { orgId: schoolA.id, kind: 'lecture_series', name: '家长学校讲座' })).json();
    expect(pos.reviewRule).toBe('three_step_before_event');
    expect((await a.post('/api/v1/content', { positionId: pos.id, title: '讲座' })).statusCode).toBe(400);
    const past = (await a.post('/api/v1/content', { positionId: pos.id, title: '已开讲座', eventDate: '2026-03-01' })).json();
    expect((await a.post(`/api/v1/content/${past.id}/submit`, { version: 1 })).statusCode).toBe(400);
    const future = (await a.post('/api/v1/content', { positionId: pos.id, title: '专题讲座', eventDate: '2026-03-05' })).json();
    expect((await a.post(`/api/v1/content/${future.id}/submit`, { version: 1 })).json().stage).toBe('first_review');
  });
});

describe('disclosure', () => {
  it('flags a required category missing for a year', async () => {
    const { committee } = await t.f.district();
    const c = await t.as('committee_admin', committee.id);
    let missing = (await c.get(`/api/v1/disclosures/missing?orgId=${committee.id}&year=2026`)).json().items;
    expect(missing).toEqual([{ orgId: committee.id, orgName: '测试区教育工委', category: '财务预决算', required: 1, found: 0 }]);
    const d = await c.post('/api/v1/disclosures', {
      orgId: committee.id,
      category: '财务预决算',
      title: '2026年部门预算公开',
      disclosedOn: '2026-02-20',
      channel: '党务政务信息公开网',
    });
    expect(d.statusCode, d.body).toBe(201);
    missing = (await c.get(`/api/v1/disclosures/missing?orgId=${committee.id}&year=2026`)).json().items;
    expect(missing).toEqual([]);
    expect((await c.get(`/api/v1/disclosures/missing?orgId=${committee.id}&year=2025`)).json().items).toHaveLength(1);
    expect((await c.get('/api/v1/disclosures?year=2026&category=财务预决算')).json().total).toBe(1);
  });
});

describe('demo', () => {
  it('seeds a 2022 register: mostly low risks, signed 研判 rounds, closed incidents, reviewed articles, the seed disclosures', async () => {
    await loadDemo(t.ctx);
    const db = t.ctx.db;
    const committee = await db.selectFrom('org_units').select('id').where('kind', '=', 'committee').executeTakeFirstOrThrow();
    const schools = await db.selectFrom('org_units').select('id').where('kind', 'in', ['school', 'kindergarten']).execute();
    const risks = await db.selectFrom('risks').select(['org_id', 'level']).where('is_demo', '=', 1).execute();
    for (const s of schools) expect(risks.filter((r) => r.org_id === s.id).length).toBeLessThanOrEqual(12);
    expect(risks.filter((r) => r.level === '低').length / risks.length).toBeGreaterThan(0.5);
    expect(risks.some((r) => r.level === '重大')).toBe(false);
    const reviews = await db.selectFrom('risk_reviews').selectAll().where('is_demo', '=', 1).execute();
    expect(reviews.every((r) => r.signed === 1 && r.signed_off_by_person_id !== null)).toBe(true);
    for (const s of schools) expect(reviews.filter((r) => r.org_id === s.id)).toHaveLength(2);
    expect(reviews.filter((r) => r.org_id === committee.id)).toHaveLength(4);

    const c = await t.as('committee_admin', committee.id);
    const stats = (await c.get(`/api/v1/incidents/stats?orgId=${committee.id}&year=2022`)).json();
    expect(stats.total).toBeGreaterThan(0);
    expect(stats).toMatchObject({ open: 0, major: 0, negativeNews: false });
    expect((await c.get(`/api/v1/disclosures/missing?orgId=${committee.id}&year=2022`)).json().items).toEqual([]);
    const cats = (await c.get(`/api/v1/disclosures?orgId=${committee.id}&year=2022&pageSize=100`)).json().items.map((d: { category: string }) => d.category);
    expect(new Set(cats)).toEqual(new Set(['重大决策', '人事任免', '财务预决算']));
    const log = (await c.get(`/api/v1/content/publish-log?orgId=${committee.id}&year=2022`)).json().items;
    expect(log.length).toBeGreaterThan(schools.length * 2);
    for (const item of log) expect(item.reviewers).toHaveLength(3);
    const acts = await db.selectFrom('content_reviews').select(['item_id', 'reviewer_person_id']).execute();
    for (const item of log) expect(new Set(acts.filter((a) => a.item_id === item.id).map((a) => a.reviewer_person_id)).size).toBe(3);
    const positions = (await c.get('/api/v1/positions?kind=wechat&pageSize=100')).json();
    expect(positions.total).toBeGreaterThan(schools.length / 2);
    const counts = {
      risks: risks.length,
      reviews: reviews.length,
      incidents: stats.total,
      articles: log.length,
      positions: (await c.get('/api/v1/positions?pageSize=1')).json().total,
    };
    console.info('risks demo', JSON.stringify(counts));

    // Removal.
    const { removeRisksDemo } = await import('./demo.ts');
    await db.transaction().execute(async (trx) => removeRisksDemo(trx));
    for (const table of ['risks', 'risk_reviews', 'incidents', 'positions', 'content_items', 'disclosures'] as const)
      expect((await db.selectFrom(table).select('id').execute()).length, table).toBe(0);
  });
});
