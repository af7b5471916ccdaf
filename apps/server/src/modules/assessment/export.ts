import { SCORECARD_STATUS_LABELS, type ScorecardView } from '@taizhang/shared/schemas/assessment';
import ExcelJS from 'exceljs';

/** Summary sheet (one row per school) and a detail sheet (one row per indicator with the evidence behind it). */
export async function assessmentXlsx(orgName: string, year: number, cards: readonly ScorecardView[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Taizhang';
  const sum = wb.addWorksheet('考核结果');
  sum.addRow([`${orgName} ${year}年度基层党建工作考核结果`]).font = { bold: true, size: 14 };
  const cats = cards[0]?.categories ?? [];
  sum.addRow(['序号', '单位', '状态', ...cats.map((c) => `${c.name}（${c.weight}）`), '总分', '等次']).font = { bold: true };
  cards.forEach((c, i) => {
    sum.addRow([i + 1, c.orgName, SCORECARD_STATUS_LABELS[c.status], ...c.categories.map((x) => x.score), c.total, c.grade ?? '']);
  });
  sum.columns.forEach((col, i) => {
    col.width = i === 1 ? 30 : 12;
  });
  const det = wb.addWorksheet('评分明细');
  det.addRow(['单位', '类别', '指标', '满分', '计分方式', '自动得分', '计分依据', '来源记录编号', '自评分', '佐证材料', '复核分', '调整理由', '得分']).font = {
    bold: true,
  };
  for (const c of cards) {
    const catName = new Map(c.categories.map((x) => [x.code, x.name]));
    for (const s of c.scores) {
      det.addRow([
        c.orgName,
        catName.get(s.categoryCode) ?? s.categoryCode,
        s.name,
        s.maxPoints,
        s.auto ? '自动' : '自评',
        s.autoPoints ?? '',
        s.autoDetail?.rule ?? '',
        s.sourceIds.join(','),
        s.selfPoints ?? '',
        [s.evidence, ...s.links].filter(Boolean).join('\n'),
        s.reviewPoints ?? '',
        s.reviewReason ?? '',
        s.points,
      ]);
    }
  }
  det.columns.forEach((col, i) => {
    col.width = [24, 14, 30, 8, 8, 8, 30, 30, 8, 40, 8, 30, 8][i] ?? 12;
  });
  det.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
