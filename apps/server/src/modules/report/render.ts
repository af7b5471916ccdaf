import { type Block, officialDocx } from '../../platform/docx/official.ts';
import type { ReportJson } from './service.ts';

export function reportTitle(r: Pick<ReportJson, 'org' | 'year'>): string {
  return `${r.org.name}${r.year}年度防范化解意识形态领域重大风险工作情况报告`;
}

function figureValueText(v: unknown): string {
  if (Array.isArray(v))
    return (v as { date?: string; speaker?: string; title?: string }[]).map((x) => `${x.date ?? ''} ${x.speaker ?? ''} ${x.title ?? ''}`.trim()).join('；');
  return String(v ?? '');
}

export function reportBlocks(r: ReportJson, signDate: string): Block[] {
  const blocks: Block[] = [{ kind: 'title', text: reportTitle(r) }];
  for (const s of r.sections) {
    blocks.push({ kind: s.level === 1 ? 'h1' : 'h2', text: s.heading });
    for (const p of s.paragraphs) blocks.push({ kind: 'p', text: p.text });
  }
  const [y, m, d] = signDate.split('-').map(Number);
  blocks.push({ kind: 'signature', body: r.org.name, date: `${y}年${m}月${d}日` });
  blocks.push({ kind: 'h1', text: '附件：主要数据统计表' });
  blocks.push({
    kind: 'table',
    header: ['数据项', '数值', '口径'],
    rows: Object.values(r.figures).map((f) => [f.label, figureValueText(f.value), f.definition]),
  });
  return blocks;
}

export function reportDocx(r: ReportJson, signDate: string): Promise<Buffer> {
  return officialDocx(reportBlocks(r, signDate), { title: reportTitle(r) });
}

export function reportMarkdown(r: ReportJson): string {
  const lines = [`# ${reportTitle(r)}`, ''];
  for (const s of r.sections) {
    lines.push(`${s.level === 1 ? '##' : '###'} ${s.heading}`, '');
    for (const p of s.paragraphs) lines.push(p.text, '');
  }
  lines.push('## 附件：主要数据统计表', '', '| 数据项 | 数值 |', '| --- | --- |');
  for (const f of Object.values(r.figures)) lines.push(`| ${f.label} | ${figureValueText(f.value)} |`);
  return `${lines.join('\n')}\n`;
}
