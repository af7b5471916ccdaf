import type { AuditCall, World } from '../../test/audit-world.ts';

/** A 2022 system (one auto and one manual indicator) for the world's committee, opened. */
async function opened(w: World) {
  const sys = (
    await w.committee.post('/api/v1/evaluations/systems', {
      year: 2022,
      orgId: w.district.committee.id,
      categories: [
        {
          code: 'org',
          name: '组织生活',
          weight: 100,
          indicators: [
            { code: 'theme', name: '每月主题党日', maxPoints: 12, measure: { source: 'ledger', type_code: 'theme_party_day', per: 'month', min: 1 } },
            { code: 'manual', name: '其他工作', maxPoints: 8, measure: { source: 'manual' } },
          ],
        },
      ],
    })
  ).json() as { id: number; version: number };
  await w.committee.post('/api/v1/evaluations/open', { year: 2022, orgId: w.district.committee.id });
  const list = (await w.committee.get(`/api/v1/evaluations?year=2022&orgId=${w.district.schoolA.id}`)).json() as { items: { id: number; version: number }[] };
  return { sys, card: list.items[0] };
}

async function submitted(w: World) {
  const { card } = await opened(w);
  const s = (await w.committee.patch(`/api/v1/evaluations/${card.id}/scores`, { version: card.version, scores: [{ code: 'manual', points: 6 }] })).json() as {
    version: number;
  };
  const sub = (await w.committee.post(`/api/v1/evaluations/${card.id}/submit`, { version: s.version })).json() as { version: number };
  return { id: card.id, version: sub.version };
}

export const AUDIT_CALLS: Record<string, AuditCall> = {
  'POST /api/v1/evaluations/systems': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: '/api/v1/evaluations/systems',
    body: { year: 2022, orgId: w.district.committee.id },
  }),
  'PATCH /api/v1/evaluations/systems/:id': async (w) => {
    const { sys } = await opened(w);
    return { client: w.committee, method: 'PATCH', url: `/api/v1/evaluations/systems/${sys.id}`, body: { version: sys.version, title: '2022年度考核指标' } };
  },
  'POST /api/v1/evaluations/open': async (w) => {
    await w.committee.post('/api/v1/evaluations/systems', { year: 2022, orgId: w.district.committee.id });
    return { client: w.committee, method: 'POST', url: '/api/v1/evaluations/open', body: { year: 2022, orgId: w.district.committee.id } };
  },
  'PATCH /api/v1/evaluations/:id/scores': async (w) => {
    const { card } = await opened(w);
    return {
      client: w.committee,
      method: 'PATCH',
      url: `/api/v1/evaluations/${card.id}/scores`,
      body: { version: card.version, scores: [{ code: 'manual', points: 6, evidence: '会议纪要' }] },
    };
  },
  'POST /api/v1/evaluations/:id/submit': async (w) => {
    const { card } = await opened(w);
    const s = (await w.committee.patch(`/api/v1/evaluations/${card.id}/scores`, { version: card.version, scores: [{ code: 'manual', points: 6 }] })).json() as {
      version: number;
    };
    return { client: w.committee, method: 'POST', url: `/api/v1/evaluations/${card.id}/submit`, body: { version: s.version } };
  },
  'POST /api/v1/evaluations/:id/review': async (w) => {
    const c = await submitted(w);
    return {
      client: w.committee,
      method: 'POST',
      url: `/api/v1/evaluations/${c.id}/review`,
      body: { version: c.version, adjustments: [{ code: 'manual', points: 5, reason: '佐证材料不充分' }] },
    };
  },
  'POST /api/v1/evaluations/:id/return': async (w) => {
    const c = await submitted(w);
    return { client: w.committee, method: 'POST', url: `/api/v1/evaluations/${c.id}/return`, body: { version: c.version, reason: '佐证材料不全，请补充' } };
  },
  'POST /api/v1/evaluations/:id/finalize': async (w) => {
    const c = await submitted(w);
    return { client: w.committee, method: 'POST', url: `/api/v1/evaluations/${c.id}/finalize`, body: { version: c.version } };
  },
};
