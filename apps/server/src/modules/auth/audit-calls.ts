import { TEST_PASSWORD } from '../../test/factories.ts';
import type { AuditCall } from '../../test/audit-world.ts';

export const AUDIT_CALLS: Record<string, AuditCall> = {
  'POST /api/v1/auth/logout': async (w) => ({ client: w.committee, method: 'POST', url: '/api/v1/auth/logout' }),
  'POST /api/v1/auth/reauth': async (w) => ({ client: w.committee, method: 'POST', url: '/api/v1/auth/reauth', body: { password: TEST_PASSWORD } }),
  'POST /api/v1/auth/change-password': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: '/api/v1/auth/change-password',
    body: { currentPassword: TEST_PASSWORD, newPassword: 'Another-Strong-42' },
  }),
};

async function enrolled(w: import('../../test/audit-world.ts').World) {
  const { Secret, TOTP } = await import('otpauth');
  const u = await w.t.f.user({ role: 'recorder', orgId: w.district.schoolA.id });
  const c = await w.t.login(u.username, u.password);
  const setup = (await c.post('/api/v1/auth/mfa/setup')).json() as { secret: string };
  const code = () => new TOTP({ secret: Secret.fromBase32(setup.secret), digits: 6, period: 30 }).generate({ timestamp: w.t.clock.now().getTime() });
  return { c, u, code };
}

Object.assign(AUDIT_CALLS, {
  'POST /api/v1/auth/mfa/setup': async (w) => ({ client: w.committee, method: 'POST', url: '/api/v1/auth/mfa/setup' }),
  'POST /api/v1/auth/mfa/enable': async (w) => {
    const { c, code } = await enrolled(w);
    return { client: c, method: 'POST', url: '/api/v1/auth/mfa/enable', body: { code: code() } };
  },
  'POST /api/v1/auth/mfa/verify': async (w) => {
    const { c, u, code } = await enrolled(w);
    await c.post('/api/v1/auth/mfa/enable', { code: code() });
    const again = await w.t.login(u.username, u.password);
    return { client: again, method: 'POST', url: '/api/v1/auth/mfa/verify', body: { code: code() } };
  },
} satisfies Record<string, AuditCall>);
