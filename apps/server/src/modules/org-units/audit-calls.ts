import type { AuditCall } from '../../test/audit-world.ts';

export const AUDIT_CALLS: Record<string, AuditCall> = {
  'POST /api/v1/org-units': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: '/api/v1/org-units',
    body: { code: 'NEW1', name: '新单位', kind: 'school', parentId: w.district.committee.id },
  }),
  'PATCH /api/v1/org-units/:id': async (w) => ({
    client: w.committee,
    method: 'PATCH',
    url: `/api/v1/org-units/${w.district.schoolA.id}`,
    body: { version: 1, name: '改名' },
  }),
  'POST /api/v1/org-units/:id/move': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: `/api/v1/org-units/${w.district.branchA.id}/move`,
    body: { version: 1, parentId: w.district.schoolB.id },
  }),
  'POST /api/v1/org-units/:id/deactivate': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: `/api/v1/org-units/${w.district.branchB.id}/deactivate`,
    body: { version: 1 },
  }),
};
