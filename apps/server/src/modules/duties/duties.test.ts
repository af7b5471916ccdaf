import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../../test/factories.ts';
import { type Client, type TestApp, createTestApp } from '../../test/harness.ts';
import { type PersonPosts, addPost, createMember, dutiesOf } from './test-helpers.ts';
import { reevaluateForRecord } from './evaluate.ts';

let t: TestApp;
let d: Awaited<ReturnType<TestApp['f']['district']>>;
let committee: Client;
let adminA: Client;
let adminB: Client;
let listId: number;
const P: Record<string, PersonPosts> = {};

const person = (code: string, name: string, unitId: number, partyOrgId: number) => createMember(committee, code, name, unitId, partyOrgId);
const post = (personId: number, orgId: number, postName: string, startDate: string) => addPost(committee, personId, orgId, postName, startDate);
const activity = (orgId: number, type: string, date: string, host: number | null, attendees: number[] = []) =>
  t.f.activity({ orgId, type, date, hostPersonId: host, attendance: attendees.map((p) => [p, 'present']) });
const board = (c: Client, orgId: number) => dutiesOf(c, orgId, 2022);
const find = (items: Awaited<ReturnType<typeof board>>['items'], orgId: number, role: string, text: string) =>
  items.find((i) => i.orgId === orgId && i.role === role && i.text.includes(text));

