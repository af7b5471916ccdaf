import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditCall, World } from '../../test/audit-world.ts';
import { TEST_PASSWORD } from '../../test/factories.ts';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import { STATE_CHANGING } from '../http/route.ts';
import { verifyAuditChain } from './audit.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

/**
 * How to call each state-changing route successfully: every module keeps an `audit-calls.ts`
 * exporting AUDIT_CALLS. A route missing from all of them fails the test below, so every new
 * mutating route must show it writes exactly one audit event.
 */
const SUCCESSFUL_CALLS: Record<string, AuditCall> = Object.assign(
  {},
  ...Object.values(import.meta.glob<{ AUDIT_CALLS: Record<string, AuditCall> }>('../../modules/*/audit-calls.ts', { eager: true })).map((m) => m.AUDIT_CALLS),
);

async function auditCount() {
  return (await t.ctx.db.selectFrom('audit_events').select('id').execute()).length;
}

describe('audit trail', () => {
  it('every state-changing route writes exactly one audit event when it succeeds, and one failure record when it fails', async () => {
    const routes = t.app.routeTable.filter((r) => STATE_CHANGING.has(r.method) && r.transaction !== 'manual');
    const missing = routes.map((r) => `${r.method} ${r.url}`).filter((k) => !SUCCESSFUL_CALLS[k]);
    expect(missing, 'mutating routes without an audit check').toEqual([]);
    for (const r of routes) {
      const key = `${r.method} ${r.url}`;
      const w: World = {
        t,
        district: await t.f.district(),
        committee: await t.as('committee_admin', null),
        sys: await t.as('system_admin', null),
        sec: await t.as('security_admin', null),
      };
      const call = await SUCCESSFUL_CALLS[key](w);
      const before = await auditCount();
      const res = await call.client.request(call.method, call.url, call.body === undefined ? undefined : call.body);
      expect(res.statusCode, `${key}: ${res.body}`).toBeLessThan(300);
      const rows = await t.ctx.db.selectFrom('audit_events').selectAll().orderBy('id').execute();
      expect(rows.length - before, key).toBe(1);
      expect(rows.at(-1)?.action).toBe(r.action);
      expect(rows.at(-1)?.result).toBe('ok');
    }
    // A failing handler: the change rolls back, only the failure record stays.
    const { schoolA } = await t.f.district();
    const c = await t.as('committee_admin', null);
    const before = await auditCount();
    const res = await c.patch(`/api/v1/org-units/${schoolA.id}`, { version: 99, name: '不会保存' });
    expect(res.statusCode).toBe(409);
    expect((await auditCount()) - before).toBe(1);
    const last = await t.ctx.db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(last.result).toBe('failed');
    expect((await t.ctx.db.selectFrom('org_units').select('name').where('id', '=', schoolA.id).executeTakeFirstOrThrow()).name).toBe(schoolA.name);
  }, 240_000);

  it('masks personal fields and keeps the chain verifiable; tampering with one row is detected', async () => {
    const { committee } = await t.f.district();
    const c = await t.as('committee_admin', committee.id);
    for (let i = 0; i < 5; i++) await c.post('/api/v1/org-units', { code: `X${i}`, name: `单位${i}`, kind: 'school', parentId: committee.id });
    expect((await verifyAuditChain(t.ctx.db)).ok).toBe(true);
    const rows = await t.ctx.db.selectFrom('audit_events').select(['id']).orderBy('id').execute();
    const victim = rows[Math.floor(rows.length / 2)].id;
    await t.ctx.db.updateTable('audit_events').set({ actor_name: 'mallory' }).where('id', '=', victim).execute();
    const r = await verifyAuditChain(t.ctx.db);
    expect(r.ok).toBe(false);
    expect(r.brokenId).toBe(victim);
  });

  it('detects a deleted row', async () => {
    const { committee } = await t.f.district();
    const c = await t.as('committee_admin', committee.id);
    for (let i = 0; i < 3; i++) await c.post('/api/v1/org-units', { code: `D${i}`, name: `单位${i}`, kind: 'school', parentId: committee.id });
    const rows = await t.ctx.db.selectFrom('audit_events').select(['id']).orderBy('id').execute();
    await t.ctx.db.deleteFrom('audit_events').where('id', '=', rows[1].id).execute();
    const r = await verifyAuditChain(t.ctx.db);
    expect(r.ok).toBe(false);
    expect(r.brokenId).toBe(rows[2].id);
  });
});

describe('三员分立 (separated administrators)', () => {
  it('only the audit administrator reads the audit trail, and it cannot be changed through the app', async () => {
    await t.f.district();
    const sys = await t.as('system_admin', null);
    const sec = await t.as('security_admin', null);
    const committee = await t.as('committee_admin', null);
    const auditor = await t.as('audit_admin', null);
    for (const c of [sys, sec, committee]) {
      const res = await c.get('/api/v1/audit-events');
      expect(res.statusCode).toBe(403);
    }
    const res = await auditor.get('/api/v1/audit-events?action=auth.login&pageSize=2');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toHaveLength(2);
    expect(res.json().total).toBeGreaterThanOrEqual(4);
    const writes = t.app.routeTable.filter((r) => r.url.startsWith('/api/v1/audit-events') && r.method !== 'GET');
    expect(writes).toEqual([]);
  });

  it('the audit administrator cannot change users; the system administrator cannot grant roles; the security administrator cannot create accounts', async () => {
    const auditor = await t.as('audit_admin', null);
    const sys = await t.as('system_admin', null);
    const sec = await t.as('security_admin', null);
    const u = await t.f.user({ role: 'member', orgId: null });
    expect((await auditor.post('/api/v1/users', { username: 'x1', displayName: 'x' })).statusCode).toBe(403);
    expect((await auditor.post(`/api/v1/users/${u.id}/disable`, { version: 1 })).statusCode).toBe(403);
    expect((await sys.post(`/api/v1/users/${u.id}/grants`, { role: 'audit_admin', orgId: null, password: TEST_PASSWORD })).statusCode).toBe(403);
    expect((await sec.post('/api/v1/users', { username: 'x2', displayName: 'x' })).statusCode).toBe(403);
    const me = (await sec.get('/api/v1/auth/session')).json().user.id;
    expect((await sec.post(`/api/v1/users/${me}/grants`, { role: 'system_admin', orgId: null, password: TEST_PASSWORD })).statusCode).toBe(403);
  });
});
