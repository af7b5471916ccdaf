import type { AuditCall, World } from '../../test/audit-world.ts';

async function teacher(w: World, code: string): Promise<number> {
  const res = await w.committee.post('/api/v1/people', { code, name: '王老师', unitId: w.district.schoolA.id, politicalStatus: '群众' });
  return (res.json() as { id: number }).id;
}

async function mechanism(w: World): Promise<{ id: number; version: number }> {
  const res = await w.committee.post('/api/v1/ethics/mechanisms', { orgId: w.district.schoolA.id, name: '师德师风学习制度', effectiveFrom: '2021-09-01' });
  return res.json() as { id: number; version: number };
}

async function openCase(w: World, code: string) {
  const officer = await w.t.as('discipline_officer', null);
  const personId = await teacher(w, code);
  const codeRow = await w.t.ctx.db.selectFrom('ethics_codes').select('id').orderBy('code').executeTakeFirstOrThrow();
  const res = await officer.post('/api/v1/ethics/cases', {
    orgId: w.district.schoolA.id,
    personId,
    codeId: codeRow.id,
    summary: '线索摘要',
    clueOn: '2025-01-10',
  });
  return { officer, c: res.json() as { id: number; version: number }, personId, codeId: codeRow.id };
}

export const AUDIT_CALLS: Record<string, AuditCall> = {
  'POST /api/v1/ethics/mechanisms': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: '/api/v1/ethics/mechanisms',
    body: { orgId: w.district.schoolA.id, name: '师德师风学习制度', effectiveFrom: '2021-09-01' },
  }),
  'PATCH /api/v1/ethics/mechanisms/:id': async (w) => {
    const m = await mechanism(w);
    return { client: w.committee, method: 'PATCH', url: `/api/v1/ethics/mechanisms/${m.id}`, body: { version: m.version, name: '师德师风学习制度（修订）' } };
  },
  'DELETE /api/v1/ethics/mechanisms/:id': async (w) => {
    const m = await mechanism(w);
    return { client: w.committee, method: 'DELETE', url: `/api/v1/ethics/mechanisms/${m.id}` };
  },
  'POST /api/v1/ethics/pledges': async (w) => {
    const personId = await teacher(w, 'EAC1');
    return { client: w.committee, method: 'POST', url: '/api/v1/ethics/pledges', body: { personId, year: 2022, signedAt: '2022-03-01' } };
  },
  'DELETE /api/v1/ethics/pledges/:id': async (w) => {
    const personId = await teacher(w, 'EAC2');
    const p = (await w.committee.post('/api/v1/ethics/pledges', { personId, year: 2022, signedAt: '2022-03-01' })).json() as { id: number };
    return { client: w.committee, method: 'DELETE', url: `/api/v1/ethics/pledges/${p.id}` };
  },
  'POST /api/v1/ethics/cases': async (w) => {
    const officer = await w.t.as('discipline_officer', null);
    const personId = await teacher(w, 'EAC3');
    const codeRow = await w.t.ctx.db.selectFrom('ethics_codes').select('id').orderBy('code').executeTakeFirstOrThrow();
    return {
      client: officer,
      method: 'POST',
      url: '/api/v1/ethics/cases',
      body: { orgId: w.district.schoolA.id, personId, codeId: codeRow.id, summary: '线索摘要', clueOn: '2025-01-10' },
    };
  },
  'PATCH /api/v1/ethics/cases/:id': async (w) => {
    const { officer, c } = await openCase(w, 'EAC4');
    return { client: officer, method: 'PATCH', url: `/api/v1/ethics/cases/${c.id}`, body: { version: c.version, summary: '补充线索' } };
  },
  'POST /api/v1/ethics/cases/:id/advance': async (w) => {
    const { officer, c } = await openCase(w, 'EAC5');
    return {
      client: officer,
      method: 'POST',
      url: `/api/v1/ethics/cases/${c.id}/advance`,
      body: { version: c.version, to: 'verification', date: '2025-01-20' },
    };
  },
};
