import type {
  BoardView as BoardSchema,
  CoverageView as CoverageSchema,
  DUAL_FLAG_KINDS,
  DevelopmentRule,
  DevelopmentStage,
  DevelopmentStatsView as StatsSchema,
  DualFlagView as DualFlagSchema,
  HONOUR_TARGETS,
  HonourCategoryView as HonourCategorySchema,
  HonourStatsView as HonourStatsSchema,
  HonourView as HonourSchema,
  PersonTrainingView as PersonTrainingSchema,
  ProgrammeView as ProgrammeSchema,
  StepView,
  TimelineView as TimelineSchema,
  TrainingHoursView as TrainingHoursSchema,
  TrainingSettingsView as TrainingSettingsSchema,
} from '@taizhang/shared/schemas/development';
import { api } from '../../api/client.ts';
import type { OkResponse, Paged } from '../../api/types.ts';
import '../../i18n/development.ts';

/** The output type of a zod schema, without importing zod into the web bundle. */
type Output<S extends { _zod: { output: unknown } }> = S['_zod']['output'];

export type { DevelopmentRule, DevelopmentStage, StepView };
export type BoardView = Output<typeof BoardSchema>;
export type BoardItem = BoardView['items'][number];
export type NextStep = NonNullable<BoardItem['next']>;
export type TimelineView = Output<typeof TimelineSchema>;
export type DualFlagView = Output<typeof DualFlagSchema>;
export type DualFlagKind = (typeof DUAL_FLAG_KINDS)[number];
export type StatsView = Output<typeof StatsSchema>;
export type ProgrammeView = Output<typeof ProgrammeSchema>;
export type TrainingHoursView = Output<typeof TrainingHoursSchema>;
export type PersonTrainingView = Output<typeof PersonTrainingSchema>;
export type CoverageView = Output<typeof CoverageSchema>;
export type TrainingSettingsView = Output<typeof TrainingSettingsSchema>;
export type HonourView = Output<typeof HonourSchema>;
export type HonourCategoryView = Output<typeof HonourCategorySchema>;
export type HonourStatsView = Output<typeof HonourStatsSchema>;
export type HonourTarget = (typeof HONOUR_TARGETS)[number];

// Copies of the shared lists (the shared module would bring zod into this page's chunk); typed against them.
export const STAGES: readonly DevelopmentStage[] = ['applicant', 'activist', 'candidate', 'probationary', 'full'];
/** The stages a person can be in on the way to full membership (the board's columns). */
export const PIPELINE_STAGES: readonly Exclude<DevelopmentStage, 'full'>[] = ['applicant', 'activist', 'candidate', 'probationary'];
export const DUAL_FLAGS: readonly DualFlagKind[] = ['teacher_to_member', 'member_to_teacher'];
export const TARGETS: readonly HonourTarget[] = ['person', 'org'];
export const RULES: readonly DevelopmentRule[] = [
  'stage_order',
  'stage_once',
  'future_date',
  'applicant_age',
  'activist_liaisons',
  'activist_one_year',
  'candidate_introducers',
  'candidate_training',
  'admission_notice',
  'conversion_notice',
  'probation_one_year',
  'probation_extension',
  'record_conflict',
];
/** Rules the server refuses even with a committee override (services.ts NOT_OVERRIDABLE). */
export const HARD_RULES: ReadonlySet<DevelopmentRule> = new Set<DevelopmentRule>(['stage_once', 'future_date']);
export const STAGE_COLORS: Record<DevelopmentStage, string> = {
  applicant: 'default',
  activist: 'blue',
  candidate: 'purple',
  probationary: 'orange',
  full: 'red',
};
/** Extension of a probation: 6–12 months (rules.ts). */
export const EXTENSION_MONTHS = { min: 6, max: 12 } as const;
/** Rotation trainings a public-school secretary needs a year (shared SECRETARY_MIN_ROTATIONS). */
export const SECRETARY_MIN_ROTATIONS = 2;
/** Candidate training needed before admission: 3 days or 24 hours (rules.ts). */
export const CANDIDATE_TRAINING = { days: 3, hours: 24 } as const;

