import { ROLES } from '@taizhang/shared';
import { defaultRetentionUntil } from '@taizhang/shared/schemas/safety';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../platform/audit/audit.ts';
import type { Client, TestApp } from '../../test/harness.ts';
import { createTestApp } from '../../test/harness.ts';
import { runSafetyCli } from './cli.ts';
import { purgeExpiredFollowups } from './service.ts';

const B = '/api/v1/online-safety';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

async function auditRows(action: string) {
  return t.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('id').execute();
}

async function openFollowup(officer: Client, body: Record<string, unknown>) {
  const res = await officer.post(`${B}/followups`, { className: '五年级(2)班', details: '沉迷网络游戏，夜间使用手机', openedOn: '2025-05-01', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; version: number };
}

describe('follow-up cases (restricted, minors)', () => {
  it('visibility matrix: only the head teacher, the named officer and safety.case holders in reach see a follow-up', async () => {
    const d = await t.f.district();
    const officer = await t.as('safety_officer', d.schoolA.id);
    const head = await t.f.user({ role: 'member', orgId: d.schoolB.id });
    const namedOfficer = await t.f.user({ role: 'recorder', orgId: d.schoolB.id });
    const f = await openFollowup(officer, { orgId: d.schoolA.id, studentName: '李小明', headTeacherUserId: head.id, officerUserId: namedOfficer.id });

    const check = async (c: Client, visible: boolean, label: string) => {
      expect((await c.get(`${B}/followups/${f.id}`)).statusCode, label).toBe(visible ? 200 : 404);
      expect((await c.get(`${B}/followups`)).json().total, label).toBe(visible ? 1 : 0);
      expect((await c.get(`${B}/followups?q=${encodeURIComponent('李小明')}`)).json().total, label).toBe(visible ? 1 : 0);
      await c.reauth();
      const csv = (await c.get(`${B}/followups/export`)).body;
      expect(csv.includes('李小明'), label).toBe(visible);
      expect((await c.patch(`${B}/followups/${f.id}`, { version: 999, details: 'x' })).statusCode, label).toBe(visible ? 409 : 404);
      expect((await c.post(`${B}/followups/${f.id}/close`, { version: 999, closedOn: '2025-06-01' })).statusCode, label).toBe(visible ? 409 : 404);
    };

    const orgs = { own: d.schoolA.id, other: d.schoolB.id, committee: d.committee.id } as const;
    for (const role of ROLES) {
      for (const [where, orgId] of Object.entries(orgs)) {
        const c = await t.as(role, orgId);
        await check(c, role === 'safety_officer' && (where === 'own' || where === 'committee'), `${role}@${where}`);
      }
    }
    await check(await t.login(head.username, head.password), true, 'head teacher');
    await check(await t.login(namedOfficer.username, namedOfficer.password), true, 'named officer');
    // counts only for readers
    const admin = await t.as('committee_admin', d.committee.id);
    expect((await admin.get(`${B}/followups/counts?orgId=${d.committee.id}`)).json()).toEqual({ orgId: d.committee.id, open: 1, closed: 0 });
    // only a safety.case holder in reach may open one
    const adminA = await t.as('org_admin', d.schoolA.id);
    const refused = await adminA.post(`${B}/followups`, {
      orgId: d.schoolA.id,
      className: '一班',
      studentName: '某某',
      headTeacherUserId: head.id,
      openedOn: '2025-05-01',
    });
    expect(refused.statusCode).toBe(403);
    const officerB = await t.as('safety_officer', d.schoolB.id);
    const outside = await officerB.post(`${B}/followups`, {
      orgId: d.schoolA.id,
      className: '一班',
      studentName: '某某',
      headTeacherUserId: head.id,
      openedOn: '2025-05-01',
    });
    expect(outside.statusCode).toBe(404);
  });

  it('audits every read (detail, list, export) and keeps the student out of the audit trail', async () => {
    const d = await t.f.district();
    const officer = await t.as('safety_officer', d.schoolA.id);
    const head = await t.f.user({ role: 'member', orgId: d.schoolA.id });
    const f1 = await openFollowup(officer, { orgId: d.schoolA.id, studentName: '王小红', headTeacherUserId: head.id });
    await openFollowup(officer, { orgId: d.schoolA.id, studentName: '张小军', headTeacherUserId: head.id });
    expect(await auditRows('safety_followup.read')).toHaveLength(0);
    const headClient = await t.login(head.username, head.password);
    await headClient.get(`${B}/followups/${f1.id}`);
    const reads = await auditRows('safety_followup.read');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ entity_type: 'safety_followup', entity_id: String(f1.id), org_id: d.schoolA.id, actor_id: head.id });
    await officer.get(`${B}/followups`);
    expect(await auditRows('safety_followup.read')).toHaveLength(3);
    await officer.reauth();
    await officer.get(`${B}/followups/export`);
    expect(await auditRows('safety_followup.export')).toHaveLength(2);
    await officer.patch(`${B}/followups/${f1.id}`, { version: f1.version, details: '家访后好转' });
    const all = await t.ctx.db.selectFrom('audit_events').select(['before_json', 'after_json']).execute();
    for (const secret of ['王小红', '张小军', '五年级', '沉迷网络游戏', '家访后好转'])
      expect(
        all.some((r) => `${r.before_json}${r.after_json}`.includes(secret)),
        secret,
      ).toBe(false);
  });

  it('retention: closing sets the first 31 August after closing; the purge deletes exactly what is due and audits it (CLI, fake clock)', async () => {
    t.clock.set('2025-06-10T02:00:00.000Z');
    const d = await t.f.district();
    const officer = await t.as('safety_officer', d.schoolA.id);
    const head = await t.f.user({ role: 'member', orgId: d.schoolA.id });
    const mk = (name: string) => openFollowup(officer, { orgId: d.schoolA.id, studentName: name, headTeacherUserId: head.id });
    const a = await mk('甲同学');
    const b = await mk('乙同学');
    const c = await mk('丙同学'); // stays open
    const e = await mk('丁同学');
    let r = await officer.post(`${B}/followups/${a.id}/close`, { version: a.version, closedOn: '2025-06-01' });
    expect(r.json().retentionUntil).toBe('2025-08-31');
    r = await officer.post(`${B}/followups/${b.id}/close`, { version: b.version, closedOn: '2025-06-02', retentionUntil: '2025-06-30' });
    expect(r.json().retentionUntil).toBe('2025-06-30');
    // never later than the default
    const tooLong = await officer.post(`${B}/followups/${e.id}/close`, { version: e.version, closedOn: '2025-06-02', retentionUntil: '2026-09-01' });
    expect(tooLong.statusCode).toBe(400);
    t.clock.set('2025-09-01T02:00:00.000Z');
    const officerLater = await t.as('safety_officer', d.schoolA.id); // sessions expire across the clock jump
    r = await officerLater.post(`${B}/followups/${e.id}/close`, { version: e.version, closedOn: '2025-09-01' });
    expect(r.json().retentionUntil).toBe('2026-08-31');

    const lines: string[] = [];
    const out = (l: string) => lines.push(l);
    // 2025-07-01 in Beijing: only b is past its retention day
    t.clock.set('2025-06-30T16:00:00.000Z');
    expect(await runSafetyCli(t.ctx, ['purge'], out)).toBe(0);
    let left = (await t.ctx.db.selectFrom('safety_followups').select('id').orderBy('id').execute()).map((x) => x.id);
    expect(left).toEqual([a.id, c.id, e.id]);
    // the last minute of 31 August (Beijing) keeps a; the first minute of 1 September deletes it
    t.clock.set('2025-08-31T15:59:00.000Z');
    expect((await purgeExpiredFollowups(t.ctx, t.clock.now())).deleted).toBe(0);
    t.clock.set('2025-08-31T16:00:00.000Z');
    expect(await runSafetyCli(t.ctx, ['purge'], out)).toBe(0);
    left = (await t.ctx.db.selectFrom('safety_followups').select('id').orderBy('id').execute()).map((x) => x.id);
    expect(left).toEqual([c.id, e.id]);
    // idempotent, open cases never purged
    t.clock.set('2026-08-31T16:00:00.000Z');
    expect((await purgeExpiredFollowups(t.ctx, t.clock.now())).ids).toEqual([e.id]);
    t.clock.set('2040-01-01T00:00:00.000Z');
    expect((await purgeExpiredFollowups(t.ctx, t.clock.now())).deleted).toBe(0);
    expect((await t.ctx.db.selectFrom('safety_followups').select('id').execute()).map((x) => x.id)).toEqual([c.id]);
    expect(lines[0]).toContain('1');
    expect(await runSafetyCli(t.ctx, ['unknown'], out)).toBe(64);

    const purges = await auditRows('safety_followup.purge');
    expect(purges.map((p) => Number(p.entity_id))).toEqual([b.id, a.id, e.id]);
    expect(purges[0]).toMatchObject({ org_id: d.schoolA.id, result: 'ok' });
    expect(JSON.parse(purges[0].after_json ?? '{}')).toEqual({
      openedOn: '2025-05-01',
      closedOn: '2025-06-02',
      retentionUntil: '2025-06-30',
      purgedOn: '2025-07-01',
    });
    const all = await t.ctx.db.selectFrom('audit_events').select(['before_json', 'after_json']).execute();
    expect(all.some((x) => `${x.before_json}${x.after_json}`.includes('同学'))).toBe(false);
    expect((await verifyAuditChain(t.ctx.db)).ok).toBe(true);
    // a purged record is gone for everyone
    const later = await t.as('safety_officer', d.schoolA.id);
    expect((await later.get(`${B}/followups/${a.id}`)).statusCode).toBe(404);
    expect((await later.get(`${B}/followups/${c.id}`)).statusCode).toBe(200);
  });

  it('default retention is the first 31 August strictly after closing, within a year', () => {
    const day = fc.integer({ min: 0, max: 3650 }).map((n) => new Date(Date.UTC(2020, 0, 1 + n)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, (closedOn) => {
        const r = defaultRetentionUntil(closedOn);
        expect(r.slice(5)).toBe('08-31');
        expect(r > closedOn).toBe(true);
        const days = (Date.parse(r) - Date.parse(closedOn)) / 86400000;
        expect(days).toBeGreaterThan(0);
        expect(days).toBeLessThanOrEqual(366);
      }),
    );
  });
});

