import { z } from 'zod';
import { IsoDate, PageQuery } from './common.ts';

/** [G] Risk register and 研判, incidents, publicity positions and content review, disclosure. */

export const RISK_LEVELS = ['低', '一般', '较大', '重大'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const RISK_TREATMENTS = ['mitigate', 'accept', 'avoid', 'transfer'] as const;
export const RISK_STATUSES = ['identified', 'treating', 'monitoring', 'closed'] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number];
/** Allowed status moves (a closed risk may be reopened for treatment). */
export const RISK_STATUS_MOVES: Record<RiskStatus, readonly RiskStatus[]> = {
  identified: ['treating', 'monitoring', 'closed'],
  treating: ['monitoring', 'closed'],
  monitoring: ['treating', 'closed'],
  closed: ['treating'],
};
export const RISK_CATEGORIES_DEFAULT = ['课堂教学', '教材教辅', '校园活动', '网络与新媒体', '讲座论坛', '社团', '其他'] as const;

export const INCIDENT_LEVELS = ['一般', '较大', '重大'] as const;
export const INCIDENT_STATUSES = ['open', 'handling', 'closed'] as const;

export const POSITION_KINDS = ['wechat', 'website', 'notice_board', 'screen', 'lecture_series', 'student_club'] as const;
/** three_step: 三审三校 before publishing; three_step_before_event: also approved before the event (一会一报). */
export const REVIEW_RULES = ['three_step', 'three_step_before_event'] as const;
export const CONTENT_STAGES = ['draft', 'first_review', 'second_review', 'final_review', 'approved', 'published', 'returned'] as const;
export type ContentStage = (typeof CONTENT_STAGES)[number];
export const REVIEW_STEP_LABELS = { 1: '初审', 2: '复审', 3: '终审' } as const;

export const DISCLOSURE_CATEGORIES = ['重大决策', '人事任免', '财务预决算', '其他'] as const;

const Rating = z.number().int().min(1).max(5);
const Text = (max: number) => z.string().trim().min(1).max(max);
const Id = z.number().int().positive();
const IdQ = z.coerce.number().int().positive();
const Year = z.coerce.number().int().min(2000).max(2100);
const Flag = z.enum(['0', '1']);

export const Measure = z.object({ text: Text(500), dueDate: IsoDate.nullable().optional(), done: z.boolean().optional() });

