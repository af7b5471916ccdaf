import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImport } from '../../platform/xlsx/runner.ts';
import { exportWorkbook } from '../../platform/xlsx/writer.ts';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import { ethicsMechanismsKind } from './import-kinds.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const ALL = { actorId: null, actorName: 'test', scope: { all: true, roots: [] } };
const HEADER = ['单位编码', '制度名称', '生效日期', '失效日期'];

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function count() {
  const r = await t.ctx.db
    .selectFrom('ethics_mechanisms')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('ethics-mechanisms import', () => {
  it('imports, re-imports without duplicating (unit + name), refuses bad rows with every reason, round-trips', async () => {
    const d = await t.f.district();
    const good = await workbook([
      ['师德师风学习制度一览表'],
      HEADER,
      [`${d.schoolA.code} `, '师德师风学习制度', '2021/9/1', ''],
      [d.schoolB.code, '师德师风学习制度', '2021年9月1日', '2023.8.31'],
      [],
      [d.branchA.code, '教师师德承诺制度', 44440, ''],
    ]);
    const out = await runImport(t.ctx, ethicsMechanismsKind, good, ALL);
    expect(out.problems).toEqual([]);
    expect(out).toMatchObject({ ok: true, rows: 3, inserted: 3, updated: 0 });
    expect(await count()).toBe(3);
    const b = await t.ctx.db.selectFrom('ethics_mechanisms').selectAll().where('org_id', '=', d.schoolB.id).executeTakeFirstOrThrow();
    expect(b).toMatchObject({ name: '师德师风学习制度', effective_from: '2021-09-01', effective_to: '2023-08-31', import_batch: out.batchId });

    const again = await runImport(t.ctx, ethicsMechanismsKind, good, ALL);
    expect(again).toMatchObject({ ok: true, inserted: 0, updated: 3 });
    expect(await count()).toBe(3);

    const bad = await workbook([
      HEADER,
      ['NOPE', '师德师风学习制度', '2021-09-01', ''], // 2: no such unit
      [d.schoolA.code, '师德师风学习制度', '2021-09-01', '2020-01-01'], // 3: ends before it starts
      [d.schoolA.code, '制', '2021-09-01', ''], // 4: name too short
      [d.schoolA.code, '师德师风学习制度', '2021-09-01', ''], // 5: same as row 3
      [d.schoolB.code, '师德师风学习制度', '2021-09-01', ''], // 6: outside reach
      [d.schoolA.code, '', '2021-09-01', ''], // 7: name missing (cell check)
    ]);
    const cells = await runImport(t.ctx, ethicsMechanismsKind, bad, ALL);
    expect(cells.problems.map((p) => `${p.row}:${p.column}`)).toEqual(['7:制度名称']);
    const dbBad = await workbook([
      HEADER,
      ['NOPE', '师德师风学习制度', '2021-09-01', ''],
      [d.schoolA.code, '师德师风学习制度', '2021-09-01', '2020-01-01'],
      [d.schoolA.code, '制', '2021-09-01', ''],
      [d.schoolA.code, '师德师风学习制度', '2021-09-01', ''],
      [d.schoolB.code, '师德师风学习制度', '2021-09-01', ''],
    ]);
    const refused = await runImport(t.ctx, ethicsMechanismsKind, dbBad, { ...ALL, scope: { all: false, roots: [d.schoolA.id] } });
    expect(refused.ok).toBe(false);
    expect(refused.problems.map((p) => `${p.row}:${p.column}`)).toEqual(['2:单位编码', '3:失效日期', '4:制度名称', '5:制度名称', '6:单位编码']);
    expect(refused.problems[1]).toMatchObject({ value: '2020-01-01', reason: expect.stringContaining('失效日期早于生效日期') });
    expect(await count()).toBe(3);

    const exported = await ethicsMechanismsKind.exportRows(t.ctx.db, { scope: { all: true, roots: [] } });
    expect(exported).toHaveLength(3);
    expect(await ethicsMechanismsKind.exportRows(t.ctx.db, { scope: { all: false, roots: [d.schoolB.id] } })).toEqual([
      { orgCode: d.schoolB.code, name: '师德师风学习制度', effectiveFrom: '2021-09-01', effectiveTo: '2023-08-31' },
    ]);
    const buf = await exportWorkbook(ethicsMechanismsKind, exported);
    await t.ctx.db.deleteFrom('ethics_mechanisms').execute();
    expect(await runImport(t.ctx, ethicsMechanismsKind, buf, ALL)).toMatchObject({ ok: true, inserted: 3 });
    expect(await ethicsMechanismsKind.exportRows(t.ctx.db, { scope: { all: true, roots: [] } })).toEqual(exported);
  });
});
