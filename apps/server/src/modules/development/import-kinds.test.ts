import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImport } from '../../platform/xlsx/runner.ts';
import { exportWorkbook } from '../../platform/xlsx/writer.ts';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import { developmentKind, honoursKind } from './import-kinds.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const ALL = { actorId: null, actorName: 'test', scope: { all: true, roots: [] } };
const DEV_HEADER = ['人员编码', '阶段', '日期', '说明'];
const HONOUR_HEADER = ['年度', '表彰类别', '对象类型', '对象编码', '授予日期', '授予单位'];

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function count(table: 'development_steps' | 'people' | 'person_status_history' | 'honours') {
  const r = await t.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function counts() {
  return {
    steps: await count('development_steps'),
    people: await count('people'),
    history: await count('person_status_history'),
    honours: await count('honours'),
  };
}

async function setup() {
  const d = await t.f.district();
  const admin = await t.as('committee_admin', d.committee.id);
  const person = async (code: string, body: Record<string, unknown>, unit = d.schoolA.id) => {
    const res = await admin.post('/api/v1/people', { code, name: `人员${code}`, unitId: unit, politicalStatus: '群众', birthDate: '1990-01-01', ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as number;
  };
  await person('PA', { birthDate: '1995-01-01' });
  await person('PB', { birthDate: '2010-01-01' });
  await person('PC', {});
  await person('PD', {});
  await person('PM', { politicalStatus: '中共党员', partyOrgId: d.branchA.id, joinDate: '2015-07-01', conversionDate: '2016-07-01' });
  await person('PX', {}, d.schoolB.id);
  return d;
}

const person = (code: string) => t.ctx.db.selectFrom('people').selectAll().where('code', '=', code).executeTakeFirstOrThrow();

describe('development import', () => {
  it('imports a whole history in order, agrees with the people record, does not duplicate on re-import', async () => {
    await setup();
    const before = await counts();
    const buf = await workbook([
      ['党员发展情况（历史）'],
      DEV_HEADER,
      ['PA', '正式党员', '2023年6月1日', '支部大会同意转正'],
      ['PA ', '申请入党', '2020/3/18', ''],
      ['PA', '入党积极分子', '2020.9.1', ''],
      [],
      ['PA', '发展对象', '2021-10-01', ''],
      ['PA', '预备党员', '2022-06-01', '支部大会接收'],
      // The record already says PM joined on 2015-07-01 and converted on 2016-07-01: these rows agree.
      ['PM', '预备党员', '2015-07-01', ''],
      ['PM', '正式党员', '2016-07-01', ''],
    ]);
    const out = await runImport(t.ctx, developmentKind, buf, ALL);
    expect(out.problems).toEqual([]);
    expect(out).toMatchObject({ ok: true, rows: 7, inserted: 7, updated: 0 });
    expect(await count('development_steps')).toBe(before.steps + 7);
    const steps = await t.ctx.db.selectFrom('development_steps').selectAll().execute();
    expect(steps.every((s) => s.import_batch === out.batchId)).toBe(true);
    const pa = await person('PA');
    expect(pa).toMatchObject({ political_status: '中共党员', join_date: '2022-06-01', conversion_date: '2023-06-01' });
    expect(pa.party_org_id).not.toBeNull();
    expect(await person('PM')).toMatchObject({ political_status: '中共党员', join_date: '2015-07-01', conversion_date: '2016-07-01' });

    const again = await runImport(t.ctx, developmentKind, buf, ALL);
    expect(again).toMatchObject({ ok: true, inserted: 0, updated: 7 });
    expect(await count('development_steps')).toBe(before.steps + 7);
    expect((await person('PA')).version).toBe(pa.version);
  });

  it('refuses a workbook breaking rules with every problem by row and column, naming the rule, and writes nothing', async () => {
    await setup();
    const before = await counts();
    const buf = await workbook([
      DEV_HEADER,
      ['NOPE', '申请入党', '2020-01-01', ''], // 2: no such person
      ['PB', '申请入党', '2020-01-01', ''], // 3: aged 10
      ['PC', '入党积极分子', '2020-01-01', ''], // 4: no application recorded
      ['PM', '预备党员', '2015-08-01', ''], // 5: contradicts the join date in the record
      ['PD', '申请入党', '2021-01-01', ''], // 6 fine
      ['PD', '入党积极分子', '2021-03-01', ''], // 7 fine
      ['PD', '发展对象', '2021-06-01', ''], // 8: less than a year as an activist
      ['PA', '申请入党', '2027-01-01', ''], // 9: in the future
      ['PD', '入党积极分子', '2021-03-01', ''], // 10: the same stage twice
      ['PC', '阶段X', '2020-01-01', ''], // 11: not a stage (cell check)
    ]);
    const cells = await runImport(t.ctx, developmentKind, buf, ALL);
    expect(cells.ok).toBe(false);
    expect(cells.problems.map((p) => `${p.row}:${p.column}`)).toEqual(['11:阶段']);
    const fixed = await workbook([
      DEV_HEADER,
      ['NOPE', '申请入党', '2020-01-01', ''],
      ['PB', '申请入党', '2020-01-01', ''],
      ['PC', '入党积极分子', '2020-01-01', ''],
      ['PM', '预备党员', '2015-08-01', ''],
      ['PD', '申请入党', '2021-01-01', ''],
      ['PD', '入党积极分子', '2021-03-01', ''],
      ['PD', '发展对象', '2021-06-01', ''],
      ['PA', '申请入党', '2027-01-01', ''],
      ['PD', '入党积极分子', '2021-03-01', ''],
      ['PX', '申请入党', '2020-01-01', ''],
    ]);
    const out = await runImport(t.ctx, developmentKind, fixed, { ...ALL, scope: { all: false, roots: [(await person('PA')).unit_id as number] } });
    expect(out.ok).toBe(false);
    const got = out.problems.map((p) => `${p.row}:${p.column}`);
    expect(got).toEqual(['2:人员编码', '3:日期', '4:阶段', '5:日期', '8:日期', '9:日期', '10:阶段', '11:人员编码']);
    const reason = (row: number) => out.problems.find((p) => p.row === row)?.reason ?? '';
    expect(reason(3)).toContain('申请入党年龄');
    expect(reason(4)).toContain('发展程序顺序');
    expect(reason(5)).toContain('与人员档案一致');
    expect(reason(8)).toContain('积极分子培养期');
    expect(reason(9)).toContain('日期不能晚于今天');
    expect(reason(11)).toContain('管理范围');
    expect(out.problems.find((p) => p.row === 5)?.value).toBe('2015-08-01');
    expect(await counts()).toEqual(before);

    // A step recorded with another date is a conflict; one after a later recorded step is out of order.
    const ok = await runImport(t.ctx, developmentKind, await workbook([DEV_HEADER, ['PD', '申请入党', '2021-01-01', '']]), ALL);
    expect(ok.ok).toBe(true);
    const conflict = await runImport(t.ctx, developmentKind, await workbook([DEV_HEADER, ['PD', '申请入党', '2021-02-01', '']]), ALL);
    expect(conflict.problems).toEqual([expect.objectContaining({ row: 2, column: '日期', reason: expect.stringContaining('阶段不可重复') })]);
  });

  it('round-trips: export → import gives the same data', async () => {
    await setup();
    const first = await runImport(
      t.ctx,
      developmentKind,
      await workbook([
        DEV_HEADER,
        ['PA', '申请入党', '2020-03-18', '递交申请书'],
        ['PA', '入党积极分子', '2020-09-01', ''],
        ['PA', '发展对象', '2021-10-01', ''],
        ['PA', '预备党员', '2022-06-01', ''],
        ['PM', '正式党员', '2016-07-01', ''],
      ]),
      ALL,
    );
    expect(first.ok).toBe(true);
    const exported = await developmentKind.exportRows(t.ctx.db, { scope: { all: true, roots: [] } });
    expect(exported).toHaveLength(5);
    expect(exported[0]).toEqual({ personCode: 'PA', stage: '申请入党', date: '2020-03-18', notes: '递交申请书' });
    const buf = await exportWorkbook(developmentKind, exported);
    await t.ctx.db.deleteFrom('development_steps').execute();
    const back = await runImport(t.ctx, developmentKind, buf, ALL);
    expect(back).toMatchObject({ ok: true, inserted: 5 });
    expect(await developmentKind.exportRows(t.ctx.db, { scope: { all: true, roots: [] } })).toEqual(exported);
    // Scope: nothing of school A's people is exported to school B.
    const pa = await person('PX');
    expect(await developmentKind.exportRows(t.ctx.db, { scope: { all: false, roots: [pa.unit_id as number] } })).toEqual([]);
  });
});

describe('honours import', () => {
  it('imports, upserts on year + category + target, refuses bad rows and round-trips', async () => {
    const d = await setup();
    const before = await counts();
    const good = await workbook([
      HONOUR_HEADER,
      [2022, '优秀共产党员', '个人', 'PM', '2022-07-01', 'XX区教育工委'],
      ['２０２２', '先进基层党组织', '组织', d.branchA.code, '2022/7/1', 'XX区教育工委'],
      [2023, '优秀党务工作者', '个人', 'PA', '', ''],
    ]);
    const out = await runImport(t.ctx, honoursKind, good, ALL);
    expect(out.problems).toEqual([]);
    expect(out).toMatchObject({ ok: true, inserted: 3, updated: 0 });
    expect(await count('honours')).toBe(before.honours + 3);
    const again = await runImport(t.ctx, honoursKind, good, ALL);
    expect(again).toMatchObject({ ok: true, inserted: 0, updated: 3 });
    expect(await count('honours')).toBe(before.honours + 3);
    const h = await t.ctx.db.selectFrom('honours').selectAll().where('org_id', '=', d.branchA.id).executeTakeFirstOrThrow();
    expect(h).toMatchObject({ year: 2022, category_code: 'advanced_party_org', awarded_on: '2022-07-01', import_batch: again.batchId });

    const mid = await counts();
    const bad = await workbook([
      HONOUR_HEADER,
      [2022, '最美教师', '个人', 'PM', '', ''], // 2: unknown category
      [2022, '先进基层党组织', '个人', 'PM', '', ''], // 3: category is for orgs
      [2022, '先进基层党组织', '组织', 'NOPE', '', ''], // 4: no such org
      [2022, '优秀共产党员', '个人', 'PA', '2021-07-01', ''], // 5: date outside the year
      [2024, '优秀共产党员', '个人', 'PC', '', ''], // 6 fine
      [2024, '优秀共产党员', '个人', 'PC', '', ''], // 7: same honour twice
      [2024, '优秀共产党员', '个人', 'PX', '', ''], // 8: outside reach
    ]);
    const refused = await runImport(t.ctx, honoursKind, bad, { ...ALL, scope: { all: false, roots: [d.schoolA.id] } });
    expect(refused.ok).toBe(false);
    expect(refused.problems.map((p) => `${p.row}:${p.column}`)).toEqual(['2:表彰类别', '3:对象类型', '4:对象编码', '5:授予日期', '7:对象编码', '8:对象编码']);
    expect(await counts()).toEqual(mid);

    const exported = await honoursKind.exportRows(t.ctx.db, { scope: { all: true, roots: [] } });
    expect(exported).toHaveLength(3);
    expect(await honoursKind.exportRows(t.ctx.db, { scope: { all: false, roots: [d.schoolB.id] } })).toEqual([]);
    const buf = await exportWorkbook(honoursKind, exported);
    await t.ctx.db.deleteFrom('honours').execute();
    expect(await runImport(t.ctx, honoursKind, buf, ALL)).toMatchObject({ ok: true, inserted: 3 });
    expect(await honoursKind.exportRows(t.ctx.db, { scope: { all: true, roots: [] } })).toEqual(exported);
  });
});