beforeAll(async () => {
  t = await createTestApp();
  d = await t.f.district();
  committee = await t.as('committee_admin', d.committee.id);
  adminA = await t.as('org_admin', d.schoolA.id);
  adminB = await t.as('org_admin', d.schoolB.id);
  // Branch A: secretary, publicity member (direct responsible), organiser (dual duty), one member.
  P.secA = await post((await person('S-A', '甲书记', d.schoolA.id, d.branchA.id)).id, d.branchA.id, '党支部书记', '2020-01-01');
  P.pubA = await post((await person('P-A', '甲宣传', d.schoolA.id, d.branchA.id)).id, d.branchA.id, '宣传委员', '2020-01-01');
  P.orgA = await post((await person('O-A', '甲组织', d.schoolA.id, d.branchA.id)).id, d.branchA.id, '组织委员', '2020-01-01');
  P.memA = { id: (await person('M-A', '甲党员', d.schoolA.id, d.branchA.id)).id, posts: [] };
  // Branch B: a secretary only — no direct responsible person (缺位).
  P.secB = await post((await person('S-B', '乙书记', d.schoolB.id, d.branchB.id)).id, d.branchB.id, '党支部书记', '2020-01-01');
  // Records: A's secretary hosts two ideology meetings; branch A holds a theme party day every month but March.
  await activity(d.branchA.id, 'ideology_meeting', '2022-03-10', P.secA.id, [P.orgA.id]);
  await activity(d.branchA.id, 'ideology_meeting', '2022-09-10', P.secA.id, [P.orgA.id]);
  for (let m = 1; m <= 12; m++) if (m !== 3) await activity(d.branchA.id, 'theme_party_day', `2022-${String(m).padStart(2, '0')}-15`, P.secA.id, [P.memA.id]);
  for (const m of ['02', '05', '09', '11']) await activity(d.branchA.id, 'theory_study', `2022-${m}-20`, P.secA.id, [P.memA.id]);

  const created = await committee.post('/api/v1/duty-lists', { year: 2022, orgId: d.committee.id, withDefaults: true });
  expect(created.statusCode).toBe(201);
  listId = created.json().id;
  const pub = await committee.post(`/api/v1/duty-lists/${listId}/publish`, { version: 1, date: '2022-01-01' });
  expect(pub.statusCode).toBe(200);
  expect(pub.json().created).toBeGreaterThan(10);
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('lists', () => {
  it('only a committee authors lists; a published list is frozen', async () => {
    const r = await adminA.post('/api/v1/duty-lists', { year: 2023, orgId: d.schoolA.id });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('validation_failed');
    const item = await committee.post(`/api/v1/duty-lists/${listId}/items`, {
      listKind: 'responsibilities',
      binds: 'first_responsible',
      appliesToKinds: ['branch'],
      text: '新增事项',
      measure: { kind: 'manual' },
    });
    expect(item.statusCode).toBe(409);
    // A school sees the committee's published list.
    const lists = (await adminA.get('/api/v1/duty-lists?year=2022')).json();
    expect(lists.items.map((l: { id: number }) => l.id)).toContain(listId);
  });

  it('validates items: role items on party orgs, occurrence counts on the negative list', async () => {
    const draft = (await committee.post('/api/v1/duty-lists', { year: 2030, orgId: d.committee.id })).json();
    const bad = await committee.post(`/api/v1/duty-lists/${draft.id}/items`, {
      listKind: 'responsibilities',
      binds: 'first_responsible',
      appliesToKinds: ['school'],
      text: '不合规事项',
      measure: { kind: 'auto', source: 'incidents', max: 0 },
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().error.details.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['body.appliesToKinds', 'body.listKind']));
    const ok = await committee.post(`/api/v1/duty-lists/${draft.id}/items`, {
      listKind: 'responsibilities',
      binds: 'every_teacher',
      appliesToKinds: ['school'],
      text: '参加师德师风学习',
      measure: { kind: 'auto', source: 'ledger', type_code: 'ethics_study', who: 'attendee', min: 2, per: 'year' },
    });
    expect(ok.statusCode).toBe(201);
  });
});

describe('measured duties', () => {
  it('measures from the ledger: hosted meetings met; a month without a theme party day unmet', async () => {
    const b = await board(committee, d.committee.id);
    const ideology = find(b.items, d.branchA.id, 'first_responsible', '专题会议');
    expect(ideology).toMatchObject({ personId: P.secA.id, status: 'met', actualValue: 2 });
    expect(ideology?.sources.ids).toHaveLength(2);
    expect(find(b.items, d.branchA.id, 'direct_responsible', '主题党日')).toMatchObject({ personId: P.pubA.id, status: 'unmet', actualValue: 11 });
    expect(find(b.items, d.branchA.id, 'dual_duty', '参加意识形态')).toMatchObject({ personId: P.orgA.id, status: 'met' });
    expect(b.items.find((i) => i.personId === P.memA.id && i.role === 'every_member')).toMatchObject({ status: 'met', actualValue: 4 });
  });

  it('vacancy: branch B has no direct responsible person → 缺位 in the gap view', async () => {
    const b = await board(committee, d.committee.id);
    const vacant = b.items.filter((i) => i.orgId === d.branchB.id && i.role === 'direct_responsible');
    expect(vacant.length).toBe(2);
    expect(vacant.every((v) => v.status === 'vacant' && v.personId === null)).toBe(true);
    const gaps = (await committee.get(`/api/v1/duty-gaps?orgId=${d.committee.id}&year=2022`)).json();
    expect(gaps.unowned.map((g: { id: number }) => g.id).sort()).toEqual(vacant.map((v) => v.id).sort());
    expect(gaps.bySchool.find((s: { orgId: number }) => s.orgId === d.schoolB.id).vacant).toBe(2);
    expect(gaps.byRole.find((r: { role: string }) => r.role === 'direct_responsible').vacant).toBe(2);
  });

  it('a negative item turns red on ONE occurrence (incremental re-evaluation)', async () => {
    const now = new Date().toISOString();
    await t.ctx.db
      .insertInto('incidents')
      .values({
        org_id: d.schoolA.id,
        occurred_at: '2022-05-10T02:00:00.000Z',
        source: '网络',
        summary: '重大负面舆情',
        level: '重大',
        reported_at: '2022-05-10T03:00:00.000Z',
        status: 'open',
        personally_handled: 1,
        created_at: now,
        updated_at: now,
        version: 1,
        is_demo: 0,
      })
      .execute();
    const res = await reevaluateForRecord(t.ctx, t.ctx.db, { orgIds: [d.schoolA.id], date: '2022-05-10', source: 'incidents' });
    expect(res.changed).toBe(1);
    const b = await board(committee, d.committee.id);
    expect(find(b.items, d.branchA.id, 'first_responsible', '负面舆情')).toMatchObject({ status: 'breached', actualValue: 1 });
    expect(find(b.items, d.branchB.id, 'first_responsible', '负面舆情')).toMatchObject({ status: 'met' });
    const inv = (await committee.get(`/api/v1/duties/involvement?personId=${P.secA.id}&year=2022`)).json();
    expect(inv.counts).toMatchObject({ handled: 1 });
    expect(inv.counts.deployed).toBeGreaterThanOrEqual(2);
  });

  it('scope: a school sees only its items; another school gets 404; the committee sees all', async () => {
    const a = await board(adminA, d.schoolA.id);
    expect(a.items.length).toBeGreaterThan(0);
    expect(a.items.every((i) => i.orgId === d.branchA.id)).toBe(true);
    const all = await board(committee, d.committee.id);
    expect(all.items.some((i) => i.orgId === d.branchB.id)).toBe(true);
    expect((await adminA.get(`/api/v1/duties?orgId=${d.schoolB.id}&year=2022`)).statusCode).toBe(404);
    const other = all.items.find((i) => i.orgId === d.branchB.id);
    expect((await adminA.get(`/api/v1/duties/${other?.id}`)).statusCode).toBe(404);
    expect((await adminA.get(`/api/v1/duty-gaps?orgId=${d.schoolB.id}&year=2022`)).statusCode).toBe(404);
    expect((await adminA.get(`/api/v1/pledges?orgId=${d.schoolB.id}&year=2022`)).statusCode).toBe(404);
    // A school admin asking about the committee sees none of school B's items.
    const gaps = await adminA.get(`/api/v1/duty-gaps?orgId=${d.schoolA.id}&year=2022`);
    expect(gaps.json().totals.total).toBe(a.total);
  });

  it('manual evidence: the owner submits, the level above accepts, the duty is met', async () => {
    const b = await board(committee, d.committee.id);
    const duty = find(b.items, d.branchA.id, 'first_responsible', '亲自部署');
    expect(duty?.status).toBe('unmet');
    const ev = await adminA.post(`/api/v1/duties/${duty?.id}/evidence`, { description: '主持部署意识形态工作要点' });
    expect(ev.statusCode).toBe(201);
    expect((await adminA.post(`/api/v1/duty-evidence/${ev.json().id}/decision`, { accept: true })).statusCode).toBe(403);
    expect((await adminB.post(`/api/v1/duties/${duty?.id}/evidence`, { description: '越权提交' })).statusCode).toBe(404);
    expect((await committee.post(`/api/v1/duty-evidence/${ev.json().id}/decision`, { accept: true, comment: '认定' })).statusCode).toBe(200);
    expect((await committee.get(`/api/v1/duties/${duty?.id}`)).json()).toMatchObject({ status: 'met', evidence: [{ status: 'accepted' }] });
  });

  it('exports the three lists of an org as xlsx and docx', async () => {
    const x = await adminA.get(`/api/v1/duty-lists/export?orgId=${d.branchA.id}&year=2022&format=xlsx`);
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    expect(x.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const w = await adminA.get(`/api/v1/duty-lists/export?orgId=${d.branchA.id}&year=2022&format=docx`);
    expect(w.statusCode).toBe(200);
    expect(w.headers['content-type']).toContain('wordprocessingml');
    expect((await adminA.get(`/api/v1/duty-lists/export?orgId=${d.branchB.id}&year=2022`)).statusCode).toBe(404);
  });
});

describe('pledges', () => {
  it('signing refuses a wrong password (audited), then stores the hash; countersigned by the level above', async () => {
    const u = await t.f.user({ role: 'member', orgId: d.branchB.id });
    await t.ctx.db.updateTable('users').set({ person_id: P.secB.id }).where('id', '=', u.id).execute();
    const me = await t.login(u.username, u.password);
    const mine = (await me.get('/api/v1/duties/mine?year=2022')).json().items as { personId: number }[];
    expect(mine.length).toBeGreaterThan(3);
    expect(mine.every((i) => i.personId === P.secB.id)).toBe(true);
    const preview = (await me.get(`/api/v1/pledges/preview?personId=${P.secB.id}&orgId=${d.branchB.id}&year=2022`)).json();
    expect(preview.lists.negative.length).toBe(2);
    expect(preview.pledge.status).toBe('unsigned');

    const wrong = await me.post('/api/v1/pledges/sign', { year: 2022, orgId: d.branchB.id, password: 'not-my-password' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.details).toMatchObject({ reason: 'reauth_failed' });
    const denied = await t.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'pledge.sign').execute();
    expect(denied.map((e) => e.result)).toEqual(['denied']);

    const ok = await me.post('/api/v1/pledges/sign', { year: 2022, orgId: d.branchB.id, password: TEST_PASSWORD });
    expect(ok.statusCode).toBe(200);
    const signed = ok.json();
    expect(signed.documentHash).toMatch(/^[0-9a-f]{64}$/);
    const doc = await me.get(`/api/v1/pledges/document?personId=${P.secB.id}&orgId=${d.branchB.id}&year=2022`);
    expect(createHash('sha256').update(doc.rawPayload).digest('hex')).toBe(signed.documentHash);
    const audited = await t.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'pledge.sign').orderBy('id').execute();
    expect(audited.map((e) => e.result)).toEqual(['denied', 'ok']);
    expect((await me.post('/api/v1/pledges/sign', { year: 2022, orgId: d.branchB.id, password: TEST_PASSWORD })).statusCode).toBe(409);

    // The school's admin is not the level above (no duty.review); the committee countersigns.
    expect((await adminB.post(`/api/v1/pledges/${signed.id}/countersign`)).statusCode).toBe(403);
    expect((await committee.post(`/api/v1/pledges/${signed.id}/countersign`)).statusCode).toBe(200);
    const status = (await committee.get(`/api/v1/pledges?orgId=${d.committee.id}&year=2022`)).json().items;
    expect(status.find((s: { personId: number }) => s.personId === P.secB.id)).toMatchObject({ status: 'countersigned' });
    expect(status.find((s: { personId: number }) => s.personId === P.secA.id)).toMatchObject({ status: 'unsigned' });
    // Another school can read neither the preview nor the document.
    expect((await adminA.get(`/api/v1/pledges/document?personId=${P.secB.id}&orgId=${d.branchB.id}&year=2022`)).statusCode).toBe(404);
  });
});

describe('owners over time', () => {
  it('a mid-year change of secretary hands the duties over; the predecessor’s records still count', async () => {
    const secAPost = P.secA.posts.find((p) => p.post === '党支部书记');
    expect((await committee.post(`/api/v1/people/${P.secA.id}/posts/${secAPost?.id}/end`, { endDate: '2022-06-30' })).statusCode).toBe(200);
    const newSec = await post((await person('S-A2', '丙书记', d.schoolA.id, d.branchA.id)).id, d.branchA.id, '党支部书记', '2022-07-01');
    const r = await committee.post(`/api/v1/duty-lists/${listId}/refresh`, { date: '2022-07-01' });
    expect(r.statusCode).toBe(200);
    const firstItems = (await board(committee, d.committee.id)).items.filter((i) => i.orgId === d.branchA.id && i.role === 'first_responsible');
    // The handover already happened when the posts changed; a manual refresh finds nothing left to do.
    expect(firstItems.length).toBeGreaterThan(0);
    expect(r.json().handovers).toBe(0);
    expect(firstItems.every((i) => i.personId === newSec.id)).toBe(true);
    const ideology = firstItems.find((i) => i.text.includes('专题会议'));
    const detail = (await committee.get(`/api/v1/duties/${ideology?.id}`)).json();
    expect(detail.handovers).toEqual([
      { fromPersonId: P.secA.id, fromPersonName: '甲书记', toPersonId: newSec.id, toPersonName: '丙书记', onDate: '2022-07-01', reason: expect.any(String) },
    ]);
    // The March meeting was hosted by the predecessor during their tenure: it counts for the post; September's does not.
    expect(detail).toMatchObject({ actualValue: 1, status: 'unmet' });
    P.secA2 = newSec;
  });

  it('a holder who leaves with nobody in their place leaves the duty misplaced (错位)', async () => {
    const p = P.secA2.posts.find((x) => x.post === '党支部书记');
    await committee.post(`/api/v1/people/${P.secA2.id}/posts/${p?.id}/end`, { endDate: '2022-09-30' });
    expect((await committee.post(`/api/v1/duty-lists/${listId}/refresh`, { date: '2022-10-01' })).statusCode).toBe(200);
    const gaps = (await committee.get(`/api/v1/duty-gaps?orgId=${d.committee.id}&year=2022`)).json();
    const mis = gaps.misplaced as { orgId: number; role: string; personId: number }[];
    // Every first-responsible duty of branch A but the breached negative item (red dominates).
    expect(mis.length).toBeGreaterThan(0);
    expect(mis.every((m) => m.orgId === d.branchA.id && m.role === 'first_responsible' && m.personId === P.secA2.id)).toBe(true);
    // The breached negative item stays red whoever owns it.
    const b = await board(committee, d.committee.id);
    expect(find(b.items, d.branchA.id, 'first_responsible', '负面舆情')?.status).toBe('breached');
    // Naming someone by hand who holds no post there is also a mismatch; naming nobody is a vacancy.
    const duty = find(b.items, d.branchA.id, 'first_responsible', '研判会');
    const full = (await committee.get(`/api/v1/duties/${duty?.id}`)).json();
    const re = await committee.post(`/api/v1/duties/${duty?.id}/reassign`, { version: full.version, personId: null, onDate: '2022-10-02', reason: '书记空缺' });
    expect(re.statusCode).toBe(200);
    expect(re.json()).toMatchObject({ status: 'vacant', personId: null });
  });
});