describe('screenings, coverage and spot checks', () => {
  it('rolls coverage up the tree: completed screenings ending in the year, distinct schools, sums', async () => {
    const committee = await t.f.org({ kind: 'committee', name: '区教育工委' });
    const east = await t.f.org({ kind: 'other', parentId: committee.id, name: '东片区' });
    const s1 = await t.f.org({ kind: 'school', parentId: east.id, name: '东一小' });
    const s2 = await t.f.org({ kind: 'school', parentId: east.id, name: '东二小' });
    const branch = await t.f.org({ kind: 'branch', parentId: s1.id, name: '东一小党支部' });
    const k1 = await t.f.org({ kind: 'kindergarten', parentId: committee.id, name: '中心幼儿园' });
    const admin = await t.as('committee_admin', committee.id);
    const add = async (code: string, orgId: number, body: Record<string, unknown>) => {
      const r = await admin.post(`${B}/screenings`, { code, orgId, startDate: '2022-03-01', ...body });
      expect(r.statusCode, r.body).toBe(201);
      return r.json();
    };
    await add('C1', s1.id, { status: 'completed', endDate: '2022-04-01', studentsExpected: 100, studentsScreened: 98, issuesFound: 5, issuesResolved: 4 });
    await add('C2', s1.id, { status: 'completed', endDate: '2022-11-01', studentsExpected: 10, studentsScreened: 10, issuesFound: 1, issuesResolved: 1 });
    await add('C3', s2.id, { status: 'in_progress', studentsExpected: 300, studentsScreened: 100 });
    await add('C4', k1.id, { status: 'completed', endDate: '2022-12-31', studentsExpected: 50, studentsScreened: 50, issuesFound: 0 });
    await add('C5', k1.id, {
      startDate: '2021-03-01',
      status: 'completed',
      endDate: '2021-12-31',
      studentsExpected: 70,
      studentsScreened: 70,
      issuesFound: 2,
      issuesResolved: 2,
    });
    expect((await admin.post(`${B}/screenings`, { code: 'C6', orgId: branch.id, startDate: '2022-03-01', studentsExpected: 1 })).statusCode).toBe(400);
    expect(
      (await admin.post(`${B}/screenings`, { code: 'C7', orgId: s2.id, startDate: '2022-03-01', studentsExpected: 1, status: 'completed' })).statusCode,
    ).toBe(400);
    expect((await admin.post(`${B}/screenings`, { code: 'C1', orgId: s2.id, startDate: '2022-03-01', studentsExpected: 1 })).statusCode).toBe(400);

    const cov = (await admin.get(`${B}/coverage?orgId=${committee.id}&year=2022`)).json();
    expect(cov.totals).toEqual({ schools: 3, schoolsScreened: 2, studentsExpected: 160, studentsScreened: 158, issuesFound: 6, issuesResolved: 5 });
    expect(cov.children).toEqual([
      { orgId: east.id, orgName: '东片区', schools: 2, schoolsScreened: 1, studentsExpected: 110, studentsScreened: 108, issuesFound: 6, issuesResolved: 5 },
      { orgId: k1.id, orgName: '中心幼儿园', schools: 1, schoolsScreened: 1, studentsExpected: 50, studentsScreened: 50, issuesFound: 0, issuesResolved: 0 },
    ]);
    const east2022 = (await admin.get(`${B}/coverage?orgId=${east.id}&year=2022`)).json();
    expect(east2022.totals.studentsScreened).toBe(108);
    expect(east2022.children.map((c: { orgId: number; schoolsScreened: number }) => [c.orgId, c.schoolsScreened])).toEqual([
      [s1.id, 1],
      [s2.id, 0],
    ]);
    expect((await admin.get(`${B}/coverage?orgId=${committee.id}&year=2021`)).json().totals).toMatchObject({ schoolsScreened: 1, studentsScreened: 70 });
    // property: the totals equal the sum over children when every school sits under a child
    const sum = (k: string) => cov.children.reduce((n: number, c: Record<string, number>) => n + c[k], 0);
    for (const k of ['schools', 'schoolsScreened', 'studentsExpected', 'studentsScreened', 'issuesFound', 'issuesResolved']) expect(sum(k)).toBe(cov.totals[k]);
    // a school admin elsewhere cannot read the committee's coverage
    const s2admin = await t.as('org_admin', s2.id);
    expect((await s2admin.get(`${B}/coverage?orgId=${committee.id}&year=2022`)).statusCode).toBe(404);
    expect((await s2admin.get(`${B}/screenings`)).json().items.map((s: { code: string }) => s.code)).toEqual(['C3']);
  });

  it('keeps per-class results as counts, scoped to the school', async () => {
    const d = await t.f.district();
    const adminA = await t.as('org_admin', d.schoolA.id);
    const adminB = await t.as('org_admin', d.schoolB.id);
    const s = (await adminA.post(`${B}/screenings`, { code: 'A1', orgId: d.schoolA.id, startDate: '2022-03-01', studentsExpected: 80 })).json();
    const put = (results: unknown[]) => adminA.post(`${B}/screenings/${s.id}/results`, { results });
    expect((await put([{ className: '一(1)班', students: 40, screened: 41 }])).statusCode).toBe(400);
    expect((await put([{ className: '一(1)班', students: 40, screened: 40, foundGaming: 2, followUpsOpened: 1 }])).statusCode).toBe(200);
    const r = await put([
      { className: '一(1)班', students: 40, screened: 39, foundGaming: 1 },
      { className: '一(2)班', students: 40, screened: 40, foundHarmfulApps: 1 },
    ]);
    expect(r.json().items).toHaveLength(2);
    expect(r.json().items[0]).toMatchObject({ className: '一(1)班', screened: 39, foundGaming: 1, followUpsOpened: 0 });
    expect((await adminB.get(`${B}/screenings/${s.id}`)).statusCode).toBe(404);
    expect((await adminB.post(`${B}/screenings/${s.id}/results`, { results: [{ className: 'x', students: 1, screened: 1 }] })).statusCode).toBe(404);
    const done = await adminA.patch(`${B}/screenings/${s.id}`, { version: s.version, status: 'completed', endDate: '2022-04-01', studentsScreened: 79 });
    expect(done.json()).toMatchObject({ status: 'completed', studentsScreened: 79 });
    expect((await adminA.get(`${B}/screenings/${s.id}`)).json().results).toHaveLength(2);
  });

  it('shows school and bureau spot checks side by side per school; bureau checks come from above the school', async () => {
    t.clock.set('2022-06-01T02:00:00.000Z');
    const d = await t.f.district();
    const committee = await t.as('committee_admin', d.committee.id);
    const adminA = await t.as('org_admin', d.schoolA.id);
    const check = (c: Client, body: Record<string, unknown>) => c.post(`${B}/spot-checks`, { checker: '检查组', place: '宿舍', ...body });
    expect((await check(adminA, { level: 'bureau', orgId: d.schoolA.id, checkedOn: '2022-05-01' })).statusCode).toBe(404);
    expect((await check(adminA, { level: 'school', orgId: d.schoolA.id, checkedOn: '2022-05-01' })).statusCode).toBe(201);
    const k = (await check(adminA, { level: 'school', orgId: d.schoolA.id, checkedOn: '2022-05-02', findings: '不良软件', rectifyBy: '2022-05-09' })).json();
    await check(committee, { level: 'bureau', orgId: d.schoolA.id, checkedOn: '2022-05-10', findings: '私藏手机', rectifyBy: '2022-05-24' });
    await check(committee, { level: 'bureau', orgId: d.schoolB.id, checkedOn: '2022-05-11' });
    expect((await adminA.post(`${B}/spot-checks/${k.id}/rectify`, { version: k.version, rectifiedOn: '2022-05-08', result: '已卸载' })).statusCode).toBe(200);
    const summary = (await committee.get(`${B}/spot-checks/summary?orgId=${d.committee.id}&year=2022`)).json().items;
    expect(summary).toEqual([
      {
        orgId: d.schoolA.id,
        orgName: d.schoolA.name,
        school: { checks: 2, withFindings: 1, rectified: 1, open: 0, overdue: 0 },
        bureau: { checks: 1, withFindings: 1, rectified: 0, open: 1, overdue: 1 },
      },
      {
        orgId: d.schoolB.id,
        orgName: d.schoolB.name,
        school: { checks: 0, withFindings: 0, rectified: 0, open: 0, overdue: 0 },
        bureau: { checks: 1, withFindings: 0, rectified: 0, open: 0, overdue: 0 },
      },
    ]);
    const adminB = await t.as('org_admin', d.schoolB.id);
    expect((await adminB.get(`${B}/spot-checks`)).json().total).toBe(1);
    expect((await adminB.get(`${B}/spot-checks/summary?orgId=${d.committee.id}`)).statusCode).toBe(404);
  });

  it('records class-level custody and parent notices with count rules', async () => {
    const d = await t.f.district();
    const adminA = await t.as('org_admin', d.schoolA.id);
    const adminB = await t.as('org_admin', d.schoolB.id);
    const body = { orgId: d.schoolA.id, className: '初一(1)班', date: '2022-10-10', students: 40, phonesHeld: 38, phonesReturned: 38 };
    expect((await adminA.post(`${B}/custody`, body)).statusCode).toBe(201);
    expect((await adminA.post(`${B}/custody`, { ...body, phonesReturned: 37 })).statusCode).toBe(200);
    expect((await adminA.post(`${B}/custody`, { ...body, phonesHeld: 41 })).statusCode).toBe(400);
    expect((await adminB.post(`${B}/custody`, body)).statusCode).toBe(404);
    const list = (await adminA.get(`${B}/custody`)).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ phonesHeld: 38, phonesReturned: 37 });
    expect((await adminB.get(`${B}/custody`)).json().total).toBe(0);
    const n = { orgId: d.schoolA.id, className: '初一(1)班', date: '2022-03-10', noticesSent: 40, acksReceived: 39 };
    expect((await adminA.post(`${B}/parent-notices`, { ...n, acksReceived: 41 })).statusCode).toBe(400);
    expect((await adminA.post(`${B}/parent-notices`, n)).statusCode).toBe(201);
    expect((await adminA.get(`${B}/parent-notices?year=2022`)).json().items[0]).toMatchObject({ noticesSent: 40, acksReceived: 39 });
    expect((await adminB.get(`${B}/parent-notices`)).json().total).toBe(0);
  });
});
