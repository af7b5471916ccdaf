import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, WorkbookRefused, checkedWorkbook, inspectWorkbook } from './guard.ts';
import type { ImportKind } from './kind.ts';
import { readWorkbook } from './reader.ts';
import { exportWorkbook, problemsWorkbook, safeCell, templateWorkbook } from './writer.ts';

const KIND: ImportKind = {
  kind: 'demo-people',
  title: '人员',
  columns: [
    { header: '人员编码', key: 'code', type: 'text', required: true, help: '唯一编码' },
    { header: '姓名', key: 'name', type: 'text', required: true, help: '姓名', maxLength: 20 },
    { header: '政治面貌', key: 'status', type: 'enum', values: ['中共党员', '群众'], help: '' },
    { header: '入党日期', key: 'joined', type: 'date', help: '' },
    { header: '人数', key: 'count', type: 'int', min: 0, max: 100000, help: '' },
    { header: '职务', key: 'posts', type: 'list', help: '' },
  ],
  validate: async () => [],
  write: async () => ({ inserted: 0, updated: 0 }),
  exportRows: async () => [],
};

async function book(rows: unknown[][], setup?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  setup?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('reading messy workbooks', () => {
  it('finds the header under a merged title row, tolerates line breaks, blank rows, full-width digits, every date style and list separators', async () => {
    const buf = await book(
      [
        ['XX区教育系统人员名册（2022年）'],
        [],
        ['人员\n编码', ' 姓名 ', '政治面貌', '入党日期', '人数', '职务', '备注'],
        ['Ｐ００１ ', '刘莹  ', '中共党员', '2022/3/18', '１,２００', '党支部书记、校长', 'x'],
        [],
        ['P002', '王强', '群众', '2022.3.18', 12, '教师，班主任', ''],
        ['P003', '李娜', '中共党员', '2022年3月18日', '7', '宣传委员;组织委员', ''],
        ['P004', '赵敏', '中共党员', 44638, 0, '教师 班主任', ''],
        ['P005', '钱进', '群众', new Date(Date.UTC(2022, 2, 18)), null, '纪检委员；教师', ''],
      ],
      (ws) => ws.mergeCells('A1:G1'),
    );
    const r = await readWorkbook(buf, KIND);
    expect(r.problems).toEqual([]);
    expect(r.rows.map((x) => x.rowNumber)).toEqual([4, 6, 7, 8, 9]);
    expect(r.rows[0].values).toEqual({ code: 'P001', name: '刘莹', status: '中共党员', joined: '2022-03-18', count: 1200, posts: ['党支部书记', '校长'] });
    expect(r.rows.every((x) => x.values.joined === '2022-03-18')).toBe(true);
    expect(r.rows.map((x) => x.values.posts)).toEqual([
      ['党支部书记', '校长'],
      ['教师', '班主任'],
      ['宣传委员', '组织委员'],
      ['教师', '班主任'],
      ['纪检委员', '教师'],
    ]);
  });

  it('reports every bad cell as row, column, value, reason', async () => {
    const buf = await book([
      ['人员编码', '姓名', '政治面貌', '入党日期', '人数'],
      ['P1', '', '党员', '2022-02-30', 'abc'],
      ['P2', '张三', '群众', '2022-01-01', 5],
      ['', '李四', '群众', '明天', -1],
    ]);
    const r = await readWorkbook(buf, KIND);
    expect(r.problems.map((p) => `${p.row}|${p.column}|${p.value}`)).toEqual([
      '2|姓名|',
      '2|政治面貌|党员',
      '2|入党日期|2022-02-30',
      '2|人数|abc',
      '4|人员编码|',
      '4|入党日期|明天',
      '4|人数|-1',
    ]);
    expect(r.problems.every((p) => p.reason.length > 3)).toBe(true);
  });

  it('takes a formula cell’s cached result and never evaluates it', async () => {
    const buf = await book([
      ['人员编码', '姓名'],
      ['P1', { formula: 'CONCAT("张","三")', result: '张三' }],
    ]);
    const r = await readWorkbook(buf, KIND);
    expect(r.rows[0].values.name).toBe('张三');
  });

  it('reads a sheet whose drop-down covers whole columns without expanding it cell by cell', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名册');
    ws.addRow(['人员编码', '姓名', '政治面貌']);
    ws.addRow(['P1', '张三', '群众']);
    // exceljs has worksheet.dataValidations but does not declare it (writer.ts casts the same way).
    (ws as unknown as { dataValidations: { add(a: string, v: ExcelJS.DataValidation): void } }).dataValidations.add('C2:C10', {
      type: 'list',
      allowBlank: true,
      formulae: ['"中共党员,群众"'],
    });
    ws.addConditionalFormatting({ ref: 'A2:A10', rules: [{ type: 'expression', priority: 1, formulae: ['LEN(A2)>3'], style: {} }] });
    const zip = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()));
    const sheet = (await zip.file('xl/worksheets/sheet1.xml')?.async('string')) ?? '';
    expect(sheet).toContain('sqref="C2:C10"');
    // Every cell of every column from C on: 17 billion cells, which exceljs would list one by one.
    zip.file('xl/worksheets/sheet1.xml', sheet.replace('sqref="C2:C10"', 'sqref="C2:XFD1048576"').replace('sqref="A2:A10"', 'sqref="A2:XFD1048576"'));
    const r = await readWorkbook(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }), KIND);
    expect(r.problems).toEqual([]);
    expect(r.rows.map((x) => x.values)).toEqual([{ code: 'P1', name: '张三', status: '群众', joined: null, count: null, posts: null }]);
  });

  it('names a missing required column', async () => {
    const r = await readWorkbook(
      await book([
        ['人员编码', '政治面貌'],
        ['P1', '群众'],
      ]),
      KIND,
    );
    expect(r.problems).toEqual([expect.objectContaining({ column: '姓名', reason: expect.stringContaining('缺少') })]);
  });
});

