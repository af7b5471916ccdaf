import type { AuditCall, World } from '../../test/audit-world.ts';

let seq = 0;

async function person(w: World, member: boolean, birthDate = '1990-01-01'): Promise<number> {
  const res = await w.committee.post('/api/v1/people', {
    code: `DEV${++seq}`,
    name: '发展测试',
    birthDate,
    unitId: w.district.schoolA.id,
    partyOrgId: member ? w.district.branchA.id : null,
    politicalStatus: member ? '中共党员' : '群众',
    ...(member ? { joinDate: '2005-01-01', conversionDate: '2006-01-01' } : {}),
  });
  return (res.json() as { id: number }).id;
}

/** A probationary member admitted on 2022-05-10 through the API. */
async function probationary(w: World): Promise<number> {
  const helpers = [await person(w, true), await person(w, true)];
  const id = await person(w, false);
  for (const body of [
    { stage: 'applicant', date: '2019-01-10' },
    { stage: 'activist', date: '2020-01-10', liaisonPersonIds: helpers },
    { stage: 'candidate', date: '2021-02-10', introducerPersonIds: helpers, trainingDays: 3 },
    { stage: 'probationary', date: '2022-05-10', noticeStart: '2022-05-01', noticeEnd: '2022-05-07' },
  ])
    await w.committee.post('/api/v1/development/steps', { personId: id, ...body });
  return id;
}

async function programme(w: World): Promise<number> {
  const res = await w.committee.post('/api/v1/trainings/programmes', { name: '书记轮训', organiserOrgId: w.district.committee.id, hours: 16, year: 2022 });
  return (res.json() as { id: number }).id;
}

async function honour(w: World): Promise<number> {
  const p = await person(w, true);
  const res = await w.committee.post('/api/v1/honours', { year: 2022, categoryCode: 'excellent_member', targetType: 'person', personId: p });
  return (res.json() as { id: number }).id;
}

export const AUDIT_CALLS: Record<string, AuditCall> = {
  'POST /api/v1/development/steps': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: '/api/v1/development/steps',
    body: { personId: await person(w, false), stage: 'applicant', date: '2022-01-10' },
  }),
  'POST /api/v1/development/people/:personId/extension': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: `/api/v1/development/people/${await probationary(w)}/extension`,
    body: { date: '2023-05-01', months: 6 },
  }),
  'POST /api/v1/development/dual-flags': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: '/api/v1/development/dual-flags',
    body: { personId: await person(w, false), kind: 'teacher_to_member', since: '2022-01-01' },
  }),
  'POST /api/v1/development/dual-flags/:id/end': async (w) => {
    const res = await w.committee.post('/api/v1/development/dual-flags', { personId: await person(w, false), kind: 'teacher_to_member', since: '2022-01-01' });
    return {
      client: w.committee,
      method: 'POST',
      url: `/api/v1/development/dual-flags/${(res.json() as { id: number }).id}/end`,
      body: { until: '2023-01-01' },
    };
  },
  'POST /api/v1/trainings/programmes': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: '/api/v1/trainings/programmes',
    body: { name: '党员集中培训', organiserOrgId: w.district.committee.id, hours: 32, year: 2022 },
  }),
  'PATCH /api/v1/trainings/programmes/:id': async (w) => ({
    client: w.committee,
    method: 'PATCH',
    url: `/api/v1/trainings/programmes/${await programme(w)}`,
    body: { version: 1, hours: 24 },
  }),
  'DELETE /api/v1/trainings/programmes/:id': async (w) => ({
    client: w.committee,
    method: 'DELETE',
    url: `/api/v1/trainings/programmes/${await programme(w)}`,
  }),
  'POST /api/v1/trainings/hours': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: '/api/v1/trainings/hours',
    body: { personId: await person(w, true), programmeId: await programme(w), date: '2022-06-01' },
  }),
  'DELETE /api/v1/trainings/hours/:id': async (w) => {
    const res = await w.committee.post('/api/v1/trainings/hours', { personId: await person(w, true), programmeId: await programme(w), date: '2022-06-01' });
    return { client: w.committee, method: 'DELETE', url: `/api/v1/trainings/hours/${(res.json() as { id: number }).id}` };
  },
  'PATCH /api/v1/trainings/settings': async (w) => ({ client: w.committee, method: 'PATCH', url: '/api/v1/trainings/settings', body: { memberMinHours: 32 } }),
  'POST /api/v1/honours/categories': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: '/api/v1/honours/categories',
    body: { code: `cat_${++seq}`, name: `优秀班主任${seq}`, target: 'person' },
  }),
  'POST /api/v1/honours': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: '/api/v1/honours',
    body: { year: 2022, categoryCode: 'advanced_party_org', targetType: 'org', orgId: w.district.branchA.id },
  }),
  'PATCH /api/v1/honours/:id': async (w) => ({
    client: w.committee,
    method: 'PATCH',
    url: `/api/v1/honours/${await honour(w)}`,
    body: { version: 1, citation: '表现突出' },
  }),
  'DELETE /api/v1/honours/:id': async (w) => ({ client: w.committee, method: 'DELETE', url: `/api/v1/honours/${await honour(w)}` }),
};
