import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STATE_CHANGING } from '../../platform/http/route.ts';
import type { World } from '../../test/audit-world.ts';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import { AUDIT_CALLS } from './audit-calls.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

/** This module's share of the global audit test (platform/audit): each mutating route, one audit event. */
describe('assessment audit calls', () => {
  it('every state-changing /evaluations route has a call that writes exactly one audit event', async () => {
    const routes = t.app.routeTable.filter((r) => STATE_CHANGING.has(r.method) && r.url.startsWith('/api/v1/evaluations'));
    expect(routes.map((r) => `${r.method} ${r.url}`).sort()).toEqual(Object.keys(AUDIT_CALLS).sort());
    for (const r of routes) {
      const key = `${r.method} ${r.url}`;
      const w: World = {
        t,
        district: await t.f.district(),
        committee: await t.as('committee_admin', null),
        sys: await t.as('system_admin', null),
        sec: await t.as('security_admin', null),
      };
      const call = await AUDIT_CALLS[key](w);
      const before = (await t.ctx.db.selectFrom('audit_events').select('id').execute()).length;
      const res = await call.client.request(call.method, call.url, call.body);
      expect(res.statusCode, `${key}: ${res.body}`).toBeLessThan(300);
      const rows = await t.ctx.db.selectFrom('audit_events').selectAll().orderBy('id').execute();
      expect(rows.length - before, key).toBe(1);
      expect(rows.at(-1)?.action).toBe(r.action);
      expect(rows.at(-1)?.result).toBe('ok');
    }
  }, 60_000);
});