describe('the checked workbook the parser reads', () => {
  it('holds the same parts, inflated XML and untouched images, and parses to the same workbook as the upload', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名册');
    ws.addRow(['标题']);
    ws.mergeCells('A1:C1');
    ws.addRow(['人员编码', '姓名', '入党日期']);
    ws.addRow(['P1', { richText: [{ text: '刘' }, { text: '莹', font: { bold: true } }] }, new Date(Date.UTC(2022, 2, 18))]);
    ws.addRow(['P2', { text: '王强', hyperlink: 'https://example.org' }, { formula: 'DATE(2020,1,2)', result: new Date(Date.UTC(2020, 0, 2)) }]);
    ws.getCell('C3').numFmt = 'yyyy-mm-dd';
    const hidden = wb.addWorksheet('隐藏');
    hidden.state = 'hidden';
    hidden.addRow(['x', 1, true]);
    // A 1×1 PNG: a part that is not XML, kept compressed as it came.
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
      'hex',
    );
    ws.addImage(wb.addImage({ buffer: png as unknown as ExcelJS.Buffer, extension: 'png' }), 'E1:F2');
    const upload = Buffer.from(await wb.xlsx.writeBuffer());
    const checked = checkedWorkbook(upload);

    const [a, b] = await Promise.all([JSZip.loadAsync(upload), JSZip.loadAsync(checked)]);
    expect(Object.keys(b.files)).toEqual(Object.keys(a.files));
    for (const name of Object.keys(a.files)) {
      expect(Buffer.compare(await b.files[name].async('nodebuffer'), await a.files[name].async('nodebuffer')), name).toBe(0);
    }
    const media = Object.keys(a.files).find((n) => n.startsWith('xl/media/')) ?? '';
    expect(media).not.toBe('');

    const load = async (buf: Buffer) => {
      const w = new ExcelJS.Workbook();
      await w.xlsx.load(buf as unknown as ExcelJS.Buffer);
      return w.worksheets.map((x) => ({ name: x.name, state: x.state, values: x.getSheetValues(), merges: x.model.merges, images: x.getImages().length }));
    };
    const fromChecked = await load(checked);
    expect(fromChecked).toEqual(await load(upload));
    expect(fromChecked[0].images).toBe(1);
    expect((await readWorkbook(upload, { columns: KIND.columns.slice(0, 2) })).rows.map((r) => r.values)).toEqual([
      { code: 'P1', name: '刘莹' },
      { code: 'P2', name: '王强' },
    ]);
  });
});

