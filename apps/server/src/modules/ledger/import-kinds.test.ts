import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import { runImport } from '../../platform/xlsx/runner.ts';
import { activitiesKind, attendanceKind, materialsKind } from './import-kinds.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

async function book(rows: unknown[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('x');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const all = { actorId: null, actorName: 'test', scope: { all: true, roots: [] } };

describe('ledger import kinds', () => {
  it('imports activities as approved history, attendance and materials; refuses bad rows writing nothing; re-import does not duplicate', async () => {
    const { branchA, schoolA } = await t.f.district();
    const p = await t.f.person({
      code: 'P1',
      name: '刘莹',
      unitId: schoolA.id,
      partyOrgId: branchA.id,
      joinDate: '2000-01-01',
      conversionDate: '2001-01-01',
      pinyin: { initials: 'ly', full: 'liuying' },
    });
    const acts = await book([
      ['活动编号', '组织编码', '活动类型', '日期', '主题', '主持人编码', '主讲人', '地点', '内容摘要'],
      ['HD1', branchA.code, '专题辅导报告', '2022年3月18日', '《全面依法治国必须全面依规从严治党》', 'P1', '刘莹', '会议室', '重点解读<党风廉政>'],
      ['HD2', branchA.code, '主题党日', '2022/4/1', '清明祭英烈', '', '', '', ''],
    ]);
    const bad = await book([
      ['活动编号', '组织编码', '活动类型', '日期', '主题', '主持人编码', '主讲人', '地点', '内容摘要'],
      ['HD1', 'NOPE', '开会', '2022-03-18', 'x', 'P9', '', '', ''],
    ]);
    const refused = await runImport(t.ctx, activitiesKind, bad, all);
    expect(refused.ok).toBe(false);
    expect(refused.problems.map((x) => x.column).sort()).toEqual(['主持人编码', '活动类型', '组织编码']);
    expect(await t.ctx.db.selectFrom('activities').select('id').execute()).toHaveLength(0);
    expect(await runImport(t.ctx, activitiesKind, acts, all)).toMatchObject({ ok: true, inserted: 2 });
    expect(await runImport(t.ctx, activitiesKind, acts, all)).toMatchObject({ ok: true, inserted: 0, updated: 2 });
    const a = await t.ctx.db.selectFrom('activities').selectAll().where('code', '=', 'HD1').executeTakeFirstOrThrow();
    expect(a).toMatchObject({ status: 'approved', imported: 1, date: '2022-03-18', host_person_id: p.id, minutes_html: '<p>重点解读&lt;党风廉政&gt;</p>' });
    const att = await book([
      ['活动编号', '人员编码', '出席情况', '说明'],
      ['HD1', 'P1', '出席', ''],
      ['HD2', 'P1', '请假', '外出培训'],
    ]);
    expect(await runImport(t.ctx, attendanceKind, att, all)).toMatchObject({ ok: true, inserted: 2 });
    expect(await runImport(t.ctx, attendanceKind, att, all)).toMatchObject({ ok: true, inserted: 0, updated: 2 });
    const mats = await book([
      ['组织编码', '资料名称', '征订日期', '册数'],
      [branchA.code, '《党史》', '2022-04-01', '１,８４４'],
    ]);
    expect(await runImport(t.ctx, materialsKind, mats, all)).toMatchObject({ ok: true, inserted: 1 });
    expect(await runImport(t.ctx, materialsKind, mats, all)).toMatchObject({ ok: true, inserted: 0, updated: 1 });
    // Export → import round-trips.
    for (const k of [activitiesKind, attendanceKind, materialsKind]) {
      const rows = await k.exportRows(t.ctx.db, { scope: { all: true, roots: [] } });
      const { exportWorkbook } = await import('../../platform/xlsx/writer.ts');
      const again = await runImport(t.ctx, k, await exportWorkbook(k, rows), all);
      expect(again, k.kind).toMatchObject({ ok: true, inserted: 0 });
      expect(await k.exportRows(t.ctx.db, { scope: { all: true, roots: [] } })).toEqual(rows);
    }
  });

  it('refuses rows for units outside the importer’s reach', async () => {
    const { schoolA, branchB } = await t.f.district();
    const mats = await book([
      ['组织编码', '资料名称', '征订日期', '册数'],
      [branchB.code, '《党史》', '2022-04-01', 5],
    ]);
    const r = await runImport(t.ctx, materialsKind, mats, { ...all, scope: { all: false, roots: [schoolA.id] } });
    expect(r.ok).toBe(false);
    expect(r.problems[0].reason).toContain('管理范围');
  });
});
