import type { AuditCall, World } from '../../test/audit-world.ts';

async function activity(w: World, submit = false) {
  const res = await w.committee.post('/api/v1/activities', {
    orgId: w.district.branchA.id,
    typeCode: 'theme_party_day',
    date: '2026-02-20',
    topic: '主题党日',
    attendees: [],
    submit,
  });
  return res.json() as { id: number; version: number };
}

async function approved(w: World) {
  const a = await activity(w, true);
  const res = await w.committee.post(`/api/v1/activities/${a.id}/review`, { version: a.version, decision: 'approve' });
  return res.json() as { id: number; version: number };
}

async function material(w: World) {
  const res = await w.committee.post('/api/v1/materials', { orgId: w.district.branchA.id, title: '学习资料', orderDate: '2026-02-01', copies: 10 });
  return res.json() as { id: number; version: number };
}

export const AUDIT_CALLS: Record<string, AuditCall> = {
  'POST /api/v1/activities': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: '/api/v1/activities',
    body: { orgId: w.district.branchA.id, typeCode: 'branch_committee_meeting', date: '2026-02-20', topic: '支委会' },
  }),
  'PATCH /api/v1/activities/:id': async (w) => {
    const a = await activity(w);
    return { client: w.committee, method: 'PATCH', url: `/api/v1/activities/${a.id}`, body: { version: a.version, topic: '改过的主题' } };
  },
  'DELETE /api/v1/activities/:id': async (w) => {
    const a = await activity(w);
    return { client: w.committee, method: 'DELETE', url: `/api/v1/activities/${a.id}` };
  },
  'POST /api/v1/activities/:id/submit': async (w) => {
    const a = await activity(w);
    return { client: w.committee, method: 'POST', url: `/api/v1/activities/${a.id}/submit`, body: { version: a.version } };
  },
  'POST /api/v1/activities/:id/review': async (w) => {
    const a = await activity(w, true);
    return {
      client: w.committee,
      method: 'POST',
      url: `/api/v1/activities/${a.id}/review`,
      body: { version: a.version, decision: 'return', comment: '请补充记录' },
    };
  },
  'POST /api/v1/activities/:id/amendments': async (w) => {
    const a = await approved(w);
    return {
      client: w.committee,
      method: 'POST',
      url: `/api/v1/activities/${a.id}/amendments`,
      body: { version: a.version, reason: '地点记录有误', changes: { place: '党员活动室' } },
    };
  },
  'POST /api/v1/activity-types': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: '/api/v1/activity-types',
    body: { code: 'volunteer_service', name: '志愿服务', fields: [] },
  }),
  'PATCH /api/v1/activity-types/:id': async (w) => {
    const types = (await w.committee.get('/api/v1/activity-types')).json() as { items: { id: number; code: string; version: number }[] };
    const t = types.items.find((x) => x.code === 'red_film');
    return { client: w.committee, method: 'PATCH', url: `/api/v1/activity-types/${t?.id}`, body: { version: t?.version, isStudy: true } };
  },
  'POST /api/v1/cadence-rules': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: '/api/v1/cadence-rules',
    body: { code: 'red_site_yearly', typeCode: 'red_site_visit', minCount: 2, period: 'year', appliesTo: ['branch'] },
  }),
  'PATCH /api/v1/cadence-rules/:id': async (w) => {
    const rules = (await w.committee.get('/api/v1/cadence-rules')).json() as { items: { id: number; code: string; version: number }[] };
    const r = rules.items.find((x) => x.code === 'party_lecture_quarterly');
    return { client: w.committee, method: 'PATCH', url: `/api/v1/cadence-rules/${r?.id}`, body: { version: r?.version, period: 'semester' } };
  },
  'POST /api/v1/materials': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: '/api/v1/materials',
    body: { orgId: w.district.branchA.id, title: '党章', orderDate: '2026-01-10', copies: 30 },
  }),
  'PATCH /api/v1/materials/:id': async (w) => {
    const m = await material(w);
    return { client: w.committee, method: 'PATCH', url: `/api/v1/materials/${m.id}`, body: { version: m.version, copies: 12 } };
  },
  'DELETE /api/v1/materials/:id': async (w) => {
    const m = await material(w);
    return { client: w.committee, method: 'DELETE', url: `/api/v1/materials/${m.id}` };
  },
};
