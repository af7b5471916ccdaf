/**
 * Cadence rules and their evaluation: pure functions, no database. (To move to packages/shared/src/rules/cadence.ts.)
 *
 * Periods (dates are 'YYYY-MM-DD', both ends inclusive):
 * - month `2022-03`, quarter `2022-Q1` (Jan–Mar …), year `2022` (calendar year);
 * - semester: Chinese school terms. Spring `Y-S1` = 1 Feb – 31 Jul of Y; autumn `Y-S2` = 1 Aug of Y – 31 Jan of Y+1.
 *   So January belongs to the previous year's autumn term, and the semesters "of year Y" are the two that start in Y.
 *
 * Applicability: a period is owed by an org only if the org was active at the period's midpoint (created on or
 * before it, not dissolved before it): an org created mid-year owes nothing for the periods before that, and owes a
 * period it held for at least half. The same midpoint rule decides which members a per-member rule counts, and a
 * member's attendance counts only from their join date.
 *
 * Status of a cell: done if count ≥ required; otherwise overdue if the period has ended; due_soon if it ends within
 * `dueSoonDays` days (today included); not_yet_due otherwise (including periods not started). Periods that are not
 * owed are not_applicable and never count in roll-ups.
 */
import type { ComplianceStatus, Period, RuleOverride, RulePer } from '@taizhang/shared/schemas/ledger';

export interface PeriodSpan {
  key: string;
  start: string;
  end: string;
}

const DAY = 86_400_000;
const toMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const pad = (n: number) => String(n).padStart(2, '0');

export function addDays(date: string, days: number): string {
  return fromMs(toMs(date) + days * DAY);
}
export function daysBetween(from: string, to: string): number {
  return Math.round((toMs(to) - toMs(from)) / DAY);
}
export function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
function monthSpan(year: number, month: number): PeriodSpan {
  return { key: `${year}-${pad(month)}`, start: `${year}-${pad(month)}-01`, end: `${year}-${pad(month)}-${pad(lastDayOfMonth(year, month))}` };
}

/** The period of a kind that contains a date. */
export function periodOf(date: string, period: Period): PeriodSpan {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  switch (period) {
    case 'month':
      return monthSpan(y, m);
    case 'quarter': {
      const q = Math.ceil(m / 3);
      return { key: `${y}-Q${q}`, start: `${y}-${pad(q * 3 - 2)}-01`, end: monthSpan(y, q * 3).end };
    }
    case 'semester':
      if (m === 1) return semesterSpan(y - 1, 2);
      return semesterSpan(y, m <= 7 ? 1 : 2);
    case 'year':
      return { key: `${y}`, start: `${y}-01-01`, end: `${y}-12-31` };
  }
}

function semesterSpan(y: number, s: 1 | 2): PeriodSpan {
  return s === 1 ? { key: `${y}-S1`, start: `${y}-02-01`, end: `${y}-07-31` } : { key: `${y}-S2`, start: `${y}-08-01`, end: `${y + 1}-01-31` };
}

/** The periods of a kind "of" a year: those that start in it. */
export function periodsOfYear(year: number, period: Period): PeriodSpan[] {
  switch (period) {
    case 'month':
      return Array.from({ length: 12 }, (_, i) => monthSpan(year, i + 1));
    case 'quarter':
      return [1, 2, 3, 4].map((q) => periodOf(`${year}-${pad(q * 3)}-01`, 'quarter'));
    case 'semester':
      return [semesterSpan(year, 1), semesterSpan(year, 2)];
    case 'year':
      return [periodOf(`${year}-01-01`, 'year')];
  }
}

export function midpoint(span: PeriodSpan): string {
  return addDays(span.start, Math.floor(daysBetween(span.start, span.end) / 2));
}

/** Whether an org (active from/to) owes this period. */
export function orgOwesPeriod(span: PeriodSpan, activeFrom: string | null, activeTo: string | null = null): boolean {
  const mid = midpoint(span);
  return (activeFrom === null || activeFrom <= mid) && (activeTo === null || activeTo >= mid);
}

/** Whether a member who joined on `joinDate` (and left on `leftDate`) is counted by a per-member rule in this period. */
export function memberOwesPeriod(span: PeriodSpan, joinDate: string | null, leftDate: string | null = null): boolean {
  if (joinDate === null) return false;
  return orgOwesPeriod(span, joinDate, leftDate);
}

export function cellStatus(input: {
  count: number;
  required: number;
  span: PeriodSpan;
  today: string;
  dueSoonDays: number;
  applicable: boolean;
}): ComplianceStatus {
  if (!input.applicable) return 'not_applicable';
  if (input.count >= input.required) return 'done';
  if (input.span.end < input.today) return 'overdue';
  if (input.span.start > input.today) return 'not_yet_due';
  return daysBetween(input.today, input.span.end) < input.dueSoonDays ? 'due_soon' : 'not_yet_due';
}

