// Query-count guards for the hot routes: the number of SQL statements per request has a fixed ceiling that does
// not grow with the page size or the subtree (no N+1). Runs on the demo district.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from './modules/demo/service.ts';
import { type Client, type TestApp, createTestApp } from './test/harness.ts';

let t: TestApp;
let committee: Client;
let committeeId: number;
let schoolId: number;
let counting = false;
let count = 0;

beforeAll(async () => {
  t = await createTestApp({
    onQuery: () => {
      if (counting) count++;
    },
  });
  await loadDemo(t.ctx);
  committeeId = (await t.ctx.db.selectFrom('org_units').select('id').where('kind', '=', 'committee').where('parent_id', 'is', null).executeTakeFirstOrThrow())
    .id;
  schoolId = (await t.ctx.db.selectFrom('org_units').select('id').where('kind', '=', 'school').orderBy('code').executeTakeFirstOrThrow()).id;
  committee = await t.as('committee_admin', committeeId);
  t.clock.set(new Date('2023-01-15T02:00:00Z'));
}, 120_000);

afterAll(async () => {
  await t?.close();
});

/** Statements run by one request (session lookup included). */
async function queriesOf(url: string): Promise<number> {
  count = 0;
  counting = true;
  const res = await committee.get(url);
  counting = false;
  expect(res.statusCode, res.body).toBe(200);
  return count;
}

describe('query-count guards (no N+1)', () => {
  it('people list: same statements for 5 and 50 rows, at most 10', async () => {
    const small = await queriesOf(`/api/v1/people?pageSize=5&orgId=${committeeId}`);
    const big = await queriesOf(`/api/v1/people?pageSize=50&orgId=${committeeId}`);
    const res = await committee.get(`/api/v1/people?pageSize=50&orgId=${committeeId}`);
    expect(res.json().items.length).toBe(50);
    expect(big).toBe(small);
    expect(big).toBeLessThanOrEqual(10);
  });

  it('org tree children: the committee (≈30 children) costs what a school (1–2) costs, at most 10', async () => {
    const wide = await queriesOf(`/api/v1/org-units?parentId=${committeeId}`);
    const narrow = await queriesOf(`/api/v1/org-units?parentId=${schoolId}`);
    const res = await committee.get(`/api/v1/org-units?parentId=${committeeId}`);
    expect(res.json().items.length).toBeGreaterThan(20);
    expect(wide).toBe(narrow);
    expect(wide).toBeLessThanOrEqual(10);
  });

  it('activities list: same statements for 5 and 50 rows, at most 12', async () => {
    const small = await queriesOf(`/api/v1/activities?pageSize=5&orgId=${committeeId}`);
    const big = await queriesOf(`/api/v1/activities?pageSize=50&orgId=${committeeId}`);
    const res = await committee.get(`/api/v1/activities?pageSize=50&orgId=${committeeId}`);
    expect(res.json().items.length).toBe(50);
    expect(big).toBe(small);
    expect(big).toBeLessThanOrEqual(12);
  });

  it('dashboard: the committee (60 orgs) costs what one school costs, at most 36', async () => {
    const wide = await queriesOf(`/api/v1/dashboard?orgId=${committeeId}&year=2022`);
    const narrow = await queriesOf(`/api/v1/dashboard?orgId=${schoolId}&year=2022`);
    expect(wide).toBe(narrow);
    expect(wide).toBeLessThanOrEqual(36);
  });
});
