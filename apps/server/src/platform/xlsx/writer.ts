import ExcelJS from 'exceljs';
import type { ImportKind, RowProblem, RowValues } from './kind.ts';

const TYPE_LABEL: Record<string, string> = {
  text: '文本',
  int: '整数',
  date: '日期（如 2022-03-18）',
  enum: '从下拉列表选择',
  list: '可填多个，用顿号分隔',
  phone: '11 位手机号',
};

/** A cell that starts like a formula is stored as text with a leading apostrophe, so it never runs. */
export function safeCell(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  const s = Array.isArray(v) ? v.join('、') : String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

function headerRow(ws: ExcelJS.Worksheet, kind: Pick<ImportKind, 'columns'>) {
  ws.columns = kind.columns.map((c) => ({ header: c.header, key: c.key, width: Math.max(12, [...c.header].length * 2 + 4) }));
  const row = ws.getRow(1);
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center' };
  kind.columns.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c.required ? 'FFFDE2E2' : 'FFF2F2F2' } };
    if (c.required) cell.note = '必填 / required';
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

/** The blank template: the exact headers, drop-downs for enumerated columns, and an explanation sheet. */
export async function templateWorkbook(kind: ImportKind): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(kind.title);
  headerRow(ws, kind);
  kind.columns.forEach((c, i) => {
    const letter = ws.getColumn(i + 1).letter;
    if (c.type === 'enum' && c.values && c.values.join(',').length < 250) {
      (ws as unknown as { dataValidations: { add(a: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(`${letter}2:${letter}5000`, {
        type: 'list',
        allowBlank: !c.required,
        formulae: [`"${c.values.join(',')}"`],
        showErrorMessage: true,
        errorTitle: '无效的值',
        error: `可选：${c.values.join('、')}`,
      });
    }
    if (c.type === 'date' || c.type === 'phone' || c.type === 'text') ws.getColumn(i + 1).numFmt = '@';
  });
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列名', key: 'header', width: 16 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '类型', key: 'type', width: 24 },
    { header: '可选值', key: 'values', width: 40 },
    { header: '说明', key: 'help', width: 60 },
    { header: '示例', key: 'example', width: 24 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of kind.columns) {
    help.addRow({
      header: c.header,
      required: c.required ? '必填' : '选填',
      type: TYPE_LABEL[c.type],
      values: c.values?.join('、') ?? '',
      help: c.help,
      example: safeCell(c.example ?? ''),
    });
  }
  help.addRow({});
  help.addRow({
    header: '说明',
    help: '表头须与模板一致；可有标题行、空行；日期可写 2022-03-18、2022/3/18、2022.3.18 或 2022年3月18日；导入要么全部成功，要么一行都不写入。',
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function exportWorkbook(kind: Pick<ImportKind, 'columns' | 'title'>, rows: RowValues[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(kind.title);
  headerRow(ws, kind);
  for (const r of rows) {
    const out: Record<string, string | number | null> = {};
    for (const c of kind.columns) out[c.key] = safeCell(r[c.key]);
    ws.addRow(out);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The downloadable list of problems: 行号, 列, 值, 原因. */
export async function problemsWorkbook(problems: RowProblem[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('错误明细');
  ws.columns = [
    { header: '行号', key: 'row', width: 8 },
    { header: '列', key: 'column', width: 16 },
    { header: '值', key: 'value', width: 30 },
    { header: '原因', key: 'reason', width: 60 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const p of problems) ws.addRow({ row: p.row, column: p.column, value: safeCell(p.value), reason: p.reason });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
