import type { AuditCall, World } from '../../test/audit-world.ts';

const B = '/api/v1/online-safety';

async function campaign(w: World) {
  const res = await w.committee.post(`${B}/campaigns`, {
    orgId: w.district.committee.id,
    year: 2022,
    name: '全面排查',
    startDate: '2022-03-01',
    endDate: '2022-06-30',
  });
  return res.json() as { id: number; version: number };
}

async function screening(w: World, code: string) {
  const res = await w.committee.post(`${B}/screenings`, { code, orgId: w.district.schoolA.id, startDate: '2022-03-01', studentsExpected: 100 });
  return res.json() as { id: number; version: number };
}

async function followup(w: World) {
  const officer = await w.t.as('safety_officer', w.district.schoolA.id);
  const head = await w.t.f.user({ role: 'member', orgId: w.district.schoolA.id });
  const res = await officer.post(`${B}/followups`, {
    orgId: w.district.schoolA.id,
    className: '五年级(1)班',
    studentName: '小明',
    headTeacherUserId: head.id,
    openedOn: '2025-10-01',
  });
  return { officer, f: res.json() as { id: number; version: number } };
}

export const AUDIT_CALLS: Record<string, AuditCall> = {
  [`POST ${B}/campaigns`]: async (w) => ({
    client: w.committee,
    method: 'POST',
    url: `${B}/campaigns`,
    body: { orgId: w.district.committee.id, year: 2022, name: '全面排查', startDate: '2022-03-01', endDate: '2022-06-30' },
  }),
  [`PATCH ${B}/campaigns/:id`]: async (w) => {
    const c = await campaign(w);
    return { client: w.committee, method: 'PATCH', url: `${B}/campaigns/${c.id}`, body: { version: c.version, name: '全面排查（延期）' } };
  },
  [`POST ${B}/screenings`]: async (w) => ({
    client: w.committee,
    method: 'POST',
    url: `${B}/screenings`,
    body: { code: 'SAC1', orgId: w.district.schoolA.id, startDate: '2022-03-01', studentsExpected: 100 },
  }),
  [`PATCH ${B}/screenings/:id`]: async (w) => {
    const s = await screening(w, 'SAC2');
    return {
      client: w.committee,
      method: 'PATCH',
      url: `${B}/screenings/${s.id}`,
      body: { version: s.version, status: 'completed', endDate: '2022-04-01', studentsScreened: 99 },
    };
  },
  [`POST ${B}/screenings/:id/results`]: async (w) => {
    const s = await screening(w, 'SAC3');
    return {
      client: w.committee,
      method: 'POST',
      url: `${B}/screenings/${s.id}/results`,
      body: { results: [{ className: '一年级(1)班', students: 40, screened: 40 }] },
    };
  },
  [`POST ${B}/followups`]: async (w) => {
    const officer = await w.t.as('safety_officer', w.district.schoolA.id);
    const head = await w.t.f.user({ role: 'member', orgId: w.district.schoolA.id });
    return {
      client: officer,
      method: 'POST',
      url: `${B}/followups`,
      body: { orgId: w.district.schoolA.id, className: '五年级(1)班', studentName: '小明', headTeacherUserId: head.id, openedOn: '2025-10-01' },
    };
  },
  [`PATCH ${B}/followups/:id`]: async (w) => {
    const { officer, f } = await followup(w);
    return { client: officer, method: 'PATCH', url: `${B}/followups/${f.id}`, body: { version: f.version, details: '已与家长沟通' } };
  },
  [`POST ${B}/followups/:id/close`]: async (w) => {
    const { officer, f } = await followup(w);
    return { client: officer, method: 'POST', url: `${B}/followups/${f.id}/close`, body: { version: f.version, closedOn: '2025-12-01' } };
  },
  [`POST ${B}/custody`]: async (w) => ({
    client: w.committee,
    method: 'POST',
    url: `${B}/custody`,
    body: { orgId: w.district.schoolA.id, className: '初一(1)班', date: '2022-10-10', students: 40, phonesHeld: 38, phonesReturned: 38 },
  }),
  [`POST ${B}/spot-checks`]: async (w) => ({
    client: w.committee,
    method: 'POST',
    url: `${B}/spot-checks`,
    body: {
      level: 'bureau',
      orgId: w.district.schoolA.id,
      checkedOn: '2022-05-10',
      checker: '区教育局督查组',
      place: '宿舍',
      findings: '私藏手机',
      rectifyBy: '2022-05-24',
    },
  }),
  [`POST ${B}/spot-checks/:id/rectify`]: async (w) => {
    const k = (
      await w.committee.post(`${B}/spot-checks`, {
        level: 'school',
        orgId: w.district.schoolA.id,
        checkedOn: '2022-05-10',
        checker: '工作组',
        place: '教室',
        findings: '不良软件',
        rectifyBy: '2022-05-17',
      })
    ).json() as { id: number; version: number };
    return {
      client: w.committee,
      method: 'POST',
      url: `${B}/spot-checks/${k.id}/rectify`,
      body: { version: k.version, rectifiedOn: '2022-05-15', result: '已卸载' },
    };
  },
  [`POST ${B}/parent-notices`]: async (w) => ({
    client: w.committee,
    method: 'POST',
    url: `${B}/parent-notices`,
    body: { orgId: w.district.schoolA.id, className: '一年级(1)班', date: '2022-03-10', noticesSent: 40, acksReceived: 39 },
  }),
  [`DELETE ${B}/parent-notices/:id`]: async (w) => {
    const n = (
      await w.committee.post(`${B}/parent-notices`, {
        orgId: w.district.schoolA.id,
        className: '一年级(1)班',
        date: '2022-03-10',
        noticesSent: 40,
        acksReceived: 39,
      })
    ).json() as { id: number };
    return { client: w.committee, method: 'DELETE', url: `${B}/parent-notices/${n.id}` };
  },
};
