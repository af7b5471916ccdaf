import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, createTestApp } from '../../test/harness.ts';
import { type DutyItem as Duty, type PersonPosts, addPost, createMember, dutiesOf } from './test-helpers.ts';

// A new ledger record re-evaluates only the duties it can affect. Every duty's next_json is first set to a
// sentinel no evaluation writes: a duty the engine evaluates is rewritten, one it leaves alone keeps it.
const SENTINEL = '"not re-evaluated"';

let t: TestApp;
let d: Awaited<ReturnType<TestApp['f']['district']>>;
let committee: Client;
const P: Record<string, PersonPosts> = {};

const person = (code: string, name: string, unitId: number, partyOrgId: number) => createMember(committee, code, name, unitId, partyOrgId);
const post = (personId: number, orgId: number, postName: string, startDate: string) => addPost(committee, personId, orgId, postName, startDate);

async function duties(): Promise<Duty[]> {
  return (await dutiesOf(committee, d.committee.id, 2022)).items;
}
const find = (items: Duty[], orgId: number, role: string, text: string, personId?: number) =>
  items.find((i) => i.orgId === orgId && i.role === role && i.text.includes(text) && (personId === undefined || i.personId === personId));

async function stamp() {
  await t.ctx.db.updateTable('duties').set({ next_json: SENTINEL }).execute();
}
/** Ids of the duties evaluated since stamp(). */
async function reevaluated(): Promise<number[]> {
  const rows = await t.ctx.db.selectFrom('duties').select(['id', 'next_json']).orderBy('id').execute();
  return rows.filter((r) => r.next_json !== SENTINEL).map((r) => r.id);
}