export interface DocumentRef {
  name: string;
  fileId?: string;
}

export interface StepInput {
  personId: number;
  stage: DevelopmentStage;
  date: string;
  orgId?: number;
  decisionBody?: string | null;
  notes?: string | null;
  documents?: DocumentRef[];
  liaisonPersonIds?: number[];
  introducerPersonIds?: number[];
  trainingDays?: number | null;
  trainingHours?: number | null;
  noticeStart?: string | null;
  noticeEnd?: string | null;
  extensionMonths?: number | null;
  override?: { reason: string };
}

export interface ExtensionInput {
  date: string;
  months: number;
  decisionBody?: string | null;
  notes?: string | null;
  override?: { reason: string };
}

export interface ProgrammeInput {
  name: string;
  organiserOrgId: number;
  hours: number;
  year: number;
}

export interface HoursInput {
  personId: number;
  programmeId?: number | null;
  activityId?: number | null;
  hours?: number;
  date: string;
}

export interface HonourQuery {
  page: number;
  pageSize: number;
  orgId?: number;
  year?: number;
  category?: string;
  targetType?: HonourTarget;
}

export interface HonourInput {
  year: number;
  categoryCode: string;
  targetType: HonourTarget;
  personId?: number | null;
  orgId?: number | null;
  awardedOn?: string | null;
  awardingBody?: string | null;
  citation?: string | null;
}

export interface HonourUpdate {
  version: number;
  awardedOn?: string | null;
  awardingBody?: string | null;
  citation?: string | null;
}

/** A person found by the people search (the pickers of liaison persons, introducers, honoured people). */
export interface PersonOption {
  id: number;
  code: string;
  name: string;
  unitName: string | null;
  partyOrgName: string | null;
  politicalStatus: string;
}

/** A ledger activity offered when hours come from a recorded training (e.g. a rotation training). */
export interface ActivityOption {
  id: number;
  date: string;
  topic: string;
  orgName: string;
  typeName: string;
}

export const devKeys = {
  all: ['development'] as const,
  board: (orgId: number, date: string | undefined) => ['development', 'board', orgId, date ?? 'today'] as const,
  timeline: (personId: number) => ['development', 'timeline', personId] as const,
  stats: (orgId: number, year: number) => ['development', 'stats', orgId, year] as const,
  programmes: (orgId: number | undefined, year: number | undefined) => ['development', 'programmes', orgId ?? 'all', year ?? 'all'] as const,
  personTraining: (personId: number, year: number) => ['development', 'person-training', personId, year] as const,
  coverage: (orgId: number, year: number, minHours: number | undefined) => ['development', 'coverage', orgId, year, minHours ?? 'default'] as const,
  settings: ['development', 'training-settings'] as const,
  honours: (q: HonourQuery) => ['development', 'honours', q] as const,
  honourCategories: ['development', 'honour-categories'] as const,
  honourStats: (orgId: number, year: number) => ['development', 'honour-stats', orgId, year] as const,
  peopleSearch: (q: string, membersOnly: boolean) => ['development', 'people-search', q, membersOnly] as const,
  activitySearch: (q: string) => ['development', 'activity-search', q] as const,
  orgChildren: (orgId: number) => ['development', 'org-children', orgId] as const,
};

