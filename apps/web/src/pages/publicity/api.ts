import type {
  CONTENT_STAGES,
  CreateContentBody,
  CreateDisclosureBody,
  CreatePositionBody,
  DISCLOSURE_CATEGORIES,
  MissingDisclosureView,
  POSITION_KINDS,
  PublishContentBody,
  REVIEW_RULES,
  ReviewContentBody,
  UpdateContentBody,
  UpdateDisclosureBody,
  UpdatePositionBody,
} from '@taizhang/shared/schemas/risks';
import { api } from '../../api/client.ts';
import type { OkResponse, Paged } from '../../api/types.ts';
import '../../i18n/publicity.ts';

/** The output / input types of a zod schema, without importing zod into the web bundle. */
type Output<S extends { _zod: { output: unknown } }> = S['_zod']['output'];
type Input<S extends { _zod: { input: unknown } }> = S['_zod']['input'];

export type PositionKind = (typeof POSITION_KINDS)[number];
export type ReviewRule = (typeof REVIEW_RULES)[number];
export type ContentStage = (typeof CONTENT_STAGES)[number];
export type DisclosureCategory = (typeof DISCLOSURE_CATEGORIES)[number];
export type ReviewStep = 1 | 2 | 3;

/**
 * A copy of a shared list (the shared module would bring zod into this chunk) that stops compiling when the shared
 * list gains a value the copy lacks.
 */
function copyOf<T extends string>() {
  return <const A extends readonly T[]>(xs: A & ([Exclude<T, A[number]>] extends [never] ? unknown : never)): readonly T[] => xs;
}

export const POSITION_KIND_LIST = copyOf<PositionKind>()(['wechat', 'website', 'notice_board', 'screen', 'lecture_series', 'student_club']);
export const REVIEW_RULE_LIST = copyOf<ReviewRule>()(['three_step', 'three_step_before_event']);
export const CONTENT_STAGE_LIST = copyOf<ContentStage>()(['draft', 'first_review', 'second_review', 'final_review', 'approved', 'published', 'returned']);
export const DISCLOSURE_CATEGORY_LIST = copyOf<DisclosureCategory>()(['重大决策', '人事任免', '财务预决算', '其他']);
export const REVIEW_STEPS: readonly ReviewStep[] = [1, 2, 3];

/** The review step an item waits for in a stage (null outside the three reviews). */
export const STAGE_STEP: Partial<Record<ContentStage, ReviewStep>> = { first_review: 1, second_review: 2, final_review: 3 };

export const STAGE_COLORS: Record<ContentStage, string> = {
  draft: 'default',
  first_review: 'processing',
  second_review: 'processing',
  final_review: 'processing',
  approved: 'cyan',
  published: 'success',
  returned: 'warning',
};

export const CATEGORY_COLORS: Record<DisclosureCategory, string> = { 重大决策: 'red', 人事任免: 'blue', 财务预决算: 'gold', 其他: 'default' };

/** Server rules name the kind that defaults to the before-the-event rule (一会一报). */
export function defaultReviewRule(kind: PositionKind): ReviewRule {
  return kind === 'lecture_series' ? 'three_step_before_event' : 'three_step';
}

// ---------- views (as the presenters of apps/server/src/modules/risks shape them) ----------

export interface PositionView {
  id: number;
  orgId: number;
  orgName: string;
  kind: PositionKind;
  name: string;
  ownerPersonId: number | null;
  ownerName: string | null;
  reviewRule: ReviewRule;
  url: string | null;
  active: boolean;
  published: number;
  inReview: number;
  version: number;
}

export interface ContentSummary {
  id: number;
  orgId: number;
  orgName: string;
  positionId: number;
  positionName: string;
  positionKind: PositionKind;
  title: string;
  stage: ContentStage;
  round: number;
  eventDate: string | null;
  approvedAt: string | null;
  /** 一会一报: approved before the event day (null when there is no event). */
  approvedBeforeEvent: boolean | null;
  publishedAt: string | null;
  link: string | null;
  version: number;
}

export interface Attachment {
  name: string;
  fileId?: number;
  url?: string;
}

export interface ReviewEntry {
  round: number;
  step: ReviewStep;
  reviewerName: string;
  decision: 'approve' | 'return';
  comment: string | null;
  at: string;
}

export interface ContentDetail extends ContentSummary {
  body: string;
  attachments: Attachment[];
  reviews: ReviewEntry[];
}

export interface PublishLogItem extends ContentSummary {
  reviewers: { step: ReviewStep; name: string }[];
}

export interface DisclosureView {
  id: number;
  orgId: number;
  orgName: string;
  category: DisclosureCategory;
  title: string;
  disclosedOn: string;
  channel: string;
  link: string | null;
  version: number;
}

export type MissingDisclosure = Output<typeof MissingDisclosureView>;

// ---------- inputs and queries ----------

export type PositionInput = Input<typeof CreatePositionBody>;
export type PositionPatch = Input<typeof UpdatePositionBody>;
export type ContentInput = Input<typeof CreateContentBody>;
export type ContentPatch = Input<typeof UpdateContentBody>;
export type ReviewInput = Input<typeof ReviewContentBody>;
export type PublishInput = Input<typeof PublishContentBody>;
export type DisclosureInput = Input<typeof CreateDisclosureBody>;
export type DisclosurePatch = Input<typeof UpdateDisclosureBody>;

