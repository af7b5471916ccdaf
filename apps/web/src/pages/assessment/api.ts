import type {
  Category,
  CreateSystemBody,
  GradeThreshold,
  Indicator,
  IndicatorMeasure,
  OpenResponse as OpenSchema,
  RankingResponse as RankingSchema,
  ScorecardStatus,
  ScorecardSummary as SummarySchema,
  ScorecardView,
  SystemView as SystemSchema,
} from '@taizhang/shared/schemas/assessment';
import type { DutyView } from '@taizhang/shared/schemas/duties';
import type { ActivitySummary, ActivityTypeView } from '@taizhang/shared/schemas/ledger';
import type { AssignmentView as AssignmentSchema } from '@taizhang/shared/schemas/tasks';
import { ApiError, api } from '../../api/client.ts';
import type { Paged } from '../../api/types.ts';
import '../../i18n/assessment.ts';

/** The output type of a zod schema, without importing zod into the web bundle. */
type Output<S extends { _zod: { output: unknown } }> = S['_zod']['output'];

export type { Category, GradeThreshold, Indicator, IndicatorMeasure, ScorecardStatus, ScorecardView };
export type SystemView = Output<typeof SystemSchema>;
export type ScorecardSummary = Output<typeof SummarySchema>;
export type RankingResponse = Output<typeof RankingSchema>;
export type OpenResponse = Output<typeof OpenSchema>;
export type CreateSystemInput = Output<typeof CreateSystemBody>;
export type ScoreView = ScorecardView['scores'][number];
export type CategoryScore = ScorecardView['categories'][number];
export type MeasureSource = IndicatorMeasure['source'];
export type AssignmentView = Output<typeof AssignmentSchema>;
export type { ActivitySummary, ActivityTypeView, DutyView };

/** The incident fields the evidence drawer shows (the risks module answers more). */
export interface IncidentItem {
  id: number;
  orgName: string;
  occurredAt: string;
  summary: string;
  level: string;
  status: string;
}

// Kept here (not imported from the shared schema module) so zod stays out of the bundle.
export const SCORECARD_STATUSES: readonly ScorecardStatus[] = ['self_assessment', 'submitted', 'reviewed', 'finalized'];
export const STATUS_COLORS: Record<ScorecardStatus, string> = {
  self_assessment: 'default',
  submitted: 'processing',
  reviewed: 'warning',
  finalized: 'success',
};
export const MEASURE_SOURCES: readonly MeasureSource[] = ['manual', 'ledger', 'compliance_rate', 'tasks_on_time', 'duties_met', 'incidents'];
export const LEDGER_PERIODS = ['month', 'quarter', 'year'] as const;
export const FAIL_GRADE = '不合格';
export const DEFAULT_THRESHOLDS: GradeThreshold[] = [
  { grade: '优秀', min: 90 },
  { grade: '良好', min: 80 },
  { grade: '合格', min: 60 },
];

/** Same rule as the server (shared gradeOf): the highest threshold reached, else 不合格. */
export function gradeOf(score: number, thresholds: readonly GradeThreshold[]): string {
  const sorted = [...thresholds].sort((a, b) => b.min - a.min);
  for (const t of sorted) if (score >= t.min) return t.grade;
  return FAIL_GRADE;
}

export const GRADE_COLORS: Record<string, string> = { 优秀: 'red', 良好: 'volcano', 合格: 'blue', 不合格: 'default' };

export const round1 = (n: number) => Math.round(n * 10) / 10;

export const assessmentKeys = {
  all: ['assessment'] as const,
  system: (orgId: number, year: number) => ['assessment', 'system', orgId, year] as const,
  cards: (year: number, orgId?: number | null) => ['assessment', 'cards', year, orgId ?? 'all'] as const,
  card: (id: number) => ['assessment', 'card', id] as const,
  ranking: (orgId: number, year: number) => ['assessment', 'ranking', orgId, year] as const,
  probe: (key: string) => ['assessment', 'probe', key] as const,
  activityTypes: ['assessment', 'activity-types'] as const,
  evidence: (cardId: number, code: string) => ['assessment', 'evidence', cardId, code] as const,
};