export const devApi = {
  board: (orgId: number, date: string | undefined, signal?: AbortSignal) => api.get<BoardView>('/api/v1/development/board', { orgId, date }, signal),
  timeline: (personId: number, signal?: AbortSignal) => api.get<TimelineView>(`/api/v1/development/people/${personId}`, undefined, signal),
  createStep: (body: StepInput) => api.post<StepView>('/api/v1/development/steps', body),
  extend: (personId: number, body: ExtensionInput) => api.post<StepView>(`/api/v1/development/people/${personId}/extension`, body),
  stats: (orgId: number, year: number, signal?: AbortSignal) => api.get<StatsView>('/api/v1/development/stats', { orgId, year }, signal),
  addFlag: (body: { personId: number; kind: DualFlagKind; since: string; notes?: string | null }) =>
    api.post<DualFlagView>('/api/v1/development/dual-flags', body),
  endFlag: (id: number, until: string) => api.post<DualFlagView>(`/api/v1/development/dual-flags/${id}/end`, { until }),

  programmes: async (orgId: number | undefined, year: number | undefined, signal?: AbortSignal) =>
    (await api.get<{ items: ProgrammeView[] }>('/api/v1/trainings/programmes', { orgId, year }, signal)).items,
  createProgramme: (body: ProgrammeInput) => api.post<ProgrammeView>('/api/v1/trainings/programmes', body),
  updateProgramme: (id: number, body: Partial<ProgrammeInput> & { version: number }) => api.patch<ProgrammeView>(`/api/v1/trainings/programmes/${id}`, body),
  deleteProgramme: (id: number) => api.del<OkResponse>(`/api/v1/trainings/programmes/${id}`),
  addHours: (body: HoursInput) => api.post<TrainingHoursView>('/api/v1/trainings/hours', body),
  deleteHours: (id: number) => api.del<OkResponse>(`/api/v1/trainings/hours/${id}`),
  personTraining: (personId: number, year: number, signal?: AbortSignal) =>
    api.get<PersonTrainingView>(`/api/v1/trainings/people/${personId}`, { year }, signal),
  coverage: (orgId: number, year: number, minHours: number | undefined, signal?: AbortSignal) =>
    api.get<CoverageView>('/api/v1/trainings/coverage', { orgId, year, minHours }, signal),
  settings: (signal?: AbortSignal) => api.get<TrainingSettingsView>('/api/v1/trainings/settings', undefined, signal),
  saveSettings: (memberMinHours: number) => api.patch<TrainingSettingsView>('/api/v1/trainings/settings', { memberMinHours }),

  honours: (q: HonourQuery, signal?: AbortSignal) => api.get<Paged<HonourView>>('/api/v1/honours', { ...q }, signal),
  honour: (id: number, signal?: AbortSignal) => api.get<HonourView>(`/api/v1/honours/${id}`, undefined, signal),
  createHonour: (body: HonourInput) => api.post<HonourView>('/api/v1/honours', body),
  updateHonour: (id: number, body: HonourUpdate) => api.patch<HonourView>(`/api/v1/honours/${id}`, body),
  deleteHonour: (id: number) => api.del<OkResponse>(`/api/v1/honours/${id}`),
  honourCategories: async (signal?: AbortSignal) => (await api.get<{ items: HonourCategoryView[] }>('/api/v1/honours/categories', undefined, signal)).items,
  createCategory: (body: { code: string; name: string; target: HonourTarget }) => api.post<HonourCategoryView>('/api/v1/honours/categories', body),
  honourStats: (orgId: number, year: number, signal?: AbortSignal) => api.get<HonourStatsView>('/api/v1/honours/stats', { orgId, year }, signal),

  searchPeople: async (q: string, membersOnly: boolean, signal?: AbortSignal) =>
    (await api.get<Paged<PersonOption>>('/api/v1/people', { q: q || undefined, members: membersOnly ? '1' : undefined, pageSize: 20 }, signal)).items,
  searchActivities: async (q: string, signal?: AbortSignal) =>
    (await api.get<Paged<ActivityOption>>('/api/v1/activities', { q: q || undefined, pageSize: 20, sort: '-date' }, signal)).items,
};

/** Details of a refused step: the rule codes the server names (validation_failed or the override's forbidden). */
export function refusedRules(details: unknown): DevelopmentRule[] {
  if (typeof details !== 'object' || details === null) return [];
  const d = details as { rule?: unknown; rules?: unknown };
  const list = Array.isArray(d.rules) ? d.rules : d.rule !== undefined ? [d.rule] : [];
  return list.filter((r): r is DevelopmentRule => typeof r === 'string' && (RULES as readonly string[]).includes(r));
}
