import type { AuditCall, World } from '../../test/audit-world.ts';
import { TEST_PASSWORD } from '../../test/factories.ts';

let n = 0;

async function draft(w: World, withDefaults = false) {
  const res = await w.committee.post('/api/v1/duty-lists', { year: 2022, orgId: w.district.committee.id, withDefaults });
  return res.json() as { id: number; version: number; items: { id: number; version: number }[] };
}

/** A published 2022 list with a secretary at branch A. */
async function published(w: World) {
  const code = `DUTY${++n}`;
  const p = (
    await w.committee.post('/api/v1/people', {
      code,
      name: '责任人',
      unitId: w.district.schoolA.id,
      partyOrgId: w.district.branchA.id,
      politicalStatus: '中共党员',
      joinDate: '2010-01-01',
      conversionDate: '2011-01-01',
    })
  ).json() as { id: number };
  await w.committee.post(`/api/v1/people/${p.id}/posts`, { orgId: w.district.branchA.id, post: '党支部书记', startDate: '2020-01-01' });
  const list = await draft(w, true);
  await w.committee.post(`/api/v1/duty-lists/${list.id}/publish`, { version: list.version, date: '2022-01-01' });
  const duties = (await w.committee.get(`/api/v1/duties?orgId=${w.district.branchA.id}&year=2022&pageSize=500`)).json() as {
    items: { id: number; role: string; text: string; version: number }[];
  };
  return { list, personId: p.id, duties: duties.items };
}

async function signer(w: World) {
  const pub = await published(w);
  const u = await w.t.f.user({ role: 'member', orgId: w.district.branchA.id });
  await w.t.ctx.db.updateTable('users').set({ person_id: pub.personId }).where('id', '=', u.id).execute();
  return { ...pub, client: await w.t.login(u.username, u.password) };
}

const ITEM = { listKind: 'responsibilities', binds: 'first_responsible', appliesToKinds: ['branch'], text: '测试事项', measure: { kind: 'manual' } };

export const AUDIT_CALLS: Record<string, AuditCall> = {
  'POST /api/v1/duty-lists': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: '/api/v1/duty-lists',
    body: { year: 2022, orgId: w.district.committee.id },
  }),
  'PATCH /api/v1/duty-lists/:id': async (w) => {
    const l = await draft(w);
    return { client: w.committee, method: 'PATCH', url: `/api/v1/duty-lists/${l.id}`, body: { version: l.version, title: '新标题清单' } };
  },
  'DELETE /api/v1/duty-lists/:id': async (w) => {
    const l = await draft(w);
    return { client: w.committee, method: 'DELETE', url: `/api/v1/duty-lists/${l.id}` };
  },
  'POST /api/v1/duty-lists/:id/items': async (w) => {
    const l = await draft(w);
    return { client: w.committee, method: 'POST', url: `/api/v1/duty-lists/${l.id}/items`, body: ITEM };
  },
  'PATCH /api/v1/duty-lists/:id/items/:itemId': async (w) => {
    const l = await draft(w, true);
    return { client: w.committee, method: 'PATCH', url: `/api/v1/duty-lists/${l.id}/items/${l.items[0].id}`, body: { version: l.items[0].version, weight: 3 } };
  },
  'DELETE /api/v1/duty-lists/:id/items/:itemId': async (w) => {
    const l = await draft(w, true);
    return { client: w.committee, method: 'DELETE', url: `/api/v1/duty-lists/${l.id}/items/${l.items[0].id}` };
  },
  'POST /api/v1/duty-lists/:id/publish': async (w) => {
    const l = await draft(w, true);
    return { client: w.committee, method: 'POST', url: `/api/v1/duty-lists/${l.id}/publish`, body: { version: l.version, date: '2022-01-01' } };
  },
  'POST /api/v1/duty-lists/:id/refresh': async (w) => {
    const pub = await published(w);
    return { client: w.committee, method: 'POST', url: `/api/v1/duty-lists/${pub.list.id}/refresh`, body: { date: '2022-07-01' } };
  },
  'POST /api/v1/duties/:id/reassign': async (w) => {
    const pub = await published(w);
    const d = pub.duties.find((x) => x.role === 'first_responsible');
    return {
      client: w.committee,
      method: 'POST',
      url: `/api/v1/duties/${d?.id}/reassign`,
      body: { version: d?.version, personId: null, onDate: '2022-05-01', reason: '书记调离' },
    };
  },
  'POST /api/v1/duties/:id/evidence': async (w) => {
    const pub = await published(w);
    const d = pub.duties.find((x) => x.text.includes('亲自部署'));
    return { client: w.committee, method: 'POST', url: `/api/v1/duties/${d?.id}/evidence`, body: { description: '部署材料' } };
  },
  'POST /api/v1/duty-evidence/:id/decision': async (w) => {
    const pub = await published(w);
    const d = pub.duties.find((x) => x.text.includes('亲自部署'));
    const ev = (await w.committee.post(`/api/v1/duties/${d?.id}/evidence`, { description: '部署材料' })).json() as { id: number };
    return { client: w.committee, method: 'POST', url: `/api/v1/duty-evidence/${ev.id}/decision`, body: { accept: true } };
  },
  'POST /api/v1/pledges/sign': async (w) => {
    const s = await signer(w);
    return { client: s.client, method: 'POST', url: '/api/v1/pledges/sign', body: { year: 2022, orgId: w.district.branchA.id, password: TEST_PASSWORD } };
  },
  'POST /api/v1/pledges/:id/countersign': async (w) => {
    const s = await signer(w);
    const p = (await s.client.post('/api/v1/pledges/sign', { year: 2022, orgId: w.district.branchA.id, password: TEST_PASSWORD })).json() as { id: number };
    return { client: w.committee, method: 'POST', url: `/api/v1/pledges/${p.id}/countersign` };
  },
};
