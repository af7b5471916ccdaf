import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import { PEOPLE_HEADER, uploadWorkbook, workbook } from '../../test/workbooks.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const upload = uploadWorkbook;

const ORG_HEADER = ['编码', '名称', '类型', '上级编码', '学段', '办学性质', '学生数', '寄宿生数'];

async function counts() {
  const n = async (table: 'org_units' | 'people' | 'person_posts') =>
    Number(
      (
        await t.ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { orgs: await n('org_units'), people: await n('people'), posts: await n('person_posts') };
}

describe('org-units and people imports over HTTP', () => {
  it('imports a messy district, refuses bad rows with every reason and writes nothing, then round-trips through export', async () => {
    const admin = await t.as('committee_admin', null);
    const orgs = await workbook([
      ['XX区组织机构一览表'],
      ORG_HEADER,
      ['D1', 'XX区教育工委', '教育工委', '', '', '', '', ''],
      ['S1', 'XX区第一中学 ', '学校', 'D1', '完全中学', '公办', '１２００', 300],
      ['S1-ZZ', '第一中学党总支', '党总支', 'S1', '', '', '', ''],
      ['S1-B1', '第一中学第一党支部', '党支部', 'S1-ZZ', '', '', '', ''],
      [],
      ['K1', 'XX区中心幼儿园', '幼儿园', 'D1', '幼儿园', '民办', 200, 0],
      ['K1-B', '中心幼儿园党支部', '党支部', 'K1', '', '', '', ''],
    ]);
    const ok = await upload(admin, 'org-units', orgs);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true, rows: 6, inserted: 6, updated: 0 });

    const before = await counts();
    const bad = await workbook([
      PEOPLE_HEADER,
      ['P1', '刘莹', '女', '1972/5/16', 'S1', 'S1-B1', '中共党员', '2000.7.1', '2001年7月1日', '党总支书记、校长', '138 1234 5678'],
      ['P2', '王强', '男', '1985-02-30', 'S1', '', '群众', '', '', '教师', ''],
      ['P3', '李娜', '女', '1990-01-01', 'NOPE', 'S1-B1', '中共预备党员', '2022-03-01', '', '', '12345'],
      ['P4', '赵敏', '女', '1990-01-01', 'S1', 'S1', '中共党员', '2010-01-01', '', '', ''],
    ]);
    const refused = await upload(admin, 'people', bad);
    expect(refused.statusCode).toBe(400);
    const problems = refused.json().error.details.problems as { row: number; column: string; reason: string }[];
    expect(problems.map((p) => `${p.row}:${p.column}`)).toEqual(expect.arrayContaining(['3:出生日期', '4:手机号']));
    expect(await counts()).toEqual(before);
    // Database-level problems come after the cell-level ones are fixed.
    const fixedCells = await workbook([
      PEOPLE_HEADER,
      ['P1', '刘莹', '女', '1972/5/16', 'S1', 'S1-B1', '中共党员', '2000.7.1', '2001年7月1日', '党总支书记、校长', '138 1234 5678'],
      ['P3', '李娜', '女', '1990-01-01', 'NOPE', 'S1-B1', '中共预备党员', '2022-03-01', '', '', ''],
      ['P4', '赵敏', '女', '1990-01-01', 'S1', 'S1', '中共党员', '2010-01-01', '', '', ''],
    ]);
    const dbRefused = (await upload(admin, 'people', fixedCells)).json().error.details.problems as { row: number; column: string }[];
    expect(dbRefused.map((p) => `${p.row}:${p.column}`)).toEqual(expect.arrayContaining(['3:所在单位编码', '4:所在党组织编码', '4:转正日期']));
    expect(await counts()).toEqual(before);

    const good = await workbook([
      PEOPLE_HEADER,
      ['P1', '刘莹', '女', '1972/5/16', 'S1', 'S1-B1', '中共党员', '2000.7.1', '2001年7月1日', '党总支书记、校长', '138 1234 5678'],
      ['P2', '王强', '男', '1985-02-28', 'S1', '', '群众', '', '', '教师 班主任', ''],
      ['P3', '李娜', '女', '1990-01-01', 'K1', 'K1-B', '中共预备党员', '2023-03-01', '', '', ''],
    ]);
    expect((await upload(admin, 'people', good, true)).json()).toMatchObject({ ok: true, dryRun: true });
    expect(await counts()).toEqual(before);
    const imported = await upload(admin, 'people', good);
    expect(imported.json()).toMatchObject({ ok: true, inserted: 3 });
    expect((await upload(admin, 'people', good)).json()).toMatchObject({ ok: true, inserted: 0, updated: 3 });
    const liu = await t.ctx.db.selectFrom('people').selectAll().where('code', '=', 'P1').executeTakeFirstOrThrow();
    expect(liu).toMatchObject({
      birth_date: '1972-05-16',
      join_date: '2000-07-01',
      conversion_date: '2001-07-01',
      phone: '13812345678',
      pinyin_initials: 'ly',
    });
    const posts = await t.ctx.db.selectFrom('person_posts').select(['post', 'org_id']).where('person_id', '=', liu.id).execute();
    expect(posts.map((p) => p.post).sort()).toEqual(['党总支书记', '校长']);
    // The 党总支书记 post is held at the party org, the 校长 post at the unit.
    const s1 = await t.ctx.db.selectFrom('org_units').select('id').where('code', '=', 'S1').executeTakeFirstOrThrow();
    expect(posts.find((p) => p.post === '校长')?.org_id).toBe(s1.id);

    // Export → import round-trips equal data.
    await admin.reauth();
    const exported = await admin.get('/api/v1/exports/people');
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    const snapshot = await t.ctx.db
      .selectFrom('people')
      .select(['code', 'name', 'gender', 'birth_date', 'unit_id', 'party_org_id', 'political_status', 'join_date', 'conversion_date', 'phone'])
      .orderBy('code')
      .execute();
    const again = await upload(admin, 'people', exported.rawPayload);
    expect(again.json()).toMatchObject({ ok: true, inserted: 0, updated: 3 });
    expect(
      await t.ctx.db
        .selectFrom('people')
        .select(['code', 'name', 'gender', 'birth_date', 'unit_id', 'party_org_id', 'political_status', 'join_date', 'conversion_date', 'phone'])
        .orderBy('code')
        .execute(),
    ).toEqual(snapshot);
    const orgExport = await admin.get('/api/v1/exports/org-units');
    expect((await upload(admin, 'org-units', orgExport.rawPayload)).json()).toMatchObject({ ok: true, inserted: 0, updated: 6 });
  });

  it("a school's administrator cannot import into or export another school", async () => {
    const { schoolA, schoolB, branchB } = await t.f.district();
    const adminA = await t.as('org_admin', schoolA.id);
    const res = await upload(adminA, 'people', await workbook([PEOPLE_HEADER, ['X1', '张三', '男', '', schoolB.code, branchB.code, '群众', '', '', '', '']]));
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().error.details.problems)).toContain('不在您的管理范围内');
    expect((await adminA.get(`/api/v1/exports/people?orgId=${schoolB.id}`)).statusCode).toBe(404);
  });

  it('refuses a renamed CSV and audits the refusal; the template carries the exact headers', async () => {
    const admin = await t.as('committee_admin', null);
    const res = await upload(admin, 'people', Buffer.from('人员编码,姓名\nP1,张三\n'));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.refused).toMatch(/不是 xlsx/);
    const ev = await t.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'import.people').execute();
    expect(ev.map((e) => e.result)).toEqual(['failed']);
    const tpl = await admin.get('/api/v1/imports/people/template');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.rawPayload as unknown as ExcelJS.Buffer);
    expect((wb.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(PEOPLE_HEADER);
    const problemsBook = await admin.post('/api/v1/imports/problems-workbook', { problems: [{ row: 2, column: '姓名', value: '', reason: '必填' }] });
    expect(problemsBook.statusCode).toBe(200);
  });
});
