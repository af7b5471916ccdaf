import { AlignmentType, BorderStyle, Document, Footer, ImageRun, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';

/**
 * Word documents in the party and government document format (GB/T 9704-2012): A4; margins top 37 mm,
 * left 28 mm, right 26 mm, bottom 35 mm; body 3号 (16 pt) 仿宋 with a 28-character, 22-line grid; title 2号
 * 小标宋 centred; 一、 headings 黑体, （一） headings 楷体, 1. headings bold 仿宋; first-line indent of two
 * characters; page numbers `— 1 —` at the foot; signing body and date right-aligned four characters in.
 */
export type Block =
  | { kind: 'title'; text: string }
  | { kind: 'h1' | 'h2' | 'h3'; text: string }
  | { kind: 'p'; text: string }
  | { kind: 'table'; header: string[]; rows: (string | number)[][] }
  | { kind: 'image'; png: Buffer; width: number; height: number }
  | { kind: 'signature'; body: string; date: string };

const MM = 56.6929; // twips per millimetre
const PT16 = 32; // half-points
const PT14 = 28;
const PT22 = 44;
const FANGSONG = { ascii: '仿宋_GB2312', eastAsia: '仿宋_GB2312', hAnsi: '仿宋_GB2312', hint: 'eastAsia' as const };
const HEITI = { ascii: '黑体', eastAsia: '黑体', hAnsi: '黑体' };
const KAITI = { ascii: '楷体_GB2312', eastAsia: '楷体_GB2312', hAnsi: '楷体_GB2312' };
const XIAOBIAOSONG = { ascii: '方正小标宋简体', eastAsia: '方正小标宋简体', hAnsi: '方正小标宋简体' };
// 225 mm / 22 lines ≈ 10.2 mm a line = 579 twips (exact line spacing keeps the grid).
const LINE = { line: 579, lineRule: 'exact' as const };
const INDENT_2CH = 640; // two 16 pt characters in twips

function run(text: string, font: typeof FANGSONG | typeof HEITI, size: number, bold = false) {
  return new TextRun({ text, font, size, bold });
}

function blockToChildren(b: Block): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'title':
      return [
        new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 579, line: 700, lineRule: 'exact' }, children: [run(b.text, XIAOBIAOSONG, PT22)] }),
      ];
    case 'h1':
      return [new Paragraph({ indent: { firstLine: INDENT_2CH }, spacing: LINE, children: [run(b.text, HEITI, PT16)] })];
    case 'h2':
      return [new Paragraph({ indent: { firstLine: INDENT_2CH }, spacing: LINE, children: [run(b.text, KAITI, PT16)] })];
    case 'h3':
      return [new Paragraph({ indent: { firstLine: INDENT_2CH }, spacing: LINE, children: [run(b.text, FANGSONG, PT16, true)] })];
    case 'p':
      return [new Paragraph({ indent: { firstLine: INDENT_2CH }, alignment: AlignmentType.JUSTIFIED, spacing: LINE, children: [run(b.text, FANGSONG, PT16)] })];
    case 'image':
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [new ImageRun({ type: 'png', data: b.png, transformation: { width: b.width, height: b.height } })],
        }),
      ];
    case 'signature':
      return [
        new Paragraph({ spacing: LINE, children: [] }),
        new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right: INDENT_2CH * 2 }, spacing: LINE, children: [run(b.body, FANGSONG, PT16)] }),
        new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right: INDENT_2CH * 2 }, spacing: LINE, children: [run(b.date, FANGSONG, PT16)] }),
      ];
    case 'table': {
      const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
      const borders = { top: border, bottom: border, left: border, right: border };
      const cell = (text: string, bold: boolean) =>
        new TableCell({ borders, children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [run(text, FANGSONG, PT14, bold)] })] });
      return [
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({ tableHeader: true, children: b.header.map((h) => cell(h, true)) }),
            ...b.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v) => cell(String(v), false)) })),
          ],
        }),
        new Paragraph({ children: [] }),
      ];
    }
  }
}

export async function officialDocx(blocks: Block[], meta: { title: string }): Promise<Buffer> {
  const doc = new Document({
    title: meta.title,
    creator: 'Taizhang',
    styles: { default: { document: { run: { font: FANGSONG, size: PT16 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: Math.round(210 * MM), height: Math.round(297 * MM) },
            margin: {
              top: Math.round(37 * MM),
              left: Math.round(28 * MM),
              right: Math.round(26 * MM),
              bottom: Math.round(35 * MM),
              footer: Math.round(20 * MM),
            },
          },
          grid: { linePitch: 579, charSpace: 0 },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: { ascii: '宋体', eastAsia: '宋体', hAnsi: '宋体' }, size: PT14 })],
              }),
            ],
          }),
        },
        children: blocks.flatMap(blockToChildren),
      },
    ],
  });
  return Packer.toBuffer(doc);
}
