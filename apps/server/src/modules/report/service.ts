import type { Executor } from '../../db/database.ts';
import { type Figure, computeFigures } from './figures.ts';
import { REPORT_TEMPLATE } from './template.ts';

export interface ReportParagraph {
  text: string;
  /** Figure keys this paragraph states (the preview links them to their records). */
  figures: string[];
}

export interface ReportSection {
  id: string;
  heading: string;
  level: 1 | 2;
  paragraphs: ReportParagraph[];
  editable: boolean;
}

export interface ReportJson {
  org: { code: string; name: string };
  year: number;
  figures: Record<string, Figure<unknown>>;
  sections: ReportSection[];
}

function isZero(v: unknown): boolean {
  return v === 0 || v === null || v === undefined || (Array.isArray(v) && v.length === 0);
}

function lecturesText(f: Figure<unknown>): string {
  const list = f.value as { date: string; speaker: string; title: string }[];
  return list
    .map((l) => {
      const [, m, d] = l.date.split('-').map(Number);
      const title = l.title.startsWith('《') ? l.title : `《${l.title}》`;
      return `${m}月${d}日，${l.speaker}同志作题为${title}的专题辅导报告。`;
    })
    .join('');
}

/** Fills the template with figures; sections 三 and 四 are suggested from gaps and plans (editable). */
export function renderSections(
  orgName: string,
  year: number,
  figures: Record<string, Figure<unknown>>,
  suggestions: { problems: string[]; next: string[] },
): ReportSection[] {
  const values: Record<string, string> = { org: orgName, year: String(year) };
  for (const [k, f] of Object.entries(figures)) values[k] = typeof f.value === 'number' ? f.value.toLocaleString('en-US').replace(/,/g, '') : '';
  if (figures.lectures) values.lectures_text = lecturesText(figures.lectures);
  return REPORT_TEMPLATE.map((s) => {
    const paragraphs: ReportParagraph[] = [];
    for (const p of s.paragraphs) {
      if (p.requires?.every((k) => isZero(figures[k]?.value))) continue;
      const used = [...p.text.matchAll(/\{(\w+)\}/g)].map((m) => (m[1] === 'lectures_text' ? 'lectures' : m[1])).filter((k) => k in figures);
      paragraphs.push({ text: p.text.replace(/\{(\w+)\}/g, (_m, k: string) => values[k] ?? ''), figures: [...new Set(used)] });
    }
    if (s.id === 'problems') for (const t of suggestions.problems) paragraphs.push({ text: t, figures: [] });
    if (s.id === 'next') for (const t of suggestions.next) paragraphs.push({ text: t, figures: [] });
    return { id: s.id, heading: s.heading, level: s.level, paragraphs, editable: s.id === 'problems' || s.id === 'next' };
  });
}

/** Section 三 from the gaps the records show; section 四 from them and next year's plans. */
export async function suggest(
  exec: Executor,
  orgId: number,
  year: number,
  figures: Record<string, Figure<unknown>>,
): Promise<{ problems: string[]; next: string[] }> {
  const problems: string[] = [];
  const next: string[] = [];
  const members = Number(figures.party_members?.value ?? 0);
  const studied = Number(figures.study_participants?.value ?? 0);
  if (members > 0 && studied < members) problems.push(`（一）学习覆盖不全。全年仍有${members - studied}名党员没有参加学习的记录，学习教育的覆盖面有待扩大。`);
  const { dutyRolesAt } = await import('../people/duty-roles.ts');
  const orgs = await exec
    .selectFrom('org_closure as c')
    .innerJoin('org_units as o', 'o.id', 'c.descendant_id')
    .select('o.id')
    .where('c.ancestor_id', '=', orgId)
    .where('o.kind', 'in', ['branch', 'general_branch'])
    .where('o.active', '=', 1)
    .execute();
  const roles = await dutyRolesAt(
    exec,
    orgs.map((o) => o.id),
    `${year}-12-31`,
  );
  const vacant = roles.filter((r) => r.vacancies.length > 0);
  if (vacant.length) {
    problems.push(
      `（${problems.length ? '二' : '一'}）责任落实存在缺位。${vacant
        .map((v) => v.orgName)
        .slice(0, 5)
        .join('、')}等${vacant.length}个党组织的第一责任人或直接责任人空缺，任务交办中存在目标不明确、责任人不清晰的情况，导致职责错位、缺位。`,
    );
    next.push('（一）压实责任链条。对责任人空缺的党组织限期补齐，把意识形态工作责任细化到每一名班子成员，做到任务明确、责任到人。');
  }
  if (problems.length === 0) problems.push('（一）意识形态工作的系统性、前瞻性还需加强，对新媒体阵地的管理和风险研判有待深化。');
  next.push(`（${next.length ? '二' : '一'}）加强学习教育。坚持把意识形态工作纳入各支部学习的重要内容，落实"三会一课"等组织生活制度。`);
  next.push(`（${next.length === 1 ? '二' : '三'}）守好阵地。严格落实"三审三校"，做好风险研判和舆情处置，确保全年无负面新闻。`);
  return { problems, next };
}

export async function buildReport(exec: Executor, orgId: number, year: number): Promise<ReportJson> {
  const org = await exec.selectFrom('org_units').select(['code', 'name']).where('id', '=', orgId).executeTakeFirstOrThrow();
  const figures = await computeFigures(exec, orgId, year);
  const suggestions = await suggest(exec, orgId, year, figures);
  return { org: { code: org.code, name: org.name }, year, figures, sections: renderSections(org.name, year, figures, suggestions) };
}
