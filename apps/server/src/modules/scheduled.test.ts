import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../test/harness.ts';
import './scheduled.ts';
import { runDueJobs } from './tasks/scheduler.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

describe('scheduled cross-module work', () => {
  it('a 重大 incident not reported within an hour notifies the committee once, through the scheduler', async () => {
    const { committee, schoolA } = await t.f.district();
    const school = await t.as('org_admin', schoolA.id);
    const admin = await t.f.user({ role: 'committee_admin', orgId: committee.id });
    let committeeAdmin = await t.login(admin.username, admin.password);
    const res = await school.post('/api/v1/incidents', {
      orgId: schoolA.id,
      occurredAt: t.clock.now().toISOString(),
      source: '家长群',
      summary: '网络舆情',
      level: '重大',
    });
    expect(res.statusCode, res.body).toBe(201);
    await runDueJobs(t.ctx, 'a');
    expect((await committeeAdmin.get('/api/v1/notifications')).json().items).toHaveLength(0);
    t.clock.advanceMinutes(61);
    await runDueJobs(t.ctx, 'a');
    t.clock.advanceMinutes(10);
    await runDueJobs(t.ctx, 'b');
    committeeAdmin = await t.login(admin.username, admin.password);
    const items = (await committeeAdmin.get('/api/v1/notifications')).json().items as { kind: string }[];
    expect(items.filter((n) => n.kind === 'incident.escalation')).toHaveLength(1);
  });
});