export interface PositionQuery {
  page: number;
  pageSize: number;
  orgId?: number;
  kind?: PositionKind;
}

export interface ContentQuery {
  page: number;
  pageSize: number;
  orgId?: number;
  positionId?: number;
  stage?: ContentStage;
  mine?: '1';
}

export interface DisclosureQuery {
  page: number;
  pageSize: number;
  orgId?: number;
  year?: number;
  category?: DisclosureCategory;
}

export const publicityKeys = {
  all: ['publicity'] as const,
  positions: (q: PositionQuery) => ['publicity', 'positions', q] as const,
  positionOptions: (orgId: number | null) => ['publicity', 'position-options', orgId ?? 'all'] as const,
  position: (id: number) => ['publicity', 'position', id] as const,
  content: (q: ContentQuery) => ['publicity', 'content', q] as const,
  contentDetail: (id: number) => ['publicity', 'content-detail', id] as const,
  publishLog: (orgId: number, year: number) => ['publicity', 'publish-log', orgId, year] as const,
  disclosures: (q: DisclosureQuery) => ['publicity', 'disclosures', q] as const,
  missing: (orgId: number, year: number) => ['publicity', 'missing', orgId, year] as const,
};

export const publicityApi = {
  positions: (q: PositionQuery, signal?: AbortSignal) => api.get<Paged<PositionView>>('/api/v1/positions', { ...q }, signal),
  /** Every position in reach (for pickers); the server pages at most 500. */
  positionOptions: async (orgId: number | null, signal?: AbortSignal) =>
    (await api.get<Paged<PositionView>>('/api/v1/positions', { page: 1, pageSize: 500, orgId }, signal)).items,
  position: (id: number, signal?: AbortSignal) => api.get<PositionView>(`/api/v1/positions/${id}`, undefined, signal),
  createPosition: (body: PositionInput) => api.post<PositionView>('/api/v1/positions', body),
  updatePosition: (id: number, body: PositionPatch) => api.patch<PositionView>(`/api/v1/positions/${id}`, body),

  content: (q: ContentQuery, signal?: AbortSignal) => api.get<Paged<ContentSummary>>('/api/v1/content', { ...q }, signal),
  contentDetail: (id: number, signal?: AbortSignal) => api.get<ContentDetail>(`/api/v1/content/${id}`, undefined, signal),
  createContent: (body: ContentInput) => api.post<ContentDetail>('/api/v1/content', body),
  updateContent: (id: number, body: ContentPatch) => api.patch<ContentDetail>(`/api/v1/content/${id}`, body),
  submitContent: (id: number, version: number) => api.post<ContentDetail>(`/api/v1/content/${id}/submit`, { version }),
  reviewContent: (id: number, body: ReviewInput) => api.post<ContentDetail>(`/api/v1/content/${id}/review`, body),
  publishContent: (id: number, body: PublishInput) => api.post<ContentDetail>(`/api/v1/content/${id}/publish`, body),
  publishLog: async (orgId: number, year: number, signal?: AbortSignal) =>
    (await api.get<{ items: PublishLogItem[] }>('/api/v1/content/publish-log', { orgId, year }, signal)).items,

  disclosures: (q: DisclosureQuery, signal?: AbortSignal) => api.get<Paged<DisclosureView>>('/api/v1/disclosures', { ...q }, signal),
  missing: async (orgId: number, year: number, signal?: AbortSignal) =>
    (await api.get<{ items: MissingDisclosure[] }>('/api/v1/disclosures/missing', { orgId, year }, signal)).items,
  createDisclosure: (body: DisclosureInput) => api.post<DisclosureView>('/api/v1/disclosures', body),
  updateDisclosure: (id: number, body: DisclosurePatch) => api.patch<DisclosureView>(`/api/v1/disclosures/${id}`, body),
  deleteDisclosure: (id: number) => api.del<OkResponse>(`/api/v1/disclosures/${id}`),
};

// ---------- dates: the server stores instants in UTC and means the Beijing calendar ----------

const BEIJING_OFFSET_MS = 8 * 3600_000;

/** YYYY-MM-DD of an instant on the Beijing calendar, whatever the browser's time zone. */
export function chinaDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '' : new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** YYYY-MM-DD HH:mm of an instant in Beijing time. */
export function chinaDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '' : new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** Today on the Beijing calendar. */
export function chinaToday(): string {
  return chinaDate(new Date().toISOString());
}

/** A wall-clock date and time typed by the user, meant as Beijing time, as an ISO instant with its offset. */
export function beijingInstant(dateTime: string): string {
  return `${dateTime.replace(' ', 'T')}:00+08:00`;
}

/** Years offered by the year pickers: next year back to ten years ago. */
export function yearOptions(): number[] {
  const y = Number(chinaToday().slice(0, 4));
  return Array.from({ length: 11 }, (_, i) => y + 1 - i);
}
