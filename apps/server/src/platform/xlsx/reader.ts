import ExcelJS from 'exceljs';
import { DEFAULT_LIMITS, WorkbookRefused, type WorkbookLimits, checkedWorkbook } from './guard.ts';
import type { ColumnDef, ImportKind, ParsedRow, RowProblem, RowValues } from './kind.ts';
import { cleanText, headerKey, isBlankText, parseDate, parseInteger, parsePhone, splitList } from './normalize.ts';

/** A cell's plain value: rich text joined, formulas by their cached result, hyperlinks by their text. */
export function plainValue(v: ExcelJS.CellValue): string | number | Date | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('formula' in v || 'sharedFormula' in v) {
      const r = (v as ExcelJS.CellFormulaValue).result;
      return r === undefined || (typeof r === 'object' && r !== null && !(r instanceof Date)) ? null : (r as string | number | Date | boolean);
    }
    if ('text' in v) return plainValue((v as ExcelJS.CellHyperlinkValue).text);
    if ('error' in v) return null;
  }
  return String(v);
}

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && isBlankText(v));
}

/** Finds the header row in the first rows: the one matching the most of the kind's headers. */
function findHeader(ws: ExcelJS.Worksheet, columns: ColumnDef[]): { row: number; map: Map<string, number> } | null {
  const wanted = new Map(columns.map((c) => [headerKey(c.header), c.key]));
  // Also match a header followed by a note in brackets, e.g. 入党日期(YYYY-MM-DD).
  const loose = (h: string) => h.replace(/[（(][^）)]*[）)]$/, '');
  let best: { row: number; map: Map<string, number> } | null = null;
  const last = Math.min(ws.rowCount, 12);
  for (let r = 1; r <= last; r++) {
    const map = new Map<string, number>();
    ws.getRow(r).eachCell({ includeEmpty: false }, (cell, col) => {
      const text = plainValue(cell.value);
      if (typeof text !== 'string') return;
      const k = headerKey(text);
      const key = wanted.get(k) ?? wanted.get(loose(k));
      if (key && !map.has(key)) map.set(key, col);
    });
    if (map.size > 0 && (!best || map.size > best.map.size)) best = { row: r, map };
  }
  return best;
}

const NULL_VALUE: { value: RowValues[string] } = { value: null };
const REQUIRED: { value: RowValues[string]; reason: string } = { value: null, reason: '必填项为空 / required' };

function convert(col: ColumnDef, raw: unknown, blank: boolean): { value: RowValues[string]; reason?: string } {
  if (blank) return col.required ? REQUIRED : NULL_VALUE;
  switch (col.type) {
    case 'date': {
      const r = parseDate(raw);
      return r.ok ? { value: r.value } : { value: null, reason: r.reason };
    }
    case 'int': {
      const r = parseInteger(raw, col.min, col.max);
      return r.ok ? { value: r.value } : { value: null, reason: r.reason };
    }
    case 'phone': {
      const r = parsePhone(raw);
      return r.ok ? { value: r.value } : { value: null, reason: r.reason };
    }
    case 'list': {
      const items = splitList(String(raw instanceof Date ? raw.toISOString().slice(0, 10) : raw));
      if (col.values) {
        const bad = items.filter((i) => !col.values?.includes(i));
        if (bad.length) return { value: items, reason: `${bad.join('、')} 不是可选值（可选：${col.values.join('、')}）/ not an allowed value` };
      }
      return { value: items };
    }
    case 'enum': {
      const v = cleanText(String(raw));
      if (!col.values?.includes(v)) return { value: v, reason: `不是可选值，可选：${col.values?.join('、')} / allowed: ${col.values?.join(', ')}` };
      return { value: v };
    }
    default: {
      const v = cleanText(raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw));
      if (col.maxLength && [...v].length > col.maxLength) return { value: v, reason: `超过 ${col.maxLength} 个字 / longer than ${col.maxLength} characters` };
      return { value: v };
    }
  }
}

/**
 * Sheet parts an import never reads. exceljs expands a data validation's range into one entry per cell, so a
 * drop-down over whole columns (a few bytes in the file) would take it tens of seconds and hundreds of MB.
 */
const LOAD_OPTIONS: ExcelJS.XlsxReadOptions = { ignoreNodes: ['dataValidations', 'conditionalFormatting', 'extLst'] };

export interface ReadResult {
  rows: ParsedRow[];
  problems: RowProblem[];
}

/** Reads and normalises a kind's workbook; every cell problem is collected, none stops the read. */
export async function readWorkbook(buf: Buffer, kind: Pick<ImportKind, 'columns'>, limits: WorkbookLimits = DEFAULT_LIMITS): Promise<ReadResult> {
  // The parser reads the parts the guard checked (already inflated), not the upload itself.
  const checked = checkedWorkbook(buf, limits);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(checked as unknown as ExcelJS.Buffer, LOAD_OPTIONS);
  } catch (err) {
    throw new WorkbookRefused(`无法读取工作簿：${(err as Error).message.slice(0, 100)} / the workbook cannot be read`);
  }
  const sheets = wb.worksheets.filter((w) => w.state !== 'hidden' && w.state !== 'veryHidden');
  let found: { ws: ExcelJS.Worksheet; row: number; map: Map<string, number> } | null = null;
  for (const ws of sheets) {
    const h = findHeader(ws, kind.columns);
    if (h && (!found || h.map.size > found.map.size)) found = { ws, ...h };
  }
  if (!found) throw new WorkbookRefused(`找不到表头，应包含：${kind.columns.map((c) => c.header).join('、')} / no header row found`);
  const missing = kind.columns.filter((c) => c.required && !found?.map.has(c.key));
  if (missing.length) {
    return {
      rows: [],
      problems: missing.map((c) => ({ row: found?.row ?? 1, column: c.header, value: '', reason: '缺少必需的列 / required column missing' })),
    };
  }
  const { ws, row: headerRow, map } = found;
  if (ws.rowCount - headerRow > limits.maxRows) throw new WorkbookRefused(`超过 ${limits.maxRows} 行 / more than ${limits.maxRows} rows`);
  const rows: ParsedRow[] = [];
  const problems: RowProblem[] = [];
  // Each of the kind's columns by its position in the sheet (undefined: not in the file, always blank).
  const columns = kind.columns;
  const at = columns.map((c) => map.get(c.key));
  const raw: (ReturnType<typeof plainValue> | undefined)[] = new Array(columns.length);
  const blank: boolean[] = new Array(columns.length);
  const last = ws.rowCount;
  for (let r = headerRow + 1; r <= last; r++) {
    // findRow/findCell, not getRow/getCell: a missing row or cell is blank and is not created just to be read.
    const row = ws.findRow(r);
    if (!row) continue;
    let any = false;
    for (let i = 0; i < columns.length; i++) {
      const col = at[i];
      const v = col === undefined ? undefined : plainValue(row.findCell(col)?.value ?? null);
      raw[i] = v;
      blank[i] = isBlank(v);
      if (!blank[i]) any = true;
    }
    if (!any) continue;
    const values: RowValues = {};
    for (let i = 0; i < columns.length; i++) {
      const col = columns[i];
      const v = raw[i];
      const { value, reason } = convert(col, v, blank[i]);
      values[col.key] = value;
      if (reason) problems.push({ row: r, column: col.header, value: v instanceof Date ? v.toISOString().slice(0, 10) : v == null ? '' : String(v), reason });
    }
    rows.push({ rowNumber: r, values });
  }
  if (rows.length > limits.maxRows) throw new WorkbookRefused(`超过 ${limits.maxRows} 行 / more than ${limits.maxRows} rows`);
  return { rows, problems };
}
