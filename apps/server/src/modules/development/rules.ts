import { memberStateAt } from '@taizhang/shared';
import { DEVELOPMENT_STAGES, DEVELOPMENT_STAGE_LABELS, type DevelopmentRule, type DevelopmentStage } from '@taizhang/shared/schemas/development';

/**
 * Member-development rules as pure functions over 'YYYY-MM-DD' strings.
 *
 * Periods in years and months follow the Civil Code (民法典 第二百零二条): a period of N years or
 * months from day D ends on the corresponding day of the end month, and when that month has no
 * corresponding day, on its last day. So the anniversary of 29 February in a common year is
 * 28 February:
 *   - a person born 2004-02-29 is 18 from 2022-02-28;
 *   - an activist since 2020-02-29 may become a candidate from 2021-02-28 (not 03-01);
 *   - a probationary member admitted 2023-02-28 may convert from 2024-02-28 (leap years change nothing
 *     for days that exist in both years).
 * "At least one year" means the next step may be dated on the anniversary itself or later.
 */

function parts(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y, m, d];
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function fmt(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The same day `months` months later; the month's last day when it has no such day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return fmt(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

export function addYears(date: string, years: number): string {
  return addMonths(date, years * 12);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function isValidDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const [y, m, d] = parts(date);
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Full years of age on `date` (birthday counts, 29 Feb birthdays on 28 Feb in common years). */
export function ageOn(birthDate: string, date: string): number {
  const [by] = parts(birthDate);
  const [y] = parts(date);
  let age = y - by;
  if (date < addYears(birthDate, age)) age--;
  return age;
}

export const MIN_APPLICANT_AGE = 18;
export const ACTIVIST_MIN_YEARS = 1;
export const PROBATION_YEARS = 1;
export const MIN_TRAINING_DAYS = 3;
export const MIN_TRAINING_HOURS = 24;
export const EXTENSION_MIN_MONTHS = 6;
export const EXTENSION_MAX_MONTHS = 12;
export const REQUIRED_LIAISONS = 2;
export const REQUIRED_INTRODUCERS = 2;

export function stageIndex(stage: DevelopmentStage): number {
  return DEVELOPMENT_STAGES.indexOf(stage);
}

export const RULE_NAMES: Record<DevelopmentRule, string> = {
  stage_order: '发展程序顺序',
  stage_once: '阶段不可重复',
  future_date: '日期不能晚于今天',
  applicant_age: '申请入党年龄',
  activist_liaisons: '培养联系人',
  activist_one_year: '积极分子培养期',
  candidate_introducers: '入党介绍人',
  candidate_training: '发展对象集中培训',
  admission_notice: '发展公示',
  conversion_notice: '转正公示',
  probation_one_year: '预备期',
  probation_extension: '延长预备期',
  record_conflict: '与人员档案一致',
};

export interface Violation {
  rule: DevelopmentRule;
  field: string;
  /** '<rule name in Chinese>: <explanation> / English'. */
  message: string;
}

function v(rule: DevelopmentRule, field: string, zh: string, en: string): Violation {
  return { rule, field, message: `${RULE_NAMES[rule]}: ${zh} / ${en}` };
}

/** The earliest date a person born on `birthDate` may apply (18th birthday). */
export function earliestApplication(birthDate: string): string {
  return addYears(birthDate, MIN_APPLICANT_AGE);
}
/** The earliest date an activist since `activistDate` may become a candidate. */
export function earliestCandidate(activistDate: string): string {
  return addYears(activistDate, ACTIVIST_MIN_YEARS);
}
/** The day the probation ends and the conversion is due (one year, plus an extension in months). */
export function probationEnd(probationaryDate: string, extensionMonths: number | null = null): string {
  return addMonths(addYears(probationaryDate, PROBATION_YEARS), extensionMonths ?? 0);
}

export function trainingSufficient(days: number | null | undefined, hours: number | null | undefined): boolean {
  return (days ?? 0) >= MIN_TRAINING_DAYS || (hours ?? 0) >= MIN_TRAINING_HOURS;
}

export interface PastStep {
  stage: DevelopmentStage;
  date: string;
  trainingDays?: number | null;
  trainingHours?: number | null;
  introducerPersonIds?: number[];
  extensionMonths?: number | null;
}

export interface StepCandidate {
  stage: DevelopmentStage;
  date: string;
  liaisonPersonIds?: number[];
  introducerPersonIds?: number[];
  trainingDays?: number | null;
  trainingHours?: number | null;
  noticeStart?: string | null;
  noticeEnd?: string | null;
  extensionMonths?: number | null;
}

export interface MembershipFacts {
  joinDate: string | null;
  conversionDate: string | null;
  leftDate?: string | null;
}

export interface StepFacts {
  today: string;
  person: { id: number; birthDate: string | null; joinDate: string | null; conversionDate: string | null; politicalStatus: string };
  steps: PastStep[];
  /** Membership facts of the liaison persons and introducers named. */
  helpers: Map<number, MembershipFacts>;
}

function noticeProblems(rule: 'admission_notice' | 'conversion_notice', c: StepCandidate, after: string | null): Violation[] {
  const what = rule === 'admission_notice' ? ['接收预备党员前', 'before admission'] : ['转正前', 'before conversion'];
  if (!c.noticeStart || !c.noticeEnd)
    return [v(rule, 'body.noticeStart', `${what[0]}须进行公示，请填写公示起止日期`, `a public notice with start and end dates is required ${what[1]}`)];
  if (c.noticeEnd < c.noticeStart) return [v(rule, 'body.noticeEnd', '公示结束日期早于开始日期', 'the notice ends before it starts')];
  if (c.noticeEnd >= c.date)
    return [v(rule, 'body.noticeEnd', `公示须在${what[0].replace('前', '')}（${c.date}）之前结束`, `the notice must end before the step's date (${c.date})`)];
  if (after && c.noticeStart < after)
    return [v(rule, 'body.noticeStart', `公示开始日期早于上一阶段日期（${after}）`, `the notice starts before the previous stage (${after})`)];
  return [];
}

function helperProblems(
  rule: 'activist_liaisons' | 'candidate_introducers',
  field: string,
  ids: number[] | undefined,
  date: string,
  personId: number,
  helpers: Map<number, MembershipFacts>,
): Violation[] {
  const list = [...new Set(ids ?? [])];
  const [zh, en] = rule === 'activist_liaisons' ? ['培养联系人', 'liaison persons'] : ['入党介绍人', 'introducers'];
  if (list.length < 2 || list.includes(personId)) return [v(rule, field, `须有两名${zh}（不能是本人）`, `two ${en} are required (not the person themselves)`)];
  const notFull = list.filter((id) => {
    const f = helpers.get(id);
    return !f || memberStateAt(f, date) !== 'full';
  });
  if (notFull.length)
    return [
      v(rule, field, `${zh}须为正式党员（${date} 时）：${notFull.join('、')} 不是`, `${en} must be full members on ${date}: ${notFull.join(', ')} are not`),
    ];
  return [];
}

/** Every rule the new step breaks, given what is recorded. Empty: the step may be recorded. */
export function stepViolations(c: StepCandidate, facts: StepFacts): Violation[] {
  const out: Violation[] = [];
  const idx = stageIndex(c.stage);
  const byStage = new Map(facts.steps.map((s) => [s.stage, s]));
  if (byStage.has(c.stage)) {
    out.push(v('stage_once', 'body.stage', `已记录${DEVELOPMENT_STAGE_LABELS[c.stage]}阶段`, `the stage ${c.stage} is already recorded`));
    return out;
  }
  if (c.date > facts.today) out.push(v('future_date', 'body.date', `${c.date} 晚于今天（${facts.today}）`, 'the date is in the future'));
  const prevStage = idx > 0 ? DEVELOPMENT_STAGES[idx - 1] : null;
  const prev = prevStage ? byStage.get(prevStage) : undefined;
  if (prevStage && !prev)
    out.push(
      v('stage_order', 'body.stage', `须先记录“${DEVELOPMENT_STAGE_LABELS[prevStage]}”阶段`, `the previous stage (${prevStage}) must be recorded first`),
    );
  const later = facts.steps.filter((s) => stageIndex(s.stage) > idx);
  if (later.length) out.push(v('stage_order', 'body.stage', '已记录更后的阶段', 'a later stage is already recorded'));
  if (prev && c.date < prev.date)
    out.push(v('stage_order', 'body.date', `日期早于上一阶段（${prev.date}）`, `the date is before the previous stage (${prev.date})`));

  const p = facts.person;
  switch (c.stage) {
    case 'applicant': {
      if (!p.birthDate) out.push(v('applicant_age', 'body.date', '出生日期未知，无法确认年满十八周岁', 'birth date unknown: cannot confirm age 18'));
      else if (c.date < earliestApplication(p.birthDate))
        out.push(
          v(
            'applicant_age',
            'body.date',
            `申请人须年满十八周岁（${earliestApplication(p.birthDate)} 起），申请时 ${ageOn(p.birthDate, c.date)} 岁`,
            `the applicant must be 18 (from ${earliestApplication(p.birthDate)})`,
          ),
        );
      break;
    }
    case 'activist':
      out.push(...helperProblems('activist_liaisons', 'body.liaisonPersonIds', c.liaisonPersonIds, c.date, p.id, facts.helpers));
      break;
    case 'candidate': {
      if (prev && c.date < earliestCandidate(prev.date))
        out.push(
          v(
            'activist_one_year',
            'body.date',
            `入党积极分子须经一年以上培养（${earliestCandidate(prev.date)} 起）方可列为发展对象`,
            `one year as an activist is required (from ${earliestCandidate(prev.date)})`,
          ),
        );
      out.push(...helperProblems('candidate_introducers', 'body.introducerPersonIds', c.introducerPersonIds, c.date, p.id, facts.helpers));
      break;
    }
    case 'probationary': {
      const days = c.trainingDays ?? prev?.trainingDays ?? null;
      const hours = c.trainingHours ?? prev?.trainingHours ?? null;
      if (!trainingSufficient(days, hours))
        out.push(
          v(
            'candidate_training',
            'body.trainingDays',
            `发展对象须经不少于${MIN_TRAINING_DAYS}天或${MIN_TRAINING_HOURS}学时的集中培训（已记录 ${days ?? 0} 天、${hours ?? 0} 学时）`,
            `candidate training of at least ${MIN_TRAINING_DAYS} days or ${MIN_TRAINING_HOURS} hours is required`,
          ),
        );
      const introducers = c.introducerPersonIds?.length ? c.introducerPersonIds : prev?.introducerPersonIds;
      out.push(...helperProblems('candidate_introducers', 'body.introducerPersonIds', introducers, c.date, p.id, facts.helpers));
      out.push(...noticeProblems('admission_notice', c, prev?.date ?? null));
      if (p.joinDate && p.joinDate !== c.date)
        out.push(v('record_conflict', 'body.date', `人员档案的入党日期为 ${p.joinDate}`, `the person's join date is ${p.joinDate}`));
      break;
    }
    case 'full': {
      if (prev) {
        const ext = prev.extensionMonths ?? c.extensionMonths ?? null;
        if (c.extensionMonths != null && prev.extensionMonths != null && c.extensionMonths !== prev.extensionMonths)
          out.push(v('probation_extension', 'body.extensionMonths', '预备期只能延长一次', 'the probation may be extended once only'));
        if (ext !== null && (ext < EXTENSION_MIN_MONTHS || ext > EXTENSION_MAX_MONTHS))
          out.push(
            v(
              'probation_extension',
              'body.extensionMonths',
              `延长预备期为${EXTENSION_MIN_MONTHS}至${EXTENSION_MAX_MONTHS}个月`,
              'an extension is 6 to 12 months',
            ),
          );
        const end = probationEnd(prev.date, ext);
        if (c.date < end)
          out.push(
            v(
              'probation_one_year',
              'body.date',
              `预备期自支部大会通过之日（${prev.date}）起一年${ext ? `，延长${ext}个月` : ''}，${end} 期满方可转正`,
              `the probation runs until ${end}`,
            ),
          );
      }
      out.push(...noticeProblems('conversion_notice', c, prev?.date ?? null));
      if (p.conversionDate && p.conversionDate !== c.date)
        out.push(v('record_conflict', 'body.date', `人员档案的转正日期为 ${p.conversionDate}`, `the person's conversion date is ${p.conversionDate}`));
      break;
    }
  }
  // Earlier stages must precede a join date the person already has.
  if (idx < stageIndex('probationary') && p.joinDate && c.date > p.joinDate)
    out.push(
      v(
        'record_conflict',
        'body.date',
        `人员档案的入党日期为 ${p.joinDate}，本阶段应在其之前`,
        `the person joined on ${p.joinDate}; this stage must precede it`,
      ),
    );
  return out;
}

/** Extending the probation: once, 6–12 months, decided while on probation (before it ends). */
export function extensionViolations(ext: { date: string; months: number }, facts: StepFacts): Violation[] {
  const out: Violation[] = [];
  const prob = facts.steps.find((s) => s.stage === 'probationary');
  if (!prob || facts.steps.some((s) => s.stage === 'full')) {
    out.push(v('probation_extension', 'body.date', '只有预备党员可延长预备期', 'only a probationary member can have the probation extended'));
    return out;
  }
  if (prob.extensionMonths != null) out.push(v('probation_extension', 'body.months', '预备期只能延长一次', 'the probation may be extended once only'));
  if (ext.months < EXTENSION_MIN_MONTHS || ext.months > EXTENSION_MAX_MONTHS)
    out.push(v('probation_extension', 'body.months', `延长期限为${EXTENSION_MIN_MONTHS}至${EXTENSION_MAX_MONTHS}个月`, 'an extension is 6 to 12 months'));
  const end = probationEnd(prob.date);
  if (ext.date < prob.date || ext.date > end)
    out.push(
      v(
        'probation_extension',
        'body.date',
        `延长须在预备期内（${prob.date} 至 ${end}）作出`,
        `the extension is decided during the probation (${prob.date} – ${end})`,
      ),
    );
  if (ext.date > facts.today) out.push(v('future_date', 'body.date', `${ext.date} 晚于今天`, 'the date is in the future'));
  return out;
}

/** What comes next for a person whose last recorded stage is `last`. */
export function nextStep(
  steps: PastStep[],
  today: string,
  birthDate: string | null,
): { stage: DevelopmentStage; from: string; due: boolean; missing: string[] } | null {
  if (steps.length === 0) return null;
  const sorted = [...steps].sort((a, b) => stageIndex(a.stage) - stageIndex(b.stage));
  const last = sorted[sorted.length - 1];
  const missing: string[] = [];
  let from = last.date;
  let stage: DevelopmentStage;
  switch (last.stage) {
    case 'applicant':
      stage = 'activist';
      if (birthDate && earliestApplication(birthDate) > from) from = earliestApplication(birthDate);
      missing.push('培养联系人 / liaison persons');
      break;
    case 'activist':
      stage = 'candidate';
      from = earliestCandidate(last.date);
      missing.push('入党介绍人 / introducers');
      break;
    case 'candidate':
      stage = 'probationary';
      if (!trainingSufficient(last.trainingDays, last.trainingHours)) missing.push('集中培训 / candidate training');
      missing.push('发展公示 / public notice');
      break;
    case 'probationary':
      stage = 'full';
      from = probationEnd(last.date, last.extensionMonths ?? null);
      missing.push('转正公示 / public notice');
      break;
    default:
      return null;
  }
  return { stage, from, due: today >= from, missing };
}
