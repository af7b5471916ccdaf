import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/harness.ts';
import { createTestApp } from '../../test/harness.ts';

const B = '/api/v1/online-safety';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

describe('follow-up staff picker and named accounts', () => {
  it('offers the accounts of the school (grants in its subtree), searchable, to safety.case holders in reach only', async () => {
    const d = await t.f.district();
    const officer = await t.as('safety_officer', d.schoolA.id);
    const headA = await t.f.user({ role: 'member', orgId: d.branchA.id, username: 'wanglaoshi' });
    const recorderA = await t.f.user({ role: 'recorder', orgId: d.schoolA.id, username: 'zhangganshi' });
    const headB = await t.f.user({ role: 'member', orgId: d.schoolB.id, username: 'lilaoshi' });
    const disabled = await t.f.user({ role: 'member', orgId: d.schoolA.id, username: 'tingyong' });
    await t.ctx.db.updateTable('users').set({ disabled: 1 }).where('id', '=', disabled.id).execute();

    const res = await officer.get(`${B}/followups/staff?orgId=${d.schoolA.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const ids = (res.json().items as { id: number; username: string; displayName: string }[]).map((u) => u.id);
    expect(ids).toContain(headA.id);
    expect(ids).toContain(recorderA.id);
    expect(ids).not.toContain(headB.id);
    expect(ids).not.toContain(disabled.id);
    const found = (await officer.get(`${B}/followups/staff?orgId=${d.schoolA.id}&q=wang`)).json().items as { id: number }[];
    expect(found.map((u) => u.id)).toEqual([headA.id]);

    // outside reach: 404; in reach without safety.case: 403
    expect((await officer.get(`${B}/followups/staff?orgId=${d.schoolB.id}`)).statusCode).toBe(404);
    const admin = await t.as('committee_admin', d.committee.id);
    expect((await admin.get(`${B}/followups/staff?orgId=${d.schoolA.id}`)).statusCode).toBe(403);
  });

  it('a follow-up names its head teacher and officer by display name', async () => {
    const d = await t.f.district();
    const officer = await t.as('safety_officer', d.schoolA.id);
    const head = await t.f.user({ role: 'member', orgId: d.schoolA.id, username: 'banzhuren' });
    const res = await officer.post(`${B}/followups`, {
      orgId: d.schoolA.id,
      className: '五年级(1)班',
      studentName: '小明',
      headTeacherUserId: head.id,
      openedOn: '2025-05-01',
    });
    expect(res.statusCode, res.body).toBe(201);
    const f = res.json() as { id: number; headTeacherName: string | null; officerName: string | null; officerUserId: number | null };
    expect(f.headTeacherName).toBe('banzhuren');
    expect(f.officerUserId).not.toBeNull();
    expect(f.officerName).toEqual(expect.any(String));
    const list = (await officer.get(`${B}/followups`)).json().items as { headTeacherName: string | null }[];
    expect(list[0].headTeacherName).toBe('banzhuren');
  });
});
