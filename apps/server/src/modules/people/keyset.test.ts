import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, createTestApp } from '../../test/harness.ts';

let t: TestApp;
let d: Awaited<ReturnType<TestApp['f']['district']>>;
let committee: Client;
let everywhere: Client;

type Page = { items: { id: number }[]; total: number; nextCursor: string | null };

/** Every page of a list by following nextCursor from the first page. */
async function walk(c: Client, url: string): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const res = await c.get(`${url}${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as Page;
    ids.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error('no last page');
}

/** The same list by page numbers. */
async function byOffset(c: Client, url: string): Promise<number[]> {
  const ids: number[] = [];
  for (let page = 1; ; page++) {
    const items = ((await c.get(`${url}&page=${page}`)).json() as Page).items;
    ids.push(...items.map((i) => i.id));
    if (items.length === 0) return ids;
  }
}

beforeAll(async () => {
  t = await createTestApp();
  d = await t.f.district();
  // Repeated names and pinyin: the id must break ties for the cursor to neither skip nor repeat anyone.
  for (let i = 0; i < 23; i++) {
    const school = i % 2 ? d.schoolA : d.schoolB;
    await t.f.person({
      unitId: school.id,
      partyOrgId: i % 3 ? (i % 2 ? d.branchA.id : d.branchB.id) : null,
      code: `K${String(40 - i).padStart(3, '0')}`,
      name: i % 4 ? '王芳' : '李静',
      pinyin: i % 4 ? { initials: 'wf', full: 'wangfang' } : { initials: 'lj', full: 'lijing' },
      joinDate: i % 3 ? '2010-07-01' : null,
      conversionDate: i % 3 ? '2011-07-01' : null,
    });
  }
  committee = await t.as('committee_admin', d.committee.id);
  everywhere = await t.as('committee_admin', null);
});
afterAll(async () => {
  await t?.close();
});

describe('people list: keyset paging', () => {
  for (const sort of ['code', '-code', 'name', '-name']) {
    it(`following nextCursor gives the same people in the same order as page numbers (sort ${sort})`, async () => {
      for (const [c, url] of [
        [committee, `/api/v1/people?pageSize=4&sort=${sort}&orgId=${d.committee.id}`],
        [committee, `/api/v1/people?pageSize=4&sort=${sort}&orgId=${d.committee.id}&members=1`],
        [committee, `/api/v1/people?pageSize=5&sort=${sort}&orgId=${d.schoolA.id}&q=wf`],
        [everywhere, `/api/v1/people?pageSize=3&sort=${sort}`],
      ] as const) {
        const offset = await byOffset(c, url);
        expect(offset.length).toBeGreaterThan(4);
        expect(await walk(c, url)).toEqual(offset);
      }
    });
  }

  it('says where the list ends and refuses a cursor it did not give', async () => {
    const all = (await committee.get(`/api/v1/people?pageSize=500&orgId=${d.committee.id}`)).json() as Page;
    expect(all.nextCursor).toBeNull();
    const bad = await committee.get(`/api/v1/people?pageSize=5&orgId=${d.committee.id}&after=not-a-cursor`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('query.after');
  });
});

describe('audit trail: keyset paging', () => {
  it('following nextCursor gives the same events as page numbers, newest first', async () => {
    for (let i = 0; i < 16; i++) {
      const res = await committee.post('/api/v1/org-units', { code: `KS${i}`, name: `分页支部${i}`, kind: 'branch', parentId: d.schoolA.id });
      expect(res.statusCode, res.body).toBe(201);
    }
    const auditor = await t.as('audit_admin', null);
    const url = '/api/v1/audit-events?pageSize=7';
    const offset = await byOffset(auditor, url);
    expect(offset.length).toBeGreaterThan(14);
    const walked = await walk(auditor, url);
    // Reading the trail is not audited, so both walks saw the same events.
    expect(walked).toEqual(offset);
    expect([...walked].sort((a, b) => b - a)).toEqual(walked);
  });
});
