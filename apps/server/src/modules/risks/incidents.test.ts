import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import { checkEscalations, createIncident } from './incidents.ts';
import { SYSTEM } from './common.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const incident = (orgId: number, level: string, occurredAt: string, extra: Record<string, unknown> = {}) => ({
  orgId,
  occurredAt,
  source: '网络平台',
  summary: '短视频平台出现不当视频',
  level,
  ...extra,
});

async function escalationCount() {
  return (await t.ctx.db.selectFrom('incident_escalations').selectAll().execute()).length;
}

describe('incident escalation', () => {
  it('a 重大 incident unreported after one hour notifies the committee exactly once', async () => {
    const { schoolA } = await t.f.district();
    const a = await t.as('org_admin', schoolA.id);
    const now = t.clock.now().toISOString();
    const res = await a.post('/api/v1/incidents', incident(schoolA.id, '重大', now));
    expect(res.statusCode, res.body).toBe(201);
    const inc = res.json();
    expect(inc.escalationDueAt).toBe(new Date(Date.parse(now) + 60 * 60_000).toISOString());
    expect(inc.minutesLeft).toBe(60);

    t.clock.advanceMinutes(59);
    expect(await checkEscalations(t.ctx, t.clock.now())).toEqual([]);
    t.clock.advanceMinutes(2);
    const first = await checkEscalations(t.ctx, t.clock.now());
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ incidentId: inc.id, level: '重大', orgId: schoolA.id });
    expect(await checkEscalations(t.ctx, t.clock.now())).toEqual([]);
    t.clock.advanceMinutes(120);
    expect(await checkEscalations(t.ctx, t.clock.now())).toEqual([]);
    expect(await escalationCount()).toBe(1);

    const a2 = await t.as('org_admin', schoolA.id);
    const detail = (await a2.get(`/api/v1/incidents/${inc.id}`)).json();
    expect(detail.overdue).toBe(true);
    expect(detail.escalatedAt).not.toBeNull();
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual(['reported', 'escalated']);
    // Reporting late is recorded as late.
    const rep = await a2.post(`/api/v1/incidents/${inc.id}/report-to-committee`, {});
    expect(rep.statusCode, rep.body).toBe(200);
    expect(rep.json()).toMatchObject({ reportedLate: true, overdue: false, minutesLeft: null });
  });

  it('reported in time: no escalation; 较大 has 24 hours; 一般 has no deadline', async () => {
    const { schoolA } = await t.f.district();
    const a = await t.as('org_admin', schoolA.id);
    const now = t.clock.now().toISOString();
    const major = (await a.post('/api/v1/incidents', incident(schoolA.id, '重大', now))).json();
    const serious = (await a.post('/api/v1/incidents', incident(schoolA.id, '较大', now))).json();
    const minor = (await a.post('/api/v1/incidents', incident(schoolA.id, '一般', now))).json();
    expect(minor.escalationDueAt).toBeNull();
    t.clock.advanceMinutes(20);
    expect((await a.post(`/api/v1/incidents/${major.id}/report-to-committee`, {})).json().reportedLate).toBe(false);
    t.clock.advanceMinutes(60 * 23);
    expect(await checkEscalations(t.ctx, t.clock.now())).toEqual([]);
    t.clock.advanceMinutes(41);
    const esc = await checkEscalations(t.ctx, t.clock.now());
    expect(esc.map((e) => e.incidentId)).toEqual([serious.id]);
    t.clock.advanceMinutes(60 * 24 * 30);
    expect(await checkEscalations(t.ctx, t.clock.now())).toEqual([]);
    expect(await escalationCount()).toBe(1);
  });

  it('raising the level moves the deadline; an incident at the committee is with the committee already', async () => {
    const { committee, schoolA } = await t.f.district();
    const a = await t.as('org_admin', schoolA.id);
    const inc = (await a.post('/api/v1/incidents', incident(schoolA.id, '一般', t.clock.now().toISOString()))).json();
    const up = await a.patch(`/api/v1/incidents/${inc.id}`, { version: 1, level: '重大' });
    expect(up.json().escalationDueAt).toBe(new Date(Date.parse(inc.occurredAt) + 3600_000).toISOString());
    const c = await t.as('committee_admin', committee.id);
    const own = (await c.post('/api/v1/incidents', incident(committee.id, '重大', t.clock.now().toISOString()))).json();
    expect(own.reportedToCommitteeAt).not.toBeNull();
    t.clock.advanceMinutes(90);
    expect((await checkEscalations(t.ctx, t.clock.now())).map((e) => e.incidentId)).toEqual([inc.id]);
  });

  it('escalates once at most, and exactly when unreported past the deadline (property)', async () => {
    const { schoolA } = await t.f.district();
    const step = fc.oneof(
      fc.record({ kind: fc.constant('advance' as const), minutes: fc.integer({ min: 1, max: 90 }) }),
      fc.record({ kind: fc.constant('check' as const) }),
      fc.record({ kind: fc.constant('report' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        await t.ctx.db.deleteFrom('incident_escalations').execute();
        await t.ctx.db.deleteFrom('incident_events').execute();
        await t.ctx.db.deleteFrom('incidents').execute();
        t.clock.set('2026-03-02T08:00:00.000Z');
        const row = await createIncident(t.ctx, t.ctx.db, null, SYSTEM, {
          orgId: schoolA.id,
          occurredAt: t.clock.now().toISOString(),
          source: '家长群',
          summary: '测试',
          level: '重大',
          riskIds: [],
        });
        const due = Date.parse(row.escalation_due_at as string);
        let reportedAt: number | null = null;
        let checkedLateUnreported = false;
        for (const s of steps) {
          if (s.kind === 'advance') t.clock.advanceMinutes(s.minutes);
          else if (s.kind === 'report' && reportedAt === null) {
            reportedAt = t.clock.now().getTime();
            await t.ctx.db.updateTable('incidents').set({ reported_to_committee_at: t.clock.now().toISOString() }).where('id', '=', row.id).execute();
          } else if (s.kind === 'check') {
            if (reportedAt === null && t.clock.now().getTime() >= due) checkedLateUnreported = true;
            await checkEscalations(t.ctx, t.clock.now());
          }
        }
        expect(await escalationCount()).toBe(checkedLateUnreported ? 1 : 0);
      }),
      { numRuns: 30, seed: 7 },
    );
  });
});

