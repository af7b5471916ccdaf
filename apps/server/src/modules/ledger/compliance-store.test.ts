import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, createTestApp } from '../../test/harness.ts';
import { loadDemo } from '../demo/service.ts';
import { dashboard } from '../report/dashboard.ts';
import '../scheduled.ts';
import { runDueJobs } from '../tasks/scheduler.ts';

interface Cell {
  orgId: number;
  ruleCode: string;
  period: string;
  start: string;
  end: string;
  count: number;
  required: number;
  status: string;
}
interface Grid {
  view: 'full' | 'children';
  children: { page: number; pageSize: number; total: number } | null;
  orgs: { id: number; parentId: number | null; kind: string }[];
  cells: Cell[];
  rollup: { orgId: number; done: number; dueSoon: number; overdue: number; notYetDue: number; percent: number | null }[];
  quarterly: { orgId: number; quarter: number; required: number; done: number }[];
}

let t: TestApp;
let admin: Client;
let committeeId: number;
beforeAll(async () => {
  t = await createTestApp();
  // Late November 2022: the year has done, overdue, due-soon and not-yet-due periods.
  t.clock.set('2022-11-20T02:00:00.000Z');
  expect(await loadDemo(t.ctx)).toBe(true);
  committeeId = (await t.ctx.db.selectFrom('org_units').select('id').where('kind', '=', 'committee').executeTakeFirstOrThrow()).id;
  admin = await t.as('committee_admin', null);
}, 300_000);
afterAll(async () => {
  await t.close();
});

async function grid(view: 'full' | 'children', orgId = committeeId, extra = ''): Promise<Grid> {
  const res = await admin.get(`/api/v1/compliance?orgId=${orgId}&year=2022&view=${view}${extra}`);
  expect(res.statusCode, res.body).toBe(200);
  const g = res.json() as Grid;
  expect(g.view).toBe(view);
  if (view === 'full') expect(g.children).toBeNull();
  else expect(g.children).toMatchObject({ page: 1, pageSize: 50 });
  return g;
}

/** The children view from the store equals the full grid from the records, summed per child's subtree. */
async function expectStoreMatchesRecords(orgId = committeeId): Promise<Grid> {
  const [full, children] = [await grid('full', orgId), await grid('children', orgId)];
  const parent = new Map(full.orgs.map((o) => [o.id, o.parentId]));
  const under = (id: number, top: number) => {
    for (let x: number | null | undefined = id; x !== null && x !== undefined; x = x === orgId ? null : parent.get(x)) if (x === top) return true;
    return false;
  };
  const listed = children.orgs.map((o) => o.id);
  expect(listed[0]).toBe(orgId);
  expect(listed.slice(1).sort()).toEqual(
    full.orgs
      .filter((o) => o.parentId === orgId)
      .map((o) => o.id)
      .sort(),
  );

  const expected = new Map<string, { count: number; required: number }>();
  for (const c of full.cells) {
    if (c.status === 'not_applicable') continue;
    for (const top of listed) {
      if (!under(c.orgId, top)) continue;
      const key = `${top}|${c.ruleCode}|${c.period}`;
      const e = expected.get(key) ?? { count: 0, required: 0 };
      e.required += 1;
      if (c.status === 'done') e.count += 1;
      expected.set(key, e);
    }
  }
  const got = new Map(
    children.cells.filter((c) => c.required > 0).map((c) => [`${c.orgId}|${c.ruleCode}|${c.period}`, { count: c.count, required: c.required }]),
  );
  expect(Object.fromEntries(got)).toEqual(Object.fromEntries(expected));
  const fullRollup = new Map(full.rollup.map((r) => [r.orgId, r]));
  expect(children.rollup).toEqual(listed.map((id) => fullRollup.get(id)));
  const branchKids = new Set(children.orgs.filter((o) => o.kind === 'branch' && o.id !== orgId).map((o) => o.id));
  expect(children.quarterly).toEqual(full.quarterly.filter((q) => branchKids.has(q.orgId)));
  // A period's status when not every cell under it is done is the period's own (overdue, due soon, not yet due).
  for (const c of children.cells.filter((x) => x.required > 0 && x.count < x.required)) {
    const same = full.cells.find((f) => f.ruleCode === c.ruleCode && f.period === c.period && f.status !== 'done' && f.status !== 'not_applicable');
    expect(c.status).toBe(same?.status);
  }
  return children;
}

async function built() {
  return t.ctx.db.selectFrom('compliance_built').select(['year', 'stale']).orderBy('year').execute();
}

async function dirtyCount(): Promise<number> {
  return (await t.ctx.db.selectFrom('compliance_dirty').select('org_id').execute()).length;
}

