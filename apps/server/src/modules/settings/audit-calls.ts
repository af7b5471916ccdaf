import type { AuditCall } from '../../test/audit-world.ts';

export const AUDIT_CALLS: Record<string, AuditCall> = {
  'PUT /api/v1/settings/security-policy': async (w) => {
    await w.sec.reauth();
    const current = (await w.sec.get('/api/v1/settings/security-policy')).json();
    return {
      client: w.sec,
      method: 'PUT',
      url: '/api/v1/settings/security-policy',
      body: { version: current.version, value: { ...current.value, lockoutMinutes: 45 } },
    };
  },
  'PUT /api/v1/settings/system': async (w) => {
    await w.sys.reauth();
    const current = (await w.sys.get('/api/v1/settings/system')).json();
    return {
      client: w.sys,
      method: 'PUT',
      url: '/api/v1/settings/system',
      body: { version: current.version, value: { ...current.value, siteName: '示范区' } },
    };
  },
};
