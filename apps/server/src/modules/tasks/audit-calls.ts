import type { AuditCall, World } from '../../test/audit-world.ts';

async function task(w: World, extra: Record<string, unknown> = {}) {
  const res = await w.committee.post('/api/v1/tasks', {
    title: '审计测试任务',
    issuingOrgId: w.district.committee.id,
    deadline: '2026-03-31',
    targets: { orgIds: [w.district.schoolA.id] },
    form: [{ key: 'n', label: '数量', type: 'number' }],
    ...extra,
  });
  if (res.statusCode !== 201) throw new Error(`task create: ${res.body}`);
  return res.json() as { id: number; version: number; assignments: { id: number; version: number }[] };
}

async function submitted(w: World) {
  const t = await task(w);
  const a = t.assignments[0];
  const res = await w.committee.post(`/api/v1/assignments/${a.id}/submit`, { version: a.version, answers: { n: 1 } });
  return res.json() as { id: number; version: number };
}

async function person(w: World) {
  const res = await w.committee.post('/api/v1/people', {
    code: `ACT${Date.now() % 100000}${Math.floor(Math.random() * 1000)}`,
    name: '王五',
    unitId: w.district.schoolA.id,
    partyOrgId: w.district.branchA.id,
    politicalStatus: '中共党员',
    joinDate: '2010-01-01',
    conversionDate: '2011-01-01',
  });
  return res.json() as { id: number };
}

