import { AlignmentType, BorderStyle, Document, Footer, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { Executor } from '../../db/database.ts';
import { htmlToParagraphs } from './sanitize.ts';
import { parseObject } from './service.ts';

/**
 * A branch's yearly record book (三会一课记录簿) as Word, in the GB/T 9704 layout as far as practical: A4; margins
 * top 37 mm, left 28 mm, right 26 mm, bottom 35 mm; body 3号 (16 pt) 仿宋_GB2312 (仿宋 fallback) on a 22-line grid;
 * title 2号 (22 pt) 方正小标宋简体 centred; record headings 黑体; tables 4号 仿宋 with a repeated header row;
 * page numbers `— 1 —` at the foot. One section per record, in date order, with attendance and minutes.
 */
const MM = 56.6929;
const PT16 = 32;
const PT14 = 28;
const PT22 = 44;
const FANGSONG = { ascii: '仿宋_GB2312', eastAsia: '仿宋_GB2312', hAnsi: '仿宋_GB2312', hint: 'eastAsia' as const };
const HEITI = { ascii: '黑体', eastAsia: '黑体', hAnsi: '黑体' };
const TITLE_FONT = { ascii: '方正小标宋简体', eastAsia: '方正小标宋简体', hAnsi: '方正小标宋简体' };
const LINE = { line: 579, lineRule: 'exact' as const };
const INDENT_2CH = 640;
const STATUS_LABEL: Record<string, string> = { present: '出席', absent: '缺席', excused: '请假' };
const RECORD_STATUS: Record<string, string> = { draft: '草稿', submitted: '已提交', returned: '已退回', approved: '已审核' };
const SECTION_NUMERALS = '一二三四五六七八九十';

function cn(n: number): string {
  if (n <= 10) return SECTION_NUMERALS[n - 1];
  if (n < 20) return `十${n % 10 === 0 ? '' : SECTION_NUMERALS[(n % 10) - 1]}`;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  if (n < 100) return `${SECTION_NUMERALS[tens - 1]}十${ones === 0 ? '' : SECTION_NUMERALS[ones - 1]}`;
  return String(n);
}
function cnDate(d: string): string {
  return `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
}
function para(text: string, opts: { bold?: boolean; indent?: boolean; font?: typeof FANGSONG | typeof HEITI } = {}) {
  return new Paragraph({
    indent: opts.indent === false ? undefined : { firstLine: INDENT_2CH },
    alignment: AlignmentType.JUSTIFIED,
    spacing: LINE,
    children: [new TextRun({ text, font: opts.font ?? FANGSONG, size: PT16, bold: opts.bold })],
  });
}
function table(header: string[], rows: string[][]): Table {
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const borders = { top: border, bottom: border, left: border, right: border };
  const cell = (text: string, bold: boolean) =>
    new TableCell({
      borders,
      children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, font: FANGSONG, size: PT14, bold })] })],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v) => cell(v, false)) })),
    ],
  });
}

export async function recordBookDocx(exec: Executor, orgId: number, year: number): Promise<{ buffer: Buffer; filename: string; count: number }> {
  const org = await exec.selectFrom('org_units').select(['id', 'name']).where('id', '=', orgId).executeTakeFirstOrThrow();
  const records = await exec
    .selectFrom('activities as a')
    .innerJoin('activity_types as t', 't.id', 'a.type_id')
    .leftJoin('people as h', 'h.id', 'a.host_person_id')
    .leftJoin('people as r', 'r.id', 'a.recorder_person_id')
    .select([
      'a.id',
      'a.code',
      'a.date',
      'a.start_time',
      'a.place',
      'a.speaker',
      'a.topic',
      'a.minutes_html',
      'a.guests',
      'a.extra_json',
      'a.status',
      'a.backfill',
      't.name as type_name',
      't.fields_json',
      'h.name as host_name',
      'r.name as recorder_name',
    ])
    .where('a.org_id', '=', orgId)
    .where('a.date', '>=', `${year}-01-01`)
    .where('a.date', '<=', `${year}-12-31`)
    .where('a.status', '!=', 'draft')
    .orderBy('a.date')
    .orderBy('a.start_time')
    .orderBy('a.id')
    .execute();
  const ids = records.map((r) => r.id);
  const attendance = new Map<number, { name: string; status: string; reason: string | null }[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await exec
      .selectFrom('activity_attendance as aa')
      .innerJoin('people as p', 'p.id', 'aa.person_id')
      .select(['aa.activity_id', 'p.name', 'p.code', 'aa.status', 'aa.reason'])
      .where('aa.activity_id', 'in', ids.slice(i, i + 500))
      .orderBy('p.code')
      .execute();
    for (const r of rows) {
      const list = attendance.get(r.activity_id) ?? [];
      list.push({ name: r.name, status: r.status, reason: r.reason });
      attendance.set(r.activity_id, list);
    }
  }

  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 579, line: 700, lineRule: 'exact' },
      children: [new TextRun({ text: `${org.name}${year}年度“三会一课”记录簿`, font: TITLE_FONT, size: PT22 })],
    }),
    para(`本记录簿收录${org.name}${year}年度已提交的组织生活记录共${records.length}条，按日期排列。`),
  ];
  records.forEach((rec, i) => {
    const att = attendance.get(rec.id) ?? [];
    const present = att.filter((a) => a.status === 'present');
    const absent = att.filter((a) => a.status !== 'present');
    const extra = parseObject(rec.extra_json);
    const fieldLabels = new Map((JSON.parse(rec.fields_json) as { key: string; label: string }[]).map((f) => [f.key, f.label]));
    children.push(
      new Paragraph({
        pageBreakBefore: i > 0,
        indent: { firstLine: INDENT_2CH },
        spacing: LINE,
        children: [new TextRun({ text: `${cn(i + 1)}、${rec.type_name}：${rec.topic}`, font: HEITI, size: PT16 })],
      }),
      para(`时间：${cnDate(rec.date)}${rec.start_time ? ` ${rec.start_time}` : ''}`),
      para(`地点：${rec.place ?? '—'}`),
      para(`主持人：${rec.host_name ?? '—'}　　记录人：${rec.recorder_name ?? '—'}${rec.speaker ? `　　主讲人：${rec.speaker}` : ''}`),
    );
    for (const [k, v] of Object.entries(extra)) {
      if (k === 'speaker' || k === 'title') continue;
      children.push(para(`${fieldLabels.get(k) ?? k}：${String(v)}`));
    }
    children.push(
      para(
        `应到${att.length}人，实到${present.length}人${absent.length ? `，缺席（请假）${absent.length}人：${absent.map((a) => `${a.name}（${STATUS_LABEL[a.status] ?? a.status}${a.reason ? `，${a.reason}` : ''}）`).join('、')}` : ''}。`,
      ),
    );
    if (rec.guests) children.push(para(`列席人员：${rec.guests}`));
    if (att.length)
      children.push(
        table(
          ['序号', '姓名', '出席情况', '说明'],
          att.map((a, j) => [String(j + 1), a.name, STATUS_LABEL[a.status] ?? a.status, a.reason ?? '']),
        ),
      );
    children.push(para('会议记录：', { bold: true }));
    const paragraphs = rec.minutes_html ? htmlToParagraphs(rec.minutes_html) : [];
    if (paragraphs.length === 0) children.push(para('（无）'));
    for (const p of paragraphs) children.push(para(p));
    children.push(para(`记录编号：${rec.code}　　状态：${RECORD_STATUS[rec.status] ?? rec.status}${rec.backfill ? '（补录）' : ''}`));
  });

  const doc = new Document({
    title: `${org.name}${year}年度记录簿`,
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
        children,
      },
    ],
  });
  const buffer = await Packer.toBuffer(doc);
  return { buffer, filename: `${org.name}-${year}-记录簿.docx`, count: records.length };
}
