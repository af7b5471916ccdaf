import type { AuditCall, World } from '../../test/audit-world.ts';

async function risk(w: World) {
  const res = await w.committee.post('/api/v1/risks', {
    orgId: w.district.schoolA.id,
    category: '网络与新媒体',
    description: '班级微信群管理不规范',
    likelihood: 2,
    impact: 2,
  });
  return res.json() as { id: number; version: number };
}

async function review(w: World) {
  const res = await w.committee.post('/api/v1/risk-reviews', { orgId: w.district.schoolA.id, date: '2026-03-01', agenda: '研判' });
  return res.json() as { id: number };
}

async function incident(w: World, riskIds: number[] = []) {
  const res = await w.committee.post('/api/v1/incidents', {
    orgId: w.district.schoolA.id,
    occurredAt: w.t.clock.now().toISOString(),
    source: '家长群',
    summary: '传言',
    level: '一般',
    riskIds,
  });
  return res.json() as { id: number };
}

async function position(w: World) {
  const res = await w.committee.post('/api/v1/positions', { orgId: w.district.schoolA.id, kind: 'wechat', name: '公众号' });
  return res.json() as { id: number };
}

async function content(w: World, stage?: string) {
  const p = await position(w);
  const item = (await w.committee.post('/api/v1/content', { positionId: p.id, title: '稿件' })).json() as { id: number };
  if (stage) await w.t.ctx.db.updateTable('content_items').set({ stage }).where('id', '=', item.id).execute();
  return item;
}

async function disclosure(w: World) {
  const res = await w.committee.post('/api/v1/disclosures', {
    orgId: w.district.committee.id,
    category: '重大决策',
    title: '工作要点',
    disclosedOn: '2026-03-01',
    channel: '宣传栏',
  });
  return res.json() as { id: number };
}

export const AUDIT_CALLS: Record<string, AuditCall> = {
  'PUT /api/v1/risks/matrix': async (w) => ({
    client: w.committee,
    method: 'PUT',
    url: '/api/v1/risks/matrix',
    body: { cells: [{ likelihood: 1, impact: 1, level: '低' }] },
  }),
  'POST /api/v1/risks': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: '/api/v1/risks',
    body: { orgId: w.district.schoolA.id, category: '社团', description: '社团活动缺少监管', likelihood: 1, impact: 2 },
  }),
  'PATCH /api/v1/risks/:id': async (w) => {
    const r = await risk(w);
    return { client: w.committee, method: 'PATCH', url: `/api/v1/risks/${r.id}`, body: { version: r.version, status: 'treating' } };
  },
  'POST /api/v1/risks/:id/rating': async (w) => {
    const r = await risk(w);
    return { client: w.committee, method: 'POST', url: `/api/v1/risks/${r.id}/rating`, body: { version: r.version, likelihood: 3, impact: 3 } };
  },
  'DELETE /api/v1/risks/:id': async (w) => {
    const r = await risk(w);
    return { client: w.committee, method: 'DELETE', url: `/api/v1/risks/${r.id}` };
  },
  'POST /api/v1/risk-reviews': async (w) => {
    const r = await risk(w);
    return {
      client: w.committee,
      method: 'POST',
      url: '/api/v1/risk-reviews',
      body: { orgId: w.district.schoolA.id, date: '2026-03-01', agenda: '研判', items: [{ riskId: r.id }] },
    };
  },
  'PATCH /api/v1/risk-reviews/:id': async (w) => {
    const v = await review(w);
    return { client: w.committee, method: 'PATCH', url: `/api/v1/risk-reviews/${v.id}`, body: { version: 1, conclusions: '总体可控' } };
  },
  'POST /api/v1/incidents': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: '/api/v1/incidents',
    body: { orgId: w.district.schoolA.id, occurredAt: w.t.clock.now().toISOString(), source: '网络', summary: '不当视频', level: '重大' },
  }),
  'PATCH /api/v1/incidents/:id': async (w) => {
    const i = await incident(w);
    return { client: w.committee, method: 'PATCH', url: `/api/v1/incidents/${i.id}`, body: { version: 1, level: '较大' } };
  },
  'POST /api/v1/incidents/:id/events': async (w) => {
    const i = await incident(w);
    return { client: w.committee, method: 'POST', url: `/api/v1/incidents/${i.id}/events`, body: { note: '联系家长' } };
  },
  'POST /api/v1/incidents/:id/report-to-committee': async (w) => {
    const i = await incident(w);
    return { client: w.committee, method: 'POST', url: `/api/v1/incidents/${i.id}/report-to-committee`, body: {} };
  },
  'POST /api/v1/incidents/:id/close': async (w) => {
    const r = await risk(w);
    const i = await incident(w, [r.id]);
    return {
      client: w.committee,
      method: 'POST',
      url: `/api/v1/incidents/${i.id}/close`,
      body: { version: 1, lessons: '加强管理', reratings: [{ riskId: r.id, likelihood: 1, impact: 1 }] },
    };
  },
  'POST /api/v1/positions': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: '/api/v1/positions',
    body: { orgId: w.district.schoolA.id, kind: 'screen', name: '电子屏' },
  }),
  'PATCH /api/v1/positions/:id': async (w) => {
    const p = await position(w);
    return { client: w.committee, method: 'PATCH', url: `/api/v1/positions/${p.id}`, body: { version: 1, name: '一小公众号' } };
  },
  'POST /api/v1/content': async (w) => {
    const p = await position(w);
    return { client: w.committee, method: 'POST', url: '/api/v1/content', body: { positionId: p.id, title: '开学第一课' } };
  },
  'PATCH /api/v1/content/:id': async (w) => {
    const c = await content(w);
    return { client: w.committee, method: 'PATCH', url: `/api/v1/content/${c.id}`, body: { version: 1, title: '改' } };
  },
  'POST /api/v1/content/:id/submit': async (w) => {
    const c = await content(w);
    return { client: w.committee, method: 'POST', url: `/api/v1/content/${c.id}/submit`, body: { version: 1 } };
  },
  'POST /api/v1/content/:id/review': async (w) => {
    const c = await content(w, 'first_review');
    return { client: w.committee, method: 'POST', url: `/api/v1/content/${c.id}/review`, body: { version: 1, step: 1, decision: 'approve' } };
  },
  'POST /api/v1/content/:id/publish': async (w) => {
    const c = await content(w, 'approved');
    return { client: w.committee, method: 'POST', url: `/api/v1/content/${c.id}/publish`, body: { version: 1, link: 'https://example.org/a' } };
  },
  'POST /api/v1/disclosures': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: '/api/v1/disclosures',
    body: { orgId: w.district.committee.id, category: '财务预决算', title: '部门预算公开', disclosedOn: '2026-02-20', channel: '党务政务信息公开网' },
  }),
  'PATCH /api/v1/disclosures/:id': async (w) => {
    const d = await disclosure(w);
    return { client: w.committee, method: 'PATCH', url: `/api/v1/disclosures/${d.id}`, body: { version: 1, title: '改' } };
  },
  'DELETE /api/v1/disclosures/:id': async (w) => {
    const d = await disclosure(w);
    return { client: w.committee, method: 'DELETE', url: `/api/v1/disclosures/${d.id}` };
  },
};
