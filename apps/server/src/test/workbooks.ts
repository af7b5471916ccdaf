import ExcelJS from 'exceljs';
import type { Client } from './harness.ts';

/** The people template's header row (import contract). */
export const PEOPLE_HEADER = ['人员编码', '姓名', '性别', '出生日期', '所在单位编码', '所在党组织编码', '政治面貌', '入党日期', '转正日期', '职务', '手机号'];

/** A one-sheet workbook of the given rows (the first is the header), as an upload would send it. */
export async function workbook(rows: unknown[][], sheet = '名册'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** POST /api/v1/imports/:kind with the workbook as the raw body (`dryRun`: validate only). */
export function uploadWorkbook(c: Client, kind: string, buf: Buffer, dryRun = false) {
  return c.request('POST', `/api/v1/imports/${kind}${dryRun ? '?dryRun=1' : ''}`, buf, {
    'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
}
