import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImport } from '../../platform/xlsx/runner.ts';
import { exportWorkbook } from '../../platform/xlsx/writer.ts';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import { disclosuresKind, risksKind } from './import-kinds.ts';
import { loadMatrix } from './risks.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const ALL = { actorId: null, actorName: 'test', scope: { all: true, roots: [] } };
const RISK_HEADER = ['风险编号', '单位编码', '类别', '描述', '可能性(1-5)', '影响(1-5)', '责任人编码', '措施', '状态', '复核日期'];
const DISCLOSURE_HEADER = ['单位编码', '类别', '标题', '公开日期', '公开渠道'];

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function count(table: 'risks' | 'risk_ratings' | 'disclosures') {
  const r = await t.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function setup() {
  const d = await t.f.district();
  const admin = await t.as('committee_admin', d.committee.id);
  for (const [code, unit] of [
    ['PO', d.schoolA.id],
    ['PB', d.schoolB.id],
  ] as const) {
    const res = await admin.post('/api/v1/people', { code, name: `人员${code}`, unitId: unit, politicalStatus: '群众', birthDate: '1980-01-01' });
    expect(res.statusCode, res.body).toBe(201);
  }
  return d;
}

describe('risks import', () => {
  it('imports with the level from the matrix and rating history, upserts by code, refuses bad rows, round-trips', async () => {
    const d = await setup();
    const matrix = await loadMatrix(t.ctx.db);
    const good = await workbook([
      ['意识形态风险台账'],
      RISK_HEADER,
      ['FX-1', d.schoolA.code, '课堂教学', '个别教师课堂言论不当', 3, 4, 'PO', '开展课堂巡查；组织专题培训', '处置中', '2023/6/30'],
      ['', d.schoolB.code, '社团', '学生社团活动内容把关不严', 2, 2, '', '', '', ''],
    ]);
    const out = await runImport(t.ctx, risksKind, good, ALL);
    expect(out.problems).toEqual([]);
    expect(out).toMatchObject({ ok: true, rows: 2, inserted: 2, updated: 0 });
    const fx1 = await t.ctx.db.selectFrom('risks').selectAll().where('code', '=', 'FX-1').executeTakeFirstOrThrow();
    expect(fx1).toMatchObject({ org_id: d.schoolA.id, level: matrix.get('3:4'), status: 'treating', review_date: '2023-06-30', import_batch: out.batchId });
    expect(JSON.parse(fx1.measures_json)).toEqual([{ text: '开展课堂巡查' }, { text: '组织专题培训' }]);
    const uncoded = await t.ctx.db.selectFrom('risks').selectAll().where('org_id', '=', d.schoolB.id).executeTakeFirstOrThrow();
    expect(uncoded.code).toMatch(/^FX-/);
    expect(uncoded.status).toBe('identified');
    const ratings = await t.ctx.db.selectFrom('risk_ratings').selectAll().orderBy('id').execute();
    expect(ratings.map((r) => [r.risk_id, r.kind, r.level, r.source])).toEqual([
      [fx1.id, 'inherent', matrix.get('3:4'), 'import'],
      [uncoded.id, 'inherent', matrix.get('2:2'), 'import'],
    ]);

    // Twice: nothing duplicated (the uncoded row matches on unit + description), no new rating.
    const again = await runImport(t.ctx, risksKind, good, ALL);
    expect(again).toMatchObject({ ok: true, inserted: 0, updated: 2 });
    expect(await count('risks')).toBe(2);
    expect(await count('risk_ratings')).toBe(2);
    // A changed rating re-levels the risk and is kept in the history.
    const rerated = await runImport(
      t.ctx,
      risksKind,
      await workbook([RISK_HEADER, ['FX-1', d.schoolA.code, '课堂教学', '个别教师课堂言论不当', 5, 5, 'PO', '开展课堂巡查', '监测中', '2023-06-30']]),
      ALL,
    );
    expect(rerated).toMatchObject({ ok: true, updated: 1 });
    expect(await t.ctx.db.selectFrom('risks').selectAll().where('code', '=', 'FX-1').executeTakeFirstOrThrow()).toMatchObject({
      likelihood: 5,
      impact: 5,
      level: matrix.get('5:5'),
      status: 'monitoring',
    });
    expect(await count('risk_ratings')).toBe(3);

    const before = { risks: await count('risks'), ratings: await count('risk_ratings') };
    const bad = await workbook([
      RISK_HEADER,
      ['FX-2', d.schoolA.code, '天气', '描述', 1, 1, '', '', '', ''], // 2: unknown category
      ['FX-3', d.schoolA.code, '社团', '描述', 1, 1, 'NOBODY', '', '', ''], // 3: unknown owner
      ['FX-4', 'NOPE', '社团', '描述', 1, 1, '', '', '', ''], // 4: unknown unit
      ['FX-1', d.schoolA.code, '课堂教学', '个别教师课堂言论不当', 5, 5, 'PO', '', '已识别', ''], // 5: monitoring → identified not allowed
      ['FX-5', d.schoolA.code, '社团', '描述', 1, 1, '', '', '', ''], // 6 fine
      ['FX-5', d.schoolA.code, '社团', '描述', 1, 1, '', '', '', ''], // 7: duplicate code
      ['FX-6', d.schoolB.code, '社团', '描述', 1, 1, '', '', '', ''], // 8: outside reach
      ['FX-7', d.schoolA.code, '社团', '描述', 1, 1, 'PB', '', '', ''], // 9: owner outside reach
      [uncoded.code, d.schoolA.code, '社团', '描述', 1, 1, '', '', '', ''], // 10: code of school B's risk
    ]);
    const refused = await runImport(t.ctx, risksKind, bad, { ...ALL, scope: { all: false, roots: [d.schoolA.id] } });
    expect(refused.ok).toBe(false);
    expect(refused.problems.map((p) => `${p.row}:${p.column}`)).toEqual([
      '2:类别',
      '3:责任人编码',
      '4:单位编码',
      '5:状态',
      '7:风险编号',
      '8:单位编码',
      '9:责任人编码',
      '10:风险编号',
    ]);
    expect(await count('risks')).toBe(before.risks);
    expect(await count('risk_ratings')).toBe(before.ratings);
    const cells = await runImport(t.ctx, risksKind, await workbook([RISK_HEADER, ['FX-8', d.schoolA.code, '社团', '描述', 6, 0, '', '', '', '']]), ALL);
    expect(cells.problems.map((p) => `${p.row}:${p.column}`).sort()).toEqual(['2:可能性(1-5)', '2:影响(1-5)']);

    const exported = await risksKind.exportRows(t.ctx.db, { scope: { all: true, roots: [] } });
    expect(exported).toHaveLength(2);
    expect(await risksKind.exportRows(t.ctx.db, { scope: { all: false, roots: [d.schoolB.id] } })).toHaveLength(1);
    const buf = await exportWorkbook(risksKind, exported);
    await t.ctx.db.deleteFrom('risk_ratings').execute();
    await t.ctx.db.deleteFrom('risks').execute();
    expect(await runImport(t.ctx, risksKind, buf, ALL)).toMatchObject({ ok: true, inserted: 2 });
    expect(await risksKind.exportRows(t.ctx.db, { scope: { all: true, roots: [] } })).toEqual(exported);
  });
});

describe('disclosures import', () => {
  it('imports, does not duplicate on unit + title + date, refuses bad rows, round-trips', async () => {
    const d = await setup();
    const good = await workbook([
      DISCLOSURE_HEADER,
      [d.schoolA.code, '重大决策', '关于2022年度工作计划的公示', '2022/3/18', '校园公示栏'],
      [d.schoolA.code, '财务预决算', '2022年度预算公开', '2022年4月1日', '学校网站'],
      [d.branchB.code, '人事任免', '支部委员调整', '2022-05-06', '微信公众号'],
    ]);
    const out = await runImport(t.ctx, disclosuresKind, good, ALL);
    expect(out.problems).toEqual([]);
    expect(out).toMatchObject({ ok: true, inserted: 3, updated: 0 });
    const again = await runImport(t.ctx, disclosuresKind, good, ALL);
    expect(again).toMatchObject({ ok: true, inserted: 0, updated: 3 });
    expect(await count('disclosures')).toBe(3);
    expect(await t.ctx.db.selectFrom('disclosures').selectAll().where('title', '=', '2022年度预算公开').executeTakeFirstOrThrow()).toMatchObject({
      org_id: d.schoolA.id,
      category: '财务预决算',
      disclosed_on: '2022-04-01',
      channel: '学校网站',
      import_batch: again.batchId,
    });

    const bad = await workbook([
      DISCLOSURE_HEADER,
      ['NOPE', '重大决策', '标题', '2022-03-18', '校园公示栏'], // 2: unknown unit
      [d.schoolA.code, '重大决策', '新标题', '2022-03-18', '校园公示栏'], // 3 fine
      [d.schoolA.code, '其他', '新标题', '2022-03-18', '学校网站'], // 4: same unit, title and date as row 3
      [d.schoolB.code, '其他', '标题', '2022-03-18', '学校网站'], // 5: outside reach
    ]);
    const refused = await runImport(t.ctx, disclosuresKind, bad, { ...ALL, scope: { all: false, roots: [d.schoolA.id] } });
    expect(refused.problems.map((p) => `${p.row}:${p.column}`)).toEqual(['2:单位编码', '4:标题', '5:单位编码']);
    expect(await count('disclosures')).toBe(3);
    const cells = await runImport(t.ctx, disclosuresKind, await workbook([DISCLOSURE_HEADER, [d.schoolA.code, '通知', '标题', '昨天', '']]), ALL);
    expect(cells.problems.map((p) => `${p.row}:${p.column}`).sort()).toEqual(['2:公开日期', '2:公开渠道', '2:类别']);
    expect(await count('disclosures')).toBe(3);

    const exported = await disclosuresKind.exportRows(t.ctx.db, { scope: { all: true, roots: [] } });
    expect(exported).toHaveLength(3);
    expect(await disclosuresKind.exportRows(t.ctx.db, { scope: { all: false, roots: [d.schoolB.id] } })).toEqual([
      { orgCode: d.branchB.code, category: '人事任免', title: '支部委员调整', disclosedOn: '2022-05-06', channel: '微信公众号' },
    ]);
    const buf = await exportWorkbook(disclosuresKind, exported);
    await t.ctx.db.deleteFrom('disclosures').execute();
    expect(await runImport(t.ctx, disclosuresKind, buf, ALL)).toMatchObject({ ok: true, inserted: 3 });
    expect(await disclosuresKind.exportRows(t.ctx.db, { scope: { all: true, roots: [] } })).toEqual(exported);
  });
});
