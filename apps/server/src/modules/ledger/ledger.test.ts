import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestApp } from '../../test/harness.ts';
import { createTestApp } from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

let seq = 0;
async function member(c: Client, unitId: number, partyOrgId: number, joinDate = '2015-06-01') {
  const res = await c.post('/api/v1/people', {
    code: `LM${++seq}`,
    name: `党员${seq}`,
    unitId,
    partyOrgId,
    politicalStatus: '中共党员',
    joinDate,
    conversionDate: joinDate < '2025-01-01' ? `${Number(joinDate.slice(0, 4)) + 1}${joinDate.slice(4)}` : null,
  });
  if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(res.body);
  return (res.json() as { id: number }).id;
}

async function world() {
  const d = await t.f.district();
  const admin = await t.as('committee_admin', null);
  const committee = await t.as('committee_admin', d.committee.id);
  const recorderA = await t.as('recorder', d.branchA.id);
  const schoolAdminA = await t.as('org_admin', d.schoolA.id);
  const schoolAdminB = await t.as('org_admin', d.schoolB.id);
  const membersA = [
    await member(admin, d.schoolA.id, d.branchA.id),
    await member(admin, d.schoolA.id, d.branchA.id),
    await member(admin, d.schoolA.id, d.branchA.id),
  ];
  const membersB = [await member(admin, d.schoolB.id, d.branchB.id)];
  return { d, admin, committee, recorderA, schoolAdminA, schoolAdminB, membersA, membersB };
}