describe('compliance store (the committee view of big subtrees)', () => {
  it('builds on first use and matches the grid computed from the records, for the committee and a school', async () => {
    expect(await t.ctx.db.selectFrom('compliance_built').selectAll().execute()).toEqual([]);
    const children = await expectStoreMatchesRecords();
    expect(children.cells.some((c) => c.status === 'overdue')).toBe(true);
    expect(children.cells.some((c) => c.status === 'done')).toBe(true);
    expect((await t.ctx.db.selectFrom('compliance_built').select('year').execute()).map((r) => r.year)).toEqual([2022]);
    const school = await t.ctx.db.selectFrom('org_units').select('id').where('code', '=', 'S01').executeTakeFirstOrThrow();
    await expectStoreMatchesRecords(school.id);
    // The dashboard's compliance figures (school × month heat map, the committee's roll-up) are the same from either.
    const sortHeat = (d: Awaited<ReturnType<typeof dashboard>>) => ({
      ...d.compliance,
      heatmap: [...d.compliance.heatmap].sort((a, b) => a.orgId - b.orgId || a.month - b.month),
    });
    const live = await dashboard(t.ctx.db, committeeId, 2022, t.clock.now(), { dialect: t.ctx.dialect, source: 'records' });
    const stored = await dashboard(t.ctx.db, committeeId, 2022, t.clock.now(), { dialect: t.ctx.dialect, source: 'store' });
    expect(live.compliance.heatmap.length).toBeGreaterThan(100);
    expect(sortHeat(stored)).toEqual(sortHeat(live));
    // One rule only.
    const one = await grid('children', committeeId, '&ruleCode=theme_day_monthly');
    expect(new Set(one.cells.map((c) => c.ruleCode))).toEqual(new Set(['theme_day_monthly']));
  });

  it('follows records, attendance, members, posts and org dates written after it was built', async () => {
    const db = t.ctx.db;
    const branches = await db.selectFrom('org_units').select(['id', 'parent_id']).where('kind', '=', 'branch').orderBy('id').execute();
    const [b1, b2, b3] = branches;
    // A theme party day recorded and submitted through the API.
    const res = await admin.post('/api/v1/activities', { orgId: b1.id, typeCode: 'theme_party_day', date: '2022-11-18', topic: '主题党日', submit: true });
    expect(res.statusCode, res.body).toBe(201);
    expect(await dirtyCount()).toBeGreaterThan(0);
    await expectStoreMatchesRecords();
    expect(await dirtyCount()).toBe(0);

    // A draft deleted, a heart-to-heart talk with attendees, a member leaving, a member moving branch.
    const draft = (
      await admin.post('/api/v1/activities', { orgId: b2.id, typeCode: 'branch_committee_meeting', date: '2022-10-08', topic: '草稿' })
    ).json() as {
      id: number;
    };
    const members = await db.selectFrom('people').select(['id', 'party_org_id']).where('party_org_id', '=', b2.id).where('join_date', 'is not', null).execute();
    expect(members.length).toBeGreaterThan(2);
    const talk = await admin.post('/api/v1/activities', {
      orgId: b2.id,
      typeCode: 'heart_talk',
      date: '2022-06-10',
      topic: '谈心谈话',
      submit: true,
      attendees: members.map((m) => ({ personId: m.id })),
    });
    expect(talk.statusCode, talk.body).toBe(201);
    await expectStoreMatchesRecords();
    expect((await admin.delete(`/api/v1/activities/${draft.id}`)).statusCode).toBe(200);
    await expectStoreMatchesRecords();
    await db.updateTable('people').set({ left_date: '2022-03-01' }).where('id', '=', members[0].id).execute();
    await expectStoreMatchesRecords();
    await db.updateTable('people').set({ party_org_id: b3.id }).where('id', '=', members[1].id).execute();
    await expectStoreMatchesRecords();

    // A secretary's post ended, a branch dissolved mid-year, attendance marked absent.
    await db.updateTable('person_posts').set({ end_date: '2022-04-30' }).where('org_id', '=', b3.id).where('post', 'like', '%书记%').execute();
    await expectStoreMatchesRecords();
    await db.updateTable('org_units').set({ active_to: '2022-06-30' }).where('id', '=', b3.id).execute();
    await expectStoreMatchesRecords();
    const attended = await db.selectFrom('activity_attendance').select('activity_id').where('person_id', '=', members[2].id).limit(3).execute();
    await db
      .updateTable('activity_attendance')
      .set({ status: 'absent' })
      .where('person_id', '=', members[2].id)
      .where(
        'activity_id',
        'in',
        attended.map((a) => a.activity_id),
      )
      .execute();
    await expectStoreMatchesRecords();
  });

  it('rebuilds after a rule edit or an org move, and refuses the full grid of a too big subtree', async () => {
    const rules = (await admin.get('/api/v1/cadence-rules')).json().items as { id: number; code: string; version: number; minCount: number }[];
    const theme = rules.find((r) => r.code === 'theme_day_monthly');
    const patched = await admin.patch(`/api/v1/cadence-rules/${theme?.id}`, { version: theme?.version, minCount: 2 });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(await built()).toEqual([{ year: 2022, stale: 1 }]);
    await expectStoreMatchesRecords();
    expect(await built()).toEqual([{ year: 2022, stale: 0 }]);

    const [from, to] = await t.ctx.db.selectFrom('org_units').select('id').where('code', 'in', ['S02', 'S04']).orderBy('code').execute();
    const branch = await t.ctx.db
      .selectFrom('org_units')
      .select(['id', 'version'])
      .where('parent_id', '=', from.id)
      .where('kind', '=', 'branch')
      .executeTakeFirstOrThrow();
    const moved = await admin.post(`/api/v1/org-units/${branch.id}/move`, { version: branch.version, parentId: to.id });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await built()).toEqual([{ year: 2022, stale: 1 }]);
    // The scheduled refresh rebuilds it before anyone asks, and recomputes the orgs later writes touch.
    await runDueJobs(t.ctx, 'compliance-test');
    expect(await built()).toEqual([{ year: 2022, stale: 0 }]);
    const again = await admin.post('/api/v1/activities', {
      orgId: branch.id,
      typeCode: 'theme_party_day',
      date: '2022-10-20',
      topic: '主题党日',
      submit: true,
    });
    expect(again.statusCode, again.body).toBe(201);
    expect(await dirtyCount()).toBeGreaterThan(0);
    t.clock.advanceMinutes(5);
    await runDueJobs(t.ctx, 'compliance-test');
    expect(await dirtyCount()).toBe(0);
    await expectStoreMatchesRecords();
    await expectStoreMatchesRecords(to.id);
    await expectStoreMatchesRecords(from.id);

    // Without a view, a district-sized subtree gets the full grid.
    expect((await admin.get(`/api/v1/compliance?orgId=${committeeId}&year=2022`)).json().view).toBe('full');

    // 5,000 more branches under one school: the default turns to the children view, the full grid is refused.
    const db = t.ctx.db;
    const before = new Set((await grid('children', to.id)).orgs.map((o) => o.id));
    const now = t.clock.now().toISOString();
    const above = await db.selectFrom('org_closure').select(['ancestor_id', 'depth']).where('descendant_id', '=', to.id).execute();
    for (let start = 0; start < 5_000; start += 500) {
      const rows = Array.from({ length: 500 }, (_, i) => ({
        code: `ZB${start + i}`,
        name: `新建支部${start + i}`,
        kind: 'branch',
        parent_id: to.id,
        active: 1,
        active_from: '2022-01-01',
        sort_order: 0,
        is_demo: 0,
        version: 1,
        created_at: now,
        updated_at: now,
      }));
      const ids = (await db.insertInto('org_units').values(rows).returning('id').execute()).map((r) => r.id);
      await db
        .insertInto('org_closure')
        .values(
          ids.flatMap((id) => [
            { ancestor_id: id, descendant_id: id, depth: 0 },
            ...above.map((a) => ({ ancestor_id: a.ancestor_id, descendant_id: id, depth: a.depth + 1 })),
          ]),
        )
        .execute();
    }
    const refused = await admin.get(`/api/v1/compliance?orgId=${committeeId}&year=2022&view=full`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.fields[0]).toMatchObject({ field: 'query.view', message: expect.stringContaining('按下级汇总') });
    const big = (await admin.get(`/api/v1/compliance?orgId=${committeeId}&year=2022`)).json() as Grid;
    expect(big.view).toBe('children');
    // Each new branch owes every month's theme party day and has none: 12 overdue or open cells of that rule each.
    const school = (await admin.get(`/api/v1/compliance?orgId=${to.id}&year=2022&ruleCode=theme_day_monthly&pageSize=200&page=3`)).json() as Grid;
    expect(school.view).toBe('children');
    // A page of the children after the org itself: the 401st to the 600th in code order.
    expect(school.children).toEqual({ page: 3, pageSize: 200, total: before.size - 1 + 5_000 });
    expect(school.orgs).toHaveLength(201);
    expect(school.orgs[0].id).toBe(to.id);
    const fresh = school.orgs.find((o) => o.parentId === to.id && !before.has(o.id));
    const cellsOfFresh = school.cells.filter((c) => c.orgId === fresh?.id);
    expect(cellsOfFresh).toHaveLength(12);
    expect(cellsOfFresh.every((c) => c.count === 0 && c.required === 1 && c.status !== 'done')).toBe(true);
    const schoolRow = school.cells.find((c) => c.orgId === to.id && c.period === '2022-01');
    const earlier = (await grid('children', committeeId, '&ruleCode=theme_day_monthly')).cells.find((c) => c.orgId === to.id && c.period === '2022-01');
    expect(schoolRow?.required).toBe(earlier?.required);
    expect(schoolRow?.required).toBeGreaterThan(5_000);
  }, 120_000);
});
