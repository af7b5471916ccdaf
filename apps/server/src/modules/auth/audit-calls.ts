import { TEST_PASSWORD } from '../../test/factories.ts';
import type { AuditCall } from '../../test/audit-world.ts';

export const AUDIT_CALLS: Record<string, AuditCall> = {
  'POST /api/v1/auth/logout': async (w) => ({ client: w.committee, method: 'POST', url: '/api/v1/auth/logout' }),
  'POST /api/v1/auth/change-password': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: '/api/v1/auth/change-password',
    body: { currentPassword: TEST_PASSWORD, newPassword: 'Another-Strong-42' },
  }),
};
