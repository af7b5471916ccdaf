import type {
  CoverageView as CoverageSchema,
  CreateFollowupBody,
  CreateParentNoticeBody,
  CreatePhoneCustodyBody,
  CreateSafetyCampaignBody,
  CreateScreeningBody,
  CreateSpotCheckBody,
  FollowupCounts as FollowupCountsSchema,
  FollowupStaffView,
  FollowupView,
  ParentNoticeView,
  PhoneCustodyView,
  ScreeningResultInput,
  ScreeningResultView,
  SafetyCampaignView,
  ScreeningDetail as ScreeningDetailSchema,
  ScreeningView,
  SpotCheckSummaryRow as SpotCheckSummarySchema,
  SpotCheckView,
  UpdateFollowupBody,
  UpdateSafetyCampaignBody,
  UpdateScreeningBody,
} from '@taizhang/shared/schemas/safety';
import { api } from '../../api/client.ts';
import type { Paged } from '../../api/types.ts';
import { download } from '../../components/files.ts';
import '../../i18n/safety.ts';

/** The output / input type of a zod schema, without importing zod into the web bundle. */
type Output<S extends { _zod: { output: unknown } }> = S['_zod']['output'];
type Input<S extends { _zod: { input: unknown } }> = S['_zod']['input'];

export type Campaign = Output<typeof SafetyCampaignView>;
export type Screening = Output<typeof ScreeningView>;
export type ScreeningDetail = Output<typeof ScreeningDetailSchema>;
export type ScreeningResult = Output<typeof ScreeningResultView>;
export type Followup = Output<typeof FollowupView>;
export type FollowupCounts = Output<typeof FollowupCountsSchema>;
export type Staff = Output<typeof FollowupStaffView>;
export type Custody = Output<typeof PhoneCustodyView>;
export type SpotCheck = Output<typeof SpotCheckView>;
export type SpotCheckSummary = Output<typeof SpotCheckSummarySchema>;
export type LevelSummary = SpotCheckSummary['school'];
export type ParentNotice = Output<typeof ParentNoticeView>;
export type Coverage = Output<typeof CoverageSchema>;
export type CoverageFigures = Coverage['totals'];

export type CampaignInput = Input<typeof CreateSafetyCampaignBody>;
export type CampaignUpdate = Input<typeof UpdateSafetyCampaignBody>;
export type ScreeningInput = Input<typeof CreateScreeningBody>;
export type ScreeningUpdate = Input<typeof UpdateScreeningBody>;
export type ResultInput = Input<typeof ScreeningResultInput>;
export type CustodyInput = Input<typeof CreatePhoneCustodyBody>;
export type SpotCheckInput = Input<typeof CreateSpotCheckBody>;
export type NoticeInput = Input<typeof CreateParentNoticeBody>;
export type FollowupInput = Input<typeof CreateFollowupBody>;
export type FollowupUpdate = Input<typeof UpdateFollowupBody>;

export type ScreeningStatus = Screening['status'];
export type SpotCheckLevel = SpotCheck['level'];
export const SCREENING_STATUSES: readonly ScreeningStatus[] = ['in_progress', 'completed'];
export const SCREENING_STATUS_COLORS: Record<ScreeningStatus, string> = { in_progress: 'processing', completed: 'success' };
export const SPOT_CHECK_LEVELS: readonly SpotCheckLevel[] = ['school', 'bureau'];
/** The four finding categories of a class result, in the order of the screening form (沉迷网络游戏 / 不良信息 / 不良软件 / 其他). */
export const FOUND_KEYS = ['foundGaming', 'foundHarmfulInfo', 'foundHarmfulApps', 'foundOther'] as const;
export type FoundKey = (typeof FOUND_KEYS)[number];

/** The import/export template kind of this area. */
export const SCREENINGS_KIND = 'screenings';

interface PageQ {
  page: number;
  pageSize: number;
}
export interface CampaignQuery extends PageQ {
  orgId?: number;
  year?: number;
}
export interface ScreeningQuery extends PageQ {
  orgId?: number;
  year?: number;
  status?: ScreeningStatus;
  campaignId?: number;
}
export interface CustodyQuery extends PageQ {
  orgId?: number;
  from?: string;
  to?: string;
}
export interface SpotCheckQuery extends PageQ {
  orgId?: number;
  level?: SpotCheckLevel;
  year?: number;
  open?: '1';
}
export interface NoticeQuery extends PageQ {
  orgId?: number;
  year?: number;
}
export interface FollowupQuery extends PageQ {
  orgId?: number;
  open?: '0' | '1';
  q?: string;
}

/**
 * Day after which a closed follow-up is deleted by default: the first 31 August strictly after closing (the same
 * rule as the server's defaultRetentionUntil, repeated here so the schema module stays out of the bundle).
 */
export function defaultRetentionUntil(closedOn: string): string {
  const year = Number(closedOn.slice(0, 4));
  const sameYear = `${year}-08-31`;
  return closedOn < sameYear ? sameYear : `${year + 1}-08-31`;
}

const NUMERALS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
const KINDERGARTEN: Record<string, string> = { 小班: '01', 中班: '02', 大班: '03' };

function classKey(name: string): string {
  return name
    .replace(/小班|中班|大班/g, (m) => KINDERGARTEN[m] ?? m)
    .replace(/[一二三四五六七八九十]+/g, (m) => {
      // 十二 → 12, 二十 → 20, 十 → 10
      const n = m.length === 1 ? (NUMERALS[m] ?? 0) : m.startsWith('十') ? 10 + (NUMERALS[m[1]] ?? 0) : (NUMERALS[m[0]] ?? 0) * 10 + (NUMERALS[m[2]] ?? 0);
      return String(n).padStart(2, '0');
    })
    .replace(/\d+/g, (m) => m.padStart(4, '0'));
}

