import type { AuditCall } from '../../test/audit-world.ts';

export const AUDIT_CALLS: Record<string, AuditCall> = {
  'DELETE /api/v1/demo': async (w) => ({ client: w.committee, method: 'DELETE', url: '/api/v1/demo' }),
};
