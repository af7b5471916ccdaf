import { BINDS_LABELS, type Binds, DUTY_STATUS_LABELS, type DutyView, LIST_KINDS, LIST_KIND_LABELS } from '@taizhang/shared/schemas/duties';
import ExcelJS from 'exceljs';
import { type Block, officialDocx } from '../../platform/docx/official.ts';

/** The three lists of one org for a year, with owners and results, as xlsx (one sheet per list) or docx. */

const HEADER = ['序号', '事项', '责任角色', '责任人', '目标', '实际', '状态'];

function rowsOf(duties: DutyView[], kind: (typeof LIST_KINDS)[number]) {
  return duties
    .filter((d) => d.listKind === kind)
    .map((d, i) => [
      i + 1,
      d.text,
      BINDS_LABELS[d.binds as Binds] ?? d.binds,
      d.personName ?? '（缺位）',
      d.target,
      d.actualValue === null ? '' : d.sources.kind === 'tasks_on_time' ? `${Math.round(d.actualValue * 100)}%` : String(d.actualValue),
      DUTY_STATUS_LABELS[d.status],
    ]);
}

export async function listsXlsx(orgName: string, year: number, duties: DutyView[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Taizhang';
  for (const kind of LIST_KINDS) {
    const ws = wb.addWorksheet(LIST_KIND_LABELS[kind]);
    ws.addRow([`${orgName} ${year}年度${LIST_KIND_LABELS[kind]}`]);
    ws.mergeCells(1, 1, 1, HEADER.length);
    ws.getRow(1).font = { bold: true, size: 14 };
    ws.addRow(HEADER).font = { bold: true };
    for (const r of rowsOf(duties, kind)) ws.addRow(r);
    ws.columns.forEach((c, i) => {
      c.width = [6, 50, 12, 10, 18, 8, 12][i] ?? 12;
    });
    ws.views = [{ state: 'frozen', ySplit: 2 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function listsDocx(orgName: string, year: number, duties: DutyView[]): Promise<Buffer> {
  const blocks: Block[] = [{ kind: 'title', text: `${orgName}${year}年度意识形态工作“三张清单”` }];
  const cn = ['一', '二', '三'];
  LIST_KINDS.forEach((kind, i) => {
    blocks.push({ kind: 'h1', text: `${cn[i]}、${LIST_KIND_LABELS[kind]}` });
    const rows = rowsOf(duties, kind);
    if (rows.length) blocks.push({ kind: 'table', header: HEADER, rows });
    else blocks.push({ kind: 'p', text: '无。' });
  });
  return officialDocx(blocks, { title: `${orgName}${year}年度意识形态工作“三张清单”` });
}
