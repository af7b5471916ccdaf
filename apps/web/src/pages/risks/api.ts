import type {
  INCIDENT_LEVELS,
  INCIDENT_STATUSES,
  IncidentStatsView as IncidentStatsSchema,
  MatrixView as MatrixSchema,
  RISK_LEVELS,
  RISK_SORTS,
  RISK_STATUSES,
  RISK_STATUS_MOVES,
  RISK_TREATMENTS,
  RatingView as RatingSchema,
  RiskHeatmapView as HeatmapSchema,
  RiskView as RiskSchema,
} from '@taizhang/shared/schemas/risks';
import { api } from '../../api/client.ts';
import type { OkResponse, Paged } from '../../api/types.ts';
import '../../i18n/risks.ts';

/** The output type of a zod schema, without importing zod into the web bundle. */
type Output<S extends { _zod: { output: unknown } }> = S['_zod']['output'];

export type RiskLevel = (typeof RISK_LEVELS)[number];
export type RiskStatus = (typeof RISK_STATUSES)[number];
export type RiskTreatment = (typeof RISK_TREATMENTS)[number];
export type RiskSort = (typeof RISK_SORTS)[number];
export type IncidentLevel = (typeof INCIDENT_LEVELS)[number];
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

// Copies of the shared lists (the shared module would bring zod into this page's chunk); typed against them.
export const LEVELS: readonly RiskLevel[] = ['低', '一般', '较大', '重大'];
export const STATUSES: readonly RiskStatus[] = ['identified', 'treating', 'monitoring', 'closed'];
export const TREATMENTS: readonly RiskTreatment[] = ['mitigate', 'accept', 'avoid', 'transfer'];
export const INC_LEVELS: readonly IncidentLevel[] = ['一般', '较大', '重大'];
export const INC_STATUSES: readonly IncidentStatus[] = ['open', 'handling', 'closed'];
export const STATUS_MOVES: typeof RISK_STATUS_MOVES = {
  identified: ['treating', 'monitoring', 'closed'],
  treating: ['monitoring', 'closed'],
  monitoring: ['treating', 'closed'],
  closed: ['treating'],
};
export const SORTS: readonly RiskSort[] = ['code', '-code', 'score', '-score', 'reviewDate', '-reviewDate'];
export const RATINGS = [1, 2, 3, 4, 5] as const;

export type RiskView = Output<typeof RiskSchema>;
export type RatingView = Output<typeof RatingSchema>;
export type Measure = RiskView['measures'][number];
export type MatrixView = Output<typeof MatrixSchema> & { categories: string[] };
export type HeatmapView = Output<typeof HeatmapSchema>;
export type IncidentStats = Output<typeof IncidentStatsSchema>;
export interface RiskDetail extends RiskView {
  ratings: RatingView[];
  reviews: { reviewId: number; date: string; level: string; signed: boolean }[];
}

// The 研判 and incident routes declare no response schema; these mirror their presenters (reviews.ts, incidents.ts).
export interface ReviewSummary {
  id: number;
  orgId: number;
  orgName: string;
  date: string;
  title: string | null;
  agenda: string;
  conclusions: string;
  signed: boolean;
  signedOffByPersonId: number | null;
  signedOffByName: string | null;
  signedOffAt: string | null;
  riskCount: number;
  version: number;
}
export interface ReviewItem {
  riskId: number;
  code: string;
  description: string;
  likelihood: number;
  impact: number;
  level: string;
  residualLikelihood: number | null;
  residualImpact: number | null;
  residualLevel: string | null;
  note: string | null;
}
export interface ReviewDetail extends ReviewSummary {
  items: ReviewItem[];
}

export interface IncidentSummary {
  id: number;
  orgId: number;
  orgName: string;
  occurredAt: string;
  source: string;
  summary: string;
  level: IncidentLevel;
  status: IncidentStatus;
  reportedAt: string;
  reportedToCommitteeAt: string | null;
  escalationDueAt: string | null;
  /** Minutes left to report to the committee when the server answered (negative when overdue); null when nothing is pending. */
  minutesLeft: number | null;
  overdue: boolean;
  reportedLate: boolean;
  escalatedAt: string | null;
  personallyHandled: boolean;
  closedAt: string | null;
  lessons: string | null;
  risks: { id: number; code: string; level: string }[];
  version: number;
}
export interface IncidentEvent {
  id: number;
  at: string;
  kind: string;
  actorName: string | null;
  note: string;
}
export interface IncidentDetail extends IncidentSummary {
  events: IncidentEvent[];
}

export interface PersonLite {
  id: number;
  code: string;
  name: string;
  unitName: string | null;
  partyOrgName: string | null;
}

export interface RiskFilter {
  orgId?: number;
  category?: string;
  level?: RiskLevel;
  status?: RiskStatus;
  overdueReview?: '1';
  q?: string;
}
export interface RiskListQuery extends RiskFilter {
  page: number;
  pageSize: number;
  likelihood?: number;
  impact?: number;
  sort?: RiskSort;
}
export interface ReviewListQuery {
  page: number;
  pageSize: number;
  orgId?: number;
  year?: number;
  signed?: '0' | '1';
}
export interface IncidentListQuery {
  page: number;
  pageSize: number;
  orgId?: number;
  year?: number;
  status?: IncidentStatus;
  level?: IncidentLevel;
}