describe('activity records', () => {
  it('records with default attendees, sanitises minutes, and goes draft → submitted → returned → approved → locked → amended', async () => {
    const w = await world();
    const created = await w.recorderA.post('/api/v1/activities', {
      orgId: w.d.branchA.id,
      typeCode: 'theme_party_day',
      date: '2026-02-25',
      topic: '学习贯彻党的二十大精神',
      minutesHtml: '<p onclick="x()">会议<script>alert(1)</script>讨论</p><a href="javascript:alert(1)">链接</a><img src=x onerror=alert(1)><style>p{}</style>',
    });
    expect(created.statusCode, created.body).toBe(201);
    const a = created.json();
    expect(a.status).toBe('draft');
    expect(a.code).toMatch(/^HD\d+$/);
    expect(a.backfill).toBe(false);
    expect(a.attendance).toEqual({ expected: 3, present: 3, absent: 0, excused: 0 });
    expect(a.attendees.map((x: { personId: number }) => x.personId).sort()).toEqual([...w.membersA].sort());
    expect(a.minutesHtml).toBe('<p>会议讨论</p><a>链接</a>');
    expect(a.reviewOrgId).toBe(w.d.committee.id);

    // Mark one absentee, then submit.
    const patched = await w.recorderA.patch(`/api/v1/activities/${a.id}`, {
      version: a.version,
      attendees: [
        { personId: w.membersA[0], status: 'present' },
        { personId: w.membersA[1], status: 'present' },
        { personId: w.membersA[2], status: 'excused', reason: '外出培训' },
      ],
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().attendance).toEqual({ expected: 3, present: 2, absent: 0, excused: 1 });
    const submitted = await w.recorderA.post(`/api/v1/activities/${a.id}/submit`, { version: patched.json().version });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().status).toBe('submitted');
    // Submitted records are not edited in place.
    expect((await w.recorderA.patch(`/api/v1/activities/${a.id}`, { version: submitted.json().version, topic: '改' })).statusCode).toBe(409);

    // The school is not the level above its branch: its admin cannot review; the recorder has no review ability at all.
    expect((await w.schoolAdminA.post(`/api/v1/activities/${a.id}/review`, { version: submitted.json().version, decision: 'approve' })).statusCode).toBe(403);
    expect((await w.recorderA.post(`/api/v1/activities/${a.id}/review`, { version: submitted.json().version, decision: 'approve' })).statusCode).toBe(403);
    // Returning needs a comment.
    expect((await w.committee.post(`/api/v1/activities/${a.id}/review`, { version: submitted.json().version, decision: 'return' })).statusCode).toBe(400);
    const returned = await w.committee.post(`/api/v1/activities/${a.id}/review`, {
      version: submitted.json().version,
      decision: 'return',
      comment: '请补充会议记录',
    });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json()).toMatchObject({ status: 'returned', reviewComment: '请补充会议记录', locked: false });

    const fixed = await w.recorderA.patch(`/api/v1/activities/${a.id}`, { version: returned.json().version, minutesHtml: '<p>补充了会议记录</p>' });
    expect(fixed.statusCode).toBe(200);
    const resubmitted = await w.recorderA.post(`/api/v1/activities/${a.id}/submit`, { version: fixed.json().version });
    const approvedRes = await w.committee.post(`/api/v1/activities/${a.id}/review`, {
      version: resubmitted.json().version,
      decision: 'approve',
      comment: '同意',
    });
    expect(approvedRes.statusCode, approvedRes.body).toBe(200);
    const approved = approvedRes.json();
    expect(approved).toMatchObject({ status: 'approved', locked: true });

    // Locked: no silent edits; corrections need a reason and keep history.
    expect((await w.recorderA.patch(`/api/v1/activities/${a.id}`, { version: approved.version, topic: '悄悄改' })).statusCode).toBe(409);
    expect(
      (await w.recorderA.post(`/api/v1/activities/${a.id}/amendments`, { version: approved.version, reason: '', changes: { place: '会议室' } })).statusCode,
    ).toBe(400);
    const amended = await w.recorderA.post(`/api/v1/activities/${a.id}/amendments`, {
      version: approved.version,
      reason: '地点记录有误',
      changes: { place: '党员活动室', topic: '学习贯彻党的二十大精神（更正）' },
    });
    expect(amended.statusCode, amended.body).toBe(201);
    const am = amended.json();
    expect(am.place).toBe('党员活动室');
    expect(am.status).toBe('approved');
    expect(am.amendments).toHaveLength(1);
    expect(am.amendments[0].reason).toBe('地点记录有误');
    expect(am.amendments[0].changes.place).toEqual({ from: null, to: '党员活动室' });
    expect(am.amendments[0].changes.topic.from).toBe('学习贯彻党的二十大精神');
    // Drafts only may be deleted.
    expect((await w.recorderA.delete(`/api/v1/activities/${a.id}`)).statusCode).toBe(409);
  });

  it('answers conflict on a stale version', async () => {
    const w = await world();
    const a = (
      await w.recorderA.post('/api/v1/activities', { orgId: w.d.branchA.id, typeCode: 'branch_committee_meeting', date: '2026-02-10', topic: '支委会' })
    ).json();
    expect((await w.recorderA.patch(`/api/v1/activities/${a.id}`, { version: a.version, topic: '第一次修改' })).statusCode).toBe(200);
    const stale = await w.recorderA.patch(`/api/v1/activities/${a.id}`, { version: a.version, topic: '第二次修改' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('conflict');
    expect((await w.recorderA.get(`/api/v1/activities/${a.id}`)).json().topic).toBe('第一次修改');
  });

  it('marks records dated more than BACKFILL_DAYS before entry as back-filled, still approved by the level above', async () => {
    const w = await world();
    // Today is 2026-03-02 (FakeClock); the default window is 30 days.
    const old = await w.recorderA.post('/api/v1/activities', {
      orgId: w.d.branchA.id,
      typeCode: 'branch_committee_meeting',
      date: '2026-01-15',
      topic: '补录支委会',
      submit: true,
    });
    const recent = await w.recorderA.post('/api/v1/activities', {
      orgId: w.d.branchA.id,
      typeCode: 'branch_committee_meeting',
      date: '2026-02-05',
      topic: '支委会',
      submit: true,
    });
    expect(old.json()).toMatchObject({ backfill: true, status: 'submitted' });
    expect(recent.json().backfill).toBe(false);
    const list = (await w.committee.get(`/api/v1/activities?orgId=${w.d.branchA.id}&backfill=1`)).json();
    expect(list.items.map((i: { id: number }) => i.id)).toEqual([old.json().id]);
    expect((await w.committee.post(`/api/v1/activities/${old.json().id}/review`, { version: 1, decision: 'approve' })).json().status).toBe('approved');
    // Future-dated records cannot be submitted.
    expect(
      (
        await w.recorderA.post('/api/v1/activities', {
          orgId: w.d.branchA.id,
          typeCode: 'branch_committee_meeting',
          date: '2026-04-01',
          topic: '未来',
          submit: true,
        })
      ).statusCode,
    ).toBe(400);
  });

  it('validates the type’s extra fields', async () => {
    const w = await world();
    const bad = await w.recorderA.post('/api/v1/activities', { orgId: w.d.branchA.id, typeCode: 'theory_study', date: '2026-02-10', topic: '理论学习' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('body.extra.form');
    const wrong = await w.recorderA.post('/api/v1/activities', {
      orgId: w.d.branchA.id,
      typeCode: 'theory_study',
      date: '2026-02-10',
      topic: '理论学习',
      extra: { form: '开会' },
    });
    expect(wrong.statusCode).toBe(400);
    const ok = await w.recorderA.post('/api/v1/activities', {
      orgId: w.d.branchA.id,
      typeCode: 'theory_study',
      date: '2026-02-10',
      topic: '理论学习',
      extra: { form: '集中学习' },
    });
    expect(ok.statusCode).toBe(201);
    const lecture = await w.committee.post('/api/v1/activities', {
      orgId: w.d.committee.id,
      typeCode: 'special_lecture',
      date: '2026-02-10',
      topic: '《全面依法治国必须全面依规从严治党》',
      speaker: '刘莹',
      attendees: [{ personId: w.membersA[0] }, { personId: w.membersB[0] }],
    });
    expect(lecture.statusCode, lecture.body).toBe(201);
    expect(lecture.json().extra).toMatchObject({ speaker: '刘莹', title: '《全面依法治国必须全面依规从严治党》' });
    expect(lecture.json().reviewOrgId).toBe(w.d.committee.id);
  });

  it('keeps records inside the caller’s reach: 404 for another school, lists filtered', async () => {
    const w = await world();
    const a = (await w.recorderA.post('/api/v1/activities', { orgId: w.d.branchA.id, typeCode: 'party_lecture', date: '2026-02-12', topic: '党课' })).json();
    const b = (
      await w.schoolAdminB.post('/api/v1/activities', { orgId: w.d.branchB.id, typeCode: 'party_lecture', date: '2026-02-12', topic: '党课B' })
    ).json();
    expect((await w.schoolAdminB.get(`/api/v1/activities/${a.id}`)).statusCode).toBe(404);
    expect((await w.schoolAdminB.patch(`/api/v1/activities/${a.id}`, { version: 1, topic: 'x' })).statusCode).toBe(404);
    expect((await w.schoolAdminB.post(`/api/v1/activities/${a.id}/submit`, { version: 1 })).statusCode).toBe(404);
    expect((await w.schoolAdminB.get(`/api/v1/activities?orgId=${w.d.branchA.id}`)).statusCode).toBe(404);
    // Recording for another school's branch, or listing its people as attendees, is refused.
    expect(
      (await w.schoolAdminB.post('/api/v1/activities', { orgId: w.d.branchA.id, typeCode: 'party_lecture', date: '2026-02-12', topic: 'x' })).statusCode,
    ).toBe(404);
    expect(
      (
        await w.schoolAdminB.post('/api/v1/activities', {
          orgId: w.d.branchB.id,
          typeCode: 'party_lecture',
          date: '2026-02-12',
          topic: 'x',
          attendees: [{ personId: w.membersA[0] }],
        })
      ).statusCode,
    ).toBe(400);
    const listB = (await w.schoolAdminB.get('/api/v1/activities?pageSize=500')).json();
    const ids = listB.items.map((i: { id: number }) => i.id);
    expect(ids).toContain(b.id);
    expect(ids).not.toContain(a.id);
    expect(listB.items.every((i: { orgId: number }) => i.orgId === w.d.branchB.id)).toBe(true);
    const listA = (await w.committee.get(`/api/v1/activities?orgId=${w.d.schoolA.id}&typeCode=party_lecture&from=2026-02-01&to=2026-02-28&sort=date`)).json();
    expect(listA.items.map((i: { id: number }) => i.id)).toEqual([a.id]);
    expect(listA.items[0]).toMatchObject({ expected: 3, present: 3, typeName: '党课' });
    // A member reads their branch's records but cannot write.
    const m = await t.as('member', w.d.branchA.id);
    expect((await m.get(`/api/v1/activities/${a.id}`)).statusCode).toBe(200);
    expect((await m.post('/api/v1/activities', { orgId: w.d.branchA.id, typeCode: 'party_lecture', date: '2026-02-12', topic: 'x' })).statusCode).toBe(403);
  });

  it('pages a wide list (date index, subtree checked per record) and a narrow one (subtree gathered, sorted) alike', async () => {
    const w = await world();
    // Many records in school B, a few in school A: A's list is narrow, B's and the committee's are wide.
    const dates = Array.from({ length: 24 }, (_, i) => `2026-0${1 + (i % 3)}-${String(10 + ((i * 7) % 18)).padStart(2, '0')}`);
    const made: { id: number; date: string; orgId: number }[] = [];
    for (const [i, date] of dates.entries()) {
      const orgId = i % 6 === 0 ? w.d.branchA.id : w.d.branchB.id;
      const res = await w.admin.post('/api/v1/activities', { orgId, typeCode: 'theme_party_day', date, topic: `主题党日${i}` });
      made.push({ id: (res.json() as { id: number }).id, date, orgId });
    }
    const expected = (orgIds: number[], dir: 1 | -1) =>
      made
        .filter((m) => orgIds.includes(m.orgId))
        .sort((x, y) => dir * (x.date < y.date ? -1 : x.date > y.date ? 1 : x.id - y.id))
        .map((m) => m.id);
    const pages = async (orgId: number, sort: string) => {
      const out: number[] = [];
      for (let page = 1; ; page++) {
        const r = (await w.committee.get(`/api/v1/activities?orgId=${orgId}&pageSize=5&page=${page}&sort=${sort}`)).json() as {
          items: { id: number }[];
          total: number;
        };
        out.push(...r.items.map((i) => i.id));
        if (r.items.length < 5) return { ids: out, total: r.total };
      }
    };
    for (const sort of ['-date', 'date'] as const) {
      const dir = sort === 'date' ? 1 : -1;
      expect(await pages(w.d.committee.id, sort)).toEqual({ ids: expected([w.d.branchA.id, w.d.branchB.id], dir), total: 24 });
      expect(await pages(w.d.schoolB.id, sort)).toEqual({ ids: expected([w.d.branchB.id], dir), total: 20 });
      const narrow = await pages(w.d.schoolA.id, sort);
      expect(narrow).toEqual({ ids: expected([w.d.branchA.id], dir), total: 4 });
    }
  });

  it('exports a branch’s yearly record book as Word, records in date order with attendance and minutes', async () => {
    const w = await world();
    for (const [date, topic] of [
      ['2025-05-10', '五月主题党日'],
      ['2025-03-08', '三月主题党日'],
    ]) {
      await w.recorderA.post('/api/v1/activities', {
        orgId: w.d.branchA.id,
        typeCode: 'theme_party_day',
        date,
        topic,
        minutesHtml: `<p>${topic}会议记录</p>`,
        submit: true,
      });
    }
    await w.recorderA.post('/api/v1/activities', { orgId: w.d.branchA.id, typeCode: 'theme_party_day', date: '2025-04-08', topic: '草稿不导出' });
    const res = await w.recorderA.get(`/api/v1/activities/record-book?orgId=${w.d.branchA.id}&year=2025`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml.document');
    const zip = await JSZip.loadAsync(res.rawPayload);
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    expect(xml).toContain('三月主题党日');
    expect(xml).toContain('五月主题党日会议记录');
    expect(xml.indexOf('三月主题党日')).toBeLessThan(xml.indexOf('五月主题党日'));
    expect(xml).not.toContain('草稿不导出');
    expect(xml).toContain('应到3人，实到3人');
    expect(xml).toContain('仿宋_GB2312');
    expect((await w.schoolAdminB.get(`/api/v1/activities/record-book?orgId=${w.d.branchA.id}&year=2025`)).statusCode).toBe(404);
  });
});

describe('types, rules and materials', () => {
  it('lists the 19 seeded types and lets committee administrators edit types and rules', async () => {
    const w = await world();
    const types = (await w.recorderA.get('/api/v1/activity-types')).json().items;
    expect(types).toHaveLength(19);
    expect(types.filter((x: { isStudy: boolean }) => x.isStudy).map((x: { name: string }) => x.name)).toEqual(['党课', '理论学习', '专题辅导报告', '线上学习']);
    const film = types.find((x: { code: string }) => x.code === 'red_film');
    expect((await w.recorderA.patch(`/api/v1/activity-types/${film.id}`, { version: film.version, isStudy: true })).statusCode).toBe(403);
    expect((await w.schoolAdminA.patch(`/api/v1/activity-types/${film.id}`, { version: film.version, isStudy: true })).statusCode).toBe(403);
    const rules = (await w.recorderA.get('/api/v1/cadence-rules')).json().items;
    expect(rules.map((r: { code: string }) => r.code)).toContain('committee_meeting_monthly');
    const lecture = rules.find((r: { code: string }) => r.code === 'party_lecture_quarterly');
    const edited = await w.admin.patch(`/api/v1/cadence-rules/${lecture.id}`, {
      version: lecture.version,
      overrides: [{ regionOrgId: w.d.schoolB.id, period: 'semester' }],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().overrides).toEqual([{ regionOrgId: w.d.schoolB.id, period: 'semester' }]);
    expect((await w.admin.patch(`/api/v1/cadence-rules/${lecture.id}`, { version: lecture.version, minCount: 3 })).statusCode).toBe(409);
    // Put it back for the other tests of this file.
    await w.admin.patch(`/api/v1/cadence-rules/${lecture.id}`, { version: edited.json().version, overrides: [] });
  });

  it('records study materials and totals them per org and year', async () => {
    const w = await world();
    await w.recorderA.post('/api/v1/materials', { orgId: w.d.branchA.id, title: '党章', orderDate: '2022-03-01', copies: 30 });
    await w.recorderA.post('/api/v1/materials', { orgId: w.d.branchA.id, title: '习近平谈治国理政', orderDate: '2022-09-01', copies: 12 });
    const b = (await w.schoolAdminB.post('/api/v1/materials', { orgId: w.d.branchB.id, title: '党史', orderDate: '2022-05-01', copies: 8 })).json();
    expect((await w.recorderA.post('/api/v1/materials', { orgId: w.d.branchB.id, title: 'x', orderDate: '2022-05-01', copies: 8 })).statusCode).toBe(404);
    const totals = (await w.committee.get(`/api/v1/materials/totals?orgId=${w.d.committee.id}&year=2022`)).json();
    expect(totals.total).toBe(50);
    expect(totals.items).toContainEqual({ orgId: w.d.branchA.id, orgName: w.d.branchA.name, year: 2022, titles: 2, copies: 42 });
    const listA = (await w.schoolAdminA.get('/api/v1/materials?year=2022')).json();
    expect(listA.total).toBe(2);
    expect((await w.schoolAdminA.patch(`/api/v1/materials/${b.id}`, { version: 1, copies: 9 })).statusCode).toBe(404);
    const upd = await w.schoolAdminB.patch(`/api/v1/materials/${b.id}`, { version: 1, copies: 9 });
    expect(upd.json().copies).toBe(9);
    expect((await w.schoolAdminB.patch(`/api/v1/materials/${b.id}`, { version: 1, copies: 10 })).statusCode).toBe(409);
    expect((await w.schoolAdminB.delete(`/api/v1/materials/${b.id}`)).statusCode).toBe(200);
  });
});