const BASE = '/api/v1/evaluations';

/** null for not_found (no system for that year yet), other errors propagate. */
async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof ApiError && err.code === 'not_found') return null;
    throw err;
  }
}

export const assessmentApi = {
  system: (orgId: number, year: number, signal?: AbortSignal) => orNull(api.get<SystemView>(`${BASE}/systems`, { orgId, year }, signal)),
  createSystem: (body: CreateSystemInput) => api.post<SystemView>(`${BASE}/systems`, body),
  updateSystem: (id: number, body: { version: number; title?: string; categories?: Category[]; thresholds?: GradeThreshold[] }) =>
    api.patch<SystemView>(`${BASE}/systems/${id}`, body),
  open: (orgId: number, year: number) => api.post<OpenResponse>(`${BASE}/open`, { orgId, year }),
  cards: async (year: number, orgId?: number | null, signal?: AbortSignal) =>
    (await api.get<{ items: ScorecardSummary[] }>(BASE, { year, orgId: orgId ?? undefined }, signal)).items,
  card: (id: number, signal?: AbortSignal) => api.get<ScorecardView>(`${BASE}/${id}`, undefined, signal),
  saveScores: (id: number, body: { version: number; scores: { code: string; points?: number | null; evidence?: string; links?: string[] }[] }) =>
    api.patch<ScorecardView>(`${BASE}/${id}/scores`, body),
  submit: (id: number, version: number) => api.post<ScorecardView>(`${BASE}/${id}/submit`, { version }),
  review: (id: number, body: { version: number; adjustments: { code: string; points: number; reason: string }[] }) =>
    api.post<ScorecardView>(`${BASE}/${id}/review`, body),
  returnCard: (id: number, body: { version: number; reason: string }) => api.post<ScorecardView>(`${BASE}/${id}/return`, body),
  finalize: (id: number, version: number) => api.post<ScorecardView>(`${BASE}/${id}/finalize`, { version }),
  ranking: (orgId: number, year: number, signal?: AbortSignal) => api.get<RankingResponse>(`${BASE}/ranking`, { orgId, year }, signal),
  exportPath: `${BASE}/export`,
  activityTypes: async (signal?: AbortSignal) => (await api.get<{ items: ActivityTypeView[] }>('/api/v1/activity-types', undefined, signal)).items,
  // The records behind an auto score live in other modules; their list routes are filtered to the school and year
  // and the ids the score names are picked out.
  activities: (q: { orgId?: number; typeCode?: string; from: string; to: string }, signal?: AbortSignal) =>
    api.get<Paged<ActivitySummary>>('/api/v1/activities', { ...q, pageSize: 500, sort: 'date' }, signal),
  assignments: (orgId: number, signal?: AbortSignal) => api.get<Paged<AssignmentView>>('/api/v1/assignments', { orgId, pageSize: 500 }, signal),
  duties: (orgId: number, year: number, signal?: AbortSignal) =>
    api.get<Paged<DutyView>>('/api/v1/duties', { orgId, year, status: 'met', pageSize: 500 }, signal),
  incidents: (orgId: number, year: number, signal?: AbortSignal) => api.get<Paged<IncidentItem>>('/api/v1/incidents', { orgId, year, pageSize: 500 }, signal),
};

/** The field problems of a failed call as form paths: "categories.0.indicators.1.code" → ['categories', 0, 'indicators', 1, 'code']. */
export function fieldPath(field: string): (string | number)[] {
  return field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** Indicators of a tree in order, with their category. */
export function indicatorsOf(categories: readonly Category[]): { category: Category; indicator: Indicator }[] {
  return categories.flatMap((category) => category.indicators.map((indicator) => ({ category, indicator })));
}