// ---------- risks ----------
export const CreateRiskBody = z.object({
  code: Text(40).optional(),
  orgId: Id,
  category: Text(40),
  description: Text(2000),
  source: z.string().trim().max(200).optional(),
  likelihood: Rating,
  impact: Rating,
  ownerPersonId: Id.nullable().optional(),
  treatment: z.enum(RISK_TREATMENTS).default('mitigate'),
  measures: z.array(Measure).max(50).default([]),
  reviewDate: IsoDate.nullable().optional(),
});
export const UpdateRiskBody = z.object({
  version: z.number().int(),
  category: Text(40).optional(),
  description: Text(2000).optional(),
  source: z.string().trim().max(200).nullable().optional(),
  ownerPersonId: Id.nullable().optional(),
  treatment: z.enum(RISK_TREATMENTS).optional(),
  measures: z.array(Measure).max(50).optional(),
  status: z.enum(RISK_STATUSES).optional(),
  reviewDate: IsoDate.nullable().optional(),
});
/** A rating change: the inherent rating, the residual one (after measures), or both; kept as history. */
export const RateRiskBody = z
  .object({
    version: z.number().int(),
    likelihood: Rating.optional(),
    impact: Rating.optional(),
    residualLikelihood: Rating.optional(),
    residualImpact: Rating.optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .refine((b) => (b.likelihood === undefined) === (b.impact === undefined), { message: '可能性与影响须同时填写 / likelihood and impact go together' })
  .refine((b) => (b.residualLikelihood === undefined) === (b.residualImpact === undefined), {
    message: '剩余可能性与剩余影响须同时填写 / residual likelihood and impact go together',
  })
  .refine((b) => b.likelihood !== undefined || b.residualLikelihood !== undefined, { message: '请填写评级 / give a rating' });
export const RiskQuery = PageQuery.extend({
  orgId: IdQ.optional(),
  category: z.string().max(40).optional(),
  level: z.enum(RISK_LEVELS).optional(),
  status: z.enum(RISK_STATUSES).optional(),
  /** 1: only risks not reviewed by their review date. */
  overdueReview: Flag.optional(),
  q: z.string().max(100).optional(),
});
export const RiskView = z.object({
  id: z.number().int(),
  code: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  category: z.string(),
  description: z.string(),
  source: z.string().nullable(),
  likelihood: z.number().int(),
  impact: z.number().int(),
  level: z.string(),
  residualLikelihood: z.number().int().nullable(),
  residualImpact: z.number().int().nullable(),
  residualLevel: z.string().nullable(),
  ownerPersonId: z.number().int().nullable(),
  ownerName: z.string().nullable(),
  treatment: z.string(),
  measures: z.array(Measure),
  status: z.string(),
  reviewDate: z.string().nullable(),
  lastReviewedOn: z.string().nullable(),
  /** Open, its review date has passed, and no 研判 meeting reviewed it since the date was set. */
  overdueReview: z.boolean(),
  version: z.number().int(),
});
export const RatingView = z.object({
  id: z.number().int(),
  kind: z.string(),
  likelihood: z.number().int(),
  impact: z.number().int(),
  level: z.string(),
  previousLevel: z.string().nullable(),
  source: z.string(),
  reason: z.string().nullable(),
  ratedBy: z.string().nullable(),
  ratedAt: z.string(),
});
export const MatrixView = z.object({
  levels: z.array(z.string()),
  cells: z.array(z.object({ likelihood: z.number().int(), impact: z.number().int(), level: z.string() })),
});
export const UpdateMatrixBody = z.object({
  cells: z
    .array(z.object({ likelihood: Rating, impact: Rating, level: z.enum(RISK_LEVELS) }))
    .min(1)
    .max(25),
});

/** Orders of the register list: code, score (likelihood × impact, highest first with `-`), review date. */
export const RISK_SORTS = ['code', '-code', 'score', '-score', 'reviewDate', '-reviewDate'] as const;
/** The register list: RiskQuery plus one cell of the rating matrix (drill-down from the heat grid) and an order. */
export const RiskListQuery = RiskQuery.extend({
  likelihood: z.coerce.number().int().min(1).max(5).optional(),
  impact: z.coerce.number().int().min(1).max(5).optional(),
  sort: z.enum(RISK_SORTS).optional(),
});
/** The heat grid: risks counted per matrix cell, on the inherent or the residual rating, with the list's filters. */
export const RiskHeatmapQuery = RiskQuery.omit({ page: true, pageSize: true }).extend({
  rating: z.enum(['inherent', 'residual']).default('inherent'),
});
export const RiskHeatmapView = z.object({
  rating: z.enum(['inherent', 'residual']),
  /** Risks matching the filters. */
  total: z.number().int(),
  /** Of those, risks without this rating (no residual rating yet). */
  unrated: z.number().int(),
  cells: z.array(z.object({ likelihood: z.number().int(), impact: z.number().int(), level: z.string(), count: z.number().int() })),
  levels: z.array(z.object({ level: z.string(), count: z.number().int() })),
});

// ---------- 研判 meetings ----------
export const ReviewItemInput = z.object({
  riskId: Id,
  /** Assessed rating at the meeting; when it differs from the register the risk is re-rated. */
  likelihood: Rating.optional(),
  impact: Rating.optional(),
  note: z.string().trim().max(1000).optional(),
  nextReviewDate: IsoDate.optional(),
});
export const CreateReviewBody = z.object({
  orgId: Id,
  date: IsoDate,
  title: z.string().trim().max(200).optional(),
  agenda: Text(4000),
  conclusions: z.string().trim().max(8000).default(''),
  items: z.array(ReviewItemInput).max(200).default([]),
});
export const UpdateReviewBody = z.object({
  version: z.number().int(),
  title: z.string().trim().max(200).optional(),
  agenda: Text(4000).optional(),
  conclusions: z.string().trim().max(8000).optional(),
});
export const SignOffBody = z.object({ password: z.string().min(1).max(200) });
export const ReviewQuery = PageQuery.extend({ orgId: IdQ.optional(), year: Year.optional(), signed: Flag.optional() });

// ---------- incidents ----------
export const CreateIncidentBody = z.object({
  orgId: Id,
  occurredAt: z.iso.datetime({ offset: true }),
  source: Text(200),
  summary: Text(4000),
  level: z.enum(INCIDENT_LEVELS),
  riskIds: z.array(Id).max(50).default([]),
});
export const UpdateIncidentBody = z.object({
  version: z.number().int(),
  summary: Text(4000).optional(),
  source: Text(200).optional(),
  level: z.enum(INCIDENT_LEVELS).optional(),
  personallyHandled: z.boolean().optional(),
  riskIds: z.array(Id).max(50).optional(),
});
export const IncidentEventBody = z.object({ note: Text(2000), at: z.iso.datetime({ offset: true }).optional() });
export const CloseIncidentBody = z.object({
  version: z.number().int(),
  lessons: Text(4000),
  /** Every linked risk is re-rated at closure. */
  reratings: z
    .array(z.object({ riskId: Id, likelihood: Rating, impact: Rating }))
    .max(50)
    .default([]),
});
export const IncidentQuery = PageQuery.extend({
  orgId: IdQ.optional(),
  year: Year.optional(),
  status: z.enum(INCIDENT_STATUSES).optional(),
  level: z.enum(INCIDENT_LEVELS).optional(),
});
export const IncidentStatsQuery = z.object({ orgId: IdQ, year: Year });
export const IncidentStatsView = z.object({
  orgId: z.number().int(),
  year: z.number().int(),
  total: z.number().int(),
  open: z.number().int(),
  closed: z.number().int(),
  major: z.number().int(),
  /**
   * True when the year had negative news: an incident of level 较大 or 重大, or one not closed within
   * the year. "No negative news this year" is `negativeNews === false`.
   */
  negativeNews: z.boolean(),
});

// ---------- positions and content ----------
export const CreatePositionBody = z.object({
  orgId: Id,
  kind: z.enum(POSITION_KINDS),
  name: Text(200),
  ownerPersonId: Id.nullable().optional(),
  reviewRule: z.enum(REVIEW_RULES).optional(),
  url: z.string().trim().max(500).nullable().optional(),
});
export const UpdatePositionBody = z.object({
  version: z.number().int(),
  name: Text(200).optional(),
  ownerPersonId: Id.nullable().optional(),
  reviewRule: z.enum(REVIEW_RULES).optional(),
  url: z.string().trim().max(500).nullable().optional(),
  active: z.boolean().optional(),
});
export const PositionQuery = PageQuery.extend({ orgId: IdQ.optional(), kind: z.enum(POSITION_KINDS).optional() });

export const Attachment = z.object({ name: Text(200), fileId: z.number().int().positive().optional(), url: z.string().max(500).optional() });
export const CreateContentBody = z.object({
  positionId: Id,
  title: Text(200),
  body: z.string().max(100000).default(''),
  attachments: z.array(Attachment).max(50).default([]),
  /** Lectures, forums and reports: the day of the event (approval must come before it, 一会一报). */
  eventDate: IsoDate.nullable().optional(),
});
export const UpdateContentBody = z.object({
  version: z.number().int(),
  title: Text(200).optional(),
  body: z.string().max(100000).optional(),
  attachments: z.array(Attachment).max(50).optional(),
  eventDate: IsoDate.nullable().optional(),
});
export const ReviewContentBody = z.object({
  version: z.number().int(),
  step: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  decision: z.enum(['approve', 'return']),
  comment: z.string().trim().max(2000).optional(),
});
export const PublishContentBody = z.object({
  version: z.number().int(),
  publishedAt: z.iso.datetime({ offset: true }).optional(),
  link: z.string().trim().max(500).nullable().optional(),
});
export const ContentQuery = PageQuery.extend({
  orgId: IdQ.optional(),
  positionId: IdQ.optional(),
  stage: z.enum(CONTENT_STAGES).optional(),
  /** 1: only items waiting for a review step the caller may act on. */
  mine: Flag.optional(),
});

// ---------- disclosure ----------
export const CreateDisclosureBody = z.object({
  orgId: Id,
  category: z.enum(DISCLOSURE_CATEGORIES),
  title: Text(300),
  disclosedOn: IsoDate,
  channel: Text(100),
  link: z.string().trim().max(500).nullable().optional(),
});
export const UpdateDisclosureBody = z.object({
  version: z.number().int(),
  category: z.enum(DISCLOSURE_CATEGORIES).optional(),
  title: Text(300).optional(),
  disclosedOn: IsoDate.optional(),
  channel: Text(100).optional(),
  link: z.string().trim().max(500).nullable().optional(),
});
export const DisclosureQuery = PageQuery.extend({
  orgId: IdQ.optional(),
  year: Year.optional(),
  category: z.enum(DISCLOSURE_CATEGORIES).optional(),
});
export const MissingDisclosuresQuery = z.object({ orgId: IdQ, year: Year });
export const MissingDisclosureView = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  category: z.string(),
  required: z.number().int(),
  found: z.number().int(),
});