export interface RiskInput {
  category: string;
  description: string;
  source?: string | null;
  ownerPersonId?: number | null;
  treatment: RiskTreatment;
  measures: Measure[];
  reviewDate?: string | null;
}
export interface RateInput {
  version: number;
  likelihood?: number;
  impact?: number;
  residualLikelihood?: number;
  residualImpact?: number;
  reason?: string;
}
export interface ReviewInput {
  orgId: number;
  date: string;
  title?: string;
  agenda: string;
  conclusions: string;
  items: { riskId: number; likelihood?: number; impact?: number; note?: string; nextReviewDate?: string }[];
}
export interface IncidentInput {
  orgId: number;
  occurredAt: string;
  source: string;
  summary: string;
  level: IncidentLevel;
  riskIds: number[];
}

export const risksKeys = {
  all: ['risks'] as const,
  list: (q: RiskListQuery) => ['risks', 'list', q] as const,
  detail: (id: number) => ['risks', 'detail', id] as const,
  matrix: ['risks', 'matrix'] as const,
  heatmap: (q: RiskFilter, rating: 'inherent' | 'residual') => ['risks', 'heatmap', q, rating] as const,
  overdue: (orgId: number | undefined) => ['risks', 'overdue', orgId ?? 'all'] as const,
  options: (orgId: number | null, q: string) => ['risks', 'options', orgId, q] as const,
  reviews: (q: ReviewListQuery) => ['risks', 'reviews', q] as const,
  review: (id: number) => ['risks', 'review', id] as const,
  incidents: (q: IncidentListQuery) => ['risks', 'incidents', q] as const,
  incident: (id: number) => ['risks', 'incident', id] as const,
  stats: (orgId: number, year: number) => ['risks', 'stats', orgId, year] as const,
  people: (orgId: number | null, q: string) => ['risks', 'people', orgId, q] as const,
};

export const risksApi = {
  list: (q: RiskListQuery, signal?: AbortSignal) => api.get<Paged<RiskView>>('/api/v1/risks', { ...q }, signal),
  get: (id: number, signal?: AbortSignal) => api.get<RiskDetail>(`/api/v1/risks/${id}`, undefined, signal),
  matrix: (signal?: AbortSignal) => api.get<MatrixView>('/api/v1/risks/matrix', undefined, signal),
  heatmap: (q: RiskFilter, rating: 'inherent' | 'residual', signal?: AbortSignal) => api.get<HeatmapView>('/api/v1/risks/heatmap', { ...q, rating }, signal),
  create: (body: RiskInput & { orgId: number; likelihood: number; impact: number }) => api.post<RiskView>('/api/v1/risks', body),
  update: (id: number, body: Partial<RiskInput> & { version: number; status?: RiskStatus }) => api.patch<RiskView>(`/api/v1/risks/${id}`, body),
  rate: (id: number, body: RateInput) => api.post<RiskView>(`/api/v1/risks/${id}/rating`, body),
  remove: (id: number) => api.del<OkResponse>(`/api/v1/risks/${id}`),

  reviews: (q: ReviewListQuery, signal?: AbortSignal) => api.get<Paged<ReviewSummary>>('/api/v1/risk-reviews', { ...q }, signal),
  review: (id: number, signal?: AbortSignal) => api.get<ReviewDetail>(`/api/v1/risk-reviews/${id}`, undefined, signal),
  createReview: (body: ReviewInput) => api.post<ReviewDetail>('/api/v1/risk-reviews', body),
  updateReview: (id: number, body: { version: number; title?: string; agenda?: string; conclusions?: string }) =>
    api.patch<ReviewDetail>(`/api/v1/risk-reviews/${id}`, body),
  signOff: (id: number, password: string) => api.post<ReviewDetail>(`/api/v1/risk-reviews/${id}/sign-off`, { password }),

  incidents: (q: IncidentListQuery, signal?: AbortSignal) => api.get<Paged<IncidentSummary>>('/api/v1/incidents', { ...q }, signal),
  incident: (id: number, signal?: AbortSignal) => api.get<IncidentDetail>(`/api/v1/incidents/${id}`, undefined, signal),
  stats: (orgId: number, year: number, signal?: AbortSignal) => api.get<IncidentStats>('/api/v1/incidents/stats', { orgId, year }, signal),
  createIncident: (body: IncidentInput) => api.post<IncidentDetail>('/api/v1/incidents', body),
  updateIncident: (
    id: number,
    body: { version: number; summary?: string; source?: string; level?: IncidentLevel; personallyHandled?: boolean; riskIds?: number[] },
  ) => api.patch<IncidentDetail>(`/api/v1/incidents/${id}`, body),
  addEvent: (id: number, body: { note: string; at?: string }) => api.post<IncidentDetail>(`/api/v1/incidents/${id}/events`, body),
  reportToCommittee: (id: number) => api.post<IncidentDetail>(`/api/v1/incidents/${id}/report-to-committee`, {}),
  closeIncident: (id: number, body: { version: number; lessons: string; reratings: { riskId: number; likelihood: number; impact: number }[] }) =>
    api.post<IncidentDetail>(`/api/v1/incidents/${id}/close`, body),

  people: async (orgId: number | null, q: string, signal?: AbortSignal) =>
    (await api.get<Paged<PersonLite>>('/api/v1/people', { orgId: orgId ?? undefined, q: q || undefined, pageSize: 20 }, signal)).items,
};

/** The `reason` a refused call carries in its details (e.g. not_first_responsible, reauth_failed, in_use). */
export function reasonOf(err: unknown): string | null {
  if (typeof err !== 'object' || err === null || !('details' in err)) return null;
  const d = (err as { details: unknown }).details;
  return typeof d === 'object' && d !== null && 'reason' in d && typeof d.reason === 'string' ? d.reason : null;
}
