import { z } from 'zod';

/** Yearly assessment (考核): indicator systems, scorecards per school, self-assessment, review, grades. */

export const SCORECARD_STATUSES = ['self_assessment', 'submitted', 'reviewed', 'finalized'] as const;
export type ScorecardStatus = (typeof SCORECARD_STATUSES)[number];
export const SCORECARD_STATUS_LABELS: Record<ScorecardStatus, string> = {
  self_assessment: '自评中',
  submitted: '已提交',
  reviewed: '已复核',
  finalized: '已定级',
};

const Code = z.string().trim().min(1).max(40);
const TypeCode = z.string().min(1).max(40);

/**
 * How an indicator is scored. Auto sources read records (points = maxPoints × the rate the source gives);
 * manual indicators are self-assessed with evidence.
 * - ledger: every period (month/quarter/year) of the year needs `min` counted records of the type(s) at each party
 *   branch of the school; rate = satisfied periods / periods, averaged over the branches (yearly: records/min, capped at 1).
 *   who='attendee': the school as one unit, counting records (held anywhere) where one of its people was recorded present.
 * - tasks_on_time: assignments of the school's subtree due in the year, done by the deadline / due (none due → 1).
 * - compliance_rate: the ledger compliance grid's percent for the school (done / (done + overdue); nothing due → 1).
 * - duties_met: the school subtree's duties of the year that are met / those decided (met, unmet, breached, vacant, misplaced).
 * - incidents: maxPoints minus `deduct` per incident of the school's subtree in the year (not below 0).
 */
export const IndicatorMeasure = z.discriminatedUnion('source', [
  z.object({
    source: z.literal('ledger'),
    type_code: z.union([TypeCode, z.array(TypeCode).min(1).max(20)]),
    per: z.enum(['year', 'quarter', 'month']),
    min: z.number().int().min(1).max(1000),
    /** org (default): held by the school's branches; attendee: any record where someone of the school was present (e.g. committee-held training). */
    who: z.enum(['org', 'attendee']).optional(),
  }),
  z.object({ source: z.literal('tasks_on_time') }),
  z.object({ source: z.literal('compliance_rate') }),
  z.object({ source: z.literal('duties_met') }),
  z.object({ source: z.literal('incidents'), deduct: z.number().min(0).max(100) }),
  z.object({ source: z.literal('manual') }),
]);
export type IndicatorMeasure = z.infer<typeof IndicatorMeasure>;

export const Indicator = z.object({
  code: Code,
  name: z.string().trim().min(1).max(200),
  maxPoints: z.number().positive().max(1000),
  /** Scoring criteria (评分标准). */
  criteria: z.string().trim().max(2000).default(''),
  measure: IndicatorMeasure.default({ source: 'manual' }),
});
export type Indicator = z.infer<typeof Indicator>;

export const Category = z.object({
  code: Code,
  name: z.string().trim().min(1).max(200),
  /** The category's share of the 100-point total: score = Σ points / Σ maxPoints × weight. */
  weight: z.number().min(0).max(100),
  indicators: z.array(Indicator).min(1).max(100),
});
export type Category = z.infer<typeof Category>;

export const GradeThreshold = z.object({ grade: z.string().trim().min(1).max(20), min: z.number().min(0).max(100) });
export type GradeThreshold = z.infer<typeof GradeThreshold>;
export const FAIL_GRADE = '不合格';
export const DEFAULT_THRESHOLDS: GradeThreshold[] = [
  { grade: '优秀', min: 90 },
  { grade: '良好', min: 80 },
  { grade: '合格', min: 60 },
];

/** Highest threshold reached, else 不合格. */
export function gradeOf(score: number, thresholds: readonly GradeThreshold[]): string {
  const sorted = [...thresholds].sort((a, b) => b.min - a.min);
  for (const t of sorted) if (score >= t.min) return t.grade;
  return FAIL_GRADE;
}

const Tree = z
  .array(Category)
  .min(1)
  .max(50)
  .superRefine((cats, ctx) => {
    const codes = new Set<string>();
    cats.forEach((c, i) => {
      for (const [j, code] of [c.code, ...c.indicators.map((x) => x.code)].entries()) {
        if (codes.has(code))
          ctx.addIssue({ code: 'custom', path: j === 0 ? [i, 'code'] : [i, 'indicators', j - 1, 'code'], message: `编码重复 / duplicate code ${code}` });
        codes.add(code);
      }
    });
    const total = cats.reduce((s, c) => s + c.weight, 0);
    if (Math.abs(total - 100) > 0.001) ctx.addIssue({ code: 'custom', path: [], message: `权重合计须为100（当前${total}） / weights must sum to 100` });
  });

