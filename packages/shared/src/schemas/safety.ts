import { z } from 'zod';
import { IsoDate, PageQuery } from './common.ts';

/**
 * Student online safety (防沉迷, 网络校园治理). Students are minors: class-level counts by default; a named
 * student appears only in a follow-up case, seen by its head teacher and the school's designated officer.
 */

const Id = z.coerce.number().int().positive();
const Year = z.coerce.number().int().min(1990).max(2100);
const Count = z.number().int().min(0).max(1_000_000);
const ClassName = z.string().trim().min(1).max(50);

/** Day after which a closed follow-up is deleted by default: the first 31 August strictly after closing. */
export function defaultRetentionUntil(closedOn: string): string {
  const year = Number(closedOn.slice(0, 4));
  const sameYear = `${year}-08-31`;
  return closedOn < sameYear ? sameYear : `${year + 1}-08-31`;
}

// ---------------------------------------------------------------- campaigns

export const SafetyCampaignView = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  year: z.number().int(),
  name: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  mobilisationActivityId: z.number().int().nullable(),
  lessonActivityIds: z.array(z.number().int()),
  taskId: z.number().int().nullable(),
  notes: z.string(),
  isDemo: z.boolean(),
  version: z.number().int(),
});

export const SafetyCampaignQuery = PageQuery.extend({ orgId: Id.optional(), year: Year.optional() });

export const CreateSafetyCampaignBody = z.object({
  orgId: z.number().int().positive(),
  year: z.number().int().min(1990).max(2100),
  name: z.string().trim().min(2).max(200),
  startDate: IsoDate,
  endDate: IsoDate,
  mobilisationActivityId: z.number().int().positive().nullable().optional(),
  lessonActivityIds: z.array(z.number().int().positive()).max(500).default([]),
  taskId: z.number().int().positive().nullable().optional(),
  notes: z.string().trim().max(5000).default(''),
});

export const UpdateSafetyCampaignBody = CreateSafetyCampaignBody.omit({ orgId: true }).partial().extend({ version: z.number().int().positive() });

// ---------------------------------------------------------------- screenings

export const SCREENING_STATUSES = ['in_progress', 'completed'] as const;
export const SCREENING_STATUS_LABELS: Record<(typeof SCREENING_STATUSES)[number], string> = { in_progress: '进行中', completed: '已完成' };

export const ScreeningResultView = z.object({
  id: z.number().int(),
  className: z.string(),
  students: z.number().int(),
  screened: z.number().int(),
  /** 沉迷网络游戏 */
  foundGaming: z.number().int(),
  /** 不良信息 */
  foundHarmfulInfo: z.number().int(),
  /** 不良软件 */
  foundHarmfulApps: z.number().int(),
  /** 其他 */
  foundOther: z.number().int(),
  followUpsOpened: z.number().int(),
  followUpsClosed: z.number().int(),
});

export const ScreeningView = z.object({
  id: z.number().int(),
  code: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  campaignId: z.number().int().nullable(),
  startDate: z.string(),
  endDate: z.string().nullable(),
  studentsExpected: z.number().int(),
  studentsScreened: z.number().int(),
  issuesFound: z.number().int(),
  issuesResolved: z.number().int(),
  status: z.enum(SCREENING_STATUSES),
  isDemo: z.boolean(),
  importBatch: z.string().nullable(),
  version: z.number().int(),
});

export const ScreeningDetail = ScreeningView.extend({ results: z.array(ScreeningResultView) });

export const ScreeningQuery = PageQuery.extend({
  orgId: Id.optional(),
  year: Year.optional(),
  status: z.enum(SCREENING_STATUSES).optional(),
  campaignId: Id.optional(),
});

export const CreateScreeningBody = z.object({
  code: z.string().trim().min(1).max(50),
  orgId: z.number().int().positive(),
  campaignId: z.number().int().positive().nullable().optional(),
  startDate: IsoDate,
  endDate: IsoDate.nullable().optional(),
  studentsExpected: Count,
  studentsScreened: Count.default(0),
  issuesFound: Count.default(0),
  issuesResolved: Count.default(0),
  status: z.enum(SCREENING_STATUSES).default('in_progress'),
});

export const UpdateScreeningBody = CreateScreeningBody.omit({ code: true, orgId: true }).partial().extend({ version: z.number().int().positive() });

export const ScreeningResultInput = z.object({
  className: ClassName,
  students: Count,
  screened: Count,
  foundGaming: Count.default(0),
  foundHarmfulInfo: Count.default(0),
  foundHarmfulApps: Count.default(0),
  foundOther: Count.default(0),
  followUpsOpened: Count.default(0),
  followUpsClosed: Count.default(0),
});

/** Replaces the per-class results given (upsert by class name); other classes stay. */
export const PutScreeningResultsBody = z.object({ results: z.array(ScreeningResultInput).min(1).max(500) });

// ---------------------------------------------------------------- follow-ups (restricted)

export const FollowupView = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  className: z.string(),
  studentName: z.string(),
  details: z.string(),
  headTeacherUserId: z.number().int(),
  /** Display name of the head teacher's account (null when the account is gone). */
  headTeacherName: z.string().nullable(),
  officerUserId: z.number().int().nullable(),
  officerName: z.string().nullable(),
  openedOn: z.string(),
  closedOn: z.string().nullable(),
  retentionUntil: z.string().nullable(),
  isDemo: z.boolean(),
  version: z.number().int(),
});

