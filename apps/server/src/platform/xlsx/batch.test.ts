import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Client, type TestApp, createTestApp } from '../../test/harness.ts';
import { uploadWorkbook, workbook } from '../../test/workbooks.ts';
import { MAX_BIND_VARIABLES, insertBatches, rowsPerStatement } from './batch.ts';

describe('insert batches', () => {
  it('fills each statement up to the bind-variable limit and keeps every row once, in order', () => {
    expect(rowsPerStatement(19)).toBe(1724);
    expect(rowsPerStatement(19) * 19).toBeLessThanOrEqual(MAX_BIND_VARIABLES);
    expect(rowsPerStatement(0)).toBe(MAX_BIND_VARIABLES);
    expect(rowsPerStatement(40_000)).toBe(1);
    expect(insertBatches([])).toEqual([]);
    const rows = Array.from({ length: 25 }, (_, i) => ({ a: i, b: null, c: 'x' }));
    const batches = insertBatches(rows, 30);
    expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(batches.flat()).toEqual(rows);
  });
});

describe('a people import larger than one statement', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  const upload = (c: Client, kind: string, buf: Buffer) => uploadWorkbook(c, kind, buf);

  it('writes every person with their own posts and status history across several INSERT statements, then updates them all', async () => {
    const admin = await t.as('committee_admin', null);
    const orgs = await workbook([
      ['编码', '名称', '类型', '上级编码', '学段', '办学性质', '学生数', '寄宿生数'],
      ['D1', 'XX区教育工委', '教育工委', '', '', '', '', ''],
      ['S1', 'XX区第一中学', '学校', 'D1', '完全中学', '公办', 1200, 300],
      ['S1-B1', '第一中学第一党支部', '党支部', 'S1', '', '', '', ''],
      ['S2', 'XX区第二中学', '学校', 'D1', '完全中学', '公办', 900, 0],
    ]);
    expect((await upload(admin, 'org-units', orgs)).json()).toMatchObject({ ok: true, inserted: 4 });

    // 19 columns per person: 1724 people per statement, so 2800 people take two; two posts each make 5600 posts (also two: 5461 fit in one).
    const n = 2800;
    const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄'];
    const given = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军'];
    const people = Array.from({ length: n }, (_, i) => {
      const member = i % 4 === 0;
      return {
        code: `Q${String(i).padStart(5, '0')}`,
        name: `${surnames[i % surnames.length]}${given[Math.floor(i / 8) % given.length]}`,
        unit: i % 3 === 0 ? 'S2' : 'S1',
        partyOrg: member ? 'S1-B1' : '',
        status: member ? '中共党员' : '群众',
        posts: i % 2 === 0 ? ['教师', '班主任'] : ['教研组长', '教师'],
      };
    });
    const header = ['人员编码', '姓名', '性别', '出生日期', '所在单位编码', '所在党组织编码', '政治面貌', '入党日期', '转正日期', '职务', '手机号'];
    const file = await workbook([
      header,
      ...people.map((p, i) => [
        p.code,
        p.name,
        i % 2 ? '男' : '女',
        '1980-01-02',
        p.unit,
        p.partyOrg,
        p.status,
        p.partyOrg ? '2005-07-01' : '',
        p.partyOrg ? '2006-07-01' : '',
        p.posts.join('、'),
        `138${String(i).padStart(8, '0')}`,
      ]),
    ]);
    const res = await upload(admin, 'people', file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, rows: n, inserted: n, updated: 0 });

    const orgId = new Map((await t.ctx.db.selectFrom('org_units').select(['id', 'code']).execute()).map((o) => [o.code, o.id]));
    const stored = await t.ctx.db
      .selectFrom('people')
      .select(['id', 'code', 'name', 'unit_id', 'party_org_id', 'political_status', 'phone', 'pinyin_initials'])
      .where('code', 'like', 'Q%')
      .orderBy('code')
      .execute();
    expect(stored.map((p) => [p.code, p.name, p.unit_id, p.party_org_id, p.political_status])).toEqual(
      people.map((p) => [p.code, p.name, orgId.get(p.unit), p.partyOrg ? orgId.get(p.partyOrg) : null, p.status]),
    );
    expect(stored.every((p) => p.pinyin_initials.length >= 2)).toBe(true);

    const codeOf = new Map(stored.map((p) => [p.id, p.code]));
    const posts = await t.ctx.db.selectFrom('person_posts').select(['person_id', 'post', 'org_id', 'start_date', 'end_date']).execute();
    const postsOf = new Map<string, string[]>();
    for (const p of posts) {
      const code = codeOf.get(p.person_id);
      if (!code) continue;
      expect(p).toMatchObject({ start_date: null, end_date: null });
      postsOf.set(code, [...(postsOf.get(code) ?? []), p.post]);
    }
    expect(postsOf.size).toBe(n);
    for (const p of people) expect(postsOf.get(p.code)?.sort(), p.code).toEqual([...p.posts].sort());

    const history = await t.ctx.db.selectFrom('person_status_history').select(['person_id', 'status', 'effective_date', 'source']).execute();
    const statusOf = new Map(history.filter((h) => codeOf.has(h.person_id)).map((h) => [codeOf.get(h.person_id), h]));
    expect(statusOf.size).toBe(n);
    for (const p of people) {
      expect(statusOf.get(p.code), p.code).toMatchObject({ status: p.status, effective_date: p.partyOrg ? '2006-07-01' : null, source: 'import' });
    }

    // The same file again: every person updated, no post or history row added.
    const again = await upload(admin, 'people', file);
    expect(again.json()).toMatchObject({ ok: true, inserted: 0, updated: n });
    const count = async (table: 'person_posts' | 'person_status_history') =>
      Number(
        (
          await t.ctx.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count('person_posts')).toBe(posts.length);
    expect(await count('person_status_history')).toBe(history.length);
  });
});