export const AUDIT_CALLS: Record<string, AuditCall> = {
  'POST /api/v1/tasks': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: '/api/v1/tasks',
    body: { title: '新任务', issuingOrgId: w.district.committee.id, deadline: '2026-04-01', targets: { underOrgId: w.district.committee.id } },
  }),
  'POST /api/v1/tasks/:id/urge': async (w) => {
    const t = await task(w);
    return { client: w.committee, method: 'POST', url: `/api/v1/tasks/${t.id}/urge` };
  },
  'POST /api/v1/tasks/:id/close': async (w) => {
    const t = await task(w);
    return { client: w.committee, method: 'POST', url: `/api/v1/tasks/${t.id}/close`, body: { version: t.version } };
  },
  'POST /api/v1/assignments/:id/submit': async (w) => {
    const t = await task(w);
    return { client: w.committee, method: 'POST', url: `/api/v1/assignments/${t.assignments[0].id}/submit`, body: { version: 1, answers: { n: 3 } } };
  },
  'POST /api/v1/assignments/:id/accept': async (w) => {
    const a = await submitted(w);
    return { client: w.committee, method: 'POST', url: `/api/v1/assignments/${a.id}/accept`, body: { version: a.version } };
  },
  'POST /api/v1/assignments/:id/return': async (w) => {
    const a = await submitted(w);
    return { client: w.committee, method: 'POST', url: `/api/v1/assignments/${a.id}/return`, body: { version: a.version, reason: '材料不全' } };
  },
  'POST /api/v1/assignments/:id/supervision': async (w) => {
    const t = await task(w);
    return { client: w.committee, method: 'POST', url: `/api/v1/assignments/${t.assignments[0].id}/supervision`, body: { note: '请督促' } };
  },
  'POST /api/v1/supervision-notices/:id/close': async (w) => {
    const t = await task(w);
    const n = (await w.committee.post(`/api/v1/assignments/${t.assignments[0].id}/supervision`, {})).json() as { id: number };
    return { client: w.committee, method: 'POST', url: `/api/v1/supervision-notices/${n.id}/close`, body: { note: '已整改' } };
  },
  'POST /api/v1/tasks/recurring': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: '/api/v1/tasks/recurring',
    body: {
      period: 'semester',
      nextRunOn: '2026-09-01',
      definition: { title: '意识形态工作自查', issuingOrgId: w.district.committee.id, targets: { underOrgId: w.district.committee.id }, deadlineDays: 14 },
    },
  }),
  'POST /api/v1/tasks/recurring/:id/deactivate': async (w) => {
    const r = (
      await w.committee.post('/api/v1/tasks/recurring', {
        period: 'monthly',
        nextRunOn: '2026-04-01',
        definition: { title: '月报', issuingOrgId: w.district.committee.id, targets: { underOrgId: w.district.committee.id }, deadlineDays: 7 },
      })
    ).json() as { id: number; version: number };
    return { client: w.committee, method: 'POST', url: `/api/v1/tasks/recurring/${r.id}/deactivate`, body: { version: r.version } };
  },
  'POST /api/v1/documents': async (w) => ({
    client: w.committee,
    method: 'POST',
    url: '/api/v1/documents',
    body: { title: '学习文件', issuingOrgId: w.district.committee.id, readWithinDays: 7, targets: { orgIds: [w.district.schoolA.id] } },
  }),
  'POST /api/v1/documents/:id/read': async (w) => {
    const p = await person(w);
    const u = await w.t.f.user({ role: 'member', orgId: w.district.branchA.id });
    await w.t.ctx.db.updateTable('users').set({ person_id: p.id }).where('id', '=', u.id).execute();
    const d = (
      await w.committee.post('/api/v1/documents', {
        title: '学习文件',
        issuingOrgId: w.district.committee.id,
        readWithinDays: 7,
        targets: { personIds: [p.id] },
      })
    ).json() as { id: number };
    const client = await w.t.login(u.username, u.password);
    return { client, method: 'POST', url: `/api/v1/documents/${d.id}/read` };
  },
  'POST /api/v1/documents/:id/study': async (w) => {
    // Needs a ledger activity: insert one directly (the ledger module owns the table).
    const d = (
      await w.committee.post('/api/v1/documents', {
        title: '学习文件',
        issuingOrgId: w.district.committee.id,
        readWithinDays: 7,
        targets: { orgIds: [w.district.branchA.id] },
      })
    ).json() as { id: number };
    const { sql } = await import('kysely');
    const type = (await sql<{ id: number }>`select id from activity_types order by id limit 1`.execute(w.t.ctx.db)).rows[0];
    const row = (
      await sql<{
        id: number;
      }>`insert into activities (code, org_id, type_id, date, topic, status, backfill, imported, is_demo, created_at, updated_at, version)
        values ('AUD-1', ${w.district.branchA.id}, ${type.id}, '2026-03-01', '学习', 'submitted', 0, 0, 0, '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z', 1) returning id`.execute(
        w.t.ctx.db,
      )
    ).rows[0];
    return { client: w.committee, method: 'POST', url: `/api/v1/documents/${d.id}/study`, body: { activityId: row.id } };
  },
  'POST /api/v1/notifications/:id/read': async (w) => {
    await task(w);
    const u = await w.t.f.user({ role: 'recorder', orgId: w.district.schoolA.id });
    await task(w);
    const client = await w.t.login(u.username, u.password);
    const n = (await client.get('/api/v1/notifications')).json() as { items: { id: number }[] };
    return { client, method: 'POST', url: `/api/v1/notifications/${n.items[0].id}/read` };
  },
  'POST /api/v1/notifications/read-all': async (w) => ({ client: w.committee, method: 'POST', url: '/api/v1/notifications/read-all' }),
  'PUT /api/v1/notifications/prefs': async (w) => ({
    client: w.committee,
    method: 'PUT',
    url: '/api/v1/notifications/prefs',
    body: { prefs: [{ channel: 'email', enabled: true, address: 'a@example.org' }] },
  }),
  'POST /api/v1/notifications/deliveries/:id/retry': async (w) => {
    await w.sys.request('PUT', '/api/v1/notification-channels/wecom', { enabled: true, config: { url: 'http://127.0.0.1:9/robot' } });
    await w.t.f.user({ role: 'recorder', orgId: w.district.schoolA.id });
    await task(w);
    const d = (await w.sys.get('/api/v1/notifications/deliveries')).json() as { items: { id: number }[] };
    return { client: w.sys, method: 'POST', url: `/api/v1/notifications/deliveries/${d.items[0].id}/retry` };
  },
  'PUT /api/v1/notification-channels/:channel': async (w) => ({
    client: w.sys,
    method: 'PUT',
    url: '/api/v1/notification-channels/dingtalk',
    body: { enabled: true, config: { url: 'https://oapi.dingtalk.com/robot/send?access_token=x', secret: 'SECabc' } },
  }),
};
