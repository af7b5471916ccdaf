import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImport } from '../../platform/xlsx/runner.ts';
import { exportWorkbook } from '../../platform/xlsx/writer.ts';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import { screeningsKind } from './import-kinds.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const ALL = { actorId: null, actorName: 'test', scope: { all: true, roots: [] } };
const HEADER = ['排查编号', '单位编码', '开始日期', '完成日期', '应排查学生数', '实际排查学生数', '发现问题数', '状态'];

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function count() {
  const r = await t.ctx.db
    .selectFrom('screenings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('screenings import', () => {
  it('imports, upserts by 排查编号, refuses bad rows with every reason, round-trips', async () => {
    const d = await t.f.district();
    const good = await workbook([
      ['2022年学生网络安全排查'],
      HEADER,
      ['PC-1', d.schoolA.code, '2022-03-01', '2022/3/18', '１,２００', 1180, 3, '已完成'],
      ['PC-2', d.schoolB.code, '2022.3.5', '', 800, 200, '', '进行中'],
    ]);
    const out = await runImport(t.ctx, screeningsKind, good, ALL);
    expect(out.problems).toEqual([]);
    expect(out).toMatchObject({ ok: true, rows: 2, inserted: 2, updated: 0 });
    const pc1 = await t.ctx.db.selectFrom('screenings').selectAll().where('code', '=', 'PC-1').executeTakeFirstOrThrow();
    expect(pc1).toMatchObject({
      org_id: d.schoolA.id,
      start_date: '2022-03-01',
      end_date: '2022-03-18',
      students_expected: 1200,
      students_screened: 1180,
      issues_found: 3,
      status: 'completed',
      import_batch: out.batchId,
    });

    const again = await runImport(t.ctx, screeningsKind, good, ALL);
    expect(again).toMatchObject({ ok: true, inserted: 0, updated: 2 });
    expect(await count()).toBe(2);
    // The same code completes the screening: updated in place.
    const done = await runImport(
      t.ctx,
      screeningsKind,
      await workbook([HEADER, ['PC-2', d.schoolB.code, '2022-03-05', '2022-03-25', 800, 790, 1, '已完成']]),
      ALL,
    );
    expect(done).toMatchObject({ ok: true, inserted: 0, updated: 1 });
    expect(await t.ctx.db.selectFrom('screenings').selectAll().where('code', '=', 'PC-2').executeTakeFirstOrThrow()).toMatchObject({
      status: 'completed',
      students_screened: 790,
      end_date: '2022-03-25',
    });
    expect(await count()).toBe(2);

    const bad = await workbook([
      HEADER,
      ['PC-3', d.schoolA.code, '2022-03-01', '2022-03-18', 100, 120, 0, '已完成'], // 2: more screened than expected
      ['PC-4', d.schoolA.code, '2022-03-10', '2022-03-01', 100, 90, 0, '已完成'], // 3: ends before it starts
      ['PC-5', d.schoolA.code, '2022-03-10', '', 100, 90, 0, '已完成'], // 4: completed without end date
      ['PC-6', d.branchA.code, '2022-03-10', '', 100, 90, 0, '进行中'], // 5: not a school
      ['PC-7', 'NOPE', '2022-03-10', '', 100, 90, 0, '进行中'], // 6: no such unit
      ['PC-7', d.schoolA.code, '2022-03-10', '', 100, 90, 0, '进行中'], // 7: duplicate code
      ['PC-8', d.schoolB.code, '2022-03-10', '', 100, 90, 0, '进行中'], // 8: outside reach
      ['PC-2', d.schoolA.code, '2022-03-10', '', 100, 90, 0, '进行中'], // 9: the code belongs to school B
    ]);
    const refused = await runImport(t.ctx, screeningsKind, bad, { ...ALL, scope: { all: false, roots: [d.schoolA.id] } });
    expect(refused.ok).toBe(false);
    expect(refused.problems.map((p) => `${p.row}:${p.column}`)).toEqual([
      '2:实际排查学生数',
      '3:完成日期',
      '4:完成日期',
      '5:单位编码',
      '6:单位编码',
      '7:排查编号',
      '8:单位编码',
      '9:排查编号',
    ]);
    expect(refused.problems[0]).toMatchObject({ value: '120', reason: expect.stringContaining('超过应排查学生数') });
    expect(await count()).toBe(2);
    const cells = await runImport(t.ctx, screeningsKind, await workbook([HEADER, ['PC-9', d.schoolA.code, '2022-03-01', '', -1, 'x', 0, '完成']]), ALL);
    expect(cells.problems.map((p) => `${p.row}:${p.column}`)).toEqual(expect.arrayContaining(['2:应排查学生数', '2:实际排查学生数', '2:状态']));
    expect(await count()).toBe(2);

    const exported = await screeningsKind.exportRows(t.ctx.db, { scope: { all: true, roots: [] } });
    expect(exported).toHaveLength(2);
    expect(await screeningsKind.exportRows(t.ctx.db, { scope: { all: false, roots: [d.schoolA.id] } })).toEqual([exported[0]]);
    const buf = await exportWorkbook(screeningsKind, exported);
    await t.ctx.db.deleteFrom('screenings').execute();
    expect(await runImport(t.ctx, screeningsKind, buf, ALL)).toMatchObject({ ok: true, inserted: 2 });
    expect(await screeningsKind.exportRows(t.ctx.db, { scope: { all: true, roots: [] } })).toEqual(exported);
  });
});
