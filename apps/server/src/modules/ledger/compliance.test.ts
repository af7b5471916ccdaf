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

interface Cell {
  orgId: number;
  ruleCode: string;
  period: string;
  count: number;
  required: number;
  status: string;
}

async function person(c: Client, code: string, unitId: number, partyOrgId: number, joinDate: string) {
  const res = await c.post('/api/v1/people', { code, name: code, unitId, partyOrgId, politicalStatus: '中共预备党员', joinDate });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: number }).id;
}

describe('compliance calendar', () => {
  it('computes the org × period grid, roll-ups and 应完成 vs 已完成 on a small district', async () => {
    t.clock.set('2022-11-20T02:00:00.000Z');
    const d = await t.f.district();
    const admin = await t.as('committee_admin', null);
    // A branch created on 1 July 2022 owes nothing for the first half of the year.
    const branchC = await t.f.org({ kind: 'branch', parentId: d.schoolB.id, name: '新建党支部' });
    await t.ctx.db.updateTable('org_units').set({ active_from: '2022-07-01' }).where('id', '=', branchC.id).execute();
    await t.ctx.db
      .updateTable('org_units')
      .set({ active_from: '2015-01-01' })
      .where('id', 'in', [d.committee.id, d.schoolA.id, d.branchA.id, d.schoolB.id, d.branchB.id])
      .execute();
    const old = await person(admin, 'C1', d.schoolA.id, d.branchA.id, '2015-03-01');
    const newer = await person(admin, 'C2', d.schoolA.id, d.branchA.id, '2022-05-01');
    await person(admin, 'C3', d.schoolA.id, d.branchA.id, '2022-09-01'); // joined after mid-year: not due this year

    const rec = async (orgId: number, typeCode: string, date: string, extra: Record<string, unknown> = {}) => {
      const res = await admin.post('/api/v1/activities', { orgId, typeCode, date, topic: typeCode, submit: true, ...extra });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: number };
    };
    await rec(d.branchA.id, 'branch_committee_meeting', '2022-01-10');
    await rec(d.branchA.id, 'branch_committee_meeting', '2022-03-10');
    await rec(d.branchA.id, 'branch_committee_meeting', '2022-03-20');
    // A draft does not count.
    await admin.post('/api/v1/activities', { orgId: d.branchA.id, typeCode: 'branch_committee_meeting', date: '2022-02-10', topic: '草稿' });
    // Heart-to-heart talk: the member who joined in May is listed in March, before joining: that does not count.
    await rec(d.branchA.id, 'heart_talk', '2022-03-01', { attendees: [{ personId: old }, { personId: newer }] });
    await rec(d.branchB.id, 'party_lecture', '2022-03-05');
    await rec(branchC.id, 'branch_committee_meeting', '2022-07-05');

    // Some regions require the party lecture per semester: an override for school B's subtree.
    const rules = (await admin.get('/api/v1/cadence-rules')).json().items as { id: number; code: string; version: number }[];
    const lecture = rules.find((r) => r.code === 'party_lecture_quarterly');
    expect(
      (await admin.patch(`/api/v1/cadence-rules/${lecture?.id}`, { version: lecture?.version, overrides: [{ regionOrgId: d.schoolB.id, period: 'semester' }] }))
        .statusCode,
    ).toBe(200);

    const res = await admin.get(`/api/v1/compliance?orgId=${d.committee.id}&year=2022`);
    expect(res.statusCode, res.body).toBe(200);
    const grid = res.json() as {
      cells: Cell[];
      rollup: { orgId: number; done: number; overdue: number; dueSoon: number; percent: number | null }[];
      quarterly: { orgId: number; quarter: number; required: number; done: number }[];
    };
    const cell = (orgId: number, ruleCode: string, period: string) =>
      grid.cells.find((c) => c.orgId === orgId && c.ruleCode === ruleCode && c.period === period);
    const cm = (orgId: number, m: string) => cell(orgId, 'committee_meeting_monthly', `2022-${m}`)?.status;
    expect(cm(d.branchA.id, '01')).toBe('done');
    expect(cm(d.branchA.id, '02')).toBe('overdue');
    expect(cell(d.branchA.id, 'committee_meeting_monthly', '2022-03')).toMatchObject({ count: 2, required: 1, status: 'done' });
    expect(cm(d.branchA.id, '10')).toBe('overdue');
    expect(cm(d.branchA.id, '11')).toBe('due_soon');
    expect(cm(d.branchA.id, '12')).toBe('not_yet_due');
    // The mid-year branch: nothing before July; July done; August on overdue.
    expect(['01', '02', '03', '04', '05', '06'].map((m) => cm(branchC.id, m))).toEqual(Array(6).fill('not_applicable'));
    expect(cm(branchC.id, '07')).toBe('done');
    expect(cm(branchC.id, '08')).toBe('overdue');
    // Per member: two members due (the September joiner is not), one talked to after joining.
    expect(cell(d.branchA.id, 'heart_talk_member_yearly', '2022')).toMatchObject({ count: 1, required: 2, status: 'not_yet_due' });
    // Quarter vs semester by region.
    expect(cell(d.branchA.id, 'party_lecture_quarterly', '2022-Q1')?.status).toBe('overdue');
    expect(cell(d.branchB.id, 'party_lecture_quarterly', '2022-S1')).toMatchObject({ count: 1, status: 'done' });
    expect(cell(d.branchB.id, 'party_lecture_quarterly', '2022-Q1')).toBeUndefined();
    // Schools hold no branch rules; the committee holds the integrity meetings (none held: both semesters behind or pending).
    expect(grid.cells.filter((c) => c.orgId === d.schoolA.id)).toHaveLength(0);
    expect(cell(d.committee.id, 'integrity_meeting_semester', '2022-S1')?.status).toBe('overdue');
    expect(cell(d.committee.id, 'integrity_meeting_semester', '2022-S2')?.status).toBe('not_yet_due');
    // Secretaries: none named, so the rotation-training cells of the public branches are unmet.
    expect(cell(d.branchA.id, 'rotation_training_secretary', '2022')?.status).toBe('not_yet_due');

    // Roll-up: the school counts its branch's cells; the committee counts everything.
    const rollA = grid.rollup.find((r) => r.orgId === d.branchA.id);
    const rollSchoolA = grid.rollup.find((r) => r.orgId === d.schoolA.id);
    expect(rollSchoolA).toMatchObject({ done: rollA?.done, overdue: rollA?.overdue });
    const top = grid.rollup.find((r) => r.orgId === d.committee.id);
    const decided = grid.cells.filter((c) => c.status === 'done' || c.status === 'overdue');
    expect(top?.done).toBe(decided.filter((c) => c.status === 'done').length);
    expect(top?.percent).toBeCloseTo((100 * (top?.done ?? 0)) / decided.length, 0);
    // 应完成 vs 已完成, first quarter of branch A: 3 months of 支委会 and 主题党日 (6) + 支部党员大会 + 党课 = 8 due, 2 done.
    expect(grid.quarterly.find((q) => q.orgId === d.branchA.id && q.quarter === 1)).toEqual({ orgId: d.branchA.id, quarter: 1, required: 8, done: 2 });

    // Scope: another school's admin cannot see the committee's grid, nor branch A's.
    const adminB = await t.as('org_admin', d.schoolB.id);
    expect((await adminB.get(`/api/v1/compliance?orgId=${d.branchA.id}&year=2022`)).statusCode).toBe(404);
    const own = (await adminB.get(`/api/v1/compliance?orgId=${d.schoolB.id}&year=2022&ruleCode=committee_meeting_monthly`)).json() as { cells: Cell[] };
    expect(new Set(own.cells.map((c) => c.orgId))).toEqual(new Set([d.branchB.id, branchC.id]));
  });
});