export interface CadenceRuleDef {
  code: string;
  typeCode: string;
  minCount: number;
  period: Period;
  /** Org kinds the rule applies to. */
  appliesTo: string[];
  /** Only party orgs that sit under a public (公办) school or kindergarten. */
  publicOnly: boolean;
  /** org: the org's own records; member: each member's attendance; secretary: the org's secretary's attendance anywhere. */
  per: RulePer;
  overrides: RuleOverride[];
  description: string;
}

/** Defaults (overridable per region and org kind through `overrides`, editable as data). */
export const DEFAULT_CADENCE_RULES: CadenceRuleDef[] = [
  {
    code: 'general_meeting_quarterly',
    typeCode: 'branch_general_meeting',
    minCount: 1,
    period: 'quarter',
    appliesTo: ['branch'],
    publicOnly: false,
    per: 'org',
    overrides: [],
    description: '支部党员大会每季度至少1次',
  },
  {
    code: 'committee_meeting_monthly',
    typeCode: 'branch_committee_meeting',
    minCount: 1,
    period: 'month',
    appliesTo: ['branch'],
    publicOnly: false,
    per: 'org',
    overrides: [],
    description: '支委会每月至少1次',
  },
  {
    code: 'group_meeting_monthly',
    typeCode: 'party_group_meeting',
    minCount: 1,
    period: 'month',
    appliesTo: ['party_group'],
    publicOnly: false,
    per: 'org',
    overrides: [],
    description: '党小组会每月至少1次',
  },
  {
    code: 'party_lecture_quarterly',
    typeCode: 'party_lecture',
    minCount: 1,
    period: 'quarter',
    appliesTo: ['branch'],
    publicOnly: false,
    per: 'org',
    overrides: [],
    description: '党课每季度至少1次（部分地区为每学期）',
  },
  {
    code: 'theme_day_monthly',
    typeCode: 'theme_party_day',
    minCount: 1,
    period: 'month',
    appliesTo: ['branch'],
    publicOnly: false,
    per: 'org',
    overrides: [],
    description: '主题党日每月至少1次',
  },
  {
    code: 'org_life_yearly',
    typeCode: 'org_life_meeting',
    minCount: 1,
    period: 'year',
    appliesTo: ['branch'],
    publicOnly: false,
    per: 'org',
    overrides: [],
    description: '组织生活会每年至少1次',
  },
  {
    code: 'appraisal_yearly',
    typeCode: 'member_appraisal',
    minCount: 1,
    period: 'year',
    appliesTo: ['branch'],
    publicOnly: false,
    per: 'org',
    overrides: [],
    description: '民主评议党员每年至少1次',
  },
  {
    code: 'heart_talk_member_yearly',
    typeCode: 'heart_talk',
    minCount: 1,
    period: 'year',
    appliesTo: ['branch'],
    publicOnly: false,
    per: 'member',
    overrides: [],
    description: '谈心谈话每名党员每年至少1次',
  },
  {
    code: 'ideology_meeting_yearly',
    typeCode: 'ideology_meeting',
    minCount: 2,
    period: 'year',
    appliesTo: ['branch', 'general_branch'],
    publicOnly: false,
    per: 'org',
    overrides: [],
    description: '意识形态专题会议每年至少2次',
  },
  {
    code: 'integrity_meeting_semester',
    typeCode: 'integrity_meeting',
    minCount: 1,
    period: 'semester',
    appliesTo: ['committee'],
    publicOnly: false,
    per: 'org',
    overrides: [],
    description: '书记廉洁从教会议每学期至少1次（工委）',
  },
  {
    code: 'rotation_training_secretary',
    typeCode: 'rotation_training',
    minCount: 2,
    period: 'year',
    appliesTo: ['branch', 'general_branch'],
    publicOnly: true,
    per: 'secretary',
    overrides: [],
    description: '公办学校党组织书记每年参加轮训至少2次',
  },
];

/** A rule as it applies to one org: overrides in order, later ones win. `ancestors` includes the org itself. */
export function resolveRule(
  rule: Pick<CadenceRuleDef, 'minCount' | 'period' | 'overrides'>,
  org: { kind: string; ancestors: ReadonlySet<number> },
): { minCount: number; period: Period; disabled: boolean } {
  let out = { minCount: rule.minCount, period: rule.period, disabled: false };
  for (const o of rule.overrides) {
    if (o.regionOrgId !== undefined && !org.ancestors.has(o.regionOrgId)) continue;
    if (o.orgKind !== undefined && o.orgKind !== org.kind) continue;
    out = { minCount: o.minCount ?? out.minCount, period: o.period ?? out.period, disabled: o.disabled ?? out.disabled };
  }
  return out;
}

/** The quarter (1–4) of year `year` a cell is attributed to: the one its period ends in, clipped to the year. */
export function quarterOfCell(span: PeriodSpan, year: number): number {
  const end = span.end > `${year}-12-31` ? `${year}-12-31` : span.end;
  return Math.ceil(Number(end.slice(5, 7)) / 3);
}

/** Per-org evaluation helper used by the compliance grid and the tests: counts per period from dated events. */
export function countByPeriod(dates: readonly string[], spans: readonly PeriodSpan[]): number[] {
  return spans.map((s) => dates.filter((d) => d >= s.start && d <= s.end).length);
}
