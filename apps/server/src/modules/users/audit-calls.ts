import { TEST_PASSWORD } from '../../test/factories.ts';
import type { AuditCall } from '../../test/audit-world.ts';

export const AUDIT_CALLS: Record<string, AuditCall> = {
  'POST /api/v1/users': async (w) => ({ client: w.sys, method: 'POST', url: '/api/v1/users', body: { username: 'newbie', displayName: '新人' } }),
  'POST /api/v1/users/:id/disable': async (w) => {
    const u = await w.t.f.user({ role: 'member', orgId: null });
    return { client: w.sys, method: 'POST', url: `/api/v1/users/${u.id}/disable`, body: { version: 1 } };
  },
  'POST /api/v1/users/:id/enable': async (w) => {
    const u = await w.t.f.user({ role: 'member', orgId: null });
    await w.t.ctx.db.updateTable('users').set({ disabled: 1 }).where('id', '=', u.id).execute();
    return { client: w.sys, method: 'POST', url: `/api/v1/users/${u.id}/enable`, body: { version: 1 } };
  },
  'POST /api/v1/users/:id/reset-password': async (w) => {
    const u = await w.t.f.user({ role: 'member', orgId: null });
    return { client: w.sys, method: 'POST', url: `/api/v1/users/${u.id}/reset-password` };
  },
  'POST /api/v1/users/:id/grants': async (w) => {
    const u = await w.t.f.user({ role: 'member', orgId: null });
    return {
      client: w.sec,
      method: 'POST',
      url: `/api/v1/users/${u.id}/grants`,
      body: { role: 'recorder', orgId: w.district.schoolA.id, password: TEST_PASSWORD },
    };
  },
  'DELETE /api/v1/users/:id/grants/:grantId': async (w) => {
    const u = await w.t.f.user({ role: 'member', orgId: null });
    const g = await w.t.ctx.db.selectFrom('grants').select('id').where('user_id', '=', u.id).executeTakeFirstOrThrow();
    return { client: w.sec, method: 'DELETE', url: `/api/v1/users/${u.id}/grants/${g.id}` };
  },
};