describe('incident handling', () => {
  it('keeps a timeline, requires linked risks to be re-rated at closure, and computes "no negative news"', async () => {
    const { schoolA } = await t.f.district();
    t.clock.set('2026-05-10T02:00:00Z');
    const a = await t.as('org_admin', schoolA.id);
    const risk = (await a.post('/api/v1/risks', { orgId: schoolA.id, category: '网络与新媒体', description: '家长群管理', likelihood: 2, impact: 2 })).json();
    const inc = (await a.post('/api/v1/incidents', incident(schoolA.id, '一般', '2026-05-10T01:00:00Z', { riskIds: [risk.id] }))).json();
    expect(inc.risks.map((r: { id: number }) => r.id)).toEqual([risk.id]);
    const ev = await a.post(`/api/v1/incidents/${inc.id}/events`, { note: '联系家长，删除不当信息' });
    expect(ev.json().status).toBe('handling');
    // Only the first responsible person may mark it personally handled.
    expect((await a.patch(`/api/v1/incidents/${inc.id}`, { version: 2, personallyHandled: true })).statusCode).toBe(403);

    let stats = (await a.get(`/api/v1/incidents/stats?orgId=${schoolA.id}&year=2026`)).json();
    expect(stats).toMatchObject({ total: 1, open: 1, closed: 0, major: 0, negativeNews: true });

    const missing = await a.post(`/api/v1/incidents/${inc.id}/close`, { version: 2, lessons: '加强群管理' });
    expect(missing.statusCode).toBe(400);
    const closed = await a.post(`/api/v1/incidents/${inc.id}/close`, {
      version: 2,
      lessons: '加强群管理',
      reratings: [{ riskId: risk.id, likelihood: 3, impact: 3 }],
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', lessons: '加强群管理' });
    expect(closed.json().events.map((e: { kind: string }) => e.kind)).toEqual(['reported', 'action', 'closed']);
    const r = (await a.get(`/api/v1/risks/${risk.id}`)).json();
    expect(r.level).toBe('一般');
    expect(r.ratings.at(-1)).toMatchObject({ source: 'incident', previousLevel: '低' });
    expect((await a.post(`/api/v1/incidents/${inc.id}/events`, { note: '再处理' })).statusCode).toBe(409);

    stats = (await a.get(`/api/v1/incidents/stats?orgId=${schoolA.id}&year=2026`)).json();
    expect(stats).toMatchObject({ total: 1, open: 0, closed: 1, negativeNews: false });
    // A 较大 incident, even closed, is negative news.
    const big = (await a.post('/api/v1/incidents', incident(schoolA.id, '较大', '2026-05-10T01:30:00Z'))).json();
    await a.post(`/api/v1/incidents/${big.id}/report-to-committee`, {});
    await a.post(`/api/v1/incidents/${big.id}/close`, { version: 2, lessons: '处置完毕' });
    stats = (await a.get(`/api/v1/incidents/stats?orgId=${schoolA.id}&year=2026`)).json();
    expect(stats).toMatchObject({ total: 2, closed: 2, negativeNews: true });
    expect((await a.get(`/api/v1/incidents/stats?orgId=${schoolA.id}&year=2025`)).json()).toMatchObject({ total: 0, negativeNews: false });
  });
});