describe('refusing dangerous or wrong files', () => {
  const refused = async (buf: Buffer, limits = DEFAULT_LIMITS) => {
    try {
      await readWorkbook(buf, KIND, limits);
    } catch (err) {
      if (err instanceof WorkbookRefused) return err.reason;
      throw err;
    }
    return null;
  };

  it('refuses non-xlsx bytes, old .xls, a renamed CSV and a zip that is not a workbook', async () => {
    expect(await refused(Buffer.from('人员编码,姓名\nP1,张三\n'))).toMatch(/不是 xlsx/);
    expect(await refused(Buffer.from('d0cf11e0a1b11ae1000000', 'hex'))).toMatch(/xls/);
    const zip = new JSZip();
    zip.file('hello.txt', 'hi');
    expect(await refused(await zip.generateAsync({ type: 'nodebuffer' }))).toMatch(/不是 Excel/);
  });

  it('refuses files over the size cap and workbooks over the row cap', async () => {
    const buf = await book([['人员编码', '姓名'], ...Array.from({ length: 30 }, (_, i) => [`P${i}`, '张三'])]);
    expect(await refused(buf, { ...DEFAULT_LIMITS, maxBytes: 1000 })).toMatch(/超过/);
    expect(await refused(buf, { ...DEFAULT_LIMITS, maxRows: 20 })).toMatch(/超过 20 行/);
  });

  it('refuses a zip bomb before expanding it', async () => {
    const wb = await book([
      ['人员编码', '姓名'],
      ['P1', '张三'],
    ]);
    const zip = await JSZip.loadAsync(wb);
    zip.file('xl/media/bomb.bin', Buffer.alloc(50 * 1024 * 1024), { compression: 'DEFLATE', compressionOptions: { level: 9 } });
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(await refused(bomb)).toMatch(/压缩/);
    expect(await refused(bomb, { ...DEFAULT_LIMITS, maxUncompressedBytes: 10 * 1024 * 1024 })).toMatch(/压缩/);
  });

  it('refuses an entry whose declared size lies about what it inflates to', () => {
    const payload = deflateRawSync(Buffer.alloc(5 * 1024 * 1024));
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(payload.length, 18);
    local.writeUInt32LE(100, 22);
    local.writeUInt16LE(name.length, 26);
    const ctName = Buffer.from('[Content_Types].xml');
    const cd = (n: Buffer, offset: number, comp: number, uncomp: number, method: number) => {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(method, 10);
      h.writeUInt32LE(comp, 20);
      h.writeUInt32LE(uncomp, 24);
      h.writeUInt16LE(n.length, 28);
      h.writeUInt32LE(offset, 42);
      return Buffer.concat([h, n]);
    };
    const ctLocal = Buffer.alloc(30);
    ctLocal.writeUInt32LE(0x04034b50, 0);
    ctLocal.writeUInt16LE(ctName.length, 26);
    const body = Buffer.concat([local, name, payload, ctLocal, ctName]);
    const dir = Buffer.concat([cd(name, 0, payload.length, 100, 8), cd(ctName, local.length + name.length + payload.length, 0, 0, 0)]);
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(2, 8);
    eocd.writeUInt16LE(2, 10);
    eocd.writeUInt32LE(dir.length, 12);
    eocd.writeUInt32LE(body.length, 16);
    expect(() => inspectWorkbook(Buffer.concat([body, dir, eocd]))).toThrow(/压缩/);
  });

  it('refuses zip-slip entry names and XML entity declarations', async () => {
    const wb = await book([
      ['人员编码', '姓名'],
      ['P1', '张三'],
    ]);
    const slip = await JSZip.loadAsync(wb);
    slip.file('../../etc/evil.xml', '<x/>');
    expect(await refused(await slip.generateAsync({ type: 'nodebuffer' }))).toMatch(/非法路径/);
    const xxe = await JSZip.loadAsync(wb);
    const sheet = (await xxe.file('xl/worksheets/sheet1.xml')?.async('string')) ?? '';
    xxe.file('xl/worksheets/sheet1.xml', sheet.replace('?>', '?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'));
    expect(await refused(await xxe.generateAsync({ type: 'nodebuffer' }))).toMatch(/实体/);
  });
});

describe('writing workbooks', () => {
  it('escapes formula-like text on export and round-trips through the reader', async () => {
    expect(safeCell('=1+1')).toBe("'=1+1");
    expect(safeCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(safeCell('-2')).toBe("'-2");
    expect(safeCell('正常')).toBe('正常');
    const rows = [
      { code: 'P1', name: '刘莹', status: '中共党员', joined: '2022-03-18', count: 3, posts: ['党支部书记', '校长'] },
      { code: 'P2', name: '=HYPERLINK("x")', status: '群众', joined: null, count: null, posts: [] },
    ];
    const buf = await exportWorkbook(KIND, rows);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
    const cell = wb.worksheets[0].getCell('B3');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe('\'=HYPERLINK("x")');
    const back = await readWorkbook(buf, KIND);
    expect(back.problems).toEqual([]);
    expect(back.rows[0].values).toEqual(rows[0]);
  });

  it('makes a template with the exact headers, drop-downs and an explanation sheet, and a problems workbook', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await templateWorkbook(KIND)) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['人员', '填写说明']);
    expect((wb.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(KIND.columns.map((c) => c.header));
    expect(wb.worksheets[1].rowCount).toBeGreaterThan(KIND.columns.length);
    const pw = new ExcelJS.Workbook();
    await pw.xlsx.load((await problemsWorkbook([{ row: 3, column: '姓名', value: '=x', reason: '必填' }])) as unknown as ExcelJS.Buffer);
    expect((pw.worksheets[0].getRow(2).values as unknown[]).slice(1)).toEqual([3, '姓名', "'=x", '必填']);
  });
});