beforeAll(async () => {
  t = await createTestApp();
  d = await t.f.district();
  committee = await t.as('committee_admin', d.committee.id);
  P.secA = await post((await person('S-A', '甲书记', d.schoolA.id, d.branchA.id)).id, d.branchA.id, '党支部书记', '2020-01-01');
  P.pubA = await post((await person('P-A', '甲宣传', d.schoolA.id, d.branchA.id)).id, d.branchA.id, '宣传委员', '2020-01-01');
  P.orgA = await post((await person('O-A', '甲组织', d.schoolA.id, d.branchA.id)).id, d.branchA.id, '组织委员', '2020-01-01');
  P.memA = { id: (await person('M-A', '甲党员', d.schoolA.id, d.branchA.id)).id, posts: [] };
  P.secB = await post((await person('S-B', '乙书记', d.schoolB.id, d.branchB.id)).id, d.branchB.id, '党支部书记', '2020-01-01');
  const created = await committee.post('/api/v1/duty-lists', { year: 2022, orgId: d.committee.id, withDefaults: true });
  expect(created.statusCode).toBe(201);
  const pub = await committee.post(`/api/v1/duty-lists/${created.json().id}/publish`, { version: 1, date: '2022-01-01' });
  expect(pub.statusCode).toBe(200);
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('incremental re-evaluation after a ledger record', () => {
  it('a record submitted at creation re-evaluates the one duty counting its type at its org', async () => {
    const all = await duties();
    const themeDay = find(all, d.branchA.id, 'direct_responsible', '主题党日');
    expect(themeDay).toMatchObject({ status: 'unmet', actualValue: 0 });
    await stamp();
    const res = await committee.post('/api/v1/activities', {
      orgId: d.branchA.id,
      typeCode: 'theme_party_day',
      date: '2022-03-15',
      topic: '主题党日',
      hostPersonId: P.secA.id,
      attendees: [{ personId: P.memA.id, status: 'present' }],
      submit: true,
    });
    expect(res.statusCode).toBe(201);
    expect(await reevaluated()).toEqual([themeDay?.id]);
    expect(find(await duties(), d.branchA.id, 'direct_responsible', '主题党日')).toMatchObject({ status: 'unmet', actualValue: 1 });
  });

  it('a hosted meeting re-evaluates its host’s and attendees’ duties of that type, nothing of other types or orgs', async () => {
    const all = await duties();
    const hosted = find(all, d.branchA.id, 'first_responsible', '专题会议', P.secA.id);
    const attended = find(all, d.branchA.id, 'dual_duty', '参加意识形态', P.orgA.id);
    expect(hosted).toMatchObject({ actualValue: 0 });
    expect(attended).toMatchObject({ actualValue: 0 });
    await stamp();
    const draft = await committee.post('/api/v1/activities', {
      orgId: d.branchA.id,
      typeCode: 'ideology_meeting',
      date: '2022-03-10',
      topic: '意识形态工作专题会议',
      hostPersonId: P.secA.id,
      attendees: [
        { personId: P.orgA.id, status: 'present' },
        { personId: P.memA.id, status: 'present' },
      ],
    });
    expect(draft.statusCode).toBe(201);
    // A draft counts for nothing: no duty is touched.
    expect(await reevaluated()).toEqual([]);
    const sub = await committee.post(`/api/v1/activities/${draft.json().id}/submit`, { version: draft.json().version });
    expect(sub.statusCode).toBe(200);
    // Not: the member's study duty (other types), branch A's org duties (theme day, committee meeting), branch B.
    expect(await reevaluated()).toEqual([hosted?.id, attended?.id].sort((a, b) => (a ?? 0) - (b ?? 0)));
    const after = await duties();
    expect(find(after, d.branchA.id, 'first_responsible', '专题会议', P.secA.id)).toMatchObject({ actualValue: 1 });
    expect(find(after, d.branchA.id, 'dual_duty', '参加意识形态', P.orgA.id)).toMatchObject({ status: 'met', actualValue: 1 });
  });

  it('a predecessor’s record, entered after the handover, re-evaluates the post’s duty now held by the successor', async () => {
    const secPost = P.secA.posts.find((p) => p.post === '党支部书记');
    expect((await committee.post(`/api/v1/people/${P.secA.id}/posts/${secPost?.id}/end`, { endDate: '2022-06-30' })).statusCode).toBe(200);
    const successor = await post((await person('S-A2', '丙书记', d.schoolA.id, d.branchA.id)).id, d.branchA.id, '党支部书记', '2022-07-01');
    const hosted = find(await duties(), d.branchA.id, 'first_responsible', '专题会议');
    expect(hosted).toMatchObject({ personId: successor.id, actualValue: 1 });
    await stamp();
    const res = await committee.post('/api/v1/activities', {
      orgId: d.branchA.id,
      typeCode: 'ideology_meeting',
      date: '2022-05-20',
      topic: '补录：意识形态工作专题会议',
      hostPersonId: P.secA.id,
      attendees: [],
      submit: true,
    });
    expect(res.statusCode).toBe(201);
    const touched = await reevaluated();
    expect(touched).toContain(hosted?.id);
    // The predecessor's May meeting counts for the post: two in the year, met.
    expect(find(await duties(), d.branchA.id, 'first_responsible', '专题会议')).toMatchObject({ personId: successor.id, status: 'met', actualValue: 2 });
    // Still only ideology-meeting duties were touched.
    const texts = (await duties()).filter((x) => touched.includes(x.id)).map((x) => x.text);
    expect(texts.every((x) => x.includes('意识形态工作专题会议'))).toBe(true);
  });
  it('an amendment that drops an attendee re-evaluates the duty they no longer get the record for', async () => {
    const attended = () => find(all, d.branchA.id, 'dual_duty', '参加意识形态', P.orgA.id);
    let all = await duties();
    const before = attended()?.actualValue ?? 0;
    const created = await committee.post('/api/v1/activities', {
      orgId: d.branchA.id,
      typeCode: 'ideology_meeting',
      date: '2022-09-10',
      topic: '意识形态工作专题会议（秋季）',
      hostPersonId: P.secA.id,
      attendees: [{ personId: P.orgA.id, status: 'present' }],
      submit: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    // Reviewed by the level above (the committee reviews the school's branch): approved records are locked.
    const approved = await committee.post(`/api/v1/activities/${created.json().id}/review`, { version: created.json().version, decision: 'approve' });
    expect(approved.statusCode, approved.body).toBe(200);
    all = await duties();
    expect(attended()?.actualValue).toBe(before + 1);
    await stamp();
    const amended = await committee.post(`/api/v1/activities/${created.json().id}/amendments`, {
      version: approved.json().version,
      reason: '组织委员当天请假，签到表记错',
      changes: { attendees: [{ personId: P.orgA.id, status: 'excused', reason: '外出培训' }] },
    });
    expect(amended.statusCode, amended.body).toBe(201);
    expect(await reevaluated()).toContain(attended()?.id);
    all = await duties();
    expect(attended()?.actualValue).toBe(before);
  });
});
