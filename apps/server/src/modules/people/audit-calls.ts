import type { AuditCall, World } from '../../test/audit-world.ts';

async function person(w: World, code: string) {
  const res = await w.committee.post('/api/v1/people', {
    code,
    name: '测试人员',
    unitId: w.district.schoolA.id,
    partyOrgId: w.district.branchA.id,
    politicalStatus: '中共党员',
    joinDate: '2010-01-01',
    conversionDate: '2011-01-01',
  });
  return res.json() as { id: number; posts: { id: number }[] };
}

export const AUDIT_CALLS: Record<string, AuditCall> = {
  'POST /api/v1/people': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: '/api/v1/people',
    body: { code: 'AC1', name: '张三', unitId: w.district.schoolA.id, politicalStatus: '群众' },
  }),
  'PATCH /api/v1/people/:id': async (w) => {
    const p = await person(w, 'AC2');
    return { client: w.committee, method: 'PATCH', url: `/api/v1/people/${p.id}`, body: { version: 1, name: '李四' } };
  },
  'POST /api/v1/people/:id/posts': async (w) => {
    const p = await person(w, 'AC3');
    return { client: w.committee, method: 'POST', url: `/api/v1/people/${p.id}/posts`, body: { orgId: w.district.branchA.id, post: '宣传委员' } };
  },
  'POST /api/v1/people/:id/posts/:postId/end': async (w) => {
    const p = await person(w, 'AC4');
    const withPost = (
      await w.committee.post(`/api/v1/people/${p.id}/posts`, { orgId: w.district.branchA.id, post: '宣传委员', startDate: '2020-01-01' })
    ).json() as { posts: { id: number }[] };
    return { client: w.committee, method: 'POST', url: `/api/v1/people/${p.id}/posts/${withPost.posts[0].id}/end`, body: { endDate: '2021-01-01' } };
  },
  'POST /api/v1/people/accounts': async (w) => {
    const p = await person(w, 'AC5');
    return { client: w.committee, method: 'POST', url: '/api/v1/people/accounts', body: { personIds: [p.id] } };
  },
  'POST /api/v1/duty-roles/overrides': async (w) => {
    const p = await person(w, 'AC6');
    return {
      client: w.committee,
      method: 'POST',
      url: '/api/v1/duty-roles/overrides',
      body: { orgId: w.district.branchA.id, role: 'direct_responsible', personId: p.id, startDate: '2022-01-01', reason: '支委会决定' },
    };
  },
};