/** Orders class names as a school lists them (初一 before 初二, (2)班 before (10)班), not by character code. */
export function compareClassNames(a: string, b: string): number {
  const ka = classKey(a);
  const kb = classKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** A share as a whole percentage, or null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  if (!whole) return null;
  return Math.round((part / whole) * 1000) / 10;
}

export const safetyKeys = {
  all: ['safety'] as const,
  coverage: (orgId: number, year: number) => ['safety', 'coverage', orgId, year] as const,
  campaigns: (q: CampaignQuery) => ['safety', 'campaigns', q] as const,
  latestCampaign: ['safety', 'campaigns', 'latest'] as const,
  screenings: (q: ScreeningQuery) => ['safety', 'screenings', q] as const,
  screening: (id: number) => ['safety', 'screening', id] as const,
  custody: (q: CustodyQuery) => ['safety', 'custody', q] as const,
  spotChecks: (q: SpotCheckQuery) => ['safety', 'spot-checks', q] as const,
  spotSummary: (orgId: number, year: number) => ['safety', 'spot-summary', orgId, year] as const,
  notices: (q: NoticeQuery) => ['safety', 'notices', q] as const,
  /** Restricted: kept apart so a sign-out or a permission change drops them with everything else. */
  followups: (q: FollowupQuery) => ['safety', 'followups', q] as const,
  followup: (id: number) => ['safety', 'followup', id] as const,
  followupCounts: (orgId: number) => ['safety', 'followup-counts', orgId] as const,
  staff: (orgId: number, q: string) => ['safety', 'staff', orgId, q] as const,
};

const B = '/api/v1/online-safety';

export const safetyApi = {
  coverage: (orgId: number, year: number, signal?: AbortSignal) => api.get<Coverage>(`${B}/coverage`, { orgId, year }, signal),

  campaigns: (q: CampaignQuery, signal?: AbortSignal) => api.get<Paged<Campaign>>(`${B}/campaigns`, { ...q }, signal),
  createCampaign: (body: CampaignInput) => api.post<Campaign>(`${B}/campaigns`, body),
  updateCampaign: (id: number, body: CampaignUpdate) => api.patch<Campaign>(`${B}/campaigns/${id}`, body),
  campaign: (id: number, signal?: AbortSignal) => api.get<Campaign>(`${B}/campaigns/${id}`, undefined, signal),

  screenings: (q: ScreeningQuery, signal?: AbortSignal) => api.get<Paged<Screening>>(`${B}/screenings`, { ...q }, signal),
  screening: (id: number, signal?: AbortSignal) => api.get<ScreeningDetail>(`${B}/screenings/${id}`, undefined, signal),
  createScreening: (body: ScreeningInput) => api.post<Screening>(`${B}/screenings`, body),
  updateScreening: (id: number, body: ScreeningUpdate) => api.patch<Screening>(`${B}/screenings/${id}`, body),
  putResults: (id: number, results: ResultInput[]) => api.post<{ items: ScreeningResult[] }>(`${B}/screenings/${id}/results`, { results }),

  custody: (q: CustodyQuery, signal?: AbortSignal) => api.get<Paged<Custody>>(`${B}/custody`, { ...q }, signal),
  recordCustody: (body: CustodyInput) => api.post<Custody>(`${B}/custody`, body),

  spotChecks: (q: SpotCheckQuery, signal?: AbortSignal) => api.get<Paged<SpotCheck>>(`${B}/spot-checks`, { ...q }, signal),
  spotSummary: async (orgId: number, year: number, signal?: AbortSignal) =>
    (await api.get<{ items: SpotCheckSummary[] }>(`${B}/spot-checks/summary`, { orgId, year }, signal)).items,
  createSpotCheck: (body: SpotCheckInput) => api.post<SpotCheck>(`${B}/spot-checks`, body),
  rectify: (id: number, body: { version: number; rectifiedOn: string; result: string }) => api.post<SpotCheck>(`${B}/spot-checks/${id}/rectify`, body),

  notices: (q: NoticeQuery, signal?: AbortSignal) => api.get<Paged<ParentNotice>>(`${B}/parent-notices`, { ...q }, signal),
  createNotice: (body: NoticeInput) => api.post<ParentNotice>(`${B}/parent-notices`, body),
  removeNotice: (id: number) => api.del<{ ok: true }>(`${B}/parent-notices/${id}`),

  followups: (q: FollowupQuery, signal?: AbortSignal) => api.get<Paged<Followup>>(`${B}/followups`, { ...q }, signal),
  followup: (id: number, signal?: AbortSignal) => api.get<Followup>(`${B}/followups/${id}`, undefined, signal),
  followupCounts: (orgId: number, signal?: AbortSignal) => api.get<FollowupCounts>(`${B}/followups/counts`, { orgId }, signal),
  staff: async (orgId: number, q: string, signal?: AbortSignal) =>
    (await api.get<{ items: Staff[] }>(`${B}/followups/staff`, { orgId, q: q || undefined }, signal)).items,
  createFollowup: (body: FollowupInput) => api.post<Followup>(`${B}/followups`, body),
  updateFollowup: (id: number, body: FollowupUpdate) => api.patch<Followup>(`${B}/followups/${id}`, body),
  closeFollowup: (id: number, body: { version: number; closedOn: string; retentionUntil?: string }) => api.post<Followup>(`${B}/followups/${id}/close`, body),
  exportFollowups: () => download(`${B}/followups/export`, { fallback: 'followups.csv' }),
};