export const CreateSystemBody = z.object({
  year: z.number().int().min(2000).max(2100),
  orgId: z.number().int().positive(),
  title: z.string().trim().min(2).max(200).optional(),
  /** Omit to start from the default indicators. */
  categories: Tree.optional(),
  thresholds: z.array(GradeThreshold).min(1).max(10).optional(),
});
export const UpdateSystemBody = z.object({
  version: z.number().int().positive(),
  title: z.string().trim().min(2).max(200).optional(),
  categories: Tree.optional(),
  thresholds: z.array(GradeThreshold).min(1).max(10).optional(),
});

export const SystemView = z.object({
  id: z.number().int(),
  year: z.number().int(),
  orgId: z.number().int(),
  title: z.string(),
  categories: z.array(Category),
  thresholds: z.array(GradeThreshold),
  version: z.number().int(),
});

export const OpenBody = z.object({ year: z.number().int().min(2000).max(2100), orgId: z.number().int().positive() });
export const OpenResponse = z.object({ created: z.number().int(), existing: z.number().int(), scorecardIds: z.array(z.number().int()) });

const Link = z.string().trim().url().max(500);
export const ScoresBody = z.object({
  version: z.number().int().positive(),
  scores: z
    .array(
      z.object({
        code: Code,
        /** Self-assessed points (manual indicators only). */
        points: z.number().min(0).max(1000).nullable().optional(),
        evidence: z.string().trim().max(4000).optional(),
        links: z.array(Link).max(20).optional(),
      }),
    )
    .min(1)
    .max(200),
});
export const VersionBody = z.object({ version: z.number().int().positive() });
export const ReviewBody = z.object({
  version: z.number().int().positive(),
  adjustments: z
    .array(z.object({ code: Code, points: z.number().min(0).max(1000), reason: z.string().trim().min(2, '须填写调整理由 / a reason is required').max(1000) }))
    .max(200)
    .default([]),
});

export const ReturnBody = z.object({
  version: z.number().int().positive(),
  reason: z.string().trim().min(2, '须填写退回理由 / a reason is required').max(1000),
});

export const AdjustmentView = z.object({
  fromPoints: z.number().nullable(),
  toPoints: z.number(),
  reason: z.string(),
  by: z.string(),
  at: z.string(),
});
export const ScoreView = z.object({
  categoryCode: z.string(),
  code: z.string(),
  name: z.string(),
  maxPoints: z.number(),
  criteria: z.string(),
  auto: z.boolean(),
  measure: IndicatorMeasure,
  autoPoints: z.number().nullable(),
  autoDetail: z.object({ actual: z.number().nullable(), target: z.number().nullable(), rule: z.string() }).nullable(),
  /** The records behind an auto score (activities, assignments, duties or incidents by source). */
  sourceIds: z.array(z.number().int()),
  selfPoints: z.number().nullable(),
  evidence: z.string(),
  links: z.array(z.string()),
  reviewPoints: z.number().nullable(),
  reviewReason: z.string().nullable(),
  points: z.number(),
  adjustments: z.array(AdjustmentView),
});
export const ScorecardSummary = z.object({
  id: z.number().int(),
  year: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  committeeId: z.number().int(),
  status: z.enum(SCORECARD_STATUSES),
  total: z.number(),
  grade: z.string().nullable(),
  submittedAt: z.string().nullable(),
  finalizedAt: z.string().nullable(),
  /** The committee's reason when it last returned the scorecard to the school (null: never returned). */
  returnReason: z.string().nullable(),
  returnedAt: z.string().nullable(),
  version: z.number().int(),
});
export const ScorecardView = ScorecardSummary.extend({
  categories: z.array(z.object({ code: z.string(), name: z.string(), weight: z.number(), points: z.number(), maxPoints: z.number(), score: z.number() })),
  scores: z.array(ScoreView),
  thresholds: z.array(GradeThreshold),
});
export type ScorecardView = z.infer<typeof ScorecardView>;

export const RankingResponse = z.object({
  orgId: z.number().int(),
  year: z.number().int(),
  items: z.array(
    z.object({
      rank: z.number().int(),
      scorecardId: z.number().int(),
      orgId: z.number().int(),
      orgName: z.string(),
      status: z.enum(SCORECARD_STATUSES),
      total: z.number(),
      grade: z.string().nullable(),
    }),
  ),
});
