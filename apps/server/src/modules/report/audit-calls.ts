import { TEST_PASSWORD } from '../../test/factories.ts';
import type { AuditCall } from '../../test/audit-world.ts';

export const AUDIT_CALLS: Record<string, AuditCall> = {
  'POST /api/v1/reports': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: '/api/v1/reports',
    body: { orgId: w.district.committee.id, year: 2022, edits: { problems: ['（一）测试问题。'] } },
  }),
  'POST /api/v1/reports/:id/finalize': async (w) => {
    const draft = (await w.committee.post('/api/v1/reports', { orgId: w.district.committee.id, year: 2021 })).json() as { id: number };
    return { client: w.committee, method: 'POST', url: `/api/v1/reports/${draft.id}/finalize`, body: { password: TEST_PASSWORD } };
  },
};