export const FollowupQuery = PageQuery.extend({
  orgId: Id.optional(),
  open: z.enum(['0', '1']).optional(),
  q: z.string().trim().max(50).optional(),
});

export const CreateFollowupBody = z.object({
  orgId: z.number().int().positive(),
  className: ClassName,
  studentName: z.string().trim().min(1).max(50),
  details: z.string().trim().max(5000).default(''),
  headTeacherUserId: z.number().int().positive(),
  officerUserId: z.number().int().positive().nullable().optional(),
  openedOn: IsoDate,
});

export const UpdateFollowupBody = z.object({
  version: z.number().int().positive(),
  className: ClassName.optional(),
  details: z.string().trim().max(5000).optional(),
  headTeacherUserId: z.number().int().positive().optional(),
  officerUserId: z.number().int().positive().nullable().optional(),
});

export const CloseFollowupBody = z.object({
  version: z.number().int().positive(),
  closedOn: IsoDate,
  /** Defaults to defaultRetentionUntil(closedOn); may be set earlier (not before closing), never later. */
  retentionUntil: IsoDate.optional(),
});

/** Accounts that may be named on a school's follow-up (staff of the school; names only). */
export const FollowupStaffQuery = z.object({ orgId: Id, q: z.string().trim().max(50).optional() });
export const FollowupStaffView = z.object({ id: z.number().int(), username: z.string(), displayName: z.string() });

export const FollowupCounts = z.object({ orgId: z.number().int(), open: z.number().int(), closed: z.number().int() });

// ---------------------------------------------------------------- custody, spot checks, parents

export const PhoneCustodyView = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  className: z.string(),
  date: z.string(),
  students: z.number().int(),
  phonesHeld: z.number().int(),
  phonesReturned: z.number().int(),
  isDemo: z.boolean(),
});
export const PhoneCustodyQuery = PageQuery.extend({ orgId: Id.optional(), from: IsoDate.optional(), to: IsoDate.optional() });
export const CreatePhoneCustodyBody = z.object({
  orgId: z.number().int().positive(),
  className: ClassName,
  date: IsoDate,
  students: Count,
  phonesHeld: Count,
  phonesReturned: Count,
});

export const SPOT_CHECK_LEVELS = ['school', 'bureau'] as const;
export const SPOT_CHECK_LEVEL_LABELS: Record<(typeof SPOT_CHECK_LEVELS)[number], string> = { school: '学校工作组检查', bureau: '教育局抽查' };

export const SpotCheckView = z.object({
  id: z.number().int(),
  level: z.enum(SPOT_CHECK_LEVELS),
  orgId: z.number().int(),
  orgName: z.string(),
  checkedOn: z.string(),
  checker: z.string(),
  place: z.string(),
  findings: z.string(),
  rectifyBy: z.string().nullable(),
  rectifiedOn: z.string().nullable(),
  result: z.string().nullable(),
  isDemo: z.boolean(),
  version: z.number().int(),
});
export const SpotCheckQuery = PageQuery.extend({
  orgId: Id.optional(),
  level: z.enum(SPOT_CHECK_LEVELS).optional(),
  year: Year.optional(),
  /** 1: only checks with a rectification still open. */
  open: z.enum(['0', '1']).optional(),
});
export const CreateSpotCheckBody = z.object({
  level: z.enum(SPOT_CHECK_LEVELS),
  orgId: z.number().int().positive(),
  checkedOn: IsoDate,
  checker: z.string().trim().min(1).max(100),
  place: z.string().trim().min(1).max(200),
  findings: z.string().trim().max(5000).default(''),
  rectifyBy: IsoDate.nullable().optional(),
});
export const RectifySpotCheckBody = z.object({
  version: z.number().int().positive(),
  rectifiedOn: IsoDate,
  result: z.string().trim().min(1).max(2000),
});

const LevelSummary = z.object({
  checks: z.number().int(),
  withFindings: z.number().int(),
  rectified: z.number().int(),
  open: z.number().int(),
  overdue: z.number().int(),
});
export const SpotCheckSummaryRow = z.object({ orgId: z.number().int(), orgName: z.string(), school: LevelSummary, bureau: LevelSummary });

export const ParentNoticeView = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  className: z.string(),
  date: z.string(),
  title: z.string(),
  noticesSent: z.number().int(),
  acksReceived: z.number().int(),
  isDemo: z.boolean(),
});
export const ParentNoticeQuery = PageQuery.extend({ orgId: Id.optional(), year: Year.optional() });
export const CreateParentNoticeBody = z.object({
  orgId: z.number().int().positive(),
  className: ClassName,
  date: IsoDate,
  title: z.string().trim().max(200).default(''),
  noticesSent: Count,
  acksReceived: Count,
});

// ---------------------------------------------------------------- coverage

export const CoverageFigures = z.object({
  schools: z.number().int(),
  schoolsScreened: z.number().int(),
  studentsExpected: z.number().int(),
  studentsScreened: z.number().int(),
  issuesFound: z.number().int(),
  issuesResolved: z.number().int(),
});
export const CoverageView = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  year: z.number().int(),
  totals: CoverageFigures,
  children: z.array(CoverageFigures.extend({ orgId: z.number().int(), orgName: z.string() })),
});
